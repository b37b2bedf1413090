using System.Globalization;
using System.Xml.Linq;

namespace FromScratch.Demo;

/// <summary>
/// <c>sweep</c>: one network per learning rate, all from the same seed and settings, so the rate is the only
/// difference; their curves drawn together and a verdict on each. The lesson: too small crawls, too large
/// diverges, and the good range is narrower than one expects. With several update rules (<c>--optimizer sgd,adam</c>),
/// one network per rule and rate: the rules compared on the same network.
/// </summary>
internal static class SweepCommand
{
    public static readonly string[] ValuedOptions = [.. NetworkSettings.OptionNames, "idx", .. CsvTrainingData.ValuedOptions, "limit", "svg", "validation"];

    /// <summary>The most runs (rates, or rules times rates) in one sweep: one colour of <see cref="CurvePanel.Palette"/> each.</summary>
    public const int MaxRates = 10;

    // On IDX data a sweep keeps to 10,000 training images and 5 epochs, about a second per rate per epoch.
    private const int IdxLimit = 10_000, IdxEpochs = 5;

    public static readonly string Help =
        $"""
        Demo sweep — train one network per learning rate (and per update rule), all from the same
        seed and settings; prints each run's progress, then a table with a verdict per run.

        usage: Demo sweep --idx DIR [--lr 0.05,0.5,5] [--optimizer sgd,adam] [options]
               Demo sweep --csv FILE --label COLUMN [--standardize] [--lr 0.1,1,10] [options]
               Demo sweep --csv FILE --target COLUMN [--standardize] [--lr 0.01,0.1,1] [options]
          --lr RATES               the learning rates, separated by commas (default 0.05,0.5,5; for
                                   adagrad, rmsprop or adam their usual η times 0.1, 1 and 10; with
                                   several optimizers, each at its usual η: 0.5 for sgd, 0.5·(1 − β)
                                   for momentum and nesterov, whose steps add up 1/(1 − β) gradients)
          --idx DIR                folder with train-/t10k- images and labels (plain or .gz)
        {CsvTrainingData.Help.TrimEnd()}
          --limit N                use only the first N training samples (IDX default: {IdxLimit})
          --validation N           compare the rates on N held-out training samples (each class
                                   alike) instead of the test set, which then picks nothing
          --svg FILE               draw the loss and accuracy curves of every rate; --force
                                   replaces FILE
        {NetworkSettings.Help.Replace("  --lr RATE                learning rate η\n", "").Replace(OptimizerSettings.OptimizerHelp, SweepOptimizerHelp)}
        defaults: --hidden 30 --batch 10 --patience 0, --epochs {IdxEpochs} on IDX and 10 on CSV; under
        1000 training samples, --batch 0 --epochs 5000 unless you give either; with --target
        also --output linear --loss mse --l2 5, and the rates are judged by R², not accuracy
        {RateVerdicts.Help.TrimEnd()}
        """;

    private const string SweepOptimizerHelp =
        """
          --optimizer NAMES        the update rule (sgd, momentum, nesterov, adagrad, rmsprop, adam),
                                   or several separated by commas, to compare them on the same
                                   network: every rule with every rate, at most 10 runs

        """;

    public static int Run(Options options, TextWriter output)
    {
        var (idx, csv) = CsvTrainingData.ReadSource(options);
        OptimizerSettings[] optimizers = OptimizerSettings.ReadEach(options, list: true);
        var plan = ReadRuns(options, optimizers);
        // The rate and the rule are each run's own; the rest is read as every training command reads it.
        var defaults = options.Text("target") is null ? new NetworkSettings() : RegressionDefaults.Settings;
        var settings = (defaults with { Hidden = [30], BatchSize = 10, Epochs = idx is null ? 10 : IdxEpochs, Patience = 0 })
            .ReadFrom(options.Without(["lr", .. OptimizerSettings.OptionNames]));
        if (csv is not null)
            CsvTrainingData.CheckOptions(options, loaded: null);
        CsvTrainingData.CheckOutputFitsTheData(options, settings.Loss, loaded: null);
        int limit = options.Int("limit", idx is null ? 0 : IdxLimit, minimum: 1);
        OutputFile.RefuseInput(options, options.Text("svg"), "--svg", "csv", "test-csv");
        if (options.Text("svg") is string svgPath)
            OutputFile.Check(svgPath, options.Flag("force"), "--svg"); // before the data is read and the networks trained

        int validationCount = options.Int("validation", 0, minimum: 1);
        // With --validation the rates are compared on held-out training samples, so the test set does not pick the rate.
        var (train, test, hasTestSet, notes) = ReadData(options, idx, limit, settings.Seed, validationCount);
        settings = settings.ForDataSize(options, train.Count, out bool smallData);
        train = train.ForLoss(settings.Loss, idx ?? csv!);
        test = hasTestSet ? test.ForLoss(settings.Loss, idx ?? options.Text("test-csv") ?? csv!) : train;
        string heldOut = validationCount > 0 ? "validation" : "test";
        output.WriteLine($"data: {train.Count} training samples of {train.Features} inputs, {(hasTestSet ? $"{test.Count} {heldOut} samples" : "no test set")}, {train.Y.Rows} output{(train.Y.Rows == 1 ? "" : "s")}");
        foreach (string note in notes)
            output.WriteLine(Echo.Line(note));
        if (idx is not null && options.Text("limit") is null && train.Count == IdxLimit)
            output.WriteLine($"the first {IdxLimit} training images only, a sweep's default on IDX (--limit N for more)");
        if (smallData)
            output.WriteLine(NetworkSettings.SmallDataNote);
        (settings with { Optimizer = optimizers.MaxBy(o => o.StateMatrices)! })
            .RequireMemoryFor(options, train.Features, train.Y.Rows, train.Count, Evaluation.Chunk, inputsAreMatrix: train.Inputs.AsMatrix is not null);
        settings.RequirePenaltyThatCanTrain(options, settings.Build(train.Features, train.Y.Rows), train.Count, learningRate: null); // a rate too large for it diverges, a verdict
        bool several = optimizers.Length > 1;
        string rule = several ? "" : optimizers[0].Describe(settings.Epochs).TrimStart(',', ' ');
        output.WriteLine(Invariant($"network {settings.Build(train.Features, train.Y.Rows)}; {(rule.Length > 0 ? rule + ", " : "")}batch {(settings.BatchSize == 0 ? "all" : settings.BatchSize)}, {settings.Epochs} epochs, seed {settings.Seed}: the same start for every {(several ? "rule and rate" : "rate")}"));

        string measured = hasTestSet ? heldOut : "train";
        int nameWidth = plan.Max(run => new RateRun(run.Rate, [], [], Optimizer: several ? run.Optimizer.Name : null).Name.Length);
        var runs = plan.Select(run => RunOne(settings with { LearningRate = run.Rate, Optimizer = run.Optimizer }, several, nameWidth, train, test, measured, output)).ToList();
        var verdicts = RateVerdicts.Judge(runs);
        output.WriteLine();
        foreach (string line in Table(runs, verdicts, measured, train.IsRegression))
            output.WriteLine(line);
        if (options.Text("svg") is string path)
        {
            OutputFile.Write(path, Picture(runs, hasTestSet ? heldOut : "training", train.IsRegression), options.Flag("force"), "--svg");
            output.WriteLine(Echo.Line($"wrote {path}"));
        }
        return 0;
    }


    /// <summary>
    /// The runs: every rule of <paramref name="optimizers"/> with every rate of <c>--lr</c>; without <c>--lr</c>, a rule alone
    /// takes three rates around its usual η, and several rules each take their usual one. At most <see cref="MaxRates"/>.
    /// </summary>
    public static (OptimizerSettings Optimizer, double Rate)[] ReadRuns(Options options, OptimizerSettings[] optimizers)
    {
        if (options.Text("lr") is null && optimizers.Length > 1)
            return [.. optimizers.Select(o => (o, o.DefaultLearningRate ?? Math.Round(0.5 * (1 - o.Momentum), 12)))]; // momentum's V sums 1/(1 − β) gradients
        double[] rates = ReadRates(options, optimizers[0].DefaultLearningRate is double usual
            ? Invariant($"{usual / 10},{usual},{usual * 10}") : "0.05,0.5,5");
        if (optimizers.Length * rates.Length > MaxRates)
            throw options.Usage($"--optimizer and --lr: {optimizers.Length} rules × {rates.Length} rates make {optimizers.Length * rates.Length} runs; at most {MaxRates} in one sweep (one colour each)");
        return [.. optimizers.SelectMany(o => rates.Select(rate => (o, rate)))];
    }

    /// <summary><c>--lr</c> as a list (<paramref name="defaults"/> when not given): positive finite numbers, each once, at most <see cref="MaxRates"/>.</summary>
    public static double[] ReadRates(Options options, string defaults = "0.05,0.5,5")
    {
        string text = options.Text("lr") ?? defaults;
        var rates = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !double.IsFinite(rate) || rate <= 0)
                throw options.Usage($"--lr expects positive numbers separated by commas (e.g. 0.05,0.5,5), got {Echo.Quote(part)}");
            if (rates.Contains(rate))
                throw options.Usage(Invariant($"--lr: {rate} is given twice"));
            rates.Add(rate);
        }
        if (rates.Count > MaxRates)
            throw options.Usage($"--lr: {rates.Count} rates; at most {MaxRates} in one sweep (one colour each)");
        return [.. rates];
    }

    // The same readers as train: IDX folders, or a CSV with its split and scaling. With a validation count, the
    // validation part takes the test set's place (split off before a CSV's scaling is fitted, as in train).
    private static (Dataset Train, Dataset Test, bool HasTestSet, List<string> Notes) ReadData(Options options, string? idx, int limit, int seed, int validation)
    {
        if (idx is not null)
        {
            var (train, test) = IdxReader.ReadDirectory(idx, trainLimit: limit);
            var notes = new List<string>();
            if (validation > 0)
                (train, test) = CsvTrainingData.SplitValidation(train, validation, seed, idx, notes);
            return (train, test, true, notes);
        }
        var prepared = CsvTrainingData.Read(options, loaded: null, limit, seed, validation);
        if (prepared.Validation is { } held)
            return (prepared.Train, held, true, prepared.Notes);
        return (prepared.Train, prepared.Test, prepared.HasTestSet, prepared.Notes);
    }

    /// <summary>
    /// Trains a new network with <paramref name="settings"/>, measuring the accuracy (R² for numbers to predict) after
    /// every epoch and printing about ten of them; a run that diverges is kept up to the epoch before, not an error. With
    /// <paramref name="several"/> rules in the sweep, the run is named by its rule as well as its rate.
    /// </summary>
    private static RateRun RunOne(NetworkSettings settings, bool several, int nameWidth, Dataset train, Dataset test, string measured, TextWriter output)
    {
        string? optimizer = several ? settings.Optimizer.Name : null;
        var network = settings.Build(train.Features, train.Y.Rows);
        var losses = new List<double>();
        var accuracies = new List<double>();
        int printEvery = Math.Max(1, settings.Epochs / 10);
        // The accuracy is measured on the printed epochs and on a schedule that keeps measuring cheap (as train's
        // report does); the curve joins the measured epochs over the NaN between them.
        int measureEvery = Math.Max(Math.Max(1, settings.Epochs / 200), (int)Math.Ceiling(test.Count / (0.3 * train.Count)));
        string name = new RateRun(settings.LearningRate, [], [], Optimizer: optimizer).Name;
        try
        {
            network.Train(train, settings.Training(reportEvery: 1, progress: report =>
            {
                losses.Add(report.Loss);
                bool print = report.Epoch % printEvery == 0 || report.IsLast || report.Epoch == 1;
                accuracies.Add(print || report.Epoch % measureEvery == 0 ? Evaluation.Score(network, test) : double.NaN);
                if (print)
                    output.WriteLine(Invariant($"{name.PadRight(Math.Max(12, nameWidth))} epoch {report.Epoch,4}/{settings.Epochs}  loss {TrainCommand.Loss(report.Loss)}{settings.Optimizer.ProgressPart(report.LearningRate)}  {measured} {(test.IsRegression ? RegressionMetrics.R2Text(accuracies[^1]) : Score(accuracies[^1], regression: false))}"));
            }));
            return new RateRun(settings.LearningRate, losses, accuracies, Optimizer: optimizer);
        }
        catch (TrainingDivergedException diverged)
        {
            output.WriteLine(Echo.Line($"{name.PadRight(Math.Max(12, nameWidth))} diverged: {diverged.Message}"));
            return new RateRun(settings.LearningRate, losses, accuracies, diverged.Epoch, optimizer);
        }
    }

    /// <summary>One line per rate (and rule): the final loss and accuracy (or R²), and the verdict.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<RateRun> runs, IReadOnlyList<RateVerdict> verdicts, string measured, bool regression = false)
    {
        static string Label(RateRun run) => (run.Optimizer is null ? "" : run.Optimizer + " ") + Rate(run.Rate);
        string heading = runs.Any(run => run.Optimizer is not null) ? "rule and rate" : "rate";
        int width = Math.Max(heading.Length, runs.Max(run => Label(run).Length));
        string accuracyHeading = $"{measured} {(regression ? "R²" : "accuracy")}";
        yield return $"{heading.PadRight(width)}  final loss  {accuracyHeading}  verdict";
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            string loss = run.Diverged ? "—" : TrainCommand.Loss(run.FinalLoss);
            string accuracy = run.Diverged ? "—" : Score(run.FinalAccuracy, regression);
            yield return $"{Label(run).PadRight(width)}  {loss,10}  {accuracy.PadLeft(accuracyHeading.Length)}  {verdicts[i]}";
        }
    }

    /// <summary>
    /// The loss (log scale) and accuracy panels side by side in one SVG, one series per run named "η = RATE" (or "RULE, η = RATE").
    /// A diverged rate is named in the legend but not drawn: its exploding losses would flatten the other curves.
    /// </summary>
    public static string Picture(IReadOnlyList<RateRun> runs, string measured, bool regression = false)
    {
        string Name(RateRun run) => $"{run.Name}{(run.Diverged ? " (diverged)" : "")}";
        CurveSeries[] losses = [.. runs.Select(run => new CurveSeries(Name(run), run.Diverged ? [] : run.Losses))];
        // R² below −1 (worse than predicting the mean, early on) is left out, so that the rest keeps a readable scale.
        CurveSeries[] accuracies = [.. runs.Select(run => new CurveSeries(Name(run), run.Diverged ? []
            : [.. run.Accuracies.Select(a => !regression ? a * 100 : a >= -1 ? a : double.NaN)]))];
        string[] panels =
        [
            CurvePanel.Draw("Training loss per epoch", "loss", losses, logScale: true),
            CurvePanel.Draw($"{char.ToUpperInvariant(measured[0])}{measured[1..]} {(regression ? "R²" : "accuracy")} per epoch", regression ? "R² (1 is perfect)" : "accuracy (%)", accuracies),
        ];
        int height = panels.Max(panel => (int)XElement.Parse(panel).Attribute("height")!);
        int width = CurvePanel.DefaultWidth;
        var svg = new System.Text.StringBuilder(Invariant(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{2 * width}\" height=\"{height}\" viewBox=\"0 0 {2 * width} {height}\">\n"));
        for (int i = 0; i < panels.Length; i++)
            svg.Append(Invariant($"<g transform=\"translate({i * width} 0)\">\n")).Append(panels[i]).Append("</g>\n");
        return svg.Append("</svg>\n").ToString();
    }

    // An accuracy as 85.00%, or an R² as R² 0.482.
    private static string Score(double score, bool regression) =>
        regression ? RegressionMetrics.R2Text(score).Replace("R² ", "") : Invariant($"{score * 100:0.00}%");

    /// <summary>A rate as typed, in the invariant culture: 0.05, 5, 1E+300.</summary>
    public static string Rate(double rate) => rate.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
