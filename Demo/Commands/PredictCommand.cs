using System.Globalization;

namespace FromScratch.Demo;

/// <summary><c>predict</c>: run a saved network on new inputs.</summary>
internal static class PredictCommand
{
    public static readonly string[] ValuedOptions = ["load", "input", "csv", "targets", "label"];

    public const string Help =
        """
        Demo predict — run a saved network (from train --save) on new inputs.

        usage: Demo predict --load FILE --input "1,0,1,1,1;1,1,1,1,1"
               Demo predict --load FILE --csv FILE [--label COLUMN | --targets K]
          --load FILE              the saved network
          --input LIST             samples separated by ';', values by ','
          --csv FILE               header line, then one sample of inputs per line
          --label COLUMN           the CSV's class column: report the accuracy (a network trained
                                   with --label finds its input columns by name, and takes a single
                                   extra column as the label without being told)
          --targets K              the CSV's last K columns are targets: report the accuracy
          --shapes                 print every operation of the forward pass on these inputs, then stop
        Inputs are given in their original units: a network trained with --standardize or
        --normalize scales them as it did in training.
        """;

    public static int Run(Options options, TextWriter output)
    {
        string loadPath = options.Text("load") ?? throw options.Usage("--load FILE is required");
        string? input = options.Text("input"), csv = options.Text("csv");
        if ((input is null) == (csv is null))
            throw options.Usage("give exactly one of --input LIST or --csv FILE");
        string? label = options.Text("label");
        if ((options.Text("targets") ?? label) is not null && csv is null)
            throw options.Usage($"--{(label is null ? "targets" : "label")} goes with --csv");
        if (label is not null && options.Text("targets") is not null)
            throw options.Usage("give --label COLUMN (one class column) or --targets K (the last K columns), not both");
        int targets = options.Int("targets", 1, minimum: 1);
        var network = Network.Load(loadPath);
        if (label is not null && network.ClassNames is null)
            throw options.Usage($"--label: the network in {loadPath} has no class names (it was not trained with --label); give --targets K for target columns");
        Dataset? labelled = null;
        Matrix x;
        if (input is not null)
            x = ParseSamples(input, options);
        else if (options.Text("targets") is not null)
        {
            labelled = CsvReader.Read(csv!, targets).WithTargetsFor(network.Loss);
            x = labelled.X;
        }
        else if (network.InputNames is not null)
        {
            var read = CsvReader.ReadColumns(csv!, header => ColumnsByName(network, header, csv!, loadPath, label), network.ClassNames);
            labelled = read.Labels is null ? null : read.ToDataset().WithTargetsFor(network.Loss);
            if (read.LabelName is not null && label is null)
                output.WriteLine(Echo.Line($"{Echo.Quote(read.LabelName)} is the one column that is not an input: taken as the class label"));
            x = read.X;
        }
        else
            x = CsvReader.ReadInputs(csv!);
        int inputs = network.LayerSizes[0];
        if (input is not null && x.Rows != inputs)
            throw options.Usage($"--input: each sample has {x.Rows} value{(x.Rows == 1 ? "" : "s")} but the network in {loadPath} takes {inputs} inputs{(network.InputNames is { } names ? $" ({ClassLabels.Listed(names)})" : "")}");
        if (csv is not null && x.Rows != inputs)
            throw new DataFormatException(x.Rows > inputs && labelled is null
                ? $"{csv}: has {x.Rows} columns but the network takes {inputs} inputs; if the last {x.Rows - inputs} {(x.Rows - inputs == 1 ? "column is a target" : "columns are targets")}, add --targets {x.Rows - inputs}"
                : $"{csv}: has {x.Rows} input columns but the network takes {inputs}");
        if (labelled is not null && labelled.Y.Rows != network.LayerSizes[^1])
            throw new DataFormatException($"{csv}: has {labelled.Y.Rows} target columns but the network has {network.LayerSizes[^1]} outputs");
        // Raw inputs go through the training's scaling, x' = (x − μ) / σ or (x − min) / (max − min), before W1.
        if (network.Scaling is not null)
            x = network.Scaling.Apply(x);
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.Lines(network, x, y: null))
                output.WriteLine(line);
            return 0;
        }
        var prediction = network.Predict(x); // a wrong input size gets the network's own message
        RequireFiniteOutputs(network, x, csv);
        output.WriteLine($"network {network}");
        if (network.Scaling is not null)
            output.WriteLine($"inputs scaled as in training: {network.Scaling}");
        output.WriteLine($"predictions, one column per sample: {prediction}");
        if (prediction.Rows > 1)
            output.WriteLine(network.ClassNames is { } classes
                ? $"class per sample (largest output): [{string.Join(", ", prediction.ArgMaxPerColumn().Select(c => Echo.Line(classes[c])))}]"
                : $"largest output per sample (class): [{string.Join(", ", prediction.ArgMaxPerColumn())}]");
        if (labelled is not null)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {Dataset.Accuracy(prediction, labelled.Y) * 100:0.00}% on {labelled.Count} samples"));
        return 0;
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
                            $"{where} overflows the network: Z{l} = W{l}·{(l == 1 ? "x" : $"a{l - 1}")} + b{l} is {pass.Z[l][r, s]} (its largest input is {largest:g4}); the inputs must be on the scale the network was trained on"));
                    }
    }

    // A network that knows its inputs' names finds them anywhere in the file; one extra column is its class label.
    private static CsvColumns ColumnsByName(Network network, string[] header, string csv, string loadPath, string? label)
    {
        int[] inputs = CsvColumns.Named(csv, header, network.InputNames!, loadPath);
        if (label is not null)
            return new(inputs, CsvColumns.LabelColumn(csv, header, label));
        int[] extra = [.. Enumerable.Range(0, header.Length).Except(inputs)];
        if (extra.Length == 1 && network.ClassNames is not null)
            return new(inputs, extra[0]);
        if (extra.Length > 0)
            throw new DataFormatException($"{csv}: {(extra.Length == 1 ? "column" : "columns")} {ClassLabels.Listed([.. extra.Select(c => header[c])])} {(extra.Length == 1 ? "is" : "are")} not among the network's inputs; " +
                (network.ClassNames is not null ? "give --label COLUMN for the class column, and leave out the others"
                    : extra.Length == 1 ? "if it is a target, add --targets 1" : $"if they are targets, the last {extra.Length} columns, add --targets {extra.Length}"));
        return new(inputs, -1);
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
