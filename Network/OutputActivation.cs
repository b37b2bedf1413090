namespace FromScratch;

/// <summary>
/// The output layer's activation A_L = g(Z_L). It is chosen together with the loss (see <see cref="Loss"/>),
/// because the output delta dZ_L depends on both.
/// </summary>
public sealed class OutputActivation
{
    private readonly Action<Matrix, Matrix> apply;

    private OutputActivation(string name, Action<Matrix, Matrix> apply)
    {
        Name = name;
        this.apply = apply;
    }

    /// <summary>σ of each output on its own: each output is a probability in (0, 1), and several may be near 1 (0/1 targets, any number of them).</summary>
    public static readonly OutputActivation Sigmoid = new("sigmoid", (z, a) => z.Sigmoid(into: a));

    /// <summary>
    /// softmax of each column, a_i = e^(z_i) / Σ_j e^(z_j): the outputs of a sample are positive and sum to 1,
    /// one probability per class (one class per sample).
    /// </summary>
    public static readonly OutputActivation Softmax = new("softmax", SoftmaxOfEachColumn);

    /// <summary>
    /// The identity, a = z: each output is any real number, for predicting quantities (regression) with a
    /// squared, absolute or Huber error (see <see cref="Loss"/>).
    /// </summary>
    public static readonly OutputActivation Linear = new("linear", (z, a) => z.AsSpan().CopyTo(a.AsSpan())); // A_L = Z_L

    /// <summary>Every output activation, by name.</summary>
    public static IReadOnlyList<OutputActivation> All { get; } = [Sigmoid, Softmax, Linear];

    /// <summary>The name used on the command line and in saved files: <c>sigmoid</c>, <c>softmax</c> or <c>linear</c>.</summary>
    public string Name { get; }

    /// <summary>A = g(Z), written <paramref name="into"/> a matrix of Z's shape (a new one when null).</summary>
    /// <exception cref="ShapeMismatchException"><paramref name="into"/> has another shape.</exception>
    public Matrix Apply(Matrix z, Matrix? into = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        var a = into ?? new Matrix(z.Rows, z.Cols);
        if (!a.HasShapeOf(z))
            throw new ShapeMismatchException($"{Name}.{nameof(Apply)}", z.Shape, a.Shape, "differ: A = g(Z) has Z's shape");
        apply(z, a);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(a)} = {Name}({log.Describe(z)}) -> {a.Shape}");
        return a;
    }

    /// <summary>The output activation called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No output activation has that name; the message lists them.</exception>
    public static OutputActivation Named(string name) =>
        All.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown output activation '{name}'; known: {string.Join(", ", All.Select(o => o.Name))}");

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// Softmax's normaliser for one column of Z, shifted by the column's largest z: returns that max and
    /// Σ_j e^(z_j − max), so that a_i = e^(z_i − max) / sum and ln Σ_j e^(z_j) = max + ln sum (log-sum-exp).
    /// The shift changes nothing mathematically and keeps every e^x ≤ 1, so no z can overflow.
    /// </summary>
    public static (double Max, double Sum) ShiftedNormaliser(Matrix z, int column)
    {
        ArgumentNullException.ThrowIfNull(z);
        double max = double.NegativeInfinity, sum = 0;
        for (int r = 0; r < z.Rows; r++)
            max = Math.Max(max, z[r, column]);
        for (int r = 0; r < z.Rows; r++)
            sum += Math.Exp(z[r, column] - max);
        return (max, sum);
    }

    // a_i = e^(z_i) / Σ_j e^(z_j) = e^(z_i − max) / Σ_j e^(z_j − max), down each column.
    private static void SoftmaxOfEachColumn(Matrix z, Matrix a)
    {
        for (int c = 0; c < z.Cols; c++)
        {
            var (max, sum) = ShiftedNormaliser(z, c);
            for (int r = 0; r < z.Rows; r++)
                a[r, c] = Math.Exp(z[r, c] - max) / sum;
        }
    }
}
