using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// Reads CSV files. Layout: the first line is a header naming the columns; every other non-blank line is
/// one sample, comma-separated numbers. Either the last <c>targets</c> columns are the targets (values in
/// [0, 1], one column per class for several classes) and the rest are the inputs (<see cref="Read"/>), or
/// one column holds each sample's class as a name or a whole number (<see cref="ReadColumns"/>).
/// </summary>
/// <remarks>
/// The file is streamed, never read whole, and read twice: the first pass counts the rows (checking the
/// limits below), so the second can write each number straight into matrices of the right size. A line
/// is read in bounded chunks, so even a file without a single line break cannot fill the memory.
/// </remarks>
internal static class CsvReader
{
    /// <summary>The longest line read: 1 Mi (1,048,576) characters, room for 100,000 columns of numbers.</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>The largest CSV file read: 256 MiB (the MNIST training set as CSV is about 110 MB).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>
    /// The most numbers (data rows × columns) one CSV file may hold: 64 Mi (67,108,864), the same as an IDX
    /// file; as 8-byte doubles they take at most 512 MiB.
    /// </summary>
    public const int MaxValues = 64 << 20;

    /// <summary>
    /// Inputs and targets; with <paramref name="limit"/> above 0 only the first that many samples are
    /// kept (every row is still checked). The header names both (<see cref="Dataset.InputNames"/>, and
    /// <see cref="Dataset.ClassNames"/> when there are several target columns, one per class).
    /// </summary>
    public static Dataset Read(string path, int targets, int limit = 0)
    {
        using var stream = DataFile.Open(path);
        var (header, rows) = Scan(path, stream);
        if (targets >= header.Length)
            throw new DataFormatException($"{path}: the header has {header.Length} columns, so it cannot hold {targets} target column(s) and at least one input");
        int inputs = header.Length - targets, keep = limit > 0 ? Math.Min(limit, rows) : rows;
        var x = new Matrix(inputs, keep);
        var y = new Matrix(targets, keep);
        // A target column of class names wants --label instead: say so where the first name is met.
        string TargetHint(int column) => column >= inputs ? $"; if the column holds class names, give --label {Echo.Quote(header[column])}" : "";
        ForEachRow(path, stream, header, rows, label: -1, (s, line, values, _) =>
        {
            for (int t = 0; t < targets; t++)
            {
                double target = values[inputs + t];
                if (target is < 0 or > 1)
                    throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{line}: target column {Echo.Quote(header[inputs + t])} is {target}; targets must be in [0, 1]{(targets == 1 && target == Math.Floor(target) ? $"; if it holds class numbers, give --label {header.Length} (or its name) instead" : "")}; to predict it as a number, give --target {Echo.Quote(header[inputs + t])}"));
                if (s < keep)
                    y[t, s] = target;
            }
            if (s < keep)
                for (int i = 0; i < inputs; i++)
                    x[i, s] = values[i];
        }, hint: TargetHint);
        return new Dataset(x, y) { InputNames = header[..inputs], ClassNames = targets > 1 ? header[inputs..] : null };
    }

    /// <summary>Inputs only (no target columns), e.g. for <c>predict --csv</c>: X is (columns × rows).</summary>
    public static Matrix ReadInputs(string path)
    {
        using var stream = DataFile.Open(path);
        var (header, rows) = Scan(path, stream);
        var x = new Matrix(header.Length, rows);
        ForEachRow(path, stream, header, rows, label: -1, (s, _, values, _) =>
        {
            for (int i = 0; i < header.Length; i++)
                x[i, s] = values[i];
        });
        return x;
    }

    /// <summary>
    /// Inputs by column and, when <paramref name="choose"/> names one, a class-label column (names or whole
    /// numbers, see <see cref="ClassLabels"/>). <paramref name="choose"/> sees the header and picks the columns;
    /// columns it does not pick are not read. With <paramref name="classes"/> (a saved network's), every label
    /// must be one of them and keeps their order (<paramref name="classesFrom"/> says whose they are). Only the first <paramref name="limit"/> samples are kept when it
    /// is above 0 (every row is still checked). <paramref name="hint"/>, given the header and a column, adds to the
    /// message for a field that is not a number.
    /// </summary>
    public static LabelledCsv ReadColumns(string path, Func<string[], CsvColumns> choose, IReadOnlyList<string>? classes = null, string classesFrom = "the network's classes", int limit = 0,
        Func<string[], int, string>? hint = null)
    {
        using var stream = DataFile.Open(path);
        var (header, rows) = Scan(path, stream);
        var columns = choose(header);
        if (columns.Inputs.Length == 0)
            throw new DataFormatException($"{path}: no input columns besides the label {Echo.Quote(header[columns.Label])}; the network needs at least one measurement per sample");
        int keep = limit > 0 ? Math.Min(limit, rows) : rows;
        var x = new Matrix(columns.Inputs.Length, keep);
        ClassLabels? labels = columns.Label >= 0 ? new ClassLabels(path, header[columns.Label], classes, classesFrom) : null;
        var numbers = labels is null ? null : new int[keep];
        var used = new bool[header.Length];
        foreach (int column in columns.Inputs)
            used[column] = true;
        ForEachRow(path, stream, header, rows, columns.Label, (s, line, values, label) =>
        {
            if (s >= keep)
            {
                labels?.Check(label!, line); // past --limit: checked, but no class is made from it
                return;
            }
            int number = labels?.Add(label!, line) ?? 0;
            for (int i = 0; i < columns.Inputs.Length; i++)
                x[i, s] = values[columns.Inputs[i]];
            if (numbers is not null)
                numbers[s] = number;
        }, used, hint: hint is null ? null : column => hint(header, column));
        string[] inputNames = [.. columns.Inputs.Select(c => header[c])];
        if (labels is null)
            return new LabelledCsv(x, inputNames, null, null, null, null);
        var (names, counts, newNumber) = labels.Finish();
        for (int s = 0; s < keep; s++)
            numbers![s] = newNumber[numbers[s]];
        if ((long)names.Length * keep > MaxValues)
            throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {names.Length} classes for {keep:N0} rows make {(long)names.Length * keep:N0} one-hot targets, more than the limit of {MaxValues:N0} numbers"));
        return new LabelledCsv(x, inputNames, header[columns.Label], numbers, names, counts);
    }

    // First pass: the header and the number of data (non-blank) rows, checking every limit on the way.
    private static (string[] Header, int Rows) Scan(string path, FileStream stream)
    {
        long bytes = stream.Length;
        if (bytes > MaxFileBytes)
            throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: the file has {bytes:N0} bytes, more than the limit of {MaxFileBytes:N0} bytes (256 MiB) for a CSV file"));
        var lines = new LineReader(path, stream);
        string? first = lines.Next();
        if (first is null || string.IsNullOrWhiteSpace(first))
            throw new DataFormatException($"{path}:1: expected a header line naming the columns");
        string[] header = [.. first.Split(',').Select(h => Unquoted(h.Trim()).Trim())];
        // Columns are found by name (--label, a saved network's inputs), so each needs one, and only once.
        for (int c = 0; c < header.Length; c++)
            if (header[c].Length == 0)
                throw new DataFormatException($"{path}:1: column {c + 1} has no name in the header{(c == 0 ? " (pandas writes its row index so; save with df.to_csv(path, index=False))" : "")}; give every column a name");
            else if (Array.IndexOf(header, header[c]) is int earlier && earlier < c)
                throw new DataFormatException($"{path}:1: the header names {Echo.Quote(header[c])} twice (columns {earlier + 1} and {c + 1}); give every column its own name");
            else if (CombiningMarks.FirstIn(header[c]) is string mark)
                throw new DataFormatException($"{path}:1: column {c + 1} of the header is {Echo.Quote(header[c])}, written with a combining mark ({mark}); {CombiningMarks.TwoSpellings("columns")}: save the file in composed form (NFC)");
        int rows = 0;
        while (lines.Next() is string line)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            rows++;
            if ((long)rows * header.Length > MaxValues)
                throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{lines.Number}: more than {MaxValues:N0} numbers ({rows:N0} rows of {header.Length} columns), the limit for a CSV file"));
        }
        if (rows == 0)
            throw new DataFormatException($"{path}: no data rows after the header");
        return (header, rows);
    }

    /// <summary>"setosa" → setosa: many CSV writers quote text (and R's <c>write.csv</c> every header name).</summary>
    public static string Unquoted(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Replace("\"\"", "\"") : text;

    // Second pass: parses each data row and hands its index, line number, values and label text to `take`.
    // The label column (or none, −1) is handed over as text; of the others only the `used` ones are parsed (all when null).
    // `hint` adds to the message for a field that is not a number, given the field's column.
    private static void ForEachRow(string path, FileStream stream, string[] header, int rows, int label, Action<int, int, double[], string?> take, bool[]? used = null, Func<int, string>? hint = null)
    {
        stream.Position = 0;
        var lines = new LineReader(path, stream);
        lines.Next();   // the header
        var values = new double[header.Length];
        int sample = 0;
        while (lines.Next() is string line)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (sample == rows)
                throw new DataFormatException($"{path}: the file changed while it was read");
            string[] fields = line.Split(',');
            if (fields.Length != header.Length)
                throw new DataFormatException($"{path}:{lines.Number}: expected {header.Length} fields like the header, found {fields.Length}" +
                    (line.Contains('"') ? " (a comma inside quotes still separates fields here: this reader does not parse quoted commas)" : ""));
            for (int f = 0; f < fields.Length; f++)
            {
                if (f == label || (used is not null && !used[f]))
                    continue;
                string field = Unquoted(fields[f].Trim());
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[f]) || !double.IsFinite(values[f]))
                    throw new DataFormatException(
                        $"{path}:{lines.Number}: field {f + 1} ({Echo.Quote(header[f])}) is {Echo.Quote(field)}, not a finite number{hint?.Invoke(f)}");
            }
            take(sample++, lines.Number, values, label >= 0 ? fields[label] : null);
        }
        if (sample != rows)
            throw new DataFormatException($"{path}: the file changed while it was read");
    }

    /// <summary>
    /// Lines of text (ended by \n, \r\n or \r) read in chunks of 64 Ki characters: a line longer than
    /// <see cref="MaxLineChars"/> or a file longer than <see cref="MaxFileBytes"/> stops the reading there.
    /// </summary>
    private sealed class LineReader(string path, Stream stream)
    {
        private readonly StreamReader reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        private readonly char[] buffer = new char[1 << 16];
        private readonly StringBuilder line = new();
        private int position, length;
        private long total;
        private bool skipLineFeed;   // the last line ended with \r: a \n right after it belongs to it

        /// <summary>The number (from 1) of the line <see cref="Next"/> returned last.</summary>
        public int Number { get; private set; }

        /// <summary>The next line without its line break, or null at the end of the file.</summary>
        public string? Next()
        {
            line.Clear();
            bool any = false;
            while (true)
            {
                if (position == length && !Refill())
                {
                    if (!any)
                        return null;
                    Number++;
                    return line.ToString();
                }
                if (skipLineFeed)
                {
                    skipLineFeed = false;
                    if (buffer[position] == '\n')
                    {
                        position++;
                        continue;
                    }
                }
                any = true;
                var rest = buffer.AsSpan(position, length - position);
                int end = rest.IndexOfAny('\r', '\n');
                int take = end < 0 ? rest.Length : end;
                if (line.Length + take > MaxLineChars)
                    throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{Number + 1}: the line is longer than the limit of {MaxLineChars:N0} characters"));
                line.Append(rest[..take]);
                position += take;
                if (end >= 0)
                {
                    skipLineFeed = buffer[position] == '\r';
                    position++;
                    Number++;
                    return line.ToString();
                }
            }
        }

        private bool Refill()
        {
            try
            {
                length = reader.Read(buffer, 0, buffer.Length);
            }
            catch (IOException problem)
            {
                throw new DataFormatException($"{path}: cannot be read: {problem.Message}");
            }
            position = 0;
            total += length;
            // A regular file was measured before reading; this stops anything that grows or never ends.
            if (total > MaxFileBytes)
                throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: more than {MaxFileBytes:N0} characters, the limit for a CSV file"));
            return length > 0;
        }
    }
}

/// <summary>The columns <see cref="CsvReader.ReadColumns"/> reads: the inputs (0-based, in the order the network takes them) and the label column (−1 for none).</summary>
internal sealed record CsvColumns(int[] Inputs, int Label)
{
    /// <summary>
    /// The column <c>--label</c> names, from 0: a whole number is the column's place counting from 1 (so a header
    /// of numbers, as in scikit-learn's files, still works), anything else a header name. <paramref name="option"/>
    /// names the option in messages (<c>--target</c> finds its columns alike).
    /// </summary>
    public static int LabelColumn(string path, string[] header, string label, string option = "--label")
    {
        label = label.Trim();
        if (int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out int place))
            return place >= 1 && place <= header.Length ? place - 1
                : throw new DataFormatException($"{path}: {option} {place} is past the last column; the file has {header.Length} columns, counted from 1");
        if (label.All(char.IsAsciiDigit))
            throw new DataFormatException($"{path}: {option} {label} is past the last column; the file has {header.Length} columns, counted from 1");
        int index = Array.IndexOf(header, label);
        return index >= 0 ? index
            : throw new DataFormatException($"{path}: no column is named {Echo.Quote(label)}; the header names {ClassLabels.Listed(header)}");
    }

    /// <summary>The columns <c>--target a,b</c> names (each a header name or a place from 1), from 0, in the order given.</summary>
    public static int[] TargetColumns(string path, string[] header, string targets)
    {
        int[] columns = [.. targets.Split(',').Select(target => LabelColumn(path, header, target, "--target"))];
        for (int i = 1; i < columns.Length; i++)
            if (Array.IndexOf(columns, columns[i]) < i)
                throw new DataFormatException($"{path}: --target {Echo.Quote(targets)} names the column {Echo.Quote(header[columns[i]])} twice");
        return columns;
    }

    /// <summary>Every column but the label, in the file's order.</summary>
    public static CsvColumns AllBut(string[] header, int label) => new([.. Enumerable.Range(0, header.Length).Where(c => c != label)], label);

    /// <summary>
    /// The columns named <paramref name="names"/> (the inputs, in order, of <paramref name="owner"/>: "the network in
    /// net.json", or "train.csv"), wherever they are in the file; the label column may not be one of them.
    /// </summary>
    public static int[] Named(string path, string[] header, IReadOnlyList<string> names, string owner, int label = -1)
    {
        var inputs = new int[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            inputs[i] = Array.IndexOf(header, names[i]);
            if (inputs[i] < 0)
                throw new DataFormatException($"{path}: has no column {Echo.Quote(names[i])}, input {i + 1} of {owner}, whose inputs are {ClassLabels.Listed(names)}");
            if (inputs[i] == label)
                throw new DataFormatException($"{path}: the label column {Echo.Quote(names[i])} is input {i + 1} of {owner}; a class cannot be both");
        }
        return inputs;
    }
}

/// <summary>
/// What <see cref="CsvReader.ReadColumns"/> read: X (inputs × m) and the inputs' names; with a label column also
/// its name, each sample's class number, the class names in order and each class's count.
/// </summary>
internal sealed record LabelledCsv(Matrix X, string[] InputNames, string? LabelName, int[]? Labels, string[]? ClassNames, int[]? ClassCounts)
{
    /// <summary>The samples with one-hot targets, one row per class (needs a label column).</summary>
    public Dataset ToDataset() =>
        new(X, Dataset.OneHot(Labels ?? throw new InvalidOperationException("no label column was read"), ClassNames!.Length)) { InputNames = InputNames, ClassNames = ClassNames };
}
