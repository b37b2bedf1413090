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
        MatrixKernels.Multiply(this, other, result);
        return result;
    }

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
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                result.Data[c * Rows + r] = Data[r * Cols + c];
        return result;
    }

    private static void RequireAligned(Matrix left, Matrix right, string operation)
    {
        ArgumentNullException.ThrowIfNull(right);
        if (left.Cols != right.Rows)
            throw new ShapeMismatchException(operation, left.Shape, right.Shape,
                $"not aligned: {left.Cols} (dim 1) != {right.Rows} (dim 0); " +
                $"a {left.Shape} · {right.Shape} product needs the left's {left.Cols} columns to equal the right's {right.Rows} rows");
    }
}
