namespace FromScratch;

/// <summary>
/// A hidden-layer activation a = f(z) and its derivative f′, written in terms of the output a
/// (sigmoid's is a(1 − a), the answer's <c>A1(1 − A1)</c>), so backprop needs only the cached activations.
/// </summary>
/// <remarks>
/// To add an activation, add one line to <see cref="All"/>: a name, f(z), and f′ as a function of
/// a = f(z). The tests check every entry of <see cref="All"/> against finite differences.
/// </remarks>
public sealed class Activation(string name, Func<double, double> function, Func<double, double> derivativeFromOutput)
{
    /// <summary>σ(z) = 1 / (1 + e^−z); σ′ = a(1 − a).</summary>
    public static readonly Activation Sigmoid = new("sigmoid", Matrix.SigmoidOf, a => a * (1 - a));

    /// <summary>tanh(z); tanh′ = 1 − a².</summary>
    public static readonly Activation Tanh = new("tanh", Math.Tanh, a => 1 - a * a);

    /// <summary>max(0, z); its derivative is 1 where a &gt; 0, else 0 (the kink at 0 takes 0).</summary>
    public static readonly Activation Relu = new("relu", z => Math.Max(0, z), a => a > 0 ? 1 : 0);

    /// <summary>Every activation the network, the demo and the saved files know by name.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Sigmoid, Tanh, Relu];

    /// <summary>The name used on the command line and in saved files, e.g. <c>sigmoid</c>.</summary>
    public string Name { get; } = name;

    /// <summary>a = f(z) of every entry of <paramref name="z"/>.</summary>
    public Matrix Apply(Matrix z) => z.Map(function);

    /// <summary>f′(z) of every entry, computed from the activations a = f(z).</summary>
    public Matrix Derivative(Matrix activations) => activations.Map(derivativeFromOutput);

    /// <summary>f(z) for one number.</summary>
    public double Of(double z) => function(z);

    /// <summary>f′ for one number, given a = f(z).</summary>
    public double DerivativeFromOutput(double a) => derivativeFromOutput(a);

    /// <summary>The activation called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No activation has that name; the message lists the known ones.</exception>
    public static Activation Named(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown activation '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}");

    /// <inheritdoc/>
    public override string ToString() => Name;
}
