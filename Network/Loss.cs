using System.Globalization;

namespace FromScratch;

/// <summary>
/// A loss together with the output activation it is paired with: sigmoid + binary cross-entropy (the
/// default), sigmoid + squared error, softmax + categorical cross-entropy, or for predicting numbers
/// (regression) a linear output + squared, absolute or Huber error. The pair matters
/// because backprop starts from dZ_L = ∂ℓ/∂Z_L, which depends on both: for each pair it is given entry by
/// entry as δ(a, y). Over a batch the loss is (1/m) Σ ℓ, summed over every output of every sample; dZ_L
/// is δ of every entry (the 1/m comes in at dW and db).
/// </summary>
/// <remarks>
/// Why <c>dZ2 = A2 − Y</c> needs the right loss. With a = σ(z), σ′(z) = a(1 − a):
/// <list type="bullet">
/// <item>cross-entropy ℓ = −[y ln a + (1 − y) ln(1 − a)] has ∂ℓ/∂a = (a − y) / (a(1 − a)), and the
/// chain rule's σ′ cancels it exactly: δ = a − y.</item>
/// <item>squared error ℓ = ½(a − y)² has ∂ℓ/∂a = a − y and nothing cancels: δ = (a − y) · a(1 − a).</item>
/// <item>softmax with categorical cross-entropy ℓ = −Σᵢ yᵢ ln aᵢ has ∂ℓ/∂zᵢ = aᵢ·Σⱼ yⱼ − yᵢ, which is
/// aᵢ − yᵢ exactly when the sample's targets sum to 1 (one-hot). So this loss refuses other targets.</item>
/// <item>a linear output a = z has ∂a/∂z = 1, so δ = ∂ℓ/∂a: a − y for squared error, sign(a − y) for absolute
/// error (|·| has no derivative at 0; 0 there is a subgradient, and the gradient check must stay away from it),
/// and a − y clipped to [−k, k] for Huber.</item>
/// </list>
/// The value is computed from Z where it can be (softplus, log-sum-exp), so that an output saturated to
/// exactly 0 or 1 still gives the true, large loss instead of hiding behind a clamp on ln a.
/// </remarks>
public sealed class Loss
{
    private readonly Func<Matrix, Matrix, Matrix, double> sum;
    private readonly Func<double, double, double> delta;
    private readonly Func<Matrix, string?>? targetProblem;
    private readonly string? deltaFormula;

    /// <summary>A loss: its name, the output activation it is paired with, Σ ℓ over a batch, and δ = ∂ℓ/∂z per entry.</summary>
    /// <param name="name">The name on the command line and in saved files, e.g. <c>ce</c>.</param>
    /// <param name="output">The output layer's activation this loss is paired with.</param>
    /// <param name="sum">Σ ℓ over every entry of a batch, given Z_L, A_L and Y; <see cref="SumOfEntries"/> builds it from ℓ(z, a, y).</param>
    /// <param name="delta">δ(a, y) = ∂ℓ/∂z for one output entry.</param>
    /// <param name="deltaFormula">δ written with A and Y (e.g. <c>A − Y</c>), for the shape trace; optional.</param>
    /// <param name="targetProblem">Says what is wrong with targets this loss cannot take, or null when they are fine; optional.</param>
    public Loss(string name, OutputActivation output, Func<Matrix, Matrix, Matrix, double> sum, Func<double, double, double> delta,
        string? deltaFormula = null, Func<Matrix, string?>? targetProblem = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sum);
        ArgumentNullException.ThrowIfNull(delta);
        Name = name;
        Output = output;
        this.sum = sum;
        this.delta = delta;
        this.deltaFormula = deltaFormula;
        this.targetProblem = targetProblem;
    }

    /// <summary>Sigmoid output, binary cross-entropy ℓ = −[y ln a + (1 − y) ln(1 − a)]; dZ_L = A_L − Y. Targets in [0, 1].</summary>
    public static readonly Loss CrossEntropy = new("ce", OutputActivation.Sigmoid,
        SumOfEntries((z, a, y) => Softplus(z) - y * z), // ℓ with a = σ(z), written with z: exact even where a rounds to 0 or 1
        (a, y) => a - y,                               // dZ_L = A_L − Y: exact because σ′ cancels (see remarks)
        "A − Y",
        TargetsWithin(0, 1, "a sigmoid output with cross-entropy")); // outside [0, 1], ℓ has no minimum: y = 5 drives z to +∞

    /// <summary>Sigmoid output, squared error ℓ = ½(a − y)²; dZ_L = (A_L − Y) ⊙ A_L(1 − A_L). Targets in [0, 1].</summary>
    public static readonly Loss MeanSquaredError = new("mse", OutputActivation.Sigmoid,
        SumOfEntries((z, a, y) => 0.5 * (a - y) * (a - y)),
        (a, y) => (a - y) * a * (1 - a), // dZ_L = (A_L − Y) ⊙ A_L(1 − A_L): σ′ does not cancel
        "(A − Y) ⊙ A(1 − A)",
        TargetsWithin(0, 1, "a sigmoid output with squared error")); // a sigmoid's a never reaches a target outside [0, 1]

    /// <summary>Softmax output, categorical cross-entropy ℓ = −Σᵢ yᵢ ln aᵢ per sample; dZ_L = A_L − Y for one-hot Y.</summary>
    public static readonly Loss SoftmaxCrossEntropy = new("ce", OutputActivation.Softmax,
        SoftmaxCrossEntropySum,
        (a, y) => a - y, // dZ_L = A_L − Y: exact when each column of Y sums to 1 (see remarks)
        "A − Y",
        EveryColumnSumsToOne);

    /// <summary>Linear output, squared error ℓ = ½(a − y)²; dZ_L = A_L − Y. Large errors weigh most: one outlier can pull the fit.</summary>
    public static readonly Loss LinearSquaredError = new("mse", OutputActivation.Linear,
        SumOfEntries((z, a, y) => 0.5 * (a - y) * (a - y)),
        (a, y) => a - y, // dZ_L = A_L − Y: a = z, so ∂ℓ/∂z = ∂ℓ/∂a = a − y
        "A − Y",
        TargetsWithin(double.NegativeInfinity, double.PositiveInfinity, "a linear output with squared error")); // any finite number

    /// <summary>Linear output, absolute error ℓ = |a − y|; dZ_L = sign(A_L − Y). Every error pulls equally hard, so outliers pull less.</summary>
    public static readonly Loss LinearAbsoluteError = new("mae", OutputActivation.Linear,
        SumOfEntries((z, a, y) => Math.Abs(a - y)),
        (a, y) => Sign(a - y), // dZ_L = sign(A_L − Y): ±1, and 0 where a = y (a subgradient: |·| has no derivative at 0)
        "sign(A − Y)",
        TargetsWithin(double.NegativeInfinity, double.PositiveInfinity, "a linear output with absolute error"));

    /// <summary>
    /// Linear output, Huber loss with threshold k = <see cref="HuberThreshold"/>: ℓ = ½(a − y)² within k of the target
    /// and k·(|a − y| − ½k) beyond, squared error near the target and absolute error (scaled by k) far from it;
    /// dZ_L = clamp(A_L − Y, −k, k).
    /// </summary>
    public static readonly Loss LinearHuber = new("huber", OutputActivation.Linear,
        SumOfEntries((z, a, y) => Math.Abs(a - y) <= HuberThreshold ? 0.5 * (a - y) * (a - y) : HuberThreshold * (Math.Abs(a - y) - 0.5 * HuberThreshold)),
        (a, y) => Math.Clamp(a - y, -HuberThreshold, HuberThreshold), // dZ_L = clamp(A_L − Y, −k, k): a − y, its size capped at k
        "clamp(A − Y, −k, k)",
        TargetsWithin(double.NegativeInfinity, double.PositiveInfinity, "a linear output with Huber loss"));

    /// <summary>
    /// Huber's threshold k (often written δ, a name taken here by ∂ℓ/∂z): 1, one standard deviation of a target that
    /// was standardised, as <c>train --target</c> does. Errors beyond it count linearly, not squared.
    /// </summary>
    public const double HuberThreshold = 1.0;

    /// <summary>
    /// Every loss the network, the demo and the saved files know, each with its output activation. Built the first time it
    /// is read, when every static field of the class has been set, so a new loss's field may stand above or below this line.
    /// </summary>
    public static IReadOnlyList<Loss> All => all ??= Registered(CrossEntropy, MeanSquaredError, SoftmaxCrossEntropy, LinearSquaredError, LinearAbsoluteError, LinearHuber);

    private static IReadOnlyList<Loss>? all;

    // The list behind All, checked for entries not set yet (see Registry).
    internal static Loss[] Registered(params Loss[] losses) => Registry.Checked(nameof(Loss), losses);

    /// <summary>The name used on the command line and in saved files: <c>ce</c>, <c>mse</c>, <c>mae</c> or <c>huber</c>.</summary>
    public string Name { get; }

    /// <summary>The output layer's activation this loss is paired with.</summary>
    public OutputActivation Output { get; }

    /// <summary>
    /// δ written with the given names for pictures and traces, e.g. <c>A2 − Y</c> for ("A2", "Y");
    /// <c>δ(A2, Y)</c> when the loss gave no formula.
    /// </summary>
    public string DeltaFormulaFor(string output, string targets) =>
        deltaFormula is null ? $"δ({output}, {targets})" : deltaFormula.Replace("A", output).Replace("Y", targets);

    /// <summary>The loss of a batch, (1/m) Σ ℓ over all entries, from the output layer's Z_L and A_L = g(Z_L) and the targets Y (all outputs × m).</summary>
    /// <exception cref="ShapeMismatchException">Z, A and Y differ in shape.</exception>
    public double Value(Matrix z, Matrix a, Matrix y)
    {
        RequireSameShape(z, a, y, nameof(Value));
        double value = sum(z, a, y) / y.Cols;
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"loss = (1/{y.Cols}) · Σ {Name} over {log.Describe(z)}, {log.Describe(a)}, {log.Describe(y)} -> a number");
        return value;
    }

    /// <summary>dZ_L, the (outputs × m) error at the output layer's pre-activation: δ of every entry, not yet divided by m.</summary>
    /// <param name="a">A_L, the network's output.</param>
    /// <param name="y">The targets, Y.</param>
    /// <param name="into">Where to write dZ_L (a new matrix when null).</param>
    /// <exception cref="ShapeMismatchException">A, Y and <paramref name="into"/> differ in shape.</exception>
    public Matrix OutputDelta(Matrix a, Matrix y, Matrix? into = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        var dZ = into ?? new Matrix(y.Rows, y.Cols);
        RequireSameShape(a, y, dZ, nameof(OutputDelta));
        ReadOnlySpan<double> outputs = a.AsSpan(), targets = y.AsSpan();
        Span<double> result = dZ.AsSpan();
        for (int i = 0; i < result.Length; i++)
            result[i] = delta(outputs[i], targets[i]);
        if (OperationLog.Current is { } log) // the shape trace: null unless an OperationLog is recording
            log.Add($"{log.Name(dZ)} = {DeltaFormulaFor(log.Name(a), log.Name(y))} for {log.Describe(a)}, {log.Describe(y)} -> {dZ.Shape}");
        return dZ;
    }

    /// <summary>What is wrong with targets Y for this loss (e.g. a softmax column that does not sum to 1), or null when they are fine.</summary>
    public string? ProblemWithTargets(Matrix y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return targetProblem?.Invoke(y);
    }

    /// <summary>
    /// The same loss value with another δ: e.g. MSE with cross-entropy's <c>A − Y</c>, to watch the gradient
    /// check catch an output delta that does not belong to the loss.
    /// </summary>
    public Loss WithDelta(string name, Func<double, double, double> otherDelta, string? otherFormula = null) =>
        new(name, Output, sum, otherDelta, otherFormula, targetProblem);

    /// <summary>
    /// A target check for a loss's <c>targetProblem</c>: every entry of Y must be a finite number in [low, high] (any
    /// finite number when both bounds are infinite), or the message names the first sample (column of Y) that breaks it,
    /// e.g. "… but sample 3 (counting from 0) has 5 at output 1". One pass over Y.
    /// </summary>
    /// <param name="low">The smallest target the loss takes.</param>
    /// <param name="high">The largest target the loss takes.</param>
    /// <param name="what">What needs the range, e.g. "a sigmoid output with cross-entropy", to begin the message.</param>
    public static Func<Matrix, string?> TargetsWithin(double low, double high, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        string range = double.IsNegativeInfinity(low) && double.IsPositiveInfinity(high)
            ? "to be a finite number"
            : string.Create(CultureInfo.InvariantCulture, $"in [{low}, {high}]");
        return y =>
        {
            ArgumentNullException.ThrowIfNull(y);
            (int Sample, int Output)? first = null;
            for (int r = 0; r < y.Rows; r++)
            {
                // Only samples before the first bad one found so far can name an earlier one.
                ReadOnlySpan<double> row = y.AsSpan().Slice(r * y.Cols, first?.Sample ?? y.Cols);
                for (int c = 0; c < row.Length; c++)
                    if (!double.IsFinite(row[c]) || row[c] < low || row[c] > high)
                    {
                        first = (c, r);
                        break;
                    }
            }
            return first is (int sample, int output)
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{what} needs every target (entry of Y) {range}, but sample {sample} (counting from 0) has {y[output, sample]} at output {output}")
                : null;
        };
    }

    /// <summary>Builds the batch sum Σ ℓ for a loss given entry by entry as ℓ(z, a, y), with a = g(z).</summary>
    public static Func<Matrix, Matrix, Matrix, double> SumOfEntries(Func<double, double, double, double> entryLoss)
    {
        ArgumentNullException.ThrowIfNull(entryLoss);
        return (z, a, y) =>
        {
            ReadOnlySpan<double> zs = z.AsSpan(), outputs = a.AsSpan(), targets = y.AsSpan();
            double total = 0;
            for (int i = 0; i < zs.Length; i++)
                total += entryLoss(zs[i], outputs[i], targets[i]);
            return total;
        };
    }

    /// <summary>sign(x): −1, 0 or 1, and NaN for NaN (which <see cref="Math.Sign(double)"/> refuses), so a diverged output stays visible.</summary>
    public static double Sign(double x) => double.IsNaN(x) ? double.NaN : Math.Sign(x);

    /// <summary>softplus(z) = ln(1 + e^z), computed so that e^x never overflows: max(z, 0) + ln(1 + e^−|z|).</summary>
    /// <remarks>−ln σ(z) = softplus(−z) and −ln(1 − σ(z)) = softplus(z), so cross-entropy is softplus(z) − y·z.</remarks>
    public static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    /// <summary>The loss matching an output activation and a loss name, e.g. (<c>softmax</c>, <c>ce</c>).</summary>
    /// <exception cref="ArgumentException">No such pair; the message lists the pairs there are.</exception>
    public static Loss Named(string output, string name) =>
        All.FirstOrDefault(l => string.Equals(l.Output.Name, output, StringComparison.OrdinalIgnoreCase)
                                && string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no loss '{name}' with a {output} output; the pairs are: {string.Join(", ", All.Select(l => $"{l.Output.Name} + {l.Name}"))}");

    /// <summary>The name, e.g. <c>ce</c>.</summary>
    public override string ToString() => Name;

    // Σ over samples of −Σᵢ yᵢ ln aᵢ, with ln aᵢ = zᵢ − ln Σⱼ e^(zⱼ) taken from z (log-sum-exp):
    // exact even for a class whose aᵢ rounds to 0.
    private static double SoftmaxCrossEntropySum(Matrix z, Matrix a, Matrix y)
    {
        double total = 0;
        for (int c = 0; c < z.Cols; c++)
        {
            var (max, sumOfExponentials) = OutputActivation.ShiftedNormaliser(z, c);
            double logSumExp = max + Math.Log(sumOfExponentials);
            for (int r = 0; r < z.Rows; r++)
                total -= y[r, c] * (z[r, c] - logSumExp);
        }
        return total;
    }

    private static string? EveryColumnSumsToOne(Matrix y)
    {
        if (NotANumber(y) is string problem)
            return problem;
        for (int c = 0; c < y.Cols; c++)
        {
            double total = 0;
            bool negative = false;
            for (int r = 0; r < y.Rows; r++)
            {
                total += y[r, c];
                negative |= y[r, c] < 0;
            }
            if (negative || Math.Abs(total - 1) > 1e-6)
                return $"softmax with cross-entropy needs the targets of each sample (each column of Y) to be ≥ 0 and sum to 1, one class per sample, " +
                       $"but sample {c} (counting from 0) " + (negative ? "has a negative target" : $"sums to {total:G6}") +
                       "; for several 0/1 targets per sample use the sigmoid output";
        }
        return null;
    }

    // NaN would pass "≥ 0 and sums to 1" (it compares false with everything), so it is refused first, with ±∞.
    private static readonly Func<Matrix, string?> NotANumber = TargetsWithin(double.NegativeInfinity, double.PositiveInfinity, "softmax with cross-entropy");

    private static void RequireSameShape(Matrix first, Matrix second, Matrix third, string operation)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(third);
        if (!first.HasShapeOf(second) || !first.HasShapeOf(third))
            throw new ShapeMismatchException($"Loss.{operation}", first.Shape, second.Shape,
                $"and {third.Shape} differ: the outputs, the targets Y (and Z or dZ) must have the same shape");
    }
}
