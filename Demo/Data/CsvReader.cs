using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// Reads numeric CSV files. Layout: the first line is a header naming the columns; every other non-blank
/// line is one sample, comma-separated numbers. The last <c>targets</c> columns are the targets (values
/// in [0, 1]; use one column per class for several classes), the rest are the inputs.
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
    /// kept (every row is still checked).
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
        ForEachRow(path, stream, header, rows, (s, line, values) =>
        {
            for (int t = 0; t < targets; t++)
            {
                double target = values[inputs + t];
                if (target is < 0 or > 1)
                    throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{line}: target column {Echo.Quote(header[inputs + t])} is {target}; targets must be in [0, 1]"));
                if (s < keep)
                    y[t, s] = target;
            }
            if (s < keep)
                for (int i = 0; i < inputs; i++)
                    x[i, s] = values[i];
        });
        return new Dataset(x, y);
    }

    /// <summary>Inputs only (no target columns), e.g. for <c>predict --csv</c>: X is (columns × rows).</summary>
    public static Matrix ReadInputs(string path)
    {
        using var stream = DataFile.Open(path);
        var (header, rows) = Scan(path, stream);
        var x = new Matrix(header.Length, rows);
        ForEachRow(path, stream, header, rows, (s, _, values) =>
        {
            for (int i = 0; i < header.Length; i++)
                x[i, s] = values[i];
        });
        return x;
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
        string[] header = [.. first.Split(',').Select(h => h.Trim())];
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

    // Second pass: parses each data row and hands its index, line number and values to `take`.
    private static void ForEachRow(string path, FileStream stream, string[] header, int rows, Action<int, int, double[]> take)
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
                throw new DataFormatException($"{path}:{lines.Number}: expected {header.Length} fields like the header, found {fields.Length}");
            for (int f = 0; f < fields.Length; f++)
                if (!double.TryParse(fields[f].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[f]) || !double.IsFinite(values[f]))
                    throw new DataFormatException(
                        $"{path}:{lines.Number}: field {f + 1} ({Echo.Quote(header[f])}) is {Echo.Quote(fields[f].Trim())}, not a finite number");
            take(sample++, lines.Number, values);
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
