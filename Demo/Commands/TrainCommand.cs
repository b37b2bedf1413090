using System.Globalization;

namespace FromScratch.Demo;

/// <summary><c>train</c>: real data from IDX or CSV files, with per-epoch progress, save and load.</summary>
internal static class TrainCommand
{
    public static readonly string[] ValuedOptions = [.. NetworkSettings.OptionNames, "idx", .. CsvTrainingData.ValuedOptions, "limit", "save", "load", "validation", "report", "classes"];

    public static readonly string Help =
        $"""
        Demo train — train on MNIST-style IDX files or a CSV file; prints progress as it goes.

        usage: Demo train --idx DIR [options]
               Demo train --csv FILE --label COLUMN [--test-fraction F] [--standardize] [options]
               Demo train --csv FILE --target COLUMN [--test-fraction F] [--standardize] [options]
               Demo train --csv FILE [--targets K] [--test-csv FILE] [options]
          --idx DIR                folder with train-/t10k- images and labels (plain or .gz),
                                   e.g. /usr/share/datasets/fashion-mnist
        {CsvTrainingData.Help.TrimEnd()}
          --limit N                use only the first N training samples (of a CSV: its first N
                                   rows, before --test-fraction or --validation split them)
          --validation N           hold out N training samples (each class alike, chosen by --seed),
                                   measured every epoch; --patience then watches their accuracy
                                   (equal accuracies: the lower validation loss counts), the
                                   best epoch's network is kept, and the test set is measured once
                                   at the end (10000 of Fashion-MNIST's 60000 is the usual split)
          --report FILE.html       write one page with the loss and accuracy curves, the confusion
                                   matrix, W1 as images, misclassified samples and gradient sizes
                                   (with --target: R² curves and predicted against true values);
                                   --force replaces FILE
        {ClassNames.Help}
          --save FILE              save the trained network (JSON); --force replaces FILE
          --load FILE              start from a saved network instead of new weights
          --shapes                 print the operations of one batch with their shapes, then stop
        {NetworkSettings.Help}
        defaults: --hidden 30 --lr 0.5 --batch 10 --epochs 10 --patience 0; under 1000 training
        samples, --batch 0 --epochs 5000 unless you give either
        {RegressionDefaults.Help.TrimEnd()}
        """;

    public static int Run(Options options, TextWriter output)
    {
        Request request = ReadRequest(options);
        var (data, settings) = ReadData(request, options, output);
        var (network, classNames) = Build(request, settings, data, options);
        if (options.Flag("shapes"))
        {
            PrintShapes(network, data.Train, settings, output);
            return 0;
        }
        Trained trained = Train(network, settings, data, request.ReportPath, output);
        TestResults results = PrintResults(trained, settings, data, classNames, request.ReportPath, output);
        if (request.ReportPath is not null)
            WriteReport(request, options, settings, data, classNames, trained, results, output);
        if (request.SavePath is not null)
            Save(network, request.SavePath, options, output);
        return 0;
    }

    /// <summary>
    /// What the command line asks for, checked, with the network of <c>--load</c> when given. The settings are the
    /// options' own; <see cref="ReadData"/> sizes them for the data.
    /// </summary>
    private sealed record Request(string? Idx, string? Csv, NetworkSettings Settings, string? SavePath, string? ReportPath, Network? Loaded, int Limit, int ValidationCount)
    {
        /// <summary>The data's folder or file, named in errors and in the report's title.</summary>
        public string Source => Idx ?? Csv!;
    }

    /// <summary>The data to train on and to measure; with no test set, <see cref="Test"/> is the training set.</summary>
    private sealed record TrainingData(Dataset Train, Dataset Test, Dataset? Validation, bool HasTestSet, FeatureScaling? Scaling, List<string> Notes)
    {
        // Without a test set, accuracy is measured on the samples trained on, and says so.
        public string TestName => HasTestSet ? "test" : "train";

        public string Description =>
            $"{Train.Count} training samples of {Train.Features} inputs{(Validation is null ? "" : $" and {Validation.Count} more held out for validation ({(Train.IsRegression ? "at random" : "each class alike")})")}, {(HasTestSet ? $"{Test.Count} test samples" : "no test set")}";

        /// <summary>With <c>--target</c>, how the numbers to predict were scaled for training (y′ = (y − μ) / σ); else null.</summary>
        public FeatureScaling? TargetScaling { get; init; }
    }

    /// <summary>The trained network, its history, what was logged per epoch, and the time spent training (measuring left out).</summary>
    private sealed record Trained(Network Network, TrainingHistory History, TrainingLog Log, TimeSpan TrainingTime);

    /// <summary>
    /// The network's outputs on the test set, its confusion matrix (null for a regression network, which has its RMSE,
    /// MAE and R² per target instead), and the line about the epoch kept (or null).
    /// </summary>
    private sealed record TestResults(Matrix Outputs, ConfusionMatrix? Confusion, RegressionMetrics[]? Regression, string? Kept);

    // Every option is read before the data, so a mistake in one costs no reading time.
    private static Request ReadRequest(Options options)
    {
        var (idx, csv) = CsvTrainingData.ReadSource(options);
        var defaults = options.Text("target") is null
            ? new NetworkSettings { Hidden = [30], LearningRate = 0.5, BatchSize = 10, Epochs = 10, Patience = 0 }
            : RegressionDefaults.Settings;
        var settings = defaults.ReadFrom(options);
        string? savePath = options.Text("save"), reportPath = options.Text("report");
        CheckOutputFiles(options, savePath, reportPath);
        Network? loaded = LoadNetwork(options);
        if (csv is not null)
            CsvTrainingData.CheckOptions(options, loaded);
        CsvTrainingData.CheckOutputFitsTheData(options, loaded?.Loss ?? settings.Loss, loaded);
        int limit = options.Int("limit", 0, minimum: 1);
        int validationCount = options.Int("validation", 0, minimum: 1);
        return new Request(idx, csv, settings, savePath, reportPath, loaded, limit, validationCount);
    }

    // --save and --report are checked before the data is read, so a bad path fails at once, not after training.
    private static void CheckOutputFiles(Options options, string? savePath, string? reportPath)
    {
        if ((savePath ?? reportPath) is not null && options.Flag("shapes"))
            throw options.Usage($"--shapes stops before training, so {(savePath is not null ? "--save would have nothing to save" : "--report would have nothing to write")}; give one of them");
        OutputFile.RefuseInput(options, savePath, "--save", "csv", "test-csv");
        OutputFile.RefuseInput(options, reportPath, "--report", "csv", "test-csv", "load");
        if (savePath is not null)
            OutputFile.Check(savePath, options.Flag("force"), "--save");
        if (reportPath is not null)
            OutputFile.Check(reportPath, options.Flag("force"), "--report");
        if (savePath is not null && reportPath is not null && Path.GetFullPath(savePath) == Path.GetFullPath(reportPath))
            throw options.Usage("--save and --report name the same file; give each its own");
    }

    // A saved network brings its own layers, activations, output layer and loss: read it before the data.
    private static Network? LoadNetwork(Options options)
    {
        if (options.Text("load") is not string loadPath)
            return null;
        string[] shaping = ["hidden", "activation", "output", "loss", "init"];
        if (shaping.FirstOrDefault(name => options.Text(name) is not null) is string given)
            throw options.Usage($"--{given} does not go with --load: the saved network decides its layers, activations, output, loss and weights");
        return SavedNetwork.Load(loadPath);
    }

    // Reads the IDX folder or the CSV file, splits off the validation part, shapes the targets for the loss, and says
    // what was read; the settings come back sized for the data (small data: full batch, many epochs).
    private static (TrainingData Data, NetworkSettings Settings) ReadData(Request request, Options options, TextWriter output)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TrainingData data = request.Idx is string idx
            ? ReadIdx(idx, request.Limit, request.ValidationCount, request.Settings.Seed)
            : ReadCsv(request, options);
        var settings = request.Settings.ForDataSize(options, data.Train.Count, out bool smallData);
        // The targets are shaped for the loss (softmax: one row per class) and checked before training.
        Loss loss = request.Loaded?.Loss ?? settings.Loss;
        Dataset train = data.Train.ForLoss(loss, request.Source);
        data = data with
        {
            Train = train,
            Test = data.HasTestSet ? data.Test.ForLoss(loss, request.Idx ?? options.Text("test-csv") ?? request.Csv!) : train,
            Validation = data.Validation?.ForLoss(loss, request.Source),
        };
        output.WriteLine($"data: {data.Description}, {train.Y.Rows} output{(train.Y.Rows == 1 ? "" : "s")} ({clock.Elapsed.TotalSeconds:0.00} s to read)");
        foreach (string note in data.Notes)
            output.WriteLine(Echo.Line(note));
        if (smallData)
            output.WriteLine(NetworkSettings.SmallDataNote);
        return (data, settings);
    }

    // The folder's train- files to train on and t10k- files to test on; --validation is held out of the training part.
    private static TrainingData ReadIdx(string idx, int limit, int validationCount, int seed)
    {
        var (train, test) = IdxReader.ReadDirectory(idx, trainLimit: limit);
        var notes = new List<string>();
        Dataset? validation = null;
        if (validationCount > 0)
            (train, validation) = CsvTrainingData.SplitValidation(train, validationCount, seed, idx, notes);
        return new TrainingData(train, test, validation, HasTestSet: true, Scaling: null, notes);
    }

    // --csv, with its test part (--test-csv, --test-fraction or none), --validation and the scaling: see CsvTrainingData.
    private static TrainingData ReadCsv(Request request, Options options)
    {
        var prepared = CsvTrainingData.Read(options, request.Loaded, request.Limit, request.Settings.Seed, request.ValidationCount);
        return new TrainingData(prepared.Train, prepared.Test, prepared.Validation, prepared.HasTestSet, prepared.Scaling, prepared.Notes) { TargetScaling = prepared.TargetScaling };
    }

    // The network of --load, or a new one (after checking that it fits in memory), with what the data looked like.
    private static (Network Network, string[] ClassNames) Build(Request request, NetworkSettings settings, TrainingData data, Options options)
    {
        Dataset train = data.Train;
        Network? loaded = request.Loaded;
        if (loaded is null)
            settings.RequireMemoryFor(options, train.Features, train.Y.Rows, train.Count, Math.Min(Evaluation.Chunk, Math.Max(train.Count, data.Test.Count)), inputsAreMatrix: train.Inputs.AsMatrix is not null);
        Network network = loaded ?? settings.Build(train.Features, train.Y.Rows);
        if (loaded is not null && options.Text("l2") is not null)
            network.L2 = settings.L2;
        if (loaded is not null && options.Text("l1") is not null)
            network.L1 = settings.L1;
        settings.RequirePenaltyThatCanTrain(options, network, train.Count, settings.LearningRate, loaded: loaded is not null);
        if (network.LayerSizes[0] != train.Features || network.LayerSizes[^1] != train.Y.Rows)
            throw new DataFormatException($"--load: the network is {network} but the data has {train.Features} inputs and {train.Y.Rows} outputs");
        // What the data looked like travels with the network, so predict can take raw rows and name classes.
        network.InputNames ??= train.InputNames;
        string[] classNames = ClassNamesFor(options, network, train);
        network.ClassNames ??= classNames.Length == train.Y.Rows && (train.ClassNames is not null || options.Text("classes") is not null) ? classNames : null;
        network.Scaling ??= data.Scaling;
        network.TargetNames ??= train.TargetNames;
        network.TargetScaling ??= data.TargetScaling;
        RequireSavable(network, request.SavePath, options);
        return (network, classNames);
    }

    private static void PrintShapes(Network network, Dataset train, NetworkSettings settings, TextWriter output)
    {
        foreach (string line in ShapeTrace.ForBatch(network, train, settings.BatchSize, settings.DropoutFor()))
            output.WriteLine(line);
    }

    // Trains with a progress line every few epochs; with validation, the network of the best epoch is kept.
    private static Trained Train(Network network, NetworkSettings settings, TrainingData data, string? reportPath, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"network {network}; rate {settings.LearningRate}{settings.Optimizer.Describe(settings.Epochs)}{(settings.Dropout > 0 ? $", dropout {settings.Dropout}" : "")}, batch {(settings.BatchSize == 0 ? "all" : settings.BatchSize)}, {settings.Epochs} epochs"));
        var (train, validation) = (data.Train, data.Validation);
        Dataset? heldOut = HeldOut(data, reportPath);
        int stepsPerEpoch = settings.BatchSize == 0 ? 1 : (train.Count + settings.BatchSize - 1) / settings.BatchSize;
        var log = new TrainingLog(network, heldOut, train.Count, normEvery: reportPath is null ? 0 : Math.Max(1, stepsPerEpoch / 100),
            heldOutEvery: validation is null ? TestEvery(settings.Epochs, heldOut?.Count ?? 0, train.Count) : 1);

        // About 20 progress lines at most. Each shows the training time per epoch since the last line; the time
        // spent measuring (the held-out set, the accuracies on the line) is counted apart and shown after it.
        int reportEvery = Math.Max(1, settings.Epochs / 20);
        TimeSpan trainingAtLastLine = TimeSpan.Zero, measuringAtLastLine = TimeSpan.Zero;
        int previousEpoch = 0;
        var trainingOptions = settings.Training(1, progress: report =>
        {
            TimeSpan training = report.Elapsed - log.Measuring; // the clock ran through every measurement so far
            log.EndEpoch(report.Epoch, report.IsLast);
            log.LearningRates.Add(report.LearningRate);
            if (report.Epoch % reportEvery != 0 && !report.IsLast)
                return;
            string trainPart = train.IsRegression
                ? Brief(log.Measure(() => Evaluation.Regression(network, train)), withMae: false)
                : Percent(log.Measure(() => Evaluation.Accuracy(network, train)));
            string heldOutPart = HeldOutPart(log, data, network);
            double perEpoch = (training - trainingAtLastLine).TotalSeconds / (report.Epoch - previousEpoch);
            string speed = perEpoch >= 0.01
                ? string.Create(CultureInfo.InvariantCulture, $"{perEpoch:0.00} s/epoch")
                : string.Create(CultureInfo.InvariantCulture, $"{perEpoch * 1e6:0.0} µs/epoch");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {report.Epoch,3}/{settings.Epochs}  loss {Loss(report.Loss)}{settings.Optimizer.ProgressPart(report.LearningRate)}  train {trainPart}{heldOutPart}  {speed} (+{(log.Measuring - measuringAtLastLine).TotalSeconds:0.00} s to measure)"));
            (trainingAtLastLine, measuringAtLastLine, previousEpoch) = (training, log.Measuring, report.Epoch);
        }) with
        {
            AfterBackward = reportPath is null ? null : log.AfterBackward,
            // The validation accuracy (or R²) is the score patience watches and that picks the network kept.
            Score = validation is null ? null : log.ValidationScore,
        };
        TrainingHistory history;
        try
        {
            history = network.Train(train, trainingOptions);
        }
        catch (TrainingDivergedException) when (reportPath is not null)
        {
            output.WriteLine(Echo.Line($"no report written to {reportPath}: training diverged"));
            throw;
        }
        return new Trained(network, history, log, history.Elapsed - log.Measuring);
    }

    // A progress line's held-out part: "  validation loss 0.2712 RMSE 55.1 MAE 44 R² 0.471" (or "… 85.00%"), "  test …",
    // or "" without either. The log's measures of this epoch when it took them, else the test set measured now.
    private static string HeldOutPart(TrainingLog log, TrainingData data, Network network)
    {
        bool regression = data.Train.IsRegression, logged = log.HeldOutLoss.Count > 0 && !double.IsNaN(log.HeldOutLoss[^1]);
        string Logged() => regression ? Brief(log.HeldOutRegression[^1]!) : Percent(log.HeldOutScore[^1]);
        if (data.Validation is not null)
            return $"  validation loss {Loss(log.HeldOutLoss[^1])} {Logged()}";
        if (!data.HasTestSet)
            return "";
        return "  test " + (logged ? Logged()
            : regression ? Brief(log.Measure(() => Evaluation.Regression(network, data.Test)))
            : Percent(log.Measure(() => Evaluation.Accuracy(network, data.Test))));
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.00}%");

    // Per epoch beside the loss: the held-out set (validation, or the test set for a report) and, for the
    // report, the batches' accuracy and gradient sizes. With validation, its accuracy is the score that
    // patience watches and that picks the network kept.
    private static Dataset? HeldOut(TrainingData data, string? reportPath) =>
        data.Validation ?? (reportPath is not null && data.HasTestSet ? data.Test : null);

    // The epoch kept, the final accuracy (or RMSE, MAE and R²), a warning when the loss rose, and the confusion matrix (when it fits).
    private static TestResults PrintResults(Trained trained, NetworkSettings settings, TrainingData data, string[] classNames, string? reportPath, TextWriter output)
    {
        var (network, history, log) = (trained.Network, trained.History, trained.Log);
        string? kept = history.BestEpoch is int best
            ? string.Create(CultureInfo.InvariantCulture,
                $"kept the network of epoch {best}, the best validation {(data.Train.IsRegression ? $"R² ({log.HeldOutScore[best - 1]:0.000}" : $"accuracy ({log.HeldOutScore[best - 1] * 100:0.00}%")}, loss {Loss(log.HeldOutLoss[best - 1])}){(best < history.Epochs ? $"; {(best + 1 == history.Epochs ? $"epoch {history.Epochs}" : $"epochs {best + 1} to {history.Epochs}")} did not beat it" : "")}")
            : null;
        if (kept is not null)
            output.WriteLine(kept);
        Dataset test = data.Test;
        var (testOutputs, _) = Evaluation.Run(network, test, data.Train.Count);
        if (test.IsRegression)
            return PrintRegressionResults(trained, settings, data, testOutputs, kept, output);
        double final = Dataset.Accuracy(testOutputs, test.Y);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"final {data.TestName} accuracy {final * 100:0.00}% after {history.Epochs} epochs ({trained.TrainingTime.TotalSeconds:0.0} s training){(data.Validation is not null && data.HasTestSet ? ", measured once, on the network kept" : "")}"));
        if (history.FinalLoss > history.Losses[0])
            output.WriteLine(WorseThanItStarted(history, settings.LearningRate));
        var confusion = ConfusionMatrix.FromOutputs(testOutputs, test.Y, classNames);
        if (confusion.ClassCount > TrainingReport.MaxConfusionClasses)
            output.WriteLine($"confusion matrix: {confusion.ClassCount} classes, too many to print (at most {TrainingReport.MaxConfusionClasses})");
        else if (reportPath is not null || test.Y.Rows >= 2)
        {
            output.WriteLine($"confusion matrix of the {data.TestName} set (rows: true class, columns: predicted):");
            output.WriteLine(confusion.ToText().TrimEnd());
        }
        return new TestResults(testOutputs, confusion, null, kept);
    }

    // A regression network's RMSE, MAE and R² on the test set, in the targets' units: one line, and one per target when there are several.
    private static TestResults PrintRegressionResults(Trained trained, NetworkSettings settings, TrainingData data, Matrix testOutputs, string? kept, TextWriter output)
    {
        var (network, history) = (trained.Network, trained.History);
        var metrics = Evaluation.Regression(network, testOutputs, data.Test.Y);
        string measuredOnce = data.Validation is not null && data.HasTestSet ? ", measured once, on the network kept" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"final {data.TestName} {(metrics.Length == 1 ? metrics[0].ToString() : $"{RegressionMetrics.R2Text(RegressionMetrics.MeanR2(metrics))} (the mean over {metrics.Length} targets)")} after {history.Epochs} epochs ({trained.TrainingTime.TotalSeconds:0.0} s training){measuredOnce}"));
        if (metrics.Length > 1)
            for (int t = 0; t < metrics.Length; t++)
                output.WriteLine(Echo.Line($"  {Echo.Quote(data.Test.TargetNames![t])}: {metrics[t]}"));
        if (history.FinalLoss > history.Losses[0])
            output.WriteLine(WorseThanItStarted(history, settings.LearningRate));
        return new TestResults(testOutputs, null, metrics, kept);
    }

    /// <summary>
    /// RMSE, MAE and R² for a progress line, e.g. <c>RMSE 53.1 MAE 42.7 R² 0.482</c> (MAE left out when asked); for
    /// several targets, whose units differ, only the mean R².
    /// </summary>
    public static string Brief(RegressionMetrics[] metrics, bool withMae = true) =>
        metrics.Length > 1 ? $"{RegressionMetrics.R2Text(RegressionMetrics.MeanR2(metrics))} (mean of {metrics.Length})"
        : $"RMSE {RegressionMetrics.Number(metrics[0].Rmse)}{(withMae ? $" MAE {RegressionMetrics.Number(metrics[0].Mae)}" : "")} {RegressionMetrics.R2Text(metrics[0].R2)}";

    // One page with the curves, the confusion matrix, W1 as images, the mistakes and the gradient sizes.
    private static void WriteReport(Request request, Options options, NetworkSettings settings, TrainingData data, string[] classNames, Trained trained, TestResults results, TextWriter output)
    {
        string reportPath = request.ReportPath!;
        var (network, history, log) = (trained.Network, trained.History, trained.Log);
        bool hasHeldOut = HeldOut(data, reportPath) is not null;
        bool regression = data.Train.IsRegression;
        var report = new ReportData
        {
            Title = $"train on {Path.GetFileName(Path.TrimEndingDirectorySeparator(request.Source))}",
            CommandLine = "Demo train " + options.CommandLine,
            Settings = [$"network {network}", string.Create(CultureInfo.InvariantCulture, $"learning rate {settings.LearningRate}{settings.Optimizer.Describe(settings.Epochs)}{(settings.Dropout > 0 ? $", dropout {settings.Dropout}" : "")}, batch {(settings.BatchSize == 0 ? "all" : settings.BatchSize)}, {history.Epochs} of {settings.Epochs} epochs, seed {settings.Seed}"),
                .. results.Kept is null ? [] : new[] { results.Kept + (regression ? "; the predictions and the tiles are this network's" : "; the matrix, the tiles and the mistakes are this network's") }],
            KeptEpoch = history.BestEpoch,
            DataDescription = data.Description,
            Elapsed = trained.TrainingTime,
            TrainLoss = history.Losses,
            TrainAccuracy = regression ? null : log.TrainScore,
            ValidationLoss = hasHeldOut ? log.HeldOutLoss : null,
            ValidationAccuracy = hasHeldOut && !regression ? log.HeldOutScore : null,
            TrainR2 = regression ? log.TrainScore : null,
            ValidationR2 = hasHeldOut && regression ? log.HeldOutScore : null,
            Regression = results.Regression is { } metrics
                ? new RegressionResults(Evaluation.InTargetUnits(network, results.Outputs), Evaluation.InTargetUnits(network, data.Test.Y), data.Test.TargetNames!, metrics)
                : null,
            ValidationName = data.Validation is not null ? "validation" : "test",
            GradientNorms = log.GradientNorms,
            LearningRates = settings.Optimizer.Decay is null ? null : log.LearningRates,
            Confusion = results.Confusion,
            ConfusionSetName = data.TestName,
            FirstLayerWeights = network.Weights[0],
            Misclassified = regression ? [] : MisclassifiedSample.Find(data.Test.Inputs, results.Outputs, data.Test.Y),
            ClassNames = regression ? null : classNames,
        };
        OutputFile.Write(reportPath, TrainingReport.ToHtml(report), options.Flag("force"), "--report");
        output.WriteLine(Echo.Line($"wrote {reportPath}"));
    }

    private static void Save(Network network, string savePath, Options options, TextWriter output)
    {
        OutputFile.Write(savePath, network.Save, options.Flag("force"), "--save");
        output.WriteLine(Echo.Line($"saved {savePath}")); // the name as typed, control characters escaped
    }

    // Save writes at most 26 characters per parameter (the longest round-trip double, "-1.2345678901234567E-305",
    // and ", "); a network whose file --load might refuse is refused before training rather than after it.
    private static void RequireSavable(Network network, string? savePath, Options options)
    {
        long parameters = network.Weights.Concat(network.Biases).Sum(p => (long)p.Rows * p.Cols);
        if (savePath is not null && parameters * 26 > Network.MaxFileBytes)
            throw options.Usage(string.Create(CultureInfo.InvariantCulture,
                $"--save: the network [{string.Join(", ", network.LayerSizes)}] has {parameters} parameters, a file of up to {parameters * 26 / (1024.0 * 1024):0} MiB, more than the {Network.MaxFileBytes / (1024 * 1024)} MiB that --load reads; train a smaller network to save it"));
    }

    // How often a report measures the test set: at most 200 points on the curve, and no more often than keeps the
    // measuring under about a tenth of training (an epoch costs about 3 forward passes of the training set; a
    // test set 11 times larger, as 900 training images beside 10,000 test ones, is measured every 38th epoch).
    private static int TestEvery(int epochs, int testSamples, int trainingSamples) =>
        Math.Max(Math.Max(1, epochs / 200), (int)Math.Ceiling(testSamples / (0.3 * trainingSamples)));

    /// <summary>A loss as the progress lines show it: 0.1234, or 1.614e+299 once it is too large for four decimals to mean anything.</summary>
    public static string Loss(double loss) =>
        Math.Abs(loss) < 1e5 ? loss.ToString("0.0000", CultureInfo.InvariantCulture) : loss.ToString("g4", CultureInfo.InvariantCulture);

    // --classes, else the data's class names (a CSV's label or target columns), else 0, 1, …; also the saved network's.
    private static string[] ClassNamesFor(Options options, Network network, Dataset train)
    {
        if (options.Text("classes") is not null && (train.ClassNames ?? network.ClassNames) is { } own)
            throw options.Usage($"--classes: the {(train.ClassNames is not null ? "CSV's columns already name" : "saved network already names")} its classes ({ClassLabels.Listed(own)})");
        if (!ClassNames.TryParse(options.Text("classes"), train.Y.Rows, out string[] names, out string problem))
            throw options.Usage(problem);
        if (options.Text("classes") is null && (train.ClassNames ?? network.ClassNames) is { } known && known.Count == names.Length)
            return [.. known];
        return names;
    }

    /// <summary>The warning for a run whose loss ended above where it began: not diverged, but not learning.</summary>
    public static string WorseThanItStarted(TrainingHistory history, double learningRate) => string.Create(CultureInfo.InvariantCulture,
        $"warning: the loss ended higher than it began ({history.FinalLoss:g4} against {history.Losses[0]:g4}): the learning rate {learningRate} is probably too high; try {learningRate / 10}");
}
