using System.Globalization;

namespace FromScratch.Demo;

/// <summary><c>xor</c>, <c>moons</c> and <c>spiral</c>: learn a two-input problem and draw what was learned.</summary>
internal static class ToyCommand
{
    public static readonly string[] ValuedOptions = [.. NetworkSettings.OptionNames, "samples", "svg"];

    public static string Help(string name)
    {
        string samples = name == "xor" ? "" : "\n  --samples N              number of generated samples (default 200)";
        return $"""
            Demo {name} — learn {Describe(name)};
            draws the loss curve and the decision boundary in the terminal.

            usage: Demo {name} [options]
            {NetworkSettings.Help}{samples}
              --svg FILE               also write the loss curve and boundary as an SVG picture
              --force                  replace FILE if it exists
              --shapes                 print the operations of one pass with their shapes, then stop
            """;
    }

    // Generated points for moons and spiral: plenty for a picture, and checked before any is made.
    private const int MaxSamples = 1_000_000;

    public static NetworkSettings Defaults(string name) => name switch
    {
        "xor" => new() { Hidden = [4], LearningRate = 1.0, Epochs = 10_000, Seed = 2, AdaptiveRateScale = 10 },
        "moons" => new() { Hidden = [8], LearningRate = 1.0, Epochs = 5_000, AdaptiveRateScale = 10 },
        // Full-batch training stalls on a plateau here; two layers and mini-batches get through it.
        _ => new() { Hidden = [16, 16], Activation = Activation.Tanh, LearningRate = 0.3, BatchSize = 20, Epochs = 3_000, Patience = 0, AdaptiveRateScale = 10 },
    };

    public static int Run(string name, Options options, TextWriter output)
    {
        var settings = Defaults(name).ReadFrom(options);
        int samples = options.Int("samples", 200, minimum: 4, maximum: MaxSamples);
        if (name == "xor" && options.Text("samples") is not null)
            throw options.Usage("--samples does not apply: XOR always has its 4 cases");
        string? svgPath = options.Text("svg");
        if (svgPath is not null && options.Flag("shapes"))
            throw options.Usage("--shapes stops before training, so --svg would have nothing to draw; for a picture of the network, run 'make demo ARGS=\"--shapes --svg FILE\"'");
        if (svgPath is not null)
            OutputFile.Check(svgPath, options.Flag("force"), "--svg"); // before minutes of training
        Dataset data = name switch
        {
            "xor" => ToyData.Xor(),
            "moons" => ToyData.Moons(samples, settings.Seed),
            _ => ToyData.Spiral(samples, settings.Seed),
        };
        data = data.WithTargetsFor(settings.Loss); // softmax: two one-hot rows instead of one 0/1 row
        settings.RequireMemoryFor(options, 2, data.Y.Rows, data.Count, evaluationChunk: data.Count, sizeOptions: new(null, null, "samples"));
        var network = settings.Build(2, data.Y.Rows);
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.ForBatch(network, data, settings.BatchSize, settings.DropoutFor()))
                output.WriteLine(line);
            return 0;
        }

        settings.RequirePenaltyThatCanTrain(options, network, data.Count, settings.LearningRate);
        string rule = settings.Optimizer.Describe(settings.Epochs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {data.Count} samples, network {network}{(rule.Length > 0 ? $"; rate {settings.LearningRate}{rule}" : "")}{(settings.Dropout > 0 ? $", dropout {settings.Dropout}" : "")}"));
        int reportEvery = Math.Max(1, settings.Epochs / 5);
        var history = network.Train(data.X, data.Y, settings.Training(reportEvery, report =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  epoch {report.Epoch,6}  loss {report.Loss:0.000000}{settings.Optimizer.ProgressPart(report.LearningRate)}  {report.Elapsed.TotalSeconds:0.00} s"))));
        double accuracy = Dataset.Accuracy(network.Predict(data.X), data.Y);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{history.Epochs} epochs{(history.StoppedEarly ? " (stopped: no more improvement)" : "")}, final loss {history.FinalLoss:0.000000}, training accuracy {accuracy * 100:0.0}%"));
        if (history.FinalLoss > history.Losses[0])
            output.WriteLine(TrainCommand.WorseThanItStarted(history, settings.LearningRate));
        output.WriteLine(TerminalPlot.LossCurve(history.Losses));
        output.WriteLine(TerminalPlot.DecisionMap(network, data.X, data.Y, height: name == "xor" ? 12 : 24));
        if (svgPath is not null)
        {
            OutputFile.Write(svgPath, SvgPicture.Draw($"{name}: {network}", history.Losses, network, data.X, data.Y), options.Flag("force"), "--svg");
            output.WriteLine(Echo.Line($"wrote {svgPath}")); // the name as typed, control characters escaped
        }
        return 0;
    }

    private static string Describe(string name) => name switch
    {
        "xor" => "XOR (output 1 when exactly one of two inputs is 1)",
        "moons" => "two interleaved half moons (seeded, with noise)",
        _ => "two interleaved spiral arms (seeded; harder: 2 tanh layers, batches of 20)",
    };
}
