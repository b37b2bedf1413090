using System.Globalization;
using System.Text;

namespace FromScratch;

/// <summary>
/// Checks backprop against the definition of a derivative. For every parameter θ it computes the
/// central difference (L(θ + ε) − L(θ − ε)) / 2ε and compares it with the analytic gradient by the
/// relative difference ‖a − n‖ / max(‖a‖ + ‖n‖, floor). With ε = 1e-5 in doubles a correct gradient gives
/// about 1e-9 or less; anything over 1e-7 means a formula is wrong.
/// </summary>
/// <remarks>
/// The floor is there because a central difference is only as accurate as the two losses it subtracts. Each
/// L(θ ± ε) is rounded by about u·s, u = 2.2e-16 (a double's machine epsilon) and s the size of the numbers
/// it is summed from (<see cref="RoundingNoise"/>), so n carries noise of about u·s/ε. When the true gradient
/// is 0 or tiny, the plain ratio compares noise with noise and gives ~1. Below the floor the check turns
/// absolute: the k compared entries may differ by tolerance·√k·u·s/ε in all (<see cref="FloorFor"/>). So a
/// correct gradient passes however few and however small the entries compared, and a wrong one fails
/// wherever its error stands out of the noise.
/// </remarks>
public static class GradientCheck
{
    /// <summary>The usual step ε.</summary>
    public const double DefaultEpsilon = 1e-5;

    /// <summary>The usual pass mark for the relative difference.</summary>
    public const double DefaultThreshold = 1e-7;

    /// <summary>How many times its estimated rounding noise a difference may reach and still pass (see the remarks).</summary>
    public const double DefaultNoiseTolerance = 3;

    /// <summary>u = 2⁻⁵², the gap between 1 and the next double (numpy's <c>finfo(float).eps</c>): the scale of one rounding.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Checks <see cref="Network.Backward"/> of <paramref name="network"/> on X (inputs × m) and Y (outputs × m).</summary>
    public static GradientCheckReport Run(Network network, Matrix x, Matrix y, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Compare(network, x, y, network.Backward(network.Forward(x, into: PassFor(network, x, options)), y), options);
    }

    /// <summary>
    /// Checks any claimed gradients (e.g. from your own backprop) against finite differences of
    /// <c>network.LossOf(x, y)</c> (with <see cref="GradientCheckOptions.Dropout"/>, of the loss with its fixed
    /// masks). The network's parameters are restored afterwards.
    /// </summary>
    public static GradientCheckReport Compare(Network network, Matrix x, Matrix y, Gradients analytic, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(analytic);
        options ??= new GradientCheckOptions();
        options.Validate();
        ForwardPass pass = PassFor(network, x, options); // with dropout, the masks stay fixed for every nudge
        var start = network.Forward(x, into: pass); // with LossOf, validates X and Y before any work
        double noise = RoundingNoise(network.LossOf(start, y), start.Z[network.LayerCount], options.Epsilon);
        if (analytic.Weights.Count != network.LayerCount || analytic.Biases.Count != network.LayerCount)
            throw new ArgumentException(
                $"GradientCheck: the network has {network.LayerCount} layers but the gradients hold {analytic.Weights.Count} weight and {analytic.Biases.Count} bias matrices");

        var parameters = new List<(string Name, Matrix Parameter, Matrix Claimed)>();
        for (int l = 0; l < network.LayerCount; l++)
        {
            parameters.Add(($"W{l + 1}", network.Weights[l], analytic.Weights[l]));
            parameters.Add(($"b{l + 1}", network.Biases[l], analytic.Biases[l]));
        }
        foreach (var (name, parameter, claimed) in parameters)
            if (claimed is null || claimed.Shape != parameter.Shape)
                throw new ShapeMismatchException("GradientCheck", parameter.Shape, claimed?.Shape ?? "null",
                    $"differ: the gradient d{name} must have {name}'s shape {parameter.Shape}");

        // Which entries to nudge: all of them, or a seeded sample of each parameter's.
        var random = new Random(options.Seed);
        var chosen = parameters.Select(p => EntriesToCheck(p.Parameter, options.EntriesPerParameter, random)).ToList();
        var progress = new GradientCheckProgress("", 0, chosen.Sum(c => c.Length), System.Diagnostics.Stopwatch.StartNew());

        var checks = new List<ParameterCheck>();
        double differenceSquared = 0, analyticSquared = 0, numericSquared = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            var (name, parameter, claimed) = parameters[i];
            progress = progress with { Parameter = name };
            double[] numeric = NumericGradient(network, x, y, pass, parameter, chosen[i], options, ref progress);
            double[] analyticValues = [.. chosen[i].Select(e => claimed[e.Row, e.Col])];
            var check = ParameterCheck.From(name, parameter.Shape, parameter.Rows * parameter.Cols, chosen[i], analyticValues, numeric, noise, options);
            checks.Add(check);
            differenceSquared += analyticValues.Zip(numeric, (a, n) => (a - n) * (a - n)).Sum();
            analyticSquared += analyticValues.Sum(a => a * a);
            numericSquared += numeric.Sum(n => n * n);
        }
        double overall = RelativeDifference(Math.Sqrt(differenceSquared), Math.Sqrt(analyticSquared), Math.Sqrt(numericSquared),
            FloorFor(chosen.Sum(c => c.Length), noise, options));
        return new GradientCheckReport(checks, overall, options.Threshold);
    }

    /// <summary>‖a − n‖ / max(‖a‖ + ‖n‖, floor) from the three norms.</summary>
    public static double RelativeDifference(double differenceNorm, double analyticNorm, double numericNorm, double floor) =>
        differenceNorm / Math.Max(analyticNorm + numericNorm, floor);

    /// <summary>
    /// The rounding noise of one central difference, u·s/ε. A loss is a sum of N = outputs × m terms rounded at every
    /// step, so it carries an error of about u·√N·|L|, plus u·|z| for each output pre-activation z that a term is
    /// computed from (softplus(z) − y·z cancels to a small ℓ when z is large): s = √N·|L| + (1/m)·Σ|Z_L|. The
    /// difference of two such losses divided by 2ε has noise of about u·s/ε. Measured on 1,500 random networks (1 to
    /// 300 units, 2 to 7 layers, every activation and loss, L2 up to 1e6, inputs up to ±30, up to 200,000 terms, trained
    /// ones too), the actual noise stayed under a third of this, so the default tolerance of 3 leaves a margin of 10.
    /// </summary>
    /// <param name="loss">L at the parameters being checked.</param>
    /// <param name="outputZ">Z_L (outputs × m) of the same forward pass.</param>
    /// <param name="epsilon">The step ε of the central difference.</param>
    public static double RoundingNoise(double loss, Matrix outputZ, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(outputZ);
        double sumOfAbsolutes = 0;
        foreach (double z in outputZ.AsSpan())
            sumOfAbsolutes += Math.Abs(z);
        double size = Math.Sqrt(outputZ.Rows * (double)outputZ.Cols) * Math.Abs(loss) + sumOfAbsolutes / outputZ.Cols; // s = √N·|L| + (1/m)·Σ|Z_L|
        return MachineEpsilon * size / epsilon;
    }

    /// <summary>
    /// The floor for <paramref name="entries"/> compared entries: below it ‖a − n‖ may reach tolerance·√k·noise, the
    /// noise of k central differences (their errors add like a random walk) with a margin, so floor =
    /// tolerance·√k·noise / threshold.
    /// </summary>
    public static double FloorFor(int entries, double noise, GradientCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.NoiseTolerance * Math.Sqrt(entries) * noise / options.Threshold;
    }

    // Every entry of the parameter, or `count` distinct ones picked at random when it has more.
    private static (int Row, int Col)[] EntriesToCheck(Matrix parameter, int count, Random random)
    {
        var all = Enumerable.Range(0, parameter.Rows * parameter.Cols).Select(i => (i / parameter.Cols, i % parameter.Cols)).ToArray();
        if (count == 0 || count >= all.Length)
            return all;
        random.Shuffle(all);
        return [.. all.Take(count).Order()];
    }

    // The pass that the loss is measured with: X's size, and with dropout the masks drawn once from its seed,
    // so that Run's Backward and every nudge see the same dropped units.
    private static ForwardPass PassFor(Network network, Matrix x, GradientCheckOptions? options)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new ForwardPass(network.LayerSizes, x.Cols, dropout: options?.Dropout);
    }

    // Nudges each chosen entry of `parameter` by ±ε in place (restoring it) and measures the loss.
    private static double[] NumericGradient(Network network, Matrix x, Matrix y, ForwardPass pass, Matrix parameter,
        (int Row, int Col)[] entries, GradientCheckOptions options, ref GradientCheckProgress progress)
    {
        var numeric = new double[entries.Length];
        double epsilon = options.Epsilon;
        for (int i = 0; i < entries.Length; i++)
        {
            var (r, c) = entries[i];
            double original = parameter[r, c];
            try
            {
                parameter[r, c] = original + epsilon;
                double lossPlus = network.LossOf(network.Forward(x, into: pass), y);
                parameter[r, c] = original - epsilon;
                double lossMinus = network.LossOf(network.Forward(x, into: pass), y);
                numeric[i] = (lossPlus - lossMinus) / (2 * epsilon);
            }
            finally
            {
                parameter[r, c] = original;
            }
            progress = progress with { Done = progress.Done + 1 };
            options.Progress?.Invoke(progress);
        }
        return numeric;
    }
}

/// <summary>Settings for <see cref="GradientCheck"/>; the defaults suit double precision.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>The step ε of the central difference.</summary>
    public double Epsilon { get; init; } = GradientCheck.DefaultEpsilon;

    /// <summary>The pass mark for the relative difference.</summary>
    public double Threshold { get; init; } = GradientCheck.DefaultThreshold;

    /// <summary>
    /// How many times the estimated rounding noise of the central differences (<see cref="GradientCheck.RoundingNoise"/>)
    /// ‖a − n‖ may reach when the gradients are too small for the relative difference to mean anything.
    /// </summary>
    public double NoiseTolerance { get; init; } = GradientCheck.DefaultNoiseTolerance;

    /// <summary>
    /// Check only this many entries of each parameter matrix, chosen at random (seeded by <see cref="Seed"/>);
    /// 0 (the default) checks them all. The check costs two forward passes per entry, so a big network is
    /// checked in reasonable time only on a sample.
    /// </summary>
    public int EntriesPerParameter { get; init; }

    /// <summary>
    /// Dropout to check with: its masks are drawn once (from its seed) and kept for the analytic gradient and every
    /// nudge, so the loss is one smooth function of the parameters. Null (the default) checks without dropout.
    /// </summary>
    public Dropout? Dropout { get; init; }

    /// <summary>Seeds the choice of entries when <see cref="EntriesPerParameter"/> samples them.</summary>
    public int Seed { get; init; }

    /// <summary>Called after every checked entry, e.g. to show progress on a big network.</summary>
    public Action<GradientCheckProgress>? Progress { get; init; }

    internal void Validate()
    {
        if (!(Epsilon > 0) || !(Threshold > 0) || !(NoiseTolerance > 0) || !double.IsFinite(Epsilon + Threshold + NoiseTolerance))
            throw new ArgumentException($"GradientCheck: epsilon, threshold and noise tolerance must be positive finite numbers, got {Epsilon}, {Threshold} and {NoiseTolerance}");
        if (EntriesPerParameter < 0)
            throw new ArgumentException($"GradientCheck: EntriesPerParameter must be 0 (all) or positive, got {EntriesPerParameter}");
    }
}

/// <summary>How far a gradient check has got: the parameter being checked, entries done of the total, time so far.</summary>
public sealed record GradientCheckProgress(string Parameter, long Done, long Total, System.Diagnostics.Stopwatch Clock)
{
    /// <summary>Time since the check began.</summary>
    public TimeSpan Elapsed => Clock.Elapsed;
}

/// <summary>
/// One parameter's result: its name (W1, b1, …), shape, relative difference, whether it passed,
/// the entry where analytic and numeric gradients differ most, and how many entries were checked.
/// </summary>
public sealed record ParameterCheck(string Name, string Shape, double RelativeDifference, bool Passed,
    int WorstRow, int WorstCol, double WorstAnalytic, double WorstNumeric, int EntriesChecked, int EntriesTotal)
{
    internal static ParameterCheck From(string name, string shape, int total, (int Row, int Col)[] entries, double[] analytic, double[] numeric,
        double noise, GradientCheckOptions options)
    {
        int worst = 0;
        double differenceSquared = 0, analyticSquared = 0, numericSquared = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            double difference = analytic[i] - numeric[i];
            differenceSquared += difference * difference;
            analyticSquared += analytic[i] * analytic[i];
            numericSquared += numeric[i] * numeric[i];
            if (Math.Abs(difference) > Math.Abs(analytic[worst] - numeric[worst]))
                worst = i;
        }
        double relative = GradientCheck.RelativeDifference(Math.Sqrt(differenceSquared), Math.Sqrt(analyticSquared), Math.Sqrt(numericSquared),
            GradientCheck.FloorFor(entries.Length, noise, options));
        return new ParameterCheck(name, shape, relative, relative <= options.Threshold,
            entries[worst].Row, entries[worst].Col, analytic[worst], numeric[worst], entries.Length, total);
    }
}

/// <summary>The result of a gradient check: one row per parameter matrix and the overall figure.</summary>
public sealed record GradientCheckReport(IReadOnlyList<ParameterCheck> Parameters, double Overall, double Threshold)
{
    /// <summary>True when every parameter and the overall relative difference are within the threshold.</summary>
    public bool Passed => Overall <= Threshold && Parameters.All(p => p.Passed);

    /// <summary>A plain-text table, one row per parameter, naming each one's worst entry.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine("param  shape      rel. difference  result  worst entry: analytic vs numeric");
        foreach (var p in Parameters)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{p.Name,-6} {p.Shape,-10} {p.RelativeDifference,15:0.00e+00}  {(p.Passed ? "pass" : "FAIL"),-6}  [{p.WorstRow}, {p.WorstCol}]: {p.WorstAnalytic:0.000000e+00} vs {p.WorstNumeric:0.000000e+00}");
        if (Parameters.Any(p => p.EntriesChecked < p.EntriesTotal))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"checked a random sample: {Parameters.Sum(p => (long)p.EntriesChecked)} of the {Parameters.Sum(p => (long)p.EntriesTotal)} entries");
        string[] failed = [.. Parameters.Where(p => !p.Passed).Select(p => p.Name)];
        string alone = Overall <= Threshold && failed.Length > 0 ? $", but {string.Join(", ", failed)} failed on its own" : "";
        text.Append(CultureInfo.InvariantCulture,
            $"overall {Overall:0.00e+00} (threshold {Threshold:0e+00}){alone}: {(Passed ? "PASS" : "FAIL")}");
        return text.ToString();
    }
}
