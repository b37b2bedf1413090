using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// How often each true class was predicted as each class: <c>Counts[actual, predicted]</c>. The diagonal holds
/// the samples classified right; a large count off it names two classes the network mixes up.
/// </summary>
internal sealed class ConfusionMatrix
{
    private readonly int[,] counts;

    /// <summary>Counts the pairs (<paramref name="actual"/>[s], <paramref name="predicted"/>[s]), one per sample s.</summary>
    /// <param name="predicted">The class the network chose for each sample, from 0.</param>
    /// <param name="actual">The true class of each sample, from 0.</param>
    /// <param name="names">One name per class; their number is the number of classes.</param>
    /// <exception cref="ArgumentException">The lists differ in length, there are under two names, or a class is out of range.</exception>
    public ConfusionMatrix(IReadOnlyList<int> predicted, IReadOnlyList<int> actual, IReadOnlyList<string> names)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"ConfusionMatrix: {predicted.Count} predicted classes but {actual.Count} true ones; give one of each per sample");
        if (names.Count < 2)
            throw new ArgumentException($"ConfusionMatrix: needs at least two class names, got {names.Count}");
        Names = [.. names];
        counts = new int[names.Count, names.Count];
        for (int s = 0; s < actual.Count; s++)
        {
            if ((uint)actual[s] >= (uint)names.Count || (uint)predicted[s] >= (uint)names.Count)
                throw new ArgumentException($"ConfusionMatrix: sample {s} has true class {actual[s]} and predicted class {predicted[s]}; classes must be 0 to {names.Count - 1}");
            counts[actual[s], predicted[s]]++;
        }
        Total = actual.Count;
    }

    /// <summary>
    /// The matrix for a network's outputs against the targets, both (outputs × m): the class of a column is the
    /// row of its largest entry, or, for a single sigmoid output, 1 from 0.5 up and 0 below (names "0" and "1" by default).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, or the names do not fit the number of classes.</exception>
    public static ConfusionMatrix FromOutputs(Matrix predictions, Matrix targets, IReadOnlyList<string>? names = null)
    {
        if (!predictions.HasShapeOf(targets))
            throw new ArgumentException($"ConfusionMatrix.FromOutputs: predictions {predictions.Shape} and targets {targets.Shape} must have the same shape");
        return new ConfusionMatrix(ClassesOf(predictions), ClassesOf(targets), names ?? ClassNames.Default(ClassNames.CountFor(targets.Rows)));
    }

    /// <summary>The class of each column: the row of its largest entry, or for one row, 1 when the entry is ≥ 0.5.</summary>
    public static int[] ClassesOf(Matrix outputs) =>
        outputs.Rows == 1
            ? [.. Enumerable.Range(0, outputs.Cols).Select(s => outputs[0, s] >= 0.5 ? 1 : 0)]
            : outputs.ArgMaxPerColumn();

    /// <summary>The class names, in class order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => Names.Count;

    /// <summary>How many samples of true class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => counts[actual, predicted];

    /// <summary>A copy of the counts, [actual, predicted].</summary>
    public int[,] Counts => (int[,])counts.Clone();

    /// <summary>The number of samples counted.</summary>
    public int Total { get; }

    /// <summary>The samples on the diagonal: predicted as their true class.</summary>
    public int Correct => Enumerable.Range(0, ClassCount).Sum(k => counts[k, k]);

    /// <summary>Correct / Total; NaN when no samples were counted.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>How many samples truly are of class <paramref name="k"/> (its row's sum).</summary>
    public int ActualCount(int k) => Enumerable.Range(0, ClassCount).Sum(p => counts[k, p]);

    /// <summary>How many samples were predicted as class <paramref name="k"/> (its column's sum).</summary>
    public int PredictedCount(int k) => Enumerable.Range(0, ClassCount).Sum(a => counts[a, k]);

    /// <summary>Of the samples predicted as <paramref name="k"/>, the share that are <paramref name="k"/>; NaN when none were.</summary>
    public double Precision(int k) => PredictedCount(k) == 0 ? double.NaN : (double)counts[k, k] / PredictedCount(k);

    /// <summary>Of the samples that are <paramref name="k"/>, the share predicted as <paramref name="k"/>; NaN when there are none.</summary>
    public double Recall(int k) => ActualCount(k) == 0 ? double.NaN : (double)counts[k, k] / ActualCount(k);

    /// <summary>A share as a percentage with <paramref name="decimals"/> decimals, or "–" for NaN (a share of nothing).</summary>
    public static string Percent(double share, int decimals = 1) =>
        double.IsNaN(share) ? "–" : (share * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// The matrix as an aligned table for a terminal: one row per true class, one column per predicted class
    /// (long names cut to fit, e.g. "Ankle…"), then each class's precision and recall under its full name.
    /// </summary>
    public string ToText()
    {
        // Names from a file or a network reach a terminal: control characters escaped, and cut to 40.
        string[] names = [.. Names.Select(name => Abbreviate(Echo.Line(name), ClassNames.MaxLength))];
        int countWidth = Math.Max(1, Enumerable.Range(0, ClassCount).Max(a => Enumerable.Range(0, ClassCount).Max(p => counts[a, p])).ToString(CultureInfo.InvariantCulture).Length);
        int longest = names.Max(name => name.Length);
        int columnWidth = Math.Max(countWidth, Math.Min(longest, 6));
        int rowHeaderWidth = Math.Min(longest, 16);
        string[] columnHeads = [.. names.Select(name => Abbreviate(name, columnWidth))];
        string[] rowHeads = [.. names.Select(name => Abbreviate(name, rowHeaderWidth))];
        // Names that are alike may be cut to the same text; numbered columns are then the only honest headers.
        if (columnHeads.Distinct().Count() < ClassCount || rowHeads.Distinct().Count() < ClassCount)
        {
            columnWidth = Math.Max(countWidth, (ClassCount - 1).ToString(CultureInfo.InvariantCulture).Length);
            columnHeads = ClassNames.Default(ClassCount);
            rowHeads = [.. names.Select((name, k) => Abbreviate($"{k} {name}", rowHeaderWidth))];
        }
        rowHeaderWidth = Math.Max(rowHeaderWidth, "true class".Length);

        var text = new StringBuilder();
        text.Append("true class".PadRight(rowHeaderWidth)).Append("  predicted as\n");
        text.Append(new string(' ', rowHeaderWidth));
        foreach (string head in columnHeads)
            text.Append("  ").Append(head.PadLeft(columnWidth));
        text.Append('\n');
        for (int a = 0; a < ClassCount; a++)
        {
            text.Append(rowHeads[a].PadRight(rowHeaderWidth));
            for (int p = 0; p < ClassCount; p++)
                text.Append("  ").Append(counts[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(columnWidth));
            text.Append('\n');
        }
        text.Append(CultureInfo.InvariantCulture, $"accuracy {Percent(Accuracy, 2)} ({Correct} of {Total})\n\n");

        int nameWidth = Math.Max(longest, "class".Length);
        text.Append("class".PadRight(nameWidth)).Append("  precision  recall  samples\n");
        for (int k = 0; k < ClassCount; k++)
            text.Append(names[k].PadRight(nameWidth))
                .Append("  ").Append(Percent(Precision(k)).PadLeft("precision".Length))
                .Append("  ").Append(Percent(Recall(k)).PadLeft("recall".Length))
                .Append("  ").Append(ActualCount(k).ToString(CultureInfo.InvariantCulture).PadLeft("samples".Length))
                .Append('\n');
        text.Append("precision: of the samples predicted as the class, the share right (– when none were);\n");
        text.Append("recall: of the samples of the class, the share found\n");
        return text.ToString();
    }

    /// <summary>The name, or its start and "…" when it is longer than <paramref name="width"/> characters.</summary>
    public static string Abbreviate(string name, int width)
    {
        if (name.Length <= width)
            return name;
        int keep = Math.Max(0, width - 1);
        if (keep > 0 && char.IsHighSurrogate(name[keep - 1]))
            keep--; // never half an emoji
        return name[..keep].TrimEnd() + "…";
    }
}
