namespace FromScratch;

/// <summary>
/// A hidden-layer activation a = f(z), applied entry by entry, and its derivative f′. Backprop needs
/// f′(Z) in <c>dZ1 = W2ᵀ·dZ2 ⊙ f′(Z1)</c>; an activation gives f′ either from the output a = f(z)
/// (<see cref="FromOutput"/>: sigmoid's σ′(z) = a(1 − a), i.e. <c>A1(1 − A1)</c>, costs no new
/// exponential) or from the input z (<see cref="FromInput"/>: needed when f′ cannot be written with a
/// alone, as for Swish or GELU). Either way it is the derivative at Z; the forward pass keeps both Z and A.
/// </summary>
/// <remarks>
/// To add an activation, add a static field for it and its name to the list in <see cref="All"/>. The tests check every entry of
/// <see cref="All"/> against finite differences.
/// </remarks>
public sealed class Activation
{
    private readonly Func<double, double> function;
    private readonly Func<double, double>? derivativeOfInput;  // f′ as a function of z
    private readonly Func<double, double>? derivativeOfOutput; // f′ as a function of a = f(z)

    private Activation(string name, Func<double, double> function, Func<double, double>? ofInput, Func<double, double>? ofOutput)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        Name = name;
        this.function = function;
        derivativeOfInput = ofInput;
        derivativeOfOutput = ofOutput;
    }

    /// <summary>An activation whose derivative is written with its output a = f(z), e.g. sigmoid's a(1 − a).</summary>
    public static Activation FromOutput(string name, Func<double, double> function, Func<double, double> derivativeOfOutput)
    {
        ArgumentNullException.ThrowIfNull(derivativeOfOutput);
        return new(name, function, null, derivativeOfOutput);
    }

    /// <summary>An activation whose derivative is written with its input z, e.g. Swish's σ(z) + z·σ(z)(1 − σ(z)).</summary>
    public static Activation FromInput(string name, Func<double, double> function, Func<double, double> derivativeOfInput)
    {
        ArgumentNullException.ThrowIfNull(derivativeOfInput);
        return new(name, function, derivativeOfInput, null);
    }

    /// <summary>σ(z) = 1 / (1 + e^−z); σ′(z) = σ(z)(1 − σ(z)) = a(1 − a).</summary>
    public static readonly Activation Sigmoid = FromOutput("sigmoid", Matrix.SigmoidOf, a => a * (1 - a));

    /// <summary>tanh(z); tanh′(z) = 1 − tanh²(z) = 1 − a².</summary>
    public static readonly Activation Tanh = FromOutput("tanh", Math.Tanh, a => 1 - a * a);

    /// <summary>max(0, z); its derivative is 1 where a &gt; 0, else 0 (the kink at 0 takes 0).</summary>
    public static readonly Activation Relu = FromOutput("relu", z => Math.Max(0, z), a => a > 0 ? 1 : 0);

    /// <summary>
    /// Every activation the network, the demo and the saved files know by name. Built the first time it is read, when
    /// every static field of the class has been set, so a new activation's field may stand above or below this line.
    /// </summary>
    public static IReadOnlyList<Activation> All => all ??= Registered(Sigmoid, Tanh, Relu);

    private static IReadOnlyList<Activation>? all;

    // The list behind All, checked for entries not set yet (see Registry).
    internal static Activation[] Registered(params Activation[] activations) => Registry.Checked(nameof(Activation), activations);

    /// <summary>The name used on the command line and in saved files, e.g. <c>sigmoid</c>.</summary>
    public string Name { get; }

    /// <summary>True when f′ is computed from the output a = f(z), false when from z.</summary>
    public bool DerivativeUsesOutput => derivativeOfOutput is not null;

    /// <summary>A = f(Z), entry by entry, written <paramref name="into"/> a matrix of Z's shape (a new one when null).</summary>
    public Matrix Apply(Matrix z, Matrix? into = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (into is not null && !into.HasShapeOf(z))
            throw new ShapeMismatchException($"{Name}.{nameof(Apply)}", z.Shape, into.Shape, "differ: A = f(Z) has Z's shape");
        Matrix a = z.Map(function, into);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(a)} = {Name}({log.Describe(z)}) -> {a.Shape}");
        return a;
    }

    /// <summary>
    /// In place: dZ ← dZ ⊙ f′(Z), elementwise, the last factor of <c>dZ1 = W2ᵀ·dZ2 ⊙ f′(Z1)</c>, with f′(Z) computed from
    /// <paramref name="a"/> = f(Z) or from <paramref name="z"/>, whichever this activation's derivative uses.
    /// </summary>
    /// <exception cref="ShapeMismatchException">dZ, Z and A differ in shape.</exception>
    public void MultiplyByDerivative(Matrix dZ, Matrix z, Matrix a)
    {
        ArgumentNullException.ThrowIfNull(dZ);
        Matrix source = derivativeOfOutput is not null ? a : z;
        Func<double, double> derivative = derivativeOfOutput ?? derivativeOfInput!;
        if (!dZ.HasShapeOf(z) || !dZ.HasShapeOf(a))
            throw new ShapeMismatchException($"{Name}.{nameof(MultiplyByDerivative)}", dZ.Shape, z.Shape, $"and {a.Shape} differ: dZ, Z and A must have the same shape");
        Span<double> delta = dZ.AsSpan();
        ReadOnlySpan<double> values = source.AsSpan();
        for (int i = 0; i < delta.Length; i++)
            delta[i] *= derivative(values[i]);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(dZ)} ⊙= {Name}′({log.Describe(z)}), computed from {log.Describe(source)} -> {dZ.Shape}");
    }

    /// <summary>
    /// In place: dZ ← dZ ⊙ f′(Z), with f′ always computed from <paramref name="z"/> (through f(z) when the derivative is
    /// written with the output). For when A no longer holds f(Z), as with dropout, which multiplies A by a mask.
    /// </summary>
    /// <exception cref="ShapeMismatchException">dZ and Z differ in shape.</exception>
    public void MultiplyByDerivativeAt(Matrix dZ, Matrix z)
    {
        ArgumentNullException.ThrowIfNull(dZ);
        ArgumentNullException.ThrowIfNull(z);
        if (!dZ.HasShapeOf(z))
            throw new ShapeMismatchException($"{Name}.{nameof(MultiplyByDerivativeAt)}", dZ.Shape, z.Shape, "differ: dZ and Z must have the same shape");
        Span<double> delta = dZ.AsSpan();
        ReadOnlySpan<double> values = z.AsSpan();
        for (int i = 0; i < delta.Length; i++)
            delta[i] *= DerivativeAt(values[i]);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(dZ)} ⊙= {Name}′({log.Describe(z)}), computed from Z -> {dZ.Shape}");
    }

    /// <summary>f(z) for one number.</summary>
    public double Of(double z) => function(z);

    /// <summary>f′(z) for one number, through whichever form the derivative was given in.</summary>
    public double DerivativeAt(double z) => derivativeOfOutput is not null ? derivativeOfOutput(function(z)) : derivativeOfInput!(z);

    /// <summary>The activation called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No activation has that name; the message lists the known ones.</exception>
    public static Activation Named(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown activation '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}");

    /// <inheritdoc/>
    public override string ToString() => Name;
}
