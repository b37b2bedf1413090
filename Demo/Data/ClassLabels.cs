using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// Turns a CSV file's class-label column (<c>setosa</c>, <c>versicolor</c>, … or <c>0</c>, <c>1</c>, <c>2</c>) into
/// class numbers, one output of the network each. The classes are ordered by value when every label is a whole
/// number (2 before 10), and by their text (ordinal, as <c>sort</c> with <c>LC_ALL=C</c>) otherwise, so the same
/// labels always give the same order, whatever the order of the rows.
/// </summary>
internal sealed class ClassLabels
{
    /// <summary>
    /// The most classes a label column may have: 1,000. A column with more holds measurements rather than
    /// classes, and a regression target is not what this network does.
    /// </summary>
    public const int MaxClasses = 1000;

    private readonly string path, column, knownFrom;
    private readonly IReadOnlyList<string>? known;
    private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);
    private readonly List<string> names = [];
    private readonly List<int> counts = [];
    private bool? numeric;      // what the first label was: a number or text
    private int firstLine;

    /// <param name="path">The file, for messages.</param>
    /// <param name="column">The label column's name, for messages.</param>
    /// <param name="known">The classes a saved network (or the training file) has, in its order; every label must be one of them. Null when the classes come from the data.</param>
    /// <param name="knownFrom">Whose classes <paramref name="known"/> are, for messages.</param>
    public ClassLabels(string path, string column, IReadOnlyList<string>? known = null, string knownFrom = "the network's classes")
    {
        (this.path, this.column, this.known, this.knownFrom) = (path, column, known, knownFrom);
        if (known is not null)
            foreach (string name in known)
            {
                numbers.TryAdd(name, names.Count);
                names.Add(name);
                counts.Add(0);
            }
    }

    /// <summary>The class number of one row's label: its place in the order of first appearance, or in <c>known</c>.</summary>
    /// <exception cref="DataFormatException">The cell is empty, a number that is not whole, text where earlier rows had numbers (or the reverse), not one of the known classes, or one class too many.</exception>
    public int Add(string field, int line)
    {
        var (label, isNumber) = Check(field, line);
        if (known is null)
        {
            if (numeric is null)
                (numeric, firstLine) = (isNumber, line);
            else if (numeric != isNumber)
                throw Problem(line, $"is {Echo.Quote(label)}, {(isNumber ? "a number" : "text")}, but line {firstLine} has {(numeric.Value ? "a number" : "text")}; a class column holds either names or whole numbers, not both");
        }
        if (!numbers.TryGetValue(label, out int number))
        {
            if (known is not null)
                throw Problem(line, $"is {Echo.Quote(label)}, which is not one of {knownFrom}: {Listed(known)}");
            if (names.Count == MaxClasses)
                throw Problem(line, $"is {Echo.Quote(label)}, class number {MaxClasses + 1}; more than {MaxClasses:N0} classes is not a class column; to predict a number, train with --target {Echo.Quote(column)} instead of --label");
            numbers[label] = number = names.Count;
            names.Add(label);
            counts.Add(0);
        }
        counts[number]++;
        return number;
    }

    /// <summary>
    /// A label's class name and whether it is a number, checked as <see cref="Add"/> does but without making it a
    /// class: names are trimmed and unquoted, and compared character by character, so one written with a combining
    /// accent (e + U+0301 for é) is refused (see <see cref="CombiningMarks"/>); numbers are written plainly (2.0 and
    /// 002 are class 2).
    /// </summary>
    /// <exception cref="DataFormatException">The cell is empty, a name with a combining mark, or a number that is not whole.</exception>
    public (string Label, bool IsNumber) Check(string field, int line)
    {
        string label = CsvReader.Unquoted(field.Trim()).Trim();
        if (label.Length == 0)
            throw Problem(line, "is empty; every row needs its class");
        if (CombiningMarks.FirstIn(label) is string mark)
            throw Problem(line, $"is {Echo.Quote(label)}, written with a combining mark ({mark}); {CombiningMarks.TwoSpellings("classes")}: save the file in composed form (NFC)");
        // "NaN" and "Infinity" parse as numbers, but as classes they are names.
        if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            return (label, false);
        if (value != Math.Floor(value))
            throw Problem(line, $"is {Echo.Quote(label)}, a number that is not a whole one: this looks like a regression target (a measurement to predict), not a class; to predict it as a number, train with --target {Echo.Quote(column)} instead of --label");
        if (Math.Abs(value) > 1e15)
            throw Problem(line, $"is {Echo.Quote(label)}, too large for a class number (at most 10^15); if it is a code, write it with a letter in front");
        return (((long)value).ToString(CultureInfo.InvariantCulture), true);
    }

    /// <summary>
    /// The classes in their final order, how many rows each had, and where each class number that
    /// <see cref="Add"/> returned goes in that order.
    /// </summary>
    public (string[] Names, int[] Counts, int[] NewNumber) Finish()
    {
        int[] order = [.. Enumerable.Range(0, names.Count)];
        if (known is null)
            order = numeric == true
                ? [.. order.OrderBy(i => long.Parse(names[i], CultureInfo.InvariantCulture))]
                : [.. order.OrderBy(i => names[i], StringComparer.Ordinal)];
        var newNumber = new int[names.Count];
        for (int place = 0; place < order.Length; place++)
            newNumber[order[place]] = place;
        return ([.. order.Select(i => names[i])], [.. order.Select(i => counts[i])], newNumber);
    }

    /// <summary>A label column of more whole numbers than this may look like a quantity (see <see cref="LooksLikeAQuantity"/>).</summary>
    public const int QuantityValues = 20;

    /// <summary>… when half of its classes have fewer samples than this.</summary>
    public const int QuantityMedianClassSize = 5;

    /// <summary>
    /// Why a label column of whole numbers looks like a quantity to predict rather than classes, or null when it does
    /// not: more than <see cref="QuantityValues"/> different values, and the median class under
    /// <see cref="QuantityMedianClassSize"/> samples (as 214 values in 442 rows of a disease's progression): a
    /// classifier would learn little from so few samples per class, and a wrong class one off counts as wrong as one far off.
    /// </summary>
    /// <param name="names">The classes as <see cref="Finish"/> gives them.</param>
    /// <param name="counts">Each class's number of samples.</param>
    public static string? LooksLikeAQuantity(IReadOnlyList<string> names, IReadOnlyList<int> counts)
    {
        bool wholeNumbers = names.All(name => long.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        if (!wholeNumbers || names.Count <= QuantityValues)
            return null;
        int[] sizes = [.. counts.Order()];
        double median = sizes.Length % 2 == 1 ? sizes[sizes.Length / 2] : (sizes[sizes.Length / 2 - 1] + sizes[sizes.Length / 2]) / 2.0;
        return median < QuantityMedianClassSize
            ? string.Create(CultureInfo.InvariantCulture, $"holds {names.Count} different whole numbers, from {names[0]} to {names[^1]}, half of them in fewer than {QuantityMedianClassSize} rows each (median {median:0.#})")
            : null;
    }

    /// <summary>e.g. <c>'setosa', 'versicolor', 'virginica'</c>, the first 10 of a long list.</summary>
    public static string Listed(IReadOnlyList<string> classes) =>
        string.Join(", ", classes.Take(10).Select(Echo.Quote)) + (classes.Count > 10 ? $", … ({classes.Count} in all)" : "");

    private DataFormatException Problem(int line, string problem) =>
        new($"{path}:{line}: the label column {Echo.Quote(column)} {problem}");
}
