using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// <c>train --csv</c>'s data: the training file (a class-label column, numbers to predict, or target columns in
/// [0, 1]), its test part (a second file, a stratified share of the first, or none), and the features' scaling
/// (and the numbers' to predict), fitted on the training part only. What it did is said in
/// <see cref="Prepared.Notes"/>, printed before training.
/// </summary>
internal static class CsvTrainingData
{
    public static readonly string[] ValuedOptions = ["csv", "test-csv", "targets", "label", "target", "test-fraction"];

    public static readonly string[] FlagNames = ["standardize", "normalize", "label-anyway"];

    public static readonly string Help =
        $"""
          --csv FILE               header line, then one sample per line: numbers, and either one
                                   class column (--label), columns of numbers to predict (--target),
                                   or the last K columns as targets in [0, 1]
          --label COLUMN           the class column, by header name or place (1 = first): names or
                                   whole numbers, one output per class, in sorted order
          --label-anyway           take a column of over {ClassLabels.QuantityValues} whole numbers with few rows each
                                   as classes (refused otherwise, as it looks like a quantity)
          --target COLUMN[,…]      predict these columns' numbers (regression), by name or place:
                                   a linear output, standardised targets (saved with the network),
                                   RMSE, MAE and R² in the CSV's units
          --targets K              without --label or --target: the last K columns are targets
                                   in [0, 1] (default 1)
          --test-csv FILE          a second CSV with the same columns, to measure test accuracy
          --test-fraction F        hold out this share of --csv as the test part (e.g. 0.25),
                                   the same share of every class, chosen by --seed
          --standardize            scale each input to mean 0, deviation 1: x' = (x − μ) / σ
          --normalize              scale each input to [0, 1]: x' = (x − min) / (max − min)
                                   (both fitted on the training part, saved with the network)
        """;

    /// <summary>The training and test data, scaled; the scaling, if any; and lines saying what was done.</summary>
    public sealed record Prepared(Dataset Train, Dataset Test, Dataset? Validation, bool HasTestSet, FeatureScaling? Scaling, FeatureScaling? TargetScaling, List<string> Notes);

    /// <summary>
    /// The data options of <c>train</c> and <c>sweep</c>: exactly one of <c>--idx DIR</c> and <c>--csv FILE</c>, and no
    /// CSV option (such as <c>--label</c>) beside <c>--idx</c>.
    /// </summary>
    public static (string? Idx, string? Csv) ReadSource(Options options)
    {
        string? idx = options.Text("idx"), csv = options.Text("csv");
        if ((idx is null) == (csv is null))
            throw options.Usage("give exactly one of --idx DIR or --csv FILE");
        if (idx is not null)
            RefuseWithIdx(options);
        return (idx, csv);
    }

    // Refuses the CSV options with --idx, naming the first one given.
    private static void RefuseWithIdx(Options options)
    {
        if (ValuedOptions.Concat(FlagNames).FirstOrDefault(name => name != "csv" && (options.Text(name) is not null || options.Flag(name))) is string csvOnly)
            throw options.Usage($"--{csvOnly} goes with --csv, not --idx{(csvOnly is "standardize" or "normalize" ? " (images are scaled to [0, 1] as pixel / 255)" : "")}");
    }

    /// <summary>Refuses combinations of options that contradict each other, before anything is read.</summary>
    public static void CheckOptions(Options options, Network? loaded)
    {
        if (options.Text("label") is not null && options.Text("targets") is not null)
            throw options.Usage("give --label COLUMN (one class column) or --targets K (the last K columns), not both");
        if (options.Text("target") is not null && (options.Text("label") ?? options.Text("targets")) is not null)
            throw options.Usage($"--target COLUMN predicts numbers and --{(options.Text("label") is null ? "targets K takes the last K columns as targets in [0, 1]" : "label COLUMN classes")}: give one of them");
        if (options.Flag("label-anyway") && options.Text("label") is null)
            throw options.Usage("--label-anyway goes with --label COLUMN");
        if (options.Text("target") is not null && options.Text("classes") is not null)
            throw options.Usage("--classes names classes, but --target predicts numbers: its outputs are named after the target columns");
        if (options.Text("target") is string target)
            CheckTargetOption(options, target);
        if (options.Text("test-fraction") is not null && options.Text("test-csv") is not null)
            throw options.Usage("--test-fraction splits --csv into training and test parts; --test-csv gives the test part: give one of them");
        options.Double("test-fraction", 0, above: 0, below: 1);
        options.Int("targets", 1, minimum: 1);
        if (options.Text("label") is string label)
            CheckLabelOption(options, label);
        if (options.Flag("standardize") && options.Flag("normalize"))
            throw options.Usage("give one of --standardize and --normalize");
        if (loaded is not null && ScalingOption(options) is string given)
            throw options.Usage($"{given} does not go with --load: the saved network keeps the scaling it was trained with{(loaded.Scaling is null ? " (none)" : $" ({loaded.Scaling.Method})")}");
    }

    /// <summary>
    /// Refuses an output that does not fit the data, before anything is read: a linear output predicts numbers and
    /// goes with <c>--target</c> only, and <c>--target</c> needs one (sigmoid and softmax squeeze each output into (0, 1)).
    /// </summary>
    public static void CheckOutputFitsTheData(Options options, Loss loss, Network? loaded)
    {
        string given = loaded is not null ? $"the network in {options.Text("load")} has a {loss.Output} output, which"
            : options.Text("output") is null ? $"--loss {loss.Name} takes a {loss.Output} output, which" : $"--output {loss.Output}";
        if (options.Text("target") is not null && loss.Output != OutputActivation.Linear)
            throw options.Usage($"--target predicts numbers, which need a linear output (the default with --target); {given} gives {(loss.Output == OutputActivation.Softmax ? "one class per sample" : "outputs in (0, 1)")}");
        if (options.Text("target") is null && loss.Output == OutputActivation.Linear)
            throw options.Usage($"{(loaded is null ? "--output linear" : $"the network in {options.Text("load")}")} predicts numbers: give --target COLUMN, the column to predict{(options.Text("label") is null ? "" : loaded is null ? "; for classes (--label), use --output sigmoid or softmax" : "; for classes (--label), train a new network")}");
    }

    /// <summary>Refuses a <c>--target</c> that names no column in any file: an empty name, or a place before the first.</summary>
    public static void CheckTargetOption(Options options, string target)
    {
        foreach (string part in target.Split(','))
        {
            if (part.Trim().Length == 0)
                throw options.Usage($"--target {Echo.Quote(target)}: each target needs a column, its header name or its place counting from 1, separated by commas");
            if (long.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long place) && place < 1)
                throw options.Usage($"--target {place}: places count from 1 (the first column is --target 1)");
        }
    }

    /// <summary>Refuses a <c>--label</c> that names no column in any file: empty, a place before the first, or a name with a combining mark.</summary>
    public static void CheckLabelOption(Options options, string label)
    {
        if (label.Trim().Length == 0)
            throw options.Usage("--label needs a column: its header name, or its place counting from 1");
        if (long.TryParse(label.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long place) && place < 1)
            throw options.Usage($"--label {place}: places count from 1 (the first column is --label 1)");
        if (CombiningMarks.FirstIn(label) is string mark)
            throw options.Usage($"--label {Echo.Quote(label)} is written with a combining mark ({mark}); {CombiningMarks.TwoSpellings("columns")}: type it as one accented letter (NFC)");
    }

    /// <summary>Reads and prepares <c>--csv</c> for training, with <paramref name="loaded"/>'s columns, classes and scaling when given.</summary>
    /// <param name="options">The command's options (--csv, --label, --test-fraction, …).</param>
    /// <param name="loaded">A network from --load, whose columns, classes and scaling are kept; or null.</param>
    /// <param name="limit">Only the first this many rows (0: all).</param>
    /// <param name="seed">Seeds the splits.</param>
    /// <param name="validation">How many training samples to hold out for validation (0: none), split off before the scaling is fitted.</param>
    public static Prepared Read(Options options, Network? loaded, int limit, int seed, int validation = 0)
    {
        string path = options.Text("csv")!;
        string? label = options.Text("label"), target = options.Text("target"), testPath = options.Text("test-csv");
        var notes = new List<string>();
        var (train, test) = label is not null ? ReadLabelColumn(options, loaded, path, label, testPath, limit, notes)
            : target is not null ? ReadNumbersToPredict(options, loaded, path, target, testPath, limit, notes)
            : ReadTargetColumns(options, loaded, path, testPath, limit);

        double fraction = options.Double("test-fraction", 0, above: 0, below: 1);
        if (fraction > 0)
            (train, test) = SplitTestPart(train, fraction, seed, path, notes);
        else if (testPath is not null && label is not null)
            WarnOfUnseenClasses(train, test, testPath, notes);
        bool hasTestSet = testPath is not null || fraction > 0;
        Dataset? validationPart = null;
        if (validation > 0)
            (train, validationPart) = SplitValidation(train, validation, seed, path, notes);

        if (loaded is not null && train.X.Rows != loaded.LayerSizes[0])
            throw new DataFormatException($"--load: the network is {loaded} but {path} has {train.X.Rows} input column{(train.X.Rows == 1 ? "" : "s")}");
        FeatureScaling? scaling = loaded is null ? FitScaling(options, train, path, notes) : loaded.Scaling;
        if (scaling is not null)
        {
            train = train.WithX(Scaled(scaling, train.X, train.InputNames, path));
            test = hasTestSet ? test.WithX(Scaled(scaling, test.X, test.InputNames, testPath ?? path)) : train;
            validationPart = validationPart?.WithX(Scaled(scaling, validationPart.X, validationPart.InputNames, path));
        }
        // --target: the numbers to predict are standardised too, y′ = (y − μ) / σ, so that one learning rate suits
        // targets in any units; the network's outputs are taken back through y = μ + σ·y′.
        FeatureScaling? targetScaling = !train.IsRegression ? null : loaded is null ? FitTargetScaling(train, path, notes) : loaded.TargetScaling;
        if (targetScaling is not null)
        {
            train = train with { Y = ScaledTargets(targetScaling, train, path) };
            test = hasTestSet ? test with { Y = ScaledTargets(targetScaling, test, testPath ?? path) } : train;
            validationPart = validationPart is null ? null : validationPart with { Y = ScaledTargets(targetScaling, validationPart, path) };
        }
        return new Prepared(train, test, validationPart, hasTestSet, scaling, targetScaling, notes);
    }

    // --label: the class column, found by name or place; the inputs are the other columns, or the saved network's
    // by name. The test file's columns are found by the training file's names. Without --test-csv, test is train.
    private static (Dataset Train, Dataset Test) ReadLabelColumn(Options options, Network? loaded, string path, string label, string? testPath, int limit, List<string> notes)
    {
        var read = CsvReader.ReadColumns(path, header =>
        {
            int column = CsvColumns.LabelColumn(path, header, label);
            if (loaded?.InputNames is not { } names)
                return CsvColumns.AllBut(header, column);
            int[] inputs = CsvColumns.Named(path, header, names, $"the network in {options.Text("load")}", column);
            if (Enumerable.Range(0, header.Length).Where(c => c != column && !inputs.Contains(c)).ToList() is { Count: > 0 } extra)
                notes.Add($"not inputs of the network, left out: {ClassLabels.Listed([.. extra.Select(c => header[c])])}");
            return new(inputs, column);
        }, loaded?.ClassNames, $"the classes of the network in {options.Text("load")}", limit);
        if (!options.Flag("label-anyway") && loaded is null && ClassLabels.LooksLikeAQuantity(read.ClassNames!, read.ClassCounts!) is string quantity)
            throw new DataFormatException($"{path}: the label column {Echo.Quote(read.LabelName!)} {quantity}: that looks like a quantity to predict, not classes; give --target {Echo.Quote(read.LabelName!)} to predict it as a number (or --label-anyway to take it as {read.ClassNames!.Length} classes all the same)");
        if (read.ClassNames!.Length < 2)
            throw new DataFormatException($"{path}: the label column {Echo.Quote(read.LabelName!)} has one class only{(limit > 0 ? $" in the first {limit} rows (--limit)" : "")}, {Echo.Quote(read.ClassNames[0])}; a classifier needs at least two");
        const int Shown = 20;
        notes.Add($"classes in {Echo.Quote(read.LabelName!)}: {string.Join(", ", read.ClassNames.Zip(read.ClassCounts!, (name, count) => $"{Echo.Quote(name)} {count}").Take(Shown))}" +
            (read.ClassNames.Length > Shown ? $", … ({read.ClassNames.Length} classes)" : ""));
        Dataset train = read.ToDataset();
        if (testPath is null)
            return (train, train);
        Dataset test = CsvReader.ReadColumns(testPath, header =>
        {
            int column = CsvColumns.LabelColumn(testPath, header, read.LabelName!);
            return new(CsvColumns.Named(testPath, header, train.InputNames!, path, column), column);
        },
            read.ClassNames, $"the classes of {path}").ToDataset();
        return (train, test);
    }

    // --target a,b: the columns of numbers to predict, found by name or place; the inputs are the other columns, or the
    // saved network's by name. The test file's columns are found by the training file's names. Without --test-csv, test is train.
    private static (Dataset Train, Dataset Test) ReadNumbersToPredict(Options options, Network? loaded, string path, string target, string? testPath, int limit, List<string> notes)
    {
        Dataset train = ReadInputsAndTargets(path, header =>
        {
            int[] targets = CsvColumns.TargetColumns(path, header, target);
            if (loaded?.TargetNames is { } predicted && !predicted.SequenceEqual(targets.Select(c => header[c])))
                throw new DataFormatException($"{path}: --target names {ClassLabels.Listed([.. targets.Select(c => header[c])])}, but the network in {options.Text("load")} predicts {ClassLabels.Listed(predicted)}");
            if (loaded?.InputNames is not { } names)
                return ([.. Enumerable.Range(0, header.Length).Where(c => !targets.Contains(c))], targets);
            int[] inputs = CsvColumns.Named(path, header, names, $"the network in {options.Text("load")}");
            if (inputs.FirstOrDefault(targets.Contains, -1) is int both and >= 0)
                throw new DataFormatException($"{path}: the target {Echo.Quote(header[both])} is an input of the network in {options.Text("load")}; a column cannot be both");
            if (Enumerable.Range(0, header.Length).Where(c => !targets.Contains(c) && !inputs.Contains(c)).ToList() is { Count: > 0 } extra)
                notes.Add($"not inputs of the network, left out: {ClassLabels.Listed([.. extra.Select(c => header[c])])}");
            return (inputs, targets);
        }, limit);
        if (testPath is null)
            return (train, train);
        Dataset test = ReadInputsAndTargets(testPath, header =>
            (CsvColumns.Named(testPath, header, train.InputNames!, path), CsvColumns.Named(testPath, header, train.TargetNames!, path)), 0);
        return (train, test);
    }

    // The chosen input and target columns of a CSV of numbers: X (inputs × m) and Y (targets × m), with their names.
    private static Dataset ReadInputsAndTargets(string path, Func<string[], (int[] Inputs, int[] Targets)> choose, int limit)
    {
        string[] targetNames = [];
        int inputs = 0;
        var read = CsvReader.ReadColumns(path, header =>
        {
            var (inputColumns, targetColumns) = choose(header);
            if (inputColumns.Length == 0)
                throw new DataFormatException($"{path}: no input columns besides the target{(targetColumns.Length == 1 ? "" : "s")} {ClassLabels.Listed([.. targetColumns.Select(c => header[c])])}; the network needs at least one measurement per sample");
            (inputs, targetNames) = (inputColumns.Length, [.. targetColumns.Select(c => header[c])]);
            return new CsvColumns([.. inputColumns, .. targetColumns], -1);
        }, limit: limit, hint: (header, column) => targetNames.Contains(header[column]) ? $"; --target predicts numbers: if the column holds classes, give --label {Echo.Quote(header[column])}" : "");
        // Read as one block of rows, inputs first: the first rows are X, the rest Y.
        var x = new Matrix(inputs, read.X.Cols);
        var y = new Matrix(targetNames.Length, read.X.Cols);
        for (int s = 0; s < read.X.Cols; s++)
        {
            for (int i = 0; i < inputs; i++)
                x[i, s] = read.X[i, s];
            for (int t = 0; t < targetNames.Length; t++)
                y[t, s] = read.X[inputs + t, s];
        }
        return new Dataset(x, y) { InputNames = read.InputNames[..inputs], TargetNames = targetNames };
    }

    // y′ = (y − μ) / σ for each target, fitted on the training part. A target the same in every training sample has
    // nothing to teach (σ = 0) and no R² to measure, so it is refused.
    private static FeatureScaling FitTargetScaling(Dataset train, string path, List<string> notes)
    {
        FeatureScaling scaling;
        try
        {
            scaling = FeatureScaling.Standardize(train.Y);
        }
        catch (ScalingOverflowException error)
        {
            throw new DataFormatException($"{path}: the target {Echo.Quote(train.TargetNames![error.Feature])} has values too large to standardise; rescale it first, e.g. in other units");
        }
        if (scaling.ConstantFeatures is { Count: > 0 } constant)
            throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: the target {Echo.Quote(train.TargetNames![constant[0]])} is {scaling.First[constant[0]]:g6} in every one of the {train.Count} training samples: there is nothing to learn, and no error to measure against"));
        notes.Add("targets standardised, y′ = (y − μ) / σ fitted on the training part (predictions and errors are in the CSV's units): " +
            string.Join(", ", train.TargetNames!.Select((name, t) => string.Create(CultureInfo.InvariantCulture, $"{Echo.Quote(name)} μ {scaling.First[t]:g4}, σ {scaling.Second[t]:g4}"))));
        return scaling;
    }

    // Y (targets × m) scaled as in training, or an error naming the sample and the target that overflows.
    private static Matrix ScaledTargets(FeatureScaling scaling, Dataset data, string source)
    {
        try
        {
            return scaling.Apply(data.Y);
        }
        catch (ScalingOverflowException error)
        {
            throw new DataFormatException($"{source}: sample {error.Sample + 1}'s target {Echo.Quote(data.TargetNames![error.Feature])} {error.Message[(error.Message.IndexOf(" is ", StringComparison.Ordinal) + 1)..]}, too large a number to compute with");
        }
    }

    // --targets K (default 1): the last K columns are targets and the rest inputs, in the same places in both files.
    private static (Dataset Train, Dataset Test) ReadTargetColumns(Options options, Network? loaded, string path, string? testPath, int limit)
    {
        Dataset train = CsvReader.Read(path, options.Int("targets", 1, minimum: 1), limit);
        Dataset test = testPath is not null ? CsvReader.Read(testPath, train.Y.Rows) : train;
        if (test.X.Rows != train.X.Rows)
            throw new DataFormatException($"{testPath}: has {test.X.Rows} input columns but the training CSV has {train.X.Rows}");
        // Target columns are found by place; a saved network's inputs must still be the same columns.
        if (loaded?.InputNames is { } names && !names.SequenceEqual(train.InputNames!))
            throw new DataFormatException($"{path}: the input columns are {ClassLabels.Listed(train.InputNames!)}, but the network in {options.Text("load")} takes {ClassLabels.Listed(names)} in that order; with --label the columns are found by name");
        if (testPath is not null && !test.InputNames!.SequenceEqual(train.InputNames!))
            throw new DataFormatException($"{testPath}: the input columns are {ClassLabels.Listed(test.InputNames!)}, but {path} has {ClassLabels.Listed(train.InputNames!)} in that order");
        return (train, test);
    }

    // --test-fraction F: that share of every class becomes the test part.
    private static (Dataset Train, Dataset Test) SplitTestPart(Dataset train, double fraction, int seed, string path, List<string> notes)
    {
        var (kept, splitOff) = train.Split((int)Math.Round(fraction * train.Count, MidpointRounding.AwayFromZero), seed);
        Dataset test = splitOff ?? throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
            $"{path}: --test-fraction {fraction} of {train.Count} samples leaves no test sample (each class keeps at least one for training); give a larger fraction or more data"));
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"split: {kept.Count} training and {test.Count} test samples (--test-fraction {fraction}, {(train.IsRegression ? "at random" : "each class alike")}, --seed {seed})"));
        return (kept, test);
    }

    // --standardize or --normalize, fitted on the training part; without either, a hint when the inputs' ranges differ widely.
    private static FeatureScaling? FitScaling(Options options, Dataset train, string path, List<string> notes)
    {
        if (ScalingOption(options) is not string method)
        {
            if (SpreadHint(train) is string hint)
                notes.Add(hint);
            return null;
        }
        FeatureScaling scaling;
        try
        {
            scaling = method == "--standardize" ? FeatureScaling.Standardize(train.X) : FeatureScaling.Normalize(train.X);
        }
        catch (ScalingOverflowException error)
        {
            string detail = error.Message[(error.Message.IndexOf('(') + 1)..];
            throw new DataFormatException($"{path}: {method} cannot scale column {Echo.Quote(train.InputNames![error.Feature])}: its values are too large ({detail}; rescale it first, e.g. in other units");
        }
        notes.Add($"scaling: {scaling}, fitted on the {train.Count} training samples");
        if (scaling.ConstantFeatures is { Count: > 0 } constant)
            notes.Add($"note: {ClassLabels.Listed([.. constant.Select(i => train.InputNames![i])])} {(constant.Count == 1 ? "is" : "are")} the same in every training sample, so scaled to 0: {(constant.Count == 1 ? "it tells" : "they tell")} the network nothing");
        return scaling;
    }

    /// <summary>
    /// X (inputs × m) scaled, or an error naming the sample and the column (by <paramref name="inputNames"/> when
    /// known) that overflows, e.g. with a σ of 1e-320 in a hand-edited file.
    /// </summary>
    public static Matrix Scaled(FeatureScaling scaling, Matrix x, IReadOnlyList<string>? inputNames, string source)
    {
        try
        {
            return scaling.Apply(x);
        }
        catch (ScalingOverflowException error)
        {
            string column = inputNames is { } names ? Echo.Quote(names[error.Feature]) : $"input {error.Feature + 1}";
            throw new DataFormatException($"{source}: sample {error.Sample + 1}'s {column} {error.Message[(error.Message.IndexOf(" is ", StringComparison.Ordinal) + 1)..]}, too large a number to compute with");
        }
    }

    /// <summary>
    /// The <c>--validation</c> part of the training set, each class alike (see <see cref="Dataset.Split"/>). Every class
    /// keeps one sample for training, so fewer than asked may be held out: a note says so.
    /// </summary>
    public static (Dataset Train, Dataset Validation) SplitValidation(Dataset train, int count, int seed, string source, List<string> notes)
    {
        if (count >= train.Count)
            throw new DataFormatException($"{source}: --validation {count} would hold out every one of the {train.Count} training samples; give fewer");
        var (kept, held) = train.Split(count, seed);
        if (held is null)
            throw new DataFormatException(train.Classes().Distinct().Count() == train.Count
                ? $"{source}: --validation {count}: every class has a single sample, which stays for training, so none can be held out"
                : $"{source}: --validation {count} leaves no validation sample (each class keeps at least one for training); give more");
        if (held.Count < count)
            notes.Add($"--validation {count}: {held.Count} held out, as every class keeps at least one sample for training");
        return (kept, held);
    }

    private static string? ScalingOption(Options options) =>
        options.Flag("standardize") ? "--standardize" : options.Flag("normalize") ? "--normalize" : null;

    // A ratio as a student reads it: 1,250 up to a million, then 3.2e+307 (not 300 digits).
    private static string Fold(double ratio) =>
        ratio < 1e6 ? ratio.ToString("N0", CultureInfo.InvariantCulture) : ratio.ToString("g3", CultureInfo.InvariantCulture);

    // Features whose ranges differ by more than this factor get a hint to scale them.
    private const double SpreadRatio = 100;

    /// <summary>
    /// A hint to scale when the inputs' ranges (max − min over the training samples) differ by more than 100
    /// times: the widest then dominates every z = W·x + b, and its sigmoid units saturate.
    /// </summary>
    public static string? SpreadHint(Dataset train)
    {
        var spans = new double[train.X.Rows];
        for (int i = 0; i < train.X.Rows; i++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int s = 0; s < train.Count; s++)
                (min, max) = (Math.Min(min, train.X[i, s]), Math.Max(max, train.X[i, s]));
            spans[i] = max - min;
        }
        int widest = Array.IndexOf(spans, spans.Max());
        var varying = Enumerable.Range(0, spans.Length).Where(i => spans[i] > 0).ToList();
        if (varying.Count < 2)
            return null;
        int narrowest = varying.MinBy(i => spans[i]);
        if (spans[widest] <= SpreadRatio * spans[narrowest])
            return null;
        string Name(int i) => train.InputNames is { } names ? Echo.Quote(names[i]) : $"input {i + 1}";
        return string.Create(CultureInfo.InvariantCulture,
            $"hint: the inputs' ranges differ {Fold(spans[widest] / spans[narrowest])}-fold ({Name(widest)} spans {spans[widest]:g4}, {Name(narrowest)} {spans[narrowest]:g4}); sigmoid units saturate on the wide ones and learn slowly: try --standardize");
    }

    // A class in the test file that training never saw cannot be predicted; say so before training.
    private static void WarnOfUnseenClasses(Dataset train, Dataset test, string testPath, List<string> notes)
    {
        var seen = train.Classes().ToHashSet();
        var unseen = test.Classes().Distinct().Where(c => !seen.Contains(c)).Order().Select(c => train.ClassNames![c]).ToList();
        if (unseen.Count > 0)
            notes.Add($"warning: {testPath} has class{(unseen.Count == 1 ? "" : "es")} {ClassLabels.Listed(unseen)} that the training part does not: {(unseen.Count == 1 ? "it" : "they")} will always be predicted wrong");
    }
}
