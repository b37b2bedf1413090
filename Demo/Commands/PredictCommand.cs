using System.Globalization;

namespace FromScratch.Demo;

/// <summary><c>predict</c>: run a saved network on new inputs.</summary>
internal static class PredictCommand
{
    public static readonly string[] ValuedOptions = ["load", "input", "csv", "targets", "label", "idx", "index", "classes"];

    public static readonly string Help =
        $"""
        Demo predict — run a saved network (from train --save) on new inputs.

        usage: Demo predict --load FILE --input "1,0,1,1,1;1,1,1,1,1"
               Demo predict --load FILE --csv FILE [--label COLUMN | --targets K]
               Demo predict --load FILE --idx DIR --index K [--classes NAMES]
          --load FILE              the saved network
          --input LIST             samples separated by ';', values by ','
          --csv FILE               header line, then one sample of inputs per line
          --label COLUMN           the CSV's class column: report the accuracy (a network trained
                                   on a CSV finds its input columns by name and leaves out others)
          --targets K              the CSV's last K columns are targets: report the accuracy
        A network trained with --target predicts numbers, printed in the CSV's own units; a --csv
        that has the target column too (found by name) gets its RMSE, MAE and R².
        {PredictImages.HelpLines.TrimEnd()}
          --shapes                 print every operation of the forward pass on these inputs, then stop
        Inputs are given in their original units: a network trained with --standardize or
        --normalize scales them as it did in training.
        """;

    public static int Run(Options options, TextWriter output)
    {
        string loadPath = options.Text("load") ?? throw options.Usage("--load FILE is required");
        if ((options.Text("idx") ?? options.Text("index") ?? options.Text("classes")) is not null)
            return PredictImages.Run(options, loadPath, output); // test images of an IDX folder, drawn one by one
        var (input, csv, label, targets) = ReadSource(options);
        var network = SavedNetwork.Load(loadPath);
        if (TrainingLog.IsRegression(network) && (label is not null || targets is not null))
            throw options.Usage($"--{(label is null ? "targets" : "label")}: the network in {loadPath} predicts numbers{(network.TargetNames is { } predicted ? $" ({ClassLabels.Listed(predicted)}); a CSV column of that name is found by itself, and its RMSE, MAE and R² printed" : "")}");
        if (label is not null && network.ClassNames is null)
            throw options.Usage($"--label: the network in {loadPath} has no class names (it was not trained with --label); give --targets K for target columns");
        var (x, labelled) = input is not null
            ? (ParseSamples(input, options), null)
            : ReadCsv(network, csv!, label, targets, loadPath, output);
        RequireSizesOf(network, x, labelled, csv, loadPath, options);
        x = ScaleAsInTraining(network, x, csv, output);
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.Lines(network, x, y: null))
                output.WriteLine(line);
            return 0;
        }
        PrintPredictions(network, x, labelled, csv, output);
        return 0;
    }

    // Exactly one of --input and --csv; --label or --targets (not both) only with --csv. Checked before the network is
    // read; Targets is null without --targets.
    private static (string? Input, string? Csv, string? Label, int? Targets) ReadSource(Options options)
    {
        string? input = options.Text("input"), csv = options.Text("csv");
        if ((input is null) == (csv is null))
            throw options.Usage("give exactly one of --input LIST or --csv FILE");
        string? label = options.Text("label");
        if ((options.Text("targets") ?? label) is not null && csv is null)
            throw options.Usage($"--{(label is null ? "targets" : "label")} goes with --csv");
        if (label is not null && options.Text("targets") is not null)
            throw options.Usage("give --label COLUMN (one class column) or --targets K (the last K columns), not both");
        int? targets = options.Text("targets") is null ? null : options.Int("targets", 1, minimum: 1);
        if (label is not null)
            CsvTrainingData.CheckLabelOption(options, label);
        return (input, csv, label, targets);
    }

    // The CSV's inputs, and its targets (a --label column, or the last --targets columns) when it has them.
    private static (Matrix X, Dataset? Labelled) ReadCsv(Network network, string csv, string? label, int? targets, string loadPath, TextWriter output)
    {
        if (targets is int count)
        {
            var labelled = CsvReader.Read(csv, count).WithTargetsFor(network.Loss);
            // Target columns are found by place; a network that knows its inputs' names checks them.
            if (network.InputNames is { } names && labelled.X.Rows == names.Count && !names.SequenceEqual(labelled.InputNames!))
                throw new DataFormatException($"{csv}: the input columns are {ClassLabels.Listed(labelled.InputNames!)}, but the network in {loadPath} takes {ClassLabels.Listed(names)} in that order; without --targets the columns are found by name");
            return (labelled.X, labelled);
        }
        if (TrainingLog.IsRegression(network) && network.InputNames is not null && network.TargetNames is not null)
            return ReadNumbersToPredict(network, csv, loadPath, output);
        if (network.InputNames is not null || label is not null)
        {
            var read = CsvReader.ReadColumns(csv, header => Columns(network, header, csv, loadPath, label, output), network.ClassNames);
            return (read.X, read.Labels is null ? null : read.ToDataset().WithTargetsFor(network.Loss));
        }
        return (CsvReader.ReadInputs(csv), null);
    }

    // A regression network's inputs by name and, when the file has every one of its target columns, the true values
    // (in the file's units) to measure the predictions against.
    private static (Matrix X, Dataset? Labelled) ReadNumbersToPredict(Network network, string csv, string loadPath, TextWriter output)
    {
        IReadOnlyList<string> targets = network.TargetNames!;
        int inputs = network.InputNames!.Count;
        bool hasTargets = false;
        string[] seen = [];
        var read = CsvReader.ReadColumns(csv, header =>
        {
            seen = header;
            int[] inputColumns = CsvColumns.Named(csv, header, network.InputNames, $"the network in {loadPath}");
            hasTargets = targets.All(header.Contains);
            int[] targetColumns = hasTargets ? [.. targets.Select(t => Array.IndexOf(header, t))] : [];
            // A target column present without the others is not measured, but it is a target, not an unknown column
            if (Enumerable.Range(0, header.Length).Except(inputColumns).Except(targetColumns).Where(c => !targets.Contains(header[c])).ToArray() is { Length: > 0 } extra)
                output.WriteLine(Echo.Line($"not inputs of the network, left out: {ClassLabels.Listed([.. extra.Select(c => header[c])])}"));
            return new CsvColumns([.. inputColumns, .. targetColumns], -1);
        });
        var x = new Matrix(inputs, read.X.Cols);
        var y = new Matrix(targets.Count, read.X.Cols);
        for (int s = 0; s < read.X.Cols; s++)
        {
            for (int i = 0; i < inputs; i++)
                x[i, s] = read.X[i, s];
            for (int t = 0; hasTargets && t < targets.Count; t++)
                y[t, s] = read.X[inputs + t, s];
        }
        if (!hasTargets)
            output.WriteLine(Echo.Line($"{csv} has no column {ClassLabels.Listed([.. targets.Where(t => !seen.Contains(t))])}{(targets.Count > 1 ? $" (of the targets {ClassLabels.Listed(targets)}: all are needed)" : "")} to measure the predictions against: predictions only"));
        return (x, hasTargets ? new Dataset(x, y) { TargetNames = [.. targets] } : null);
    }

    // The inputs (and targets) must fit the network; the errors name --input or the CSV file (csv is null for --input).
    private static void RequireSizesOf(Network network, Matrix x, Dataset? labelled, string? csv, string loadPath, Options options)
    {
        int inputs = network.LayerSizes[0];
        if (csv is null && x.Rows != inputs)
            throw options.Usage($"--input: each sample has {x.Rows} value{(x.Rows == 1 ? "" : "s")} but the network in {loadPath} takes {inputs} inputs{(network.InputNames is { } names ? $" ({ClassLabels.Listed(names)})" : "")}");
        if (csv is not null && x.Rows != inputs)
            throw new DataFormatException(x.Rows > inputs && labelled is null
                ? $"{csv}: has {x.Rows} columns but the network takes {inputs} inputs; if the last {x.Rows - inputs} {(x.Rows - inputs == 1 ? "column is a target" : "columns are targets")}, add --targets {x.Rows - inputs}"
                : $"{csv}: has {x.Rows} input columns but the network takes {inputs}");
        if (labelled is not null && labelled.Y.Rows != network.LayerSizes[^1])
            throw new DataFormatException($"{csv}: has {labelled.Y.Rows} target columns but the network has {network.LayerSizes[^1]} outputs");
    }

    // Raw inputs go through the training's scaling, x' = (x − μ) / σ or (x − min) / (max − min), before W1.
    private static Matrix ScaleAsInTraining(Network network, Matrix x, string? csv, TextWriter output)
    {
        if (network.Scaling is null)
            return x;
        output.WriteLine($"inputs scaled as in training: {network.Scaling}");
        Matrix scaled = CsvTrainingData.Scaled(network.Scaling, x, network.InputNames, csv ?? "--input");
        if (FarOutside(network, x, scaled) is string warning)
            output.WriteLine(Echo.Line(warning));
        return scaled;
    }

    // The outputs, the class each sample is given, and the accuracy when the targets are known; for a regression
    // network, the numbers in the targets' own units and, when the true values are known, RMSE, MAE and R².
    private static void PrintPredictions(Network network, Matrix x, Dataset? labelled, string? csv, TextWriter output)
    {
        var prediction = network.Predict(x); // a wrong input size gets the network's own message
        RequireFiniteOutputs(network, x, csv);
        output.WriteLine($"network {network}");
        if (TrainingLog.IsRegression(network))
        {
            Matrix numbers;
            try
            {
                numbers = Evaluation.InTargetUnits(network, prediction); // y = μ + σ·a, the scaling of training undone
            }
            catch (ScalingOverflowException overflow)
            {
                string target = network.TargetNames is { } targetNames ? Echo.Quote(targetNames[overflow.Feature]) : $"output {overflow.Feature + 1}";
                throw new DataFormatException($"predict: the prediction of {target} for sample {overflow.Sample + 1} is {prediction[overflow.Feature, overflow.Sample]:g4} on the training scale, which overflows to ±∞ in the targets' units: its inputs are far outside what the network was trained on");
            }
            string named = network.TargetNames is { } names ? $" of {ClassLabels.Listed(names)}" : "";
            output.WriteLine($"predictions{named}{(network.TargetScaling is null ? "" : " in the training data's units")}, {(numbers.Rows == 1 ? "" : "one row per target, ")}one column per sample: {numbers}");
            if (labelled is not null)
            {
                var metrics = RegressionMetrics.PerTarget(numbers, labelled.Y);
                for (int t = 0; t < metrics.Length; t++)
                    output.WriteLine(Echo.Line($"{metrics[t]} on {labelled.Count} samples{(network.TargetNames is { } target ? $" ({Echo.Quote(target[t])} in {csv})" : "")}"));
            }
            return;
        }
        output.WriteLine($"predictions, one column per sample: {prediction}");
        if (prediction.Rows > 1)
            output.WriteLine(network.ClassNames is { } classes
                ? $"class per sample (largest output): [{string.Join(", ", prediction.ArgMaxPerColumn().Select(c => Echo.Line(classes[c])))}]"
                : $"largest output per sample (class): [{string.Join(", ", prediction.ArgMaxPerColumn())}]");
        if (labelled is not null)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {Dataset.Accuracy(prediction, labelled.Y) * 100:0.00}% on {labelled.Count} samples"));
    }

    // Inputs far outside what the network was trained on can overflow Z = W·x + b to ∞ (and ∞ − ∞ to NaN):
    // name the first sample where that happens instead of printing NaN or a saturated guess.
    private static void RequireFiniteOutputs(Network network, Matrix x, string? csv)
    {
        var pass = network.Forward(x);
        for (int l = 1; l <= network.LayerCount; l++)
            for (int s = 0; s < x.Cols; s++)
                for (int r = 0; r < pass.Z[l].Rows; r++)
                    if (!double.IsFinite(pass.Z[l][r, s]))
                    {
                        double largest = Enumerable.Range(0, x.Rows).Max(i => Math.Abs(x[i, s]));
                        string where = csv is null ? $"--input: sample {s + 1}" : $"{csv}: sample {s + 1}";
                        throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                            $"{where} overflows the network: Z{l} = W{l}·{(l == 1 ? "x" : $"a{l - 1}")} + b{l} is {pass.Z[l][r, s]} (its largest {(network.Scaling is null ? "" : "scaled ")}input is {largest:g4}); the inputs must be on the scale the network was trained on"));
                    }
    }

    // A network that knows its inputs' names finds them anywhere in the file (otherwise they are every column but
    // the label); other columns (an id, the label when --label is not given) are left out, and said so.
    private static CsvColumns Columns(Network network, string[] header, string csv, string loadPath, string? label, TextWriter output)
    {
        int labelColumn = label is null ? -1 : CsvColumns.LabelColumn(csv, header, label);
        if (network.InputNames is null)
            return CsvColumns.AllBut(header, labelColumn);
        int[] inputs = CsvColumns.Named(csv, header, network.InputNames, $"the network in {loadPath}", labelColumn);
        int[] extra = [.. Enumerable.Range(0, header.Length).Except(inputs).Where(c => c != labelColumn)];
        if (extra.Length > 0)
            output.WriteLine(Echo.Line($"not inputs of the network, left out: {ClassLabels.Listed([.. extra.Select(c => header[c])])}" +
                (labelColumn < 0 && network.ClassNames is not null ? " (to report the accuracy, give --label COLUMN)" : "")));
        return new(inputs, labelColumn);
    }

    // Inputs over 10 of their training deviations (or ranges) away from the training data: the network never saw
    // anything like them, so its answer is a guess however confident it looks.
    private static string? FarOutside(Network network, Matrix raw, Matrix scaled)
    {
        const double Far = 10;
        int count = 0;
        (int Feature, int Sample)? first = null;
        for (int s = 0; s < scaled.Cols; s++)
        {
            int feature = Enumerable.Range(0, scaled.Rows).FirstOrDefault(i => Math.Abs(scaled[i, s]) > Far, -1);
            if (feature >= 0 && count++ == 0)
                first = (feature, s);
        }
        if (first is not (int f, int sample))
            return null;
        string column = network.InputNames is { } names ? Echo.Quote(names[f]) : $"input {f + 1}";
        string unit = network.Scaling!.Method == FeatureScaling.StandardizeMethod ? "standard deviations from the training mean" : "training ranges from the training minimum";
        return string.Create(CultureInfo.InvariantCulture,
            $"warning: {count} sample{(count == 1 ? " has an input" : "s have inputs")} over {Far} {unit}, e.g. sample {sample + 1}'s {column} = {raw[f, sample]:g6} ({scaled[f, sample]:g3}); the network never saw such values, so {(count == 1 ? "its prediction is" : "their predictions are")} a guess");
    }

    private static Matrix ParseSamples(string text, Options options)
    {
        var samples = new List<double[]>();
        foreach (string sample in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var values = new List<double>();
            foreach (string part in sample.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    throw options.Usage($"--input: {Echo.Quote(part)} is not a number");
                values.Add(value);
            }
            samples.Add([.. values]);
        }
        if (samples.Count == 0)
            throw options.Usage("--input: no samples given");
        if (samples.Any(s => s.Length != samples[0].Length))
            throw options.Usage($"--input: every sample needs the same number of values; got {string.Join(", ", samples.Select(s => s.Length))}");
        return Matrix.FromRows([.. samples]).Transpose(); // samples become columns
    }
}
