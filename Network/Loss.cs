namespace FromScratch;

/// <summary>
/// A loss, given per output entry: its value ℓ(a, y) and its output delta δ(a, y) = ∂ℓ/∂z, where
/// a = σ(z) is the sigmoid output and y the target. Over a batch the loss is (1/m) Σ ℓ, summed over
/// every output of every sample, and dZ_L is δ applied entry by entry (the 1/m comes in at dW and db).
/// </summary>
/// <remarks>
/// Why the answer's <c>dZ2 = A2 − Y</c> needs the right loss. With a = σ(z), σ′(z) = a(1 − a):
/// <list type="bullet">
/// <item>cross-entropy ℓ = −[y ln a + (1 − y) ln(1 − a)] has ∂ℓ/∂a = (a − y) / (a(1 − a)), and the
/// chain rule's σ′ cancels it exactly: δ = a − y.</item>
/// <item>squared error ℓ = ½(a − y)² has ∂ℓ/∂a = a − y and nothing cancels: δ = (a − y) · a(1 − a).</item>
/// </list>
/// So <c>A2 − Y</c> is exact only for cross-entropy; with MSE it is a different (wrong) gradient,
/// and the gradient check says so. To add a loss, construct one with its ℓ and δ.
/// </remarks>
public sealed class Loss(string name, Func<double, double, double> value, Func<double, double, double> delta)
{
    // Keeps ln(a) finite when a sigmoid output saturates to exactly 0 or 1.
    private const double Clamp = 1e-12;

    /// <summary>Binary cross-entropy, ℓ = −[y ln a + (1 − y) ln(1 − a)]; its output delta is a − y.</summary>
    public static readonly Loss CrossEntropy = new(
        "ce",
        (a, y) => -(y * Math.Log(Math.Clamp(a, Clamp, 1 - Clamp)) + (1 - y) * Math.Log(1 - Math.Clamp(a, Clamp, 1 - Clamp))),
        (a, y) => a - y); // dZ_L = A_L − Y: exact because σ′ cancels (see remarks)

    /// <summary>Squared error, ℓ = ½(a − y)²; its output delta is (a − y) · a(1 − a).</summary>
    public static readonly Loss MeanSquaredError = new(
        "mse",
        (a, y) => 0.5 * (a - y) * (a - y),
        (a, y) => (a - y) * a * (1 - a)); // dZ_L = (A_L − Y) ⊙ A_L(1 − A_L)

    /// <summary>Every loss the network, the demo and the saved files know by name.</summary>
    public static IReadOnlyList<Loss> All { get; } = [CrossEntropy, MeanSquaredError];

    /// <summary>The name used on the command line and in saved files: <c>ce</c> or <c>mse</c>.</summary>
    public string Name { get; } = name;

    /// <summary>ℓ(a, y) for one output entry.</summary>
    public double Of(double output, double target) => value(output, target);

    /// <summary>δ(a, y) = ∂ℓ/∂z for one output entry.</summary>
    public double DeltaOf(double output, double target) => delta(output, target);

    /// <summary>The loss of outputs A against targets Y (both outputs × m): (1/m) Σ ℓ over all entries.</summary>
    /// <exception cref="ShapeMismatchException">A and Y differ in shape.</exception>
    public double Value(Matrix output, Matrix targets)
    {
        RequireSameShape(output, targets, nameof(Value));
        ReadOnlySpan<double> a = output.AsSpan(), y = targets.AsSpan();
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += value(a[i], y[i]);
        return sum / targets.Cols;
    }

    /// <summary>dZ_L, the (outputs × m) error at the output layer's pre-activation: δ of every entry, not yet divided by m.</summary>
    /// <exception cref="ShapeMismatchException">A and Y differ in shape.</exception>
    public Matrix OutputDelta(Matrix output, Matrix targets)
    {
        RequireSameShape(output, targets, nameof(OutputDelta));
        var result = new Matrix(output.Rows, output.Cols);
        ReadOnlySpan<double> a = output.AsSpan(), y = targets.AsSpan();
        Span<double> dZ = result.AsSpan();
        for (int i = 0; i < a.Length; i++)
            dZ[i] = delta(a[i], y[i]);
        return result;
    }

    /// <summary>The loss called <paramref name="name"/> (<c>ce</c>, <c>mse</c>; case-insensitive).</summary>
    /// <exception cref="ArgumentException">No loss has that name; the message lists the known ones.</exception>
    public static Loss Named(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown loss '{name}'; known: {string.Join(", ", All.Select(l => l.Name))}");

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static void RequireSameShape(Matrix output, Matrix targets, string operation)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        if (output.Shape != targets.Shape)
            throw new ShapeMismatchException($"Loss.{operation}", output.Shape, targets.Shape, "differ: the outputs A and targets Y must have the same shape");
    }
}
