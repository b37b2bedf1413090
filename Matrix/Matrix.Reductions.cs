namespace FromScratch;

public sealed partial class Matrix
{
    /// <summary>
    /// The mean of each row across the columns, kept as an (n × 1) column: numpy's
    /// <c>A.mean(axis=1, keepdims=True)</c>. With one sample per column this averages over the batch,
    /// which is how <c>db = mean(dZ)</c> is computed.
    /// </summary>
    public Matrix MeanOverColumns()
    {
        var result = new Matrix(Rows, 1);
        for (int r = 0; r < Rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < Cols; c++)
                sum += Data[r * Cols + c];
            result.Data[r] = sum / Cols;
        }
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
        foreach (double value in Data)
            if (!double.IsFinite(value))
                return false;
        return true;
    }

    /// <summary>The Frobenius norm ‖A‖ = √(Σ A[r, c]²), the length of the matrix seen as one long vector.</summary>
    public double Norm()
    {
        double sumOfSquares = 0;
        foreach (double value in Data)
            sumOfSquares += value * value;
        return Math.Sqrt(sumOfSquares);
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
    /// Copies the listed rows, in order, into <paramref name="destination"/> (k × Cols) without allocating:
    /// e.g. a mini-batch of samples from a matrix that holds one sample per row.
    /// </summary>
    public void CopyRowsInto(ReadOnlySpan<int> rows, Matrix destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Rows != rows.Length || destination.Cols != Cols)
            throw new ShapeMismatchException(nameof(CopyRowsInto), Shape, destination.Shape,
                $"do not fit: {rows.Length} rows of this matrix need a {FormatShape(rows.Length, Cols)} destination");
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Rows)
                throw new ArgumentException($"CopyRowsInto: row {rows[i]} (position {i}) is out of bounds for a matrix of shape {Shape}");
            Data.AsSpan(rows[i] * Cols, Cols).CopyTo(destination.Data.AsSpan(i * Cols, Cols));
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
        {
            int c = columns[j];
            if ((uint)c >= (uint)Cols)
                throw new ArgumentException($"{operation}: column {c} (position {j}) is out of bounds for a matrix of shape {Shape}");
            for (int r = 0; r < Rows; r++)
                destination.Data[r * columns.Length + j] = Data[r * Cols + c];
        }
    }

    /// <summary>For each column, the row holding its largest value (the first one on a tie): the predicted class per sample.</summary>
    public int[] ArgMaxPerColumn()
    {
        var best = new int[Cols];
        for (int c = 0; c < Cols; c++)
            for (int r = 1; r < Rows; r++)
                if (Data[r * Cols + c] > Data[best[c] * Cols + c])
                    best[c] = r;
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
