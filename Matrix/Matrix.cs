namespace FromScratch;

/// <summary>
/// A dense matrix of doubles, stored row-major: entry (r, c) lives at <c>r * Cols + c</c>.
/// </summary>
/// <remarks>
/// Operators: <c>+</c> and <c>-</c> are elementwise (with one broadcast, see
/// <see cref="op_Addition(Matrix, Matrix)"/>); <c>*</c> and <c>/</c> only ever take a scalar.
/// The matrix product is <see cref="Dot(Matrix, Matrix?, double)"/> and the elementwise product is
/// <see cref="Hadamard"/>, so neither can be mistaken for the other.
/// </remarks>
public sealed partial class Matrix
{
    // Row-major storage, read through Data (Matrix.Bytes.cs), so the fast kernels can use spans over it; null for a
    // matrix that reads bytes in place.
    private readonly double[]? data;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>The shape as numpy prints it, e.g. <c>(4, 5)</c>.</summary>
    public string Shape => FormatShape(Rows, Cols);

    /// <summary>A (rows × cols) matrix of zeros.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero or negative.</exception>
    public Matrix(int rows, int cols)
    {
        RequirePositive(rows, cols, "Matrix");
        Rows = rows;
        Cols = cols;
        data = new double[rows * cols];
    }

    // Wraps an existing row-major buffer without copying (callers pass a fresh array).
    private Matrix(int rows, int cols, double[] data)
    {
        Rows = rows;
        Cols = cols;
        this.data = data;
    }

    /// <summary>True when <paramref name="other"/> has the same number of rows and of columns.</summary>
    public bool HasShapeOf(Matrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Rows == other.Rows && Cols == other.Cols;
    }

    /// <summary>A (rows × cols) matrix of zeros.</summary>
    public static Matrix Zeros(int rows, int cols) => new(rows, cols);

    /// <summary>
    /// A matrix from its rows, e.g. <c>FromRows([1, 2], [3, 4])</c> is (2, 2).
    /// Every row must have the same length and every value must be finite.
    /// </summary>
    /// <exception cref="ArgumentException">No rows, a ragged row, or a NaN/infinite value.</exception>
    public static Matrix FromRows(params double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0 || rows[0] is null || rows[0].Length == 0)
            throw new ArgumentException("FromRows: need at least one row with at least one value");
        int cols = rows[0].Length;
        var result = new Matrix(rows.Length, cols);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null || rows[r].Length != cols)
                throw new ArgumentException(
                    $"FromRows: row {r} has {rows[r]?.Length ?? 0} values but row 0 has {cols}; all rows must be the same length");
            for (int c = 0; c < cols; c++)
                result[r, c] = RequireFinite(rows[r][c], r, c, "FromRows");
        }
        return result;
    }

    /// <summary>A matrix from a 2-D array, with the array's shape.</summary>
    /// <exception cref="ArgumentException">An empty array or a NaN/infinite value.</exception>
    public static Matrix FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rows == 0 || cols == 0)
            throw new ArgumentException($"FromArray: the array is {FormatShape(rows, cols)}; both sizes must be positive");
        var result = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                result[r, c] = RequireFinite(values[r, c], r, c, "FromArray");
        return result;
    }

    /// <summary>A column vector (n × 1), e.g. one sample or a bias.</summary>
    public static Matrix Column(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
            throw new ArgumentException("Column: need at least one value");
        var result = new Matrix(values.Length, 1);
        for (int r = 0; r < values.Length; r++)
            result[r, 0] = RequireFinite(values[r], r, 0, "Column");
        return result;
    }

    /// <summary>A (rows × cols) matrix of values drawn uniformly from [low, high) with <paramref name="random"/>.</summary>
    /// <remarks>Pass a seeded <see cref="System.Random"/> (e.g. <c>new Random(42)</c>) for repeatable results.</remarks>
    public static Matrix Random(int rows, int cols, double low, double high, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // The width too must be finite: high − low overflows for ±double.MaxValue and would fill the matrix with ∞.
        if (!(low < high) || !double.IsFinite(high - low))
            throw new ArgumentException($"Random: need finite low < high with a finite width high − low, got low = {low}, high = {high}");
        var result = new Matrix(rows, cols);
        for (int i = 0; i < result.Data.Length; i++)
            result.Data[i] = low + (high - low) * random.NextDouble();
        return result;
    }

    /// <summary>
    /// A (rows × cols) matrix of values drawn from the normal distribution N(0, σ²) with <paramref name="random"/>
    /// (Box–Muller: two uniform numbers give two independent normal ones), e.g. He initialisation's σ = √(2 / n_in).
    /// </summary>
    /// <exception cref="ArgumentException">σ is not a positive finite number.</exception>
    public static Matrix RandomNormal(int rows, int cols, double standardDeviation, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
            throw new ArgumentException($"RandomNormal: the standard deviation must be a positive finite number, got {standardDeviation}");
        var result = new Matrix(rows, cols);
        for (int i = 0; i < result.Data.Length; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())), angle = 2 * Math.PI * random.NextDouble(); // 1 − u is in (0, 1]: no ln 0
            result.Data[i] = standardDeviation * radius * Math.Cos(angle);
            if (i + 1 < result.Data.Length)
                result.Data[i + 1] = standardDeviation * radius * Math.Sin(angle);
        }
        return result;
    }

    /// <summary>An independent copy: changing one does not change the other.</summary>
    public Matrix Copy() => new(Rows, Cols, (double[])Data.Clone());

    /// <summary>The entry at row <paramref name="row"/>, column <paramref name="col"/> (both from 0).</summary>
    /// <exception cref="IndexOutOfRangeException">The index is outside the shape; the message names both.</exception>
    public double this[int row, int col]
    {
        get
        {
            CheckIndex(row, col);
            return ByteView is null ? Data[row * Cols + col] : ByteView.At(row, col);
        }
        set
        {
            CheckIndex(row, col);
            Data[row * Cols + col] = value;
        }
    }

    /// <summary>
    /// The entries themselves in row-major order (entry (r, c) at <c>r * Cols + c</c>), for loops that need
    /// raw speed. Writing to the span changes the matrix.
    /// </summary>
    public Span<double> AsSpan() => Data;

    /// <summary>The values as rows, e.g. for saving; a fresh copy.</summary>
    public double[][] ToRows()
    {
        var rows = new double[Rows][];
        for (int r = 0; r < Rows; r++)
            rows[r] = Data.AsSpan(r * Cols, Cols).ToArray();
        return rows;
    }

    /// <summary>A shape as numpy prints it, e.g. <c>FormatShape(4, 5)</c> is <c>(4, 5)</c>.</summary>
    public static string FormatShape(int rows, int cols) => $"({rows}, {cols})";

    private void CheckIndex(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
            throw new IndexOutOfRangeException($"index [{row}, {col}] is out of bounds for a matrix of shape {Shape}");
    }

    private static void RequirePositive(int rows, int cols, string operation)
    {
        if (rows <= 0)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"{operation}: rows must be positive, got {rows} (shape {FormatShape(rows, cols)})");
        if (cols <= 0)
            throw new ArgumentOutOfRangeException(nameof(cols), cols, $"{operation}: cols must be positive, got {cols} (shape {FormatShape(rows, cols)})");
        if ((long)rows * cols > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(rows), rows,
                $"{operation}: shape {FormatShape(rows, cols)} has {(long)rows * cols} entries, more than the {Array.MaxLength} one array can hold");
    }

    private static double RequireFinite(double value, int row, int col, string operation)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{operation}: value at [{row}, {col}] is {value}; only finite numbers are allowed");
        return value;
    }
}
