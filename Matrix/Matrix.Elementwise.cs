namespace FromScratch;

public sealed partial class Matrix
{
    /// <summary>
    /// Elementwise sum of two matrices of the same shape, or the bias broadcast: an
    /// (n × m) matrix plus an (n × 1) column adds the column to every column, exactly numpy's
    /// <c>W·X + b</c>. No other shapes are broadcast.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The shapes are neither equal nor (n × m) + (n × 1).</exception>
    public static Matrix operator +(Matrix left, Matrix right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Rows == right.Rows && left.Cols == right.Cols)
            return Combine(left, right, static (a, b) => a + b);
        if (left.Rows == right.Rows && right.Cols == 1)
            return AddColumnToEveryColumn(left, right);
        throw new ShapeMismatchException("+", left.Shape, right.Shape,
            $"could not be broadcast together: + needs equal shapes, or an ({left.Rows}, 1) column on the right to add to every column of the {left.Shape} matrix");
    }

    /// <summary>Elementwise difference of two matrices of the same shape.</summary>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    public static Matrix operator -(Matrix left, Matrix right)
    {
        RequireSameShape(left, right, "-");
        return Combine(left, right, static (a, b) => a - b);
    }

    /// <summary>Every entry negated.</summary>
    public static Matrix operator -(Matrix matrix) => -1.0 * matrix;

    /// <summary>Every entry times a scalar.</summary>
    public static Matrix operator *(double scalar, Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var result = new Matrix(matrix.Rows, matrix.Cols);
        for (int i = 0; i < result.Data.Length; i++)
            result.Data[i] = scalar * matrix.Data[i];
        return result;
    }

    /// <summary>Every entry times a scalar.</summary>
    public static Matrix operator *(Matrix matrix, double scalar) => scalar * matrix;

    /// <summary>Every entry divided by a scalar.</summary>
    public static Matrix operator /(Matrix matrix, double scalar) => (1.0 / scalar) * matrix;

    /// <summary>
    /// The elementwise (Hadamard) product, written ⊙ in the maths: <c>(A ⊙ B)[r, c] = A[r, c] · B[r, c]</c>.
    /// Both matrices must have the same shape.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    public Matrix Hadamard(Matrix other)
    {
        RequireSameShape(this, other, nameof(Hadamard));
        return Combine(this, other, static (a, b) => a * b);
    }

    /// <summary><paramref name="function"/> applied to every entry, written <paramref name="into"/> a matrix of the same shape (a new one when null).</summary>
    /// <exception cref="ShapeMismatchException"><paramref name="into"/> has another shape.</exception>
    public Matrix Map(Func<double, double> function, Matrix? into = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var result = into ?? new Matrix(Rows, Cols);
        RequireSameShape(this, result, nameof(Map));
        for (int i = 0; i < Data.Length; i++)
            result.Data[i] = function(Data[i]);
        return result;
    }

    /// <summary>
    /// In place: adds the (Rows × 1) <paramref name="column"/> to every column, numpy's <c>Z += b</c>, the
    /// bias add of <c>Z = W·X + b</c>. Returns this matrix. The <c>+</c> operator does the same into a new matrix.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The column is not (Rows × 1).</exception>
    public Matrix AddToEveryColumn(Matrix column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Rows != Rows || column.Cols != 1)
            throw new ShapeMismatchException(nameof(AddToEveryColumn), Shape, column.Shape,
                $"could not be broadcast together: adding to every column of a {Shape} matrix needs a ({Rows}, 1) column");
        for (int r = 0; r < Rows; r++)
        {
            double value = column.Data[r];
            foreach (ref double entry in Data.AsSpan(r * Cols, Cols))
                entry += value;
        }
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(this)} += {log.Describe(column)}, added to every column -> {Shape}");
        return this;
    }

    /// <summary>The logistic sigmoid σ(z) = 1 / (1 + e^−z) of every entry, written <paramref name="into"/> a matrix of this shape (a new one when null); finite for any finite z.</summary>
    public Matrix Sigmoid(Matrix? into = null) => Map(SigmoidFunction, into);

    private static readonly Func<double, double> SigmoidFunction = SigmoidOf; // one delegate, made once

    /// <summary>
    /// σ(z) = 1 / (1 + e^−z), computed so that e^x never overflows: for z &lt; 0 it uses the equal
    /// form e^z / (1 + e^z). σ(−1000) is 0 and σ(1000) is 1, never NaN.
    /// </summary>
    public static double SigmoidOf(double z)
    {
        if (z >= 0)
            return 1.0 / (1.0 + Math.Exp(-z));
        double ez = Math.Exp(z);
        return ez / (1.0 + ez);
    }

    /// <summary>
    /// In place: this ← this + scale · other, e.g. the gradient step <c>W ← W − η·dW</c> as
    /// <c>W.AddScaledInPlace(-η, dW)</c>. Both matrices must have the same shape. Returns this matrix.
    /// </summary>
    public Matrix AddScaledInPlace(double scale, Matrix other)
    {
        RequireSameShape(this, other, nameof(AddScaledInPlace));
        MatrixKernels.AddScaled(Data, scale, other.Data);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(this)} += {ScaleText(scale)}{log.Describe(other)}");
        return this;
    }

    /// <summary>In place: every entry times <paramref name="scale"/>, e.g. V ← β·V. Returns this matrix.</summary>
    public Matrix ScaleInPlace(double scale)
    {
        MatrixKernels.Scale(Data, scale);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(this)} *= {scale}");
        return this;
    }

    /// <summary>
    /// In place: this ← this + scale · sign(other), entry by entry, with sign(0) = 0; e.g. the L1 penalty's
    /// gradient (λ/n)·sign(W) added to dW. Both matrices must have the same shape. Returns this matrix.
    /// </summary>
    public Matrix AddScaledSignsInPlace(double scale, Matrix other)
    {
        RequireSameShape(this, other, nameof(AddScaledSignsInPlace));
        for (int i = 0; i < Data.Length; i++)
            Data[i] += scale * Math.Sign(other.Data[i]);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(this)} += {ScaleText(scale)}sign({log.Describe(other)})");
        return this;
    }

    /// <summary>In place: this ← this ⊙ other, the elementwise product (same shape), e.g. A ⊙ M for a dropout mask M. Returns this matrix.</summary>
    public Matrix MultiplyInPlace(Matrix other)
    {
        RequireSameShape(this, other, nameof(MultiplyInPlace));
        for (int i = 0; i < Data.Length; i++)
            Data[i] *= other.Data[i];
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(this)} ⊙= {log.Describe(other)} -> {Shape}");
        return this;
    }

    /// <summary>In place: this ← this + other, elementwise (same shape). Returns this matrix.</summary>
    public Matrix AddInPlace(Matrix other) => AddScaledInPlace(1.0, other);

    private static Matrix Combine(Matrix left, Matrix right, Func<double, double, double> operation)
    {
        var result = new Matrix(left.Rows, left.Cols);
        for (int i = 0; i < result.Data.Length; i++)
            result.Data[i] = operation(left.Data[i], right.Data[i]);
        return result;
    }

    private static Matrix AddColumnToEveryColumn(Matrix matrix, Matrix column)
    {
        var result = new Matrix(matrix.Rows, matrix.Cols);
        for (int r = 0; r < matrix.Rows; r++)
        {
            double bias = column.Data[r];
            for (int c = 0; c < matrix.Cols; c++)
                result.Data[r * matrix.Cols + c] = matrix.Data[r * matrix.Cols + c] + bias;
        }
        return result;
    }

    private static void RequireSameShape(Matrix left, Matrix right, string operation)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Rows != right.Rows || left.Cols != right.Cols)
            throw new ShapeMismatchException(operation, left.Shape, right.Shape,
                $"differ: {operation} is elementwise and needs two matrices of the same shape");
    }
}
