namespace FromScratch;

public sealed partial class Matrix
{
    /// <summary>
    /// The matrix product by its definition, <c>result[i, j] = Σₖ this[i, k] · other[k, j]</c>, as a plain
    /// triple loop. <see cref="Dot(Matrix, Matrix?, double)"/> computes the same sums, fast, and is tested against this.
    /// </summary>
    /// <exception cref="ShapeMismatchException">This matrix's columns differ from <paramref name="other"/>'s rows.</exception>
    public Matrix ReferenceDot(Matrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Cols != other.Rows)
            throw NotAligned(nameof(ReferenceDot), Rows, Cols, other.Rows, other.Cols);
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

    /// <summary>
    /// The matrix product: an (a × b) matrix times a (b × c) matrix is (a × c), with
    /// <c>result[i, j] = Σₖ this[i, k] · right[k, j]</c>, times <paramref name="scale"/> when given.
    /// </summary>
    /// <param name="right">The right operand, or its transpose read in place: <c>dZ.Dot(A.T)</c> is dZ · Aᵀ.</param>
    /// <param name="into">
    /// Where to write the (a × c) result, like numpy's <c>out=</c>: a buffer reused from step to step, so that
    /// training allocates nothing. A new matrix when null. Its old contents are overwritten.
    /// </param>
    /// <param name="scale">Multiplies the product, e.g. <c>1.0 / m</c> for dW = (1/m)·dZ·Aᵀ; folded into the product, so it costs nothing.</param>
    /// <returns>The product: <paramref name="into"/> when given.</returns>
    /// <exception cref="ShapeMismatchException">The inner sizes differ, or <paramref name="into"/> has the wrong shape.</exception>
    public Matrix Dot(Matrix right, Matrix? into = null, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(right);
        return Product(this, false, right, false, into, scale);
    }

    /// <summary>The product with a transposed right operand, read in place: <c>dZ.Dot(A.T)</c> is dZ · Aᵀ. See <see cref="Dot(Matrix, Matrix?, double)"/>.</summary>
    /// <exception cref="ShapeMismatchException">The inner sizes differ, or <paramref name="into"/> has the wrong shape.</exception>
    public Matrix Dot(Transposed right, Matrix? into = null, double scale = 1.0) =>
        Product(this, false, right.Of, true, into, scale);

    // into = scale · op(left) · op(right), where op transposes when asked.
    private static Matrix Product(Matrix left, bool transposeLeft, Matrix right, bool transposeRight, Matrix? into, double scale)
    {
        int m = transposeLeft ? left.Cols : left.Rows, k = transposeLeft ? left.Rows : left.Cols;
        int rightRows = transposeRight ? right.Cols : right.Rows, n = transposeRight ? right.Rows : right.Cols;
        if (k != rightRows)
            throw NotAligned(nameof(Dot), m, k, rightRows, n);
        if (into is null)
            into = new Matrix(m, n);
        else if (into.Rows != m || into.Cols != n)
            throw new ShapeMismatchException(nameof(Dot), FormatShape(m, k), FormatShape(rightRows, n),
                $"give a {FormatShape(m, n)} product, but the into matrix is {into.Shape}");
        else if (ReferenceEquals(into, left) || ReferenceEquals(into, right))
            throw new ArgumentException($"Dot: the into matrix must be a different matrix from both operands");
        if (left.ByteView is not null || into.ByteView is not null)
            throw new ArgumentException($"Dot: a matrix of bytes (Matrix.OfBytes) is only read, and only as the right operand, e.g. W.Dot(X) or dZ.Dot(X.T); ToDoubles() makes a copy for the {(left.ByteView is not null ? "left operand" : "result")}");
        // The sums of ReferenceDot (times scale), computed fast: blocked for the caches, in SIMD registers, on
        // every core for a large product; the order of the additions, and so the last bits, may differ. Fast/Gemm.cs.
        Gemm.Multiply(scale, Gemm.Operand.Of(left, transposeLeft), Gemm.Operand.Of(right, transposeRight), into.Data, m, n, k);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(into)} = {ScaleText(scale)}{log.Describe(left, transposeLeft)} · {log.Describe(right, transposeRight)} -> {into.Shape}");
        return into;
    }

    /// <summary>
    /// Aᵀ without a copy, numpy's <c>A.T</c>: a view that a product reads in place, e.g. <c>W.T.Dot(dZ)</c>
    /// for Wᵀ·dZ. <see cref="Transpose"/> makes a real (copied) transpose.
    /// </summary>
    public Transposed T => new(this);

    /// <summary>
    /// A transposed view of a matrix (see <see cref="T"/>): (a × b) seen as (b × a). It is only read by
    /// products; nothing is copied. Changes to the matrix show through.
    /// </summary>
    public readonly struct Transposed
    {
        internal Transposed(Matrix of)
        {
            ArgumentNullException.ThrowIfNull(of);
            Of = of;
        }

        /// <summary>The matrix this is the transpose of.</summary>
        public Matrix Of { get; }

        /// <summary>Rows of the transpose: the matrix's columns.</summary>
        public int Rows => Of.Cols;

        /// <summary>Columns of the transpose: the matrix's rows.</summary>
        public int Cols => Of.Rows;

        /// <summary>The transposed shape, e.g. <c>(2, 4)</c> for the view of a (4, 2) matrix.</summary>
        public string Shape => FormatShape(Rows, Cols);

        /// <summary>Aᵀ · B, with Aᵀ read in place; see <see cref="Matrix.Dot(Matrix, Matrix?, double)"/>.</summary>
        /// <exception cref="ShapeMismatchException">The inner sizes differ, or <paramref name="into"/> has the wrong shape.</exception>
        public Matrix Dot(Matrix right, Matrix? into = null, double scale = 1.0)
        {
            ArgumentNullException.ThrowIfNull(right);
            return Product(Of, true, right, false, into, scale);
        }

        /// <summary>Aᵀ · Bᵀ, both read in place.</summary>
        /// <exception cref="ShapeMismatchException">The inner sizes differ, or <paramref name="into"/> has the wrong shape.</exception>
        public Matrix Dot(Transposed right, Matrix? into = null, double scale = 1.0) =>
            Product(Of, true, right.Of, true, into, scale);

        /// <summary>A real transpose: a new matrix with the entries copied.</summary>
        public Matrix Copy() => Of.Transpose();
    }

    // "(1/2) · " for scale 0.5, "" for 1, "0.3 · " otherwise: how a shape trace shows the factor.
    internal static string ScaleText(double scale)
    {
        if (scale == 1)
            return "";
        double inverse = Math.Round(1 / scale);
        return Math.Abs(1 / scale - inverse) < 1e-9 * Math.Abs(inverse) ? $"(1/{inverse}) · " : $"{scale} · ";
    }

    /// <summary>The transpose Aᵀ as a new matrix: an (a × b) matrix becomes (b × a), with <c>Aᵀ[j, i] = A[i, j]</c>.</summary>
    /// <remarks>In a product, <see cref="T"/> reads the transpose in place instead of copying it.</remarks>
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

    // numpy's wording, then the rule in words: a (m, k) · (rightRows, n) product needs k == rightRows.
    private static ShapeMismatchException NotAligned(string operation, int m, int k, int rightRows, int n)
    {
        string left = FormatShape(m, k), right = FormatShape(rightRows, n);
        return new ShapeMismatchException(operation, left, right,
            $"not aligned: {k} (dim 1) != {rightRows} (dim 0); " +
            $"a {left} · {right} product needs the left's {k} columns to equal the right's {rightRows} rows");
    }
}
