namespace FromScratch;

public sealed partial class Matrix
{
    /// <summary>
    /// The matrix product: an (a × b) matrix times a (b × c) matrix is (a × c), with
    /// <c>result[i, j] = Σₖ this[i, k] · other[k, j]</c>.
    /// </summary>
    /// <exception cref="ShapeMismatchException">This matrix's column count differs from <paramref name="other"/>'s row count.</exception>
    public Matrix Dot(Matrix other)
    {
        RequireAligned(this, other, nameof(Dot));
        var result = new Matrix(Rows, other.Cols);
        Gemm.Multiply(1.0, Gemm.Operand.Of(this, false), Gemm.Operand.Of(other, false), result.Data, Rows, other.Cols, Cols, accumulate: false);
        return result;
    }

    /// <summary>
    /// result = op(left) · op(right), overwriting <paramref name="result"/>, where op transposes when asked:
    /// e.g. <c>Multiply(dZ, previous, dW, transposeRight: true)</c> is dW = dZ · Aᵀ without copying Aᵀ.
    /// For loops that reuse their buffers; <see cref="Dot"/> is the everyday form.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The inner sizes differ, or result has the wrong shape.</exception>
    public static void Multiply(Matrix left, Matrix right, Matrix result, bool transposeLeft = false, bool transposeRight = false) =>
        Product(1.0, left, right, result, transposeLeft, transposeRight, accumulate: false);

    /// <summary>
    /// result += scale · op(left) · op(right) (BLAS's C ← αAB + C), e.g. the gradient step
    /// <c>MultiplyAdd(−η/m, dZ, previous, W, transposeRight: true)</c> for W ← W − (η/m)·dZ·Aᵀ.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The inner sizes differ, or result has the wrong shape.</exception>
    public static void MultiplyAdd(double scale, Matrix left, Matrix right, Matrix result, bool transposeLeft = false, bool transposeRight = false) =>
        Product(scale, left, right, result, transposeLeft, transposeRight, accumulate: true);

    private static void Product(double scale, Matrix left, Matrix right, Matrix result, bool transposeLeft, bool transposeRight, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(result);
        string operation = accumulate ? nameof(MultiplyAdd) : nameof(Multiply);
        int m = transposeLeft ? left.Cols : left.Rows, k = transposeLeft ? left.Rows : left.Cols;
        int rightRows = transposeRight ? right.Cols : right.Rows, n = transposeRight ? right.Rows : right.Cols;
        if (k != rightRows)
            throw NotAligned(operation, m, k, rightRows, n);
        if (result.Rows != m || result.Cols != n)
            throw new ShapeMismatchException(operation, FormatShape(m, k), FormatShape(rightRows, n),
                $"give a {FormatShape(m, n)} product, but the result matrix is {result.Shape}");
        if (ReferenceEquals(result, left) || ReferenceEquals(result, right))
            throw new ArgumentException($"{operation}: the result must be a different matrix from both operands");
        Gemm.Multiply(scale, Gemm.Operand.Of(left, transposeLeft), Gemm.Operand.Of(right, transposeRight), result.Data, m, n, k, accumulate);
    }

    /// <summary>
    /// The most threads one large product may use; products below a few million multiply-adds always
    /// run on one. Defaults to the number of cores; set 1 to measure single-threaded speed.
    /// </summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1");
    }

    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The plain triple-loop product, the way a student would write it. It is slow and kept on
    /// purpose: the fast <see cref="Dot"/> is tested against it.
    /// </summary>
    public Matrix ReferenceDot(Matrix other)
    {
        RequireAligned(this, other, nameof(ReferenceDot));
        var result = new Matrix(Rows, other.Cols);
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < other.Cols; j++)
            {
                double sum = 0;
                for (int k = 0; k < Cols; k++)
                    sum += this[i, k] * other[k, j];
                result[i, j] = sum;
            }
        return result;
    }

    /// <summary>The transpose Aᵀ: an (a × b) matrix becomes (b × a), with <c>Aᵀ[j, i] = A[i, j]</c>.</summary>
    public Matrix Transpose()
    {
        var result = new Matrix(Cols, Rows);
        // In 32 × 32 tiles, so that both the rows read and the rows written stay in cache;
        // a plain double loop over a large matrix misses the cache on nearly every write.
        const int tile = 32;
        for (int r0 = 0; r0 < Rows; r0 += tile)
            for (int c0 = 0; c0 < Cols; c0 += tile)
                for (int r = r0; r < Math.Min(r0 + tile, Rows); r++)
                    for (int c = c0; c < Math.Min(c0 + tile, Cols); c++)
                        result.Data[c * Rows + r] = Data[r * Cols + c];
        return result;
    }

    private static void RequireAligned(Matrix left, Matrix right, string operation)
    {
        ArgumentNullException.ThrowIfNull(right);
        if (left.Cols != right.Rows)
            throw NotAligned(operation, left.Rows, left.Cols, right.Rows, right.Cols);
    }

    // numpy's wording, then the rule in words: a (m, k) · (rightRows, n) product needs k == rightRows.
    private static ShapeMismatchException NotAligned(string operation, int m, int k, int rightRows, int n)
    {
        string left = FormatShape(m, k), right = FormatShape(rightRows, n);
        return new ShapeMismatchException(operation, left, right,
            $"not aligned: {k} (dim 1) != {rightRows} (dim 0); " +
            $"a {left} · {right} product needs the left's {k} columns to equal the right's {rightRows} rows");
    }
}
