namespace FromScratch;

/// <summary>
/// A loss on the sigmoid output A and the targets Y (both outputs × m), averaged over the m
/// samples, with its output delta dZ_L = ∂loss/∂Z_L · m: the error signal backprop starts from.
/// </summary>
/// <remarks>
/// Why the answer's <c>dZ2 = A2 − Y</c> needs the right loss. With a = σ(z), σ′(z) = a(1 − a):
/// <list type="bullet">
/// <item>cross-entropy L = −[y ln a + (1 − y) ln(1 − a)] has ∂L/∂a = (a − y) / (a(1 − a)), and the
/// chain rule's σ′ cancels it exactly: dZ = a − y.</item>
/// <item>squared error L = ½(a − y)² has ∂L/∂a = a − y and nothing cancels: dZ = (a − y) ⊙ a(1 − a).</item>
/// </list>
/// So <c>A2 − Y</c> is exact only for cross-entropy; with MSE it is a different (wrong) gradient,
/// and the gradient check says so.
/// </remarks>
public sealed class Loss(string name, Func<Matrix, Matrix, double> value, Func<Matrix, Matrix, Matrix> outputDelta)
{
    // Keeps ln(a) finite when a sigmoid output saturates to exactly 0 or 1.
    private const double Clamp = 1e-12;

    /// <summary>Binary cross-entropy, −(1/m) Σ [y ln a + (1 − y) ln(1 − a)]; its output delta is A − Y.</summary>
    public static readonly Loss CrossEntropy = new(
        "ce",
        (a, y) => -a.Map(v => Math.Log(Math.Clamp(v, Clamp, 1 - Clamp))).Hadamard(y).Sum() / y.Cols
                  - a.Map(v => Math.Log(1 - Math.Clamp(v, Clamp, 1 - Clamp))).Hadamard(OneMinus(y)).Sum() / y.Cols,
        (a, y) => a - y); // dZ_L = A_L − Y: exact because σ′ cancels (see remarks)

    /// <summary>Mean squared error, (1/m) Σ ½(a − y)²; its output delta is (A − Y) ⊙ A(1 − A).</summary>
    public static readonly Loss MeanSquaredError = new(
        "mse",
        (a, y) => 0.5 * (a - y).Hadamard(a - y).Sum() / y.Cols,
        (a, y) => (a - y).Hadamard(a.Hadamard(OneMinus(a)))); // dZ_L = (A_L − Y) ⊙ A_L(1 − A_L)

    /// <summary>Every loss the network, the demo and the saved files know by name.</summary>
    public static IReadOnlyList<Loss> All { get; } = [CrossEntropy, MeanSquaredError];

    /// <summary>The name used on the command line and in saved files: <c>ce</c> or <c>mse</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The loss of outputs <paramref name="output"/> against <paramref name="targets"/>, averaged over the columns.</summary>
    public double Value(Matrix output, Matrix targets) => value(output, targets);

    /// <summary>dZ_L, the (outputs × m) error at the output layer's pre-activation, not yet divided by m.</summary>
    public Matrix OutputDelta(Matrix output, Matrix targets) => outputDelta(output, targets);

    /// <summary>The loss called <paramref name="name"/> (<c>ce</c>, <c>mse</c>; case-insensitive).</summary>
    /// <exception cref="ArgumentException">No loss has that name; the message lists the known ones.</exception>
    public static Loss Named(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown loss '{name}'; known: {string.Join(", ", All.Select(l => l.Name))}");

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static Matrix OneMinus(Matrix m) => m.Map(v => 1 - v);
}
