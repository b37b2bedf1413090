using System.Globalization;
using System.Text;

namespace FromScratch;

public sealed partial class Matrix
{
    // numpy's defaults: summarise past 1000 entries, showing 3 rows/columns at each edge.
    private const int SummaryThreshold = 1000;
    private const int EdgeItems = 3;

    /// <summary>
    /// The shape on the first line, then the values row by row as numpy prints them, e.g.
    /// <code>
    /// Matrix (2, 3)
    /// [[ 1.    0.5  -2.  ]
    ///  [ 0.25  3.    4.  ]]
    /// </code>
    /// Decimal points line up; more than 1000 entries are abbreviated with <c>...</c>.
    /// </summary>
    public override string ToString() => $"Matrix {Shape}\n{FormatValues()}";

    /// <summary>The values alone, formatted exactly like numpy's <c>print(A)</c> with default options.</summary>
    public string FormatValues()
    {
        bool summarise = (long)Rows * Cols > SummaryThreshold;
        int[] rows = ShownIndices(Rows, summarise);
        int[] cols = ShownIndices(Cols, summarise);
        string[,] cells = FormatCells(rows, cols);

        var text = new StringBuilder("[");
        for (int i = 0; i < rows.Length; i++)
        {
            if (i > 0)
                text.Append("\n ");
            if (i > 0 && rows[i] != rows[i - 1] + 1)
                text.Append("...\n ");
            text.Append('[');
            for (int j = 0; j < cols.Length; j++)
            {
                if (j > 0)
                    text.Append(cols[j] != cols[j - 1] + 1 ? " ... " : " ");
                text.Append(cells[i, j]);
            }
            text.Append(']');
        }
        return text.Append(']').ToString();
    }

    // Every entry, row by row, of a matrix of bytes (Matrix.OfBytes), which has no array of doubles to read.
    private IEnumerable<double> Values()
    {
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                yield return ByteView!.At(r, c);
    }

    private static int[] ShownIndices(int count, bool summarise) =>
        summarise && count > 2 * EdgeItems
            ? [.. Enumerable.Range(0, EdgeItems), .. Enumerable.Range(count - EdgeItems, EdgeItems)]
            : [.. Enumerable.Range(0, count)];

    // numpy pads every value to a common width with the decimal points aligned: integer parts
    // right-aligned, fractional parts left-aligned. It switches to scientific notation when the
    // largest non-zero magnitude is ≥ 1e8, the smallest is < 1e-4, or they are over 1000 apart;
    // there every mantissa gets the same number of digits.
    private string[,] FormatCells(int[] rows, int[] cols)
    {
        double maxAbs = 0, minAbs = double.PositiveInfinity;
        foreach (double v in ByteView is null ? Data : Values())
            if (double.IsFinite(v) && v != 0)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(v));
                minAbs = Math.Min(minAbs, Math.Abs(v));
            }
        bool scientific = maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000;
        string format = scientific ? "0.########e+00" : "0.########";
        if (scientific)
        {
            int digits = 0;
            foreach (int r in rows)
                foreach (int c in cols)
                {
                    string s = FormatNumber(this[r, c], format);
                    int dot = s.IndexOf('.'), e = s.IndexOf('e');
                    if (dot >= 0 && e > dot)
                        digits = Math.Max(digits, e - dot - 1);
                }
            format = "0." + new string('0', digits) + "e+00";
        }

        // Split finite values at the point; nan and inf are only padded to the common width.
        var whole = new string[rows.Length, cols.Length];
        var fraction = new string[rows.Length, cols.Length];
        int wholeWidth = 0, fractionWidth = 0, nonFiniteWidth = 0;
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < cols.Length; j++)
            {
                string s = FormatNumber(this[rows[i], cols[j]], format);
                int dot = s.IndexOf('.');
                if (dot < 0)
                {
                    whole[i, j] = s;
                    nonFiniteWidth = Math.Max(nonFiniteWidth, s.Length);
                    continue;
                }
                whole[i, j] = s[..dot];
                fraction[i, j] = s[(dot + 1)..];
                wholeWidth = Math.Max(wholeWidth, whole[i, j].Length);
                fractionWidth = Math.Max(fractionWidth, fraction[i, j].Length);
            }

        int width = Math.Max(nonFiniteWidth, wholeWidth + 1 + fractionWidth);
        var cells = new string[rows.Length, cols.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < cols.Length; j++)
                cells[i, j] = fraction[i, j] is null
                    ? whole[i, j].PadLeft(width)
                    : (whole[i, j].PadLeft(wholeWidth) + "." + fraction[i, j].PadRight(fractionWidth)).PadLeft(width);
        return cells;
    }

    private static string FormatNumber(double value, string format)
    {
        if (double.IsNaN(value))
            return "nan";
        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";
        string s = value.ToString(format, CultureInfo.InvariantCulture);
        // "1e+05" has no point; numpy prints "1.e+05", and "3" as "3.".
        int e = s.IndexOf('e');
        if (!s.Contains('.'))
            s = e < 0 ? s + "." : s[..e] + "." + s[e..];
        return s;
    }
}
