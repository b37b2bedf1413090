using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// <c>predict --idx DIR --index K</c>: one test image (or a few) of an IDX folder, drawn in the terminal, with its
/// true label and the network's three most likely classes. Looking at single samples shows what a test accuracy
/// cannot: which mistakes are understandable (a shirt taken for a T-shirt) and which are not.
/// </summary>
internal static class PredictImages
{
    public const string HelpLines =
        """
          --idx DIR                an IDX folder (e.g. /usr/share/datasets/fashion-mnist): draw its
                                   test samples (t10k- files) and show the network's top 3 classes
          --index K | A-B          which test samples, counting from 0 (0 is the first); a range
                                   such as 10-19 prints each and how many were right (at most 100)
        """ + "\n" + ClassNames.Help + "\n" +
        """
                                   (a network saved with class names uses its own)
        """;

    /// <summary>The most samples one run prints: a range is for looking, not for measuring accuracy.</summary>
    public const int MaxSamples = 100;

    /// <summary>The shades from an empty pixel (0) to a full one (255). Any terminal shows them, on a dark or a light background.</summary>
    public const string Shades = " .:-=+*#%@";

    // Images wider or taller than this are described, not drawn: a terminal line holds about 2 × 60 characters.
    private const int MaxSide = 60;

    public static int Run(Options options, string loadPath, TextWriter output)
    {
        var (idx, indexText) = ReadIdxOptions(options);
        var (first, last) = ParseIndex(options, indexText);
        var network = SavedNetwork.Load(loadPath);
        string[] names = NamesFor(options, network, loadPath);
        var test = ReadTestSet(idx, indexText, last, network, names.Length, loadPath, options);

        int[] chosen = [.. Enumerable.Range(first, last - first + 1)];
        Matrix raw = test.X.SelectColumns(chosen), x = raw;
        if (network.Scaling is not null)
        {
            output.WriteLine($"inputs scaled as in training: {network.Scaling}");
            x = CsvTrainingData.Scaled(network.Scaling, x, network.InputNames, idx);
        }
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.Lines(network, x, y: null))
                output.WriteLine(line);
            return 0;
        }
        Matrix prediction = network.Predict(x);
        output.WriteLine($"network {network}");
        output.WriteLine(Echo.Line($"test set of '{idx}' (t10k- files): {test.Count} samples, counting from 0"));
        output.WriteLine($"pixels drawn from '{Shades[0]}' (0) to '{Shades[^1]}' (255), two characters each");
        output.WriteLine(WhatTheScoresAre(network, names.Length));

        int right = 0;
        for (int i = 0; i < chosen.Length; i++)
            right += PrintSample(prediction, i, chosen[i], test, raw, names, output) ? 1 : 0;
        if (chosen.Length > 1)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\nright: {right} of {chosen.Length} (test samples {first} to {last}, top class against the true label)"));
        return 0;
    }

    // --idx DIR and --index K go together, and not with the options of other inputs.
    private static (string Idx, string IndexText) ReadIdxOptions(Options options)
    {
        string idx = options.Text("idx")
            ?? throw options.Usage($"--{(options.Text("index") is null ? "classes" : "index")} goes with --idx DIR: it picks test samples of an IDX folder");
        foreach (string other in new[] { "input", "csv", "label", "targets" })
            if (options.Text(other) is not null)
                throw options.Usage($"--{other} does not go with --idx: give --idx DIR --index K, or --input / --csv, not both");
        string indexText = options.Text("index")
            ?? throw options.Usage("--idx needs --index K, a test sample counting from 0, or a range such as --index 10-19");
        return (idx, indexText);
    }

    // The folder's test set, checked against the samples asked for and against the network's inputs and classes.
    private static IdxReader.LabelledImages ReadTestSet(string idx, string indexText, int last, Network network, int classes, string loadPath, Options options)
    {
        var test = IdxReader.ReadTestSet(idx);
        if (last >= test.Count)
            throw options.Usage($"--index {indexText}: the test set in '{idx}' has {test.Count} samples, 0 to {test.Count - 1}");
        int pixels = test.Height * test.Width, inputs = network.LayerSizes[0];
        if (inputs != pixels)
            throw new DataFormatException($"--idx: the test images in '{idx}' have {test.Height} × {test.Width} = {pixels} pixels, but the network in {loadPath} takes {inputs} inputs");
        int highest = test.Labels.Max();
        if (highest >= classes)
            throw new DataFormatException($"--idx: the test set in '{idx}' has label {highest}, but the network in {loadPath} tells {classes} classes apart");
        return test;
    }

    // Test sample number `sample` (column `column` of raw and prediction): its true label, its picture and the network's
    // top 3 classes. Returns whether the top class is the true one.
    private static bool PrintSample(Matrix prediction, int column, int sample, IdxReader.LabelledImages test, Matrix raw, string[] names, TextWriter output)
    {
        double[] scores = ScoresOf(prediction, column);
        if (scores.Any(double.IsNaN))
            throw new DataFormatException($"--idx: test sample {sample} gives NaN outputs: the network's weights overflow on these pixels");
        int label = test.Labels[sample];
        int[] top = TopClasses(scores, 3);
        output.WriteLine();
        output.WriteLine(Echo.Line($"test sample {sample}: true label {Named(label, names)}"));
        foreach (string line in Picture(raw, column, test.Height, test.Width))
            output.WriteLine(line);
        int width = top.Max(k => Named(k, names).Length);
        for (int rank = 0; rank < top.Length; rank++)
        {
            string mark = rank == 0 ? (top[0] == label ? "  right" : "  wrong") : "";
            output.WriteLine(Echo.Line(string.Create(CultureInfo.InvariantCulture,
                $"  {rank + 1}. {Named(top[rank], names).PadRight(width)}  {scores[top[rank]]:0.000}{mark}")));
        }
        return top[0] == label;
    }

    /// <summary>A sample number K or a range A-B, both counting from 0, at most <see cref="MaxSamples"/> samples.</summary>
    public static (int First, int Last) ParseIndex(Options options, string text)
    {
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        var numbers = new List<int>();
        foreach (string part in parts)
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                numbers.Add(n);
        if (parts.Length > 2 || numbers.Count != parts.Length)
            throw options.Usage($"--index expects a test sample counting from 0 (e.g. 0) or a range (e.g. 10-19), got {Echo.Quote(text)}");
        int first = numbers[0], last = numbers[^1];
        if (last < first)
            throw options.Usage($"--index {first}-{last}: a range goes from the first sample to the last, e.g. {last}-{first}");
        if ((long)last - first + 1 > MaxSamples)
            throw options.Usage($"--index {first}-{last}: that is {(long)last - first + 1} samples; at most {MaxSamples} at once");
        return (first, last);
    }

    // The network's own class names when it has them, else --classes, else 0, 1, 2, …
    private static string[] NamesFor(Options options, Network network, string loadPath)
    {
        int outputs = network.LayerSizes[^1];
        string? given = options.Text("classes");
        if (network.ClassNames is { } saved && saved.Count == ClassNames.CountFor(outputs))
        {
            if (given is not null)
                throw options.Usage($"--classes: the network in {loadPath} names its classes already ({ClassLabels.Listed(saved)}); leave out --classes");
            return [.. saved];
        }
        if (!ClassNames.TryParse(given, outputs, out string[] names, out string problem))
            throw options.Usage(problem);
        return names;
    }

    // Each class's score: the outputs; for one sigmoid output a, 1 − a for class 0 and a for class 1.
    private static double[] ScoresOf(Matrix prediction, int sample) =>
        prediction.Rows == 1
            ? [1 - prediction[0, sample], prediction[0, sample]]
            : [.. Enumerable.Range(0, prediction.Rows).Select(k => prediction[k, sample])];

    private static string WhatTheScoresAre(Network network, int classes) =>
        network.Loss.Output == OutputActivation.Softmax
            ? $"top {Math.Min(3, classes)} classes by softmax probability (the {classes} probabilities sum to 1)"
            : network.LayerSizes[^1] == 1
                ? "both classes per sample: the one sigmoid output a is read as P(class 1), and 1 − a as P(class 0)"
                : $"top {Math.Min(3, classes)} classes by sigmoid output: each in (0, 1) on its own, not probabilities (need not sum to 1)";

    /// <summary>The <paramref name="count"/> classes with the highest scores, highest first (ties: the lower class first).</summary>
    public static int[] TopClasses(IReadOnlyList<double> scores, int count) =>
        [.. Enumerable.Range(0, scores.Count).OrderByDescending(k => scores[k]).ThenBy(k => k).Take(count)];

    // "9 Ankle boot", or just "9" when the classes have no other names.
    private static string Named(int k, string[] names) =>
        names[k] == k.ToString(CultureInfo.InvariantCulture) ? names[k] : $"{k} {names[k]}";

    /// <summary>
    /// Image <paramref name="sample"/> (a column of <paramref name="x"/>, pixels in [0, 1], row by row) in a frame, two
    /// characters per pixel so it keeps its shape: terminal characters are about twice as tall as wide.
    /// </summary>
    public static IEnumerable<string> Picture(Matrix x, int sample, int height, int width)
    {
        if (height > MaxSide || width > MaxSide)
        {
            yield return $"  (a {height} × {width} image is too large to draw here)";
            yield break;
        }
        string border = "+" + new string('-', 2 * width) + "+";
        yield return border;
        var row = new StringBuilder();
        for (int r = 0; r < height; r++)
        {
            row.Clear().Append('|');
            for (int c = 0; c < width; c++)
            {
                int shade = (int)Math.Round(Math.Clamp(x[r * width + c, sample], 0, 1) * (Shades.Length - 1));
                row.Append(Shades[shade], 2);
            }
            yield return row.Append('|').ToString();
        }
        yield return border;
    }
}
