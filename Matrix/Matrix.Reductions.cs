namespace FromScratch;

public sealed partial class Matrix
{
    /// <summary>
    /// The mean of each row across the columns, kept as an (n × 1) column: numpy's
    /// <c>A.mean(axis=1, keepdims=True)</c>. With one sample per column this averages over the batch,
    /// which is how <c>db = mean(dZ)</c> is computed.
    /// </summary>
    /// <param name="into">Where to write the (Rows × 1) result; a new matrix when null.</param>
    /// <exception cref="ShapeMismatchException"><paramref name="into"/> is not (Rows × 1).</exception>
    public Matrix MeanOverColumns(Matrix? into = null)
    {
        var result = into ?? new Matrix(Rows, 1);
        if (result.Rows != Rows || result.Cols != 1)
            throw new ShapeMismatchException(nameof(MeanOverColumns), Shape, result.Shape, $"do not fit: the means of a {Shape} matrix's rows need a ({Rows}, 1) matrix");
        for (int r = 0; r < Rows; r++)
        {
            double sum = 0;
            foreach (double value in Data.AsSpan(r * Cols, Cols))
                sum += value;
            result.Data[r] = sum / Cols;
        }
        if (OperationLog.Current is { } log)
            log.Add($"{log.Name(result)} = mean of {log.Describe(this)} over the columns -> {result.Shape}");
        return result;
    }

    /// <summary>The sum of every entry.</summary>
    public double Sum()
    {
        double sum = 0;
        foreach (double value in Data)
            sum += value;
        return sum;
    }

    /// <summary>True when no entry is NaN or infinite.</summary>
    public bool IsFinite()
    {
        if (ByteView is not null)
            return true; // a matrix of bytes reads each through a table of finite values
        foreach (double value in Data)
            if (!double.IsFinite(value))
                return false;
        return true;
    }

    /// <summary>The Frobenius norm ‖A‖ = √(Σ A[r, c]²), the length of the matrix seen as one long vector.</summary>
    public double Norm() => Math.Sqrt(SumOfSquares());

    /// <summary>‖A‖² = Σ A[r, c]², every entry squared and summed (e.g. the L2 penalty's Σ‖W‖²).</summary>
    public double SumOfSquares()
    {
        double sum = 0;
        foreach (double value in Data)
            sum += value * value;
        if (OperationLog.Current is { } log)
            log.Add($"‖{log.Name(this)}‖² = Σ of the squares of {log.Describe(this)} -> a number");
        return sum;
    }

    /// <summary>Σ |A[r, c]|, every entry's absolute value summed (e.g. the L1 penalty's Σ|W|).</summary>
    public double SumOfAbsolutes()
    {
        double sum = 0;
        foreach (double value in Data)
            sum += Math.Abs(value);
        if (OperationLog.Current is { } log)
            log.Add($"Σ|{log.Name(this)}| = Σ of the absolute values of {log.Describe(this)} -> a number");
        return sum;
    }

    /// <summary>
    /// A new (Rows × k) matrix made of the listed columns in the listed order, e.g. one mini-batch
    /// of samples when each column is a sample.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty or a column index is outside 0..Cols−1.</exception>
    public Matrix SelectColumns(ReadOnlySpan<int> columns)
    {
        if (columns.Length == 0)
            throw new ArgumentException($"SelectColumns: need at least one column of the {Shape} matrix");
        var result = new Matrix(Rows, columns.Length);
        CopyColumns(columns, result, nameof(SelectColumns));
        return result;
    }

    /// <summary>
    /// Copies the listed rows, in order, into the columns of <paramref name="destination"/> (Cols × k) without
    /// allocating: e.g. a mini-batch of samples, one per column, from a matrix that holds one sample per row,
    /// where each sample is read as one contiguous run of memory.
    /// </summary>
    public void CopyRowsIntoColumns(ReadOnlySpan<int> rows, Matrix destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Cols != rows.Length || destination.Rows != Cols)
            throw new ShapeMismatchException(nameof(CopyRowsIntoColumns), Shape, destination.Shape,
                $"do not fit: {rows.Length} rows of this matrix need a {FormatShape(Cols, rows.Length)} destination");
        int k = rows.Length;
        foreach (int row in rows)
            if ((uint)row >= (uint)Rows)
                throw new ArgumentException($"CopyRowsIntoColumns: row {row} (position {rows.IndexOf(row)}) is out of bounds for a matrix of shape {Shape}");
        // Eight rows at a time, walking along them together: each row is read in order and each
        // destination row receives eight neighbouring values, so reads and writes both stay sequential.
        Span<int> starts = stackalloc int[8];
        for (int first = 0; first < k; first += 8)
        {
            int count = Math.Min(8, k - first);
            for (int i = 0; i < count; i++)
                starts[i] = rows[first + i] * Cols;
            for (int c = 0; c < Cols; c++)
            {
                Span<double> target = destination.Data.AsSpan(c * k + first, count);
                for (int i = 0; i < count; i++)
                    target[i] = Data[starts[i] + c];
            }
        }
    }

    /// <summary>Copies the listed columns, in order, into <paramref name="destination"/> (Rows × k) without allocating.</summary>
    public void CopyColumnsInto(ReadOnlySpan<int> columns, Matrix destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Cols != columns.Length || destination.Rows != Rows)
            throw new ShapeMismatchException(nameof(CopyColumnsInto), Shape, destination.Shape,
                $"do not fit: {columns.Length} columns of this matrix need a {FormatShape(Rows, columns.Length)} destination");
        CopyColumns(columns, destination, nameof(CopyColumnsInto));
    }

    private void CopyColumns(ReadOnlySpan<int> columns, Matrix destination, string operation)
    {
        for (int j = 0; j < columns.Length; j++)
            if ((uint)columns[j] >= (uint)Cols)
                throw new ArgumentException($"{operation}: column {columns[j]} (position {j}) is out of bounds for a matrix of shape {Shape}");
        // Consecutive columns (a chunk of samples, as when measuring accuracy) are one run of memory in each
        // row: copied as a block rather than one value at a time.
        bool consecutive = columns.Length > 0;
        for (int j = 1; j < columns.Length && consecutive; j++)
            consecutive = columns[j] == columns[0] + j;
        if (consecutive)
        {
            for (int r = 0; r < Rows; r++)
                Data.AsSpan(r * Cols + columns[0], columns.Length).CopyTo(destination.Data.AsSpan(r * columns.Length, columns.Length));
            return;
        }
        // Row by row: each row of the destination is filled from one row of this matrix, so the reads stay
        // near each other (a run of neighbouring columns reads contiguous memory) instead of striding down columns.
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<double> row = Data.AsSpan(r * Cols, Cols);
            Span<double> into = destination.Data.AsSpan(r * columns.Length, columns.Length);
            for (int j = 0; j < columns.Length; j++)
                into[j] = row[columns[j]];
        }
    }

    /// <summary>For each column, the row holding its largest value (the first one on a tie): the predicted class per sample.</summary>
    public int[] ArgMaxPerColumn()
    {
        var best = new int[Cols];
        for (int c = 0; c < Cols; c++)
            best[c] = ArgMaxOfColumn(c);
        return best;
    }

    /// <summary>The row holding column <paramref name="column"/>'s largest value (the first one on a tie), without allocating.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is outside the matrix.</exception>
    public int ArgMaxOfColumn(int column)
    {
        if ((uint)column >= (uint)Cols)
            throw new ArgumentOutOfRangeException(nameof(column), column, $"ArgMaxOfColumn: column {column} is out of bounds for a matrix of shape {Shape}");
        int best = 0;
        for (int r = 1; r < Rows; r++)
            if (Data[r * Cols + column] > Data[best * Cols + column])
                best = r;
        return best;
    }

    /// <summary>The largest |this[r, c] − other[r, c]| over all entries; the shapes must match.</summary>
    public double MaxAbsDifference(Matrix other)
    {
        RequireSameShape(this, other, nameof(MaxAbsDifference));
        double max = 0;
        for (int i = 0; i < Data.Length; i++)
            max = Math.Max(max, Math.Abs(Data[i] - other.Data[i]));
        return max;
    }

    /// <summary>
    /// Approximate equality, numpy's <c>allclose</c>: same shape and, for every entry,
    /// |a − b| ≤ absoluteTolerance + relativeTolerance · |b|. Use this, not <c>==</c>, to compare results.
    /// </summary>
    public bool AllClose(Matrix other, double relativeTolerance = 1e-5, double absoluteTolerance = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rows != other.Rows || Cols != other.Cols)
            return false;
        for (int i = 0; i < Data.Length; i++)
            if (!(Math.Abs(Data[i] - other.Data[i]) <= absoluteTolerance + relativeTolerance * Math.Abs(other.Data[i])))
                return false;
        return true;
    }
}
