using System.Globalization;
using System.Xml.Linq;

namespace FromScratch.Demo;

/// <summary>
/// <c>sweep</c>: one network per learning rate, all from the same seed and settings, so the rate is the only
/// difference; their curves drawn together and a verdict on each. The lesson: too small crawls, too large
/// diverges, and the good range is narrower than one expects.
/// </summary>
internal static class SweepCommand
{
    public static readonly string[] ValuedOptions = [.. NetworkSettings.OptionNames, "idx", .. CsvTrainingData.ValuedOptions, "limit", "svg", "validation"];

    /// <summary>The most rates in one sweep: one colour of <see cref="CurvePanel.Palette"/> each.</summary>
    public const int MaxRates = 10;

    // On IDX data a sweep keeps to 10,000 training images and 5 epochs, about a second per rate per epoch.
    private const int IdxLimit = 10_000, IdxEpochs = 5;

    public static readonly string Help =
        $"""
        Demo sweep — train one network per learning rate, all from the same seed and settings;
        prints each rate's progress, then a table with a verdict per rate.

        usage: Demo sweep --idx DIR [--lr 0.05,0.5,5] [options]
               Demo sweep --csv FILE --label COLUMN [--standardize] [--lr 0.1,1,10] [options]
          --lr RATES               the learning rates, separated by commas (default 0.05,0.5,5)
          --idx DIR                folder with train-/t10k- images and labels (plain or .gz)
        {CsvTrainingData.Help.TrimEnd()}
          --limit N                use only the first N training samples (IDX default: {IdxLimit})
          --validation N           compare the rates on N held-out training samples (each class
                                   alike) instead of the test set, which then picks nothing
          --svg FILE               draw the loss and accuracy curves of every rate; --force
                                   replaces FILE
        {NetworkSettings.Help.Replace("  --lr RATE                learning rate η\n", "")}
        defaults: --hidden 30 --batch 10 --patience 0, --epochs {IdxEpochs} on IDX and 10 on CSV; under
        1000 training samples, --batch 0 --epochs 5000 unless you give either
        {RateVerdicts.Help.TrimEnd()}
        """;

    public static int Run(Options options, TextWriter output)
    {
        var (idx, csv) = CsvTrainingData.ReadSource(options);
        double[] rates = ReadRates(options);
        var settings = new NetworkSettings { Hidden = [30], BatchSize = 10, Epochs = idx is null ? 10 : IdxEpochs, Patience = 0 }
            .ReadFrom(options.Without("lr"));
        if (csv is not null)
            CsvTrainingData.CheckOptions(options, loaded: null);
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
        settings.RequireMemoryFor(options, train.Features, train.Y.Rows, train.Count, Evaluation.Chunk, inputsAreMatrix: train.Inputs.AsMatrix is not null);
        settings.RequireL2ThatCanTrain(options, settings.Build(train.Features, train.Y.Rows), train.Count, learningRate: null); // a rate too large for it diverges, a verdict
        output.WriteLine(Invariant($"network {settings.Build(train.Features, train.Y.Rows)}; batch {(settings.BatchSize == 0 ? "all" : settings.BatchSize)}, {settings.Epochs} epochs, seed {settings.Seed}: the same start for every rate"));

        string measured = hasTestSet ? heldOut : "train";
        var runs = rates.Select(rate => RunOne(settings with { LearningRate = rate }, train, test, measured, output)).ToList();
        var verdicts = RateVerdicts.Judge(runs);
        output.WriteLine();
        foreach (string line in Table(runs, verdicts, measured))
            output.WriteLine(line);
        if (options.Text("svg") is string path)
        {
            OutputFile.Write(path, Picture(runs, hasTestSet ? heldOut : "training"), options.Flag("force"), "--svg");
            output.WriteLine(Echo.Line($"wrote {path}"));
        }
        return 0;
    }


    /// <summary><c>--lr</c> as a list: positive finite numbers, each once, at most <see cref="MaxRates"/>.</summary>
    public static double[] ReadRates(Options options)
    {
        string text = options.Text("lr") ?? "0.05,0.5,5";
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
    /// Trains a new network with <paramref name="settings"/>, measuring the accuracy after every epoch and printing
    /// about ten of them; a run that diverges is kept up to the epoch before, not an error.
    /// </summary>
    private static RateRun RunOne(NetworkSettings settings, Dataset train, Dataset test, string measured, TextWriter output)
    {
        var network = settings.Build(train.Features, train.Y.Rows);
        var losses = new List<double>();
        var accuracies = new List<double>();
        int printEvery = Math.Max(1, settings.Epochs / 10);
        // The accuracy is measured on the printed epochs and on a schedule that keeps measuring cheap (as train's
        // report does); the curve joins the measured epochs over the NaN between them.
        int measureEvery = Math.Max(Math.Max(1, settings.Epochs / 200), (int)Math.Ceiling(test.Count / (0.3 * train.Count)));
        string name = $"η = {Rate(settings.LearningRate)}";
        try
        {
            network.Train(train, settings.Training(reportEvery: 1, progress: report =>
            {
                losses.Add(report.Loss);
                bool print = report.Epoch % printEvery == 0 || report.IsLast || report.Epoch == 1;
                accuracies.Add(print || report.Epoch % measureEvery == 0 ? Evaluation.Accuracy(network, test) : double.NaN);
                if (print)
                    output.WriteLine(Invariant($"{name,-12} epoch {report.Epoch,4}/{settings.Epochs}  loss {TrainCommand.Loss(report.Loss)}  {measured} {accuracies[^1] * 100:0.00}%"));
            }));
            return new RateRun(settings.LearningRate, losses, accuracies);
        }
        catch (TrainingDivergedException diverged)
        {
            output.WriteLine(Echo.Line($"{name,-12} diverged: {diverged.Message}"));
            return new RateRun(settings.LearningRate, losses, accuracies, diverged.Epoch);
        }
    }

    /// <summary>One line per rate: the final loss and accuracy, and the verdict.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<RateRun> runs, IReadOnlyList<RateVerdict> verdicts, string measured)
    {
        int width = Math.Max(4, runs.Max(run => Rate(run.Rate).Length));
        string accuracyHeading = $"{measured} accuracy";
        yield return $"{"rate".PadRight(width)}  final loss  {accuracyHeading}  verdict";
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            string loss = run.Diverged ? "—" : TrainCommand.Loss(run.FinalLoss);
            string accuracy = run.Diverged ? "—" : Invariant($"{run.FinalAccuracy * 100:0.00}%");
            yield return $"{Rate(run.Rate).PadRight(width)}  {loss,10}  {accuracy.PadLeft(accuracyHeading.Length)}  {verdicts[i]}";
        }
    }

    /// <summary>
    /// The loss (log scale) and accuracy panels side by side in one SVG, one series per rate named "η = RATE".
    /// A diverged rate is named in the legend but not drawn: its exploding losses would flatten the other curves.
    /// </summary>
    public static string Picture(IReadOnlyList<RateRun> runs, string measured)
    {
        string Name(RateRun run) => $"η = {Rate(run.Rate)}{(run.Diverged ? " (diverged)" : "")}";
        CurveSeries[] losses = [.. runs.Select(run => new CurveSeries(Name(run), run.Diverged ? [] : run.Losses))];
        CurveSeries[] accuracies = [.. runs.Select(run => new CurveSeries(Name(run), run.Diverged ? [] : [.. run.Accuracies.Select(a => a * 100)]))];
        string[] panels =
        [
            CurvePanel.Draw("Training loss per epoch", "loss", losses, logScale: true),
            CurvePanel.Draw($"{char.ToUpperInvariant(measured[0])}{measured[1..]} accuracy per epoch", "accuracy (%)", accuracies),
        ];
        int height = panels.Max(panel => (int)XElement.Parse(panel).Attribute("height")!);
        int width = CurvePanel.DefaultWidth;
        var svg = new System.Text.StringBuilder(Invariant(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{2 * width}\" height=\"{height}\" viewBox=\"0 0 {2 * width} {height}\">\n"));
        for (int i = 0; i < panels.Length; i++)
            svg.Append(Invariant($"<g transform=\"translate({i * width} 0)\">\n")).Append(panels[i]).Append("</g>\n");
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A rate as typed, in the invariant culture: 0.05, 5, 1E+300.</summary>
    public static string Rate(double rate) => rate.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
