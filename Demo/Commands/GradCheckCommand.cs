namespace FromScratch.Demo;

/// <summary><c>gradcheck</c>: the finite-difference check for any configuration, on seeded random data.</summary>
internal static class GradCheckCommand
{
    public static readonly string[] ValuedOptions = [.. NetworkSettings.NetworkOptionNames, "inputs", "outputs", "samples"];

    public static readonly string Help =
        $"""
        Demo gradcheck — compare backprop with central differences for any network; exit code 1 on FAIL.

        usage: Demo gradcheck [options]
          --inputs N               input size (default 5)
          --outputs N              output size (default 4)
          --samples N              batch size m of the random data (default 3)
        {NetworkSettings.NetworkHelp}
          --shapes                 print every operation of one forward and backward pass, then stop
        """;

    public static int Run(Options options, TextWriter output, Style style)
    {
        var settings = new NetworkSettings().ReadFrom(options);
        int inputs = options.Int("inputs", 5, minimum: 1), outputs = options.Int("outputs", 4, minimum: 1);
        int samples = options.Int("samples", 3, minimum: 1);
        if (settings.Loss.Output == OutputActivation.Softmax && outputs < 2)
            throw options.Usage($"--output softmax needs --outputs 2 or more (one per class), got {outputs}");
        var random = new Random(settings.Seed);
        var x = Matrix.Random(inputs, samples, -1, 1, random);
        var network = settings.Build(inputs, outputs);
        var y = RandomTargets(network.Loss, outputs, samples, random);
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.Lines(network, x, y))
                output.WriteLine(line);
            return 0;
        }
        var report = GradientCheck.Run(network, x, y);
        output.WriteLine($"network {network}; {samples} random samples{(network.Loss.Output == OutputActivation.Softmax ? " (one-hot targets)" : "")}, seed {settings.Seed}");
        output.WriteLine(report.ToTable());
        output.WriteLine(report.Passed ? style.Good("gradients match") : style.Bad("gradients do NOT match: a formula is wrong"));
        return report.Passed ? 0 : 1;
    }

    // Targets the loss accepts: one 1 per column for softmax (one class per sample), else 0/1 entries.
    private static Matrix RandomTargets(Loss loss, int outputs, int samples, Random random)
    {
        if (loss.Output != OutputActivation.Softmax)
            return Matrix.Random(outputs, samples, 0, 1, random).Map(v => v > 0.5 ? 1 : 0);
        var y = new Matrix(outputs, samples);
        for (int s = 0; s < samples; s++)
            y[random.Next(outputs), s] = 1;
        return y;
    }
}
