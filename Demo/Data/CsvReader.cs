using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// Reads numeric CSV files. Layout: the first line is a header naming the columns; every other non-blank
/// line is one sample, comma-separated numbers. The last <c>targets</c> columns are the targets (values
/// in [0, 1]; use one column per class for several classes), the rest are the inputs.
/// </summary>
internal static class CsvReader
{
    public static Dataset Read(string path, int targets)
    {
        var (header, rows) = ReadNumbers(path);
        if (targets >= header.Length)
            throw new DataFormatException($"{path}: the header has {header.Length} columns, so it cannot hold {targets} target column(s) and at least one input");
        int inputs = header.Length - targets;
        var x = new Matrix(inputs, rows.Count);
        var y = new Matrix(targets, rows.Count);
        for (int s = 0; s < rows.Count; s++)
        {
            var (line, values) = rows[s];
            for (int i = 0; i < inputs; i++)
                x[i, s] = values[i];
            for (int t = 0; t < targets; t++)
            {
                double target = values[inputs + t];
                if (target is < 0 or > 1)
                    throw new DataFormatException($"{path}:{line}: target column '{header[inputs + t]}' is {target}; targets must be in [0, 1]");
                y[t, s] = target;
            }
        }
        return new Dataset(x, y);
    }

    /// <summary>Inputs only (no target columns), e.g. for <c>predict --csv</c>: X is (columns × rows).</summary>
    public static Matrix ReadInputs(string path)
    {
        var (header, rows) = ReadNumbers(path);
        var x = new Matrix(header.Length, rows.Count);
        for (int s = 0; s < rows.Count; s++)
            for (int i = 0; i < header.Length; i++)
                x[i, s] = rows[s].Values[i];
        return x;
    }

    private static (string[] Header, List<(int Line, double[] Values)> Rows) ReadNumbers(string path)
    {
        if (!File.Exists(path))
            throw new DataFormatException($"{path}: file not found");
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
            throw new DataFormatException($"{path}:1: expected a header line naming the columns");
        string[] header = [.. lines[0].Split(',').Select(h => h.Trim())];
        var rows = new List<(int, double[])>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            string[] fields = lines[i].Split(',');
            if (fields.Length != header.Length)
                throw new DataFormatException($"{path}:{i + 1}: expected {header.Length} fields like the header, found {fields.Length}");
            var values = new double[fields.Length];
            for (int f = 0; f < fields.Length; f++)
                if (!double.TryParse(fields[f].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[f]) || !double.IsFinite(values[f]))
                    throw new DataFormatException($"{path}:{i + 1}: field {f + 1} ('{header[f]}') is '{fields[f].Trim()}', not a finite number");
            rows.Add((i + 1, values));
        }
        if (rows.Count == 0)
            throw new DataFormatException($"{path}: no data rows after the header");
        return (header, rows);
    }
}
