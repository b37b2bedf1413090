using System.Globalization;
using System.Text;

namespace FromScratch;

/// <summary>
/// Checks backprop against the definition of a derivative. For every parameter θ it computes the
/// central difference (L(θ + ε) − L(θ − ε)) / 2ε and compares it with the analytic gradient by the
/// relative difference ‖a − n‖ / (‖a‖ + ‖n‖). With ε = 1e-5 in doubles a correct gradient gives
/// about 1e-9 or less; anything over 1e-7 means a formula is wrong.
/// </summary>
public static class GradientCheck
{
    /// <summary>The usual step ε.</summary>
    public const double DefaultEpsilon = 1e-5;

    /// <summary>The usual pass mark for the relative difference.</summary>
    public const double DefaultThreshold = 1e-7;

    /// <summary>Checks <see cref="Network.Backward"/> of <paramref name="network"/> on X (inputs × m) and Y (outputs × m).</summary>
    public static GradientCheckReport Run(Network network, Matrix x, Matrix y,
        double epsilon = DefaultEpsilon, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Compare(network, x, y, network.Backward(network.Forward(x), y), epsilon, threshold);
    }

    /// <summary>
    /// Checks any claimed gradients (e.g. from your own backprop) against finite differences of
    /// <c>network.LossOf(x, y)</c>. The network's parameters are restored afterwards.
    /// </summary>
    public static GradientCheckReport Compare(Network network, Matrix x, Matrix y, Gradients analytic,
        double epsilon = DefaultEpsilon, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(analytic);
        if (!(epsilon > 0) || !(threshold > 0))
            throw new ArgumentException($"GradientCheck: epsilon and threshold must be positive, got {epsilon} and {threshold}");
        network.LossOf(x, y); // validates the shapes of X and Y before any work
        if (analytic.Weights.Count != network.LayerCount || analytic.Biases.Count != network.LayerCount)
            throw new ArgumentException(
                $"GradientCheck: the network has {network.LayerCount} layers but the gradients hold {analytic.Weights.Count} weight and {analytic.Biases.Count} bias matrices");

        var checks = new List<ParameterCheck>();
        double differenceSquared = 0, analyticSquared = 0, numericSquared = 0;
        for (int l = 0; l < network.LayerCount; l++)
        {
            foreach (var (name, parameter, claimed) in new[]
            {
                ($"W{l + 1}", network.Weights[l], analytic.Weights[l]),
                ($"b{l + 1}", network.Biases[l], analytic.Biases[l]),
            })
            {
                if (claimed.Shape != parameter.Shape)
                    throw new ShapeMismatchException("GradientCheck", parameter.Shape, claimed.Shape,
                        $"differ: the gradient d{name} must have {name}'s shape {parameter.Shape}");
                Matrix numeric = NumericGradient(network, x, y, parameter, epsilon);
                checks.Add(ParameterCheck.From(name, claimed, numeric, threshold));
                differenceSquared += Square((claimed - numeric).Norm());
                analyticSquared += Square(claimed.Norm());
                numericSquared += Square(numeric.Norm());
            }
        }
        double overall = RelativeDifference(Math.Sqrt(differenceSquared), Math.Sqrt(analyticSquared), Math.Sqrt(numericSquared));
        return new GradientCheckReport(checks, overall, threshold);
    }

    /// <summary>‖a − n‖ / (‖a‖ + ‖n‖) from the three norms; 0 when both gradients are exactly zero.</summary>
    public static double RelativeDifference(double differenceNorm, double analyticNorm, double numericNorm) =>
        analyticNorm + numericNorm == 0 ? 0 : differenceNorm / (analyticNorm + numericNorm);

    // Nudges each entry of `parameter` by ±ε in place (restoring it) and measures the loss.
    private static Matrix NumericGradient(Network network, Matrix x, Matrix y, Matrix parameter, double epsilon)
    {
        var numeric = new Matrix(parameter.Rows, parameter.Cols);
        for (int r = 0; r < parameter.Rows; r++)
            for (int c = 0; c < parameter.Cols; c++)
            {
                double original = parameter[r, c];
                parameter[r, c] = original + epsilon;
                double lossPlus = network.LossOf(x, y);
                parameter[r, c] = original - epsilon;
                double lossMinus = network.LossOf(x, y);
                parameter[r, c] = original;
                numeric[r, c] = (lossPlus - lossMinus) / (2 * epsilon);
            }
        return numeric;
    }

    private static double Square(double v) => v * v;
}

/// <summary>
/// One parameter's result: its name (W1, b1, …), shape, relative difference, whether it passed,
/// and the entry where analytic and numeric gradients differ most.
/// </summary>
public sealed record ParameterCheck(string Name, string Shape, double RelativeDifference, bool Passed,
    int WorstRow, int WorstCol, double WorstAnalytic, double WorstNumeric)
{
    internal static ParameterCheck From(string name, Matrix analytic, Matrix numeric, double threshold)
    {
        Matrix difference = analytic - numeric;
        double relative = GradientCheck.RelativeDifference(difference.Norm(), analytic.Norm(), numeric.Norm());
        int worstRow = 0, worstCol = 0;
        for (int r = 0; r < difference.Rows; r++)
            for (int c = 0; c < difference.Cols; c++)
                if (Math.Abs(difference[r, c]) > Math.Abs(difference[worstRow, worstCol]))
                    (worstRow, worstCol) = (r, c);
        return new ParameterCheck(name, analytic.Shape, relative, relative <= threshold,
            worstRow, worstCol, analytic[worstRow, worstCol], numeric[worstRow, worstCol]);
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
        text.Append(CultureInfo.InvariantCulture,
            $"overall {Overall:0.00e+00} (threshold {Threshold:0e+00}): {(Passed ? "PASS" : "FAIL")}");
        return text.ToString();
    }
}
