using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// How close a regression network's predictions ŷ are to the true values y over m samples, for one target, in the
/// target's own units: what a classifier's accuracy is to classes. RMSE is the typical error, large ones weighing
/// most; MAE the mean size of an error; R² the share of the targets' variance that the predictions explain: 1 is
/// perfect, 0 no better than always predicting the mean ȳ, below 0 worse than that.
/// </summary>
/// <param name="Rmse">√((1/m) Σ (ŷ − y)²).</param>
/// <param name="Mae">(1/m) Σ |ŷ − y|.</param>
/// <param name="R2">1 − SS_res / SS_tot; NaN when every y is the same (SS_tot = 0: there is no variance to explain).</param>
internal sealed record RegressionMetrics(double Rmse, double Mae, double R2)
{
    /// <summary>The metrics of one target: <paramref name="predicted"/> ŷ and <paramref name="actual"/> y, m values each.</summary>
    /// <exception cref="ArgumentException">The two have different lengths, or none.</exception>
    public static RegressionMetrics Of(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        if (predicted.Length != actual.Length || actual.Length == 0)
            throw new ArgumentException($"RegressionMetrics.Of: {predicted.Length} predictions for {actual.Length} true values; give one for each, at least one");
        int m = actual.Length;
        double sum = 0;
        foreach (double y in actual)
            sum += y;
        double mean = sum / m; // ȳ = (1/m) Σ y
        double squaredErrors = 0, absoluteErrors = 0, totalSquares = 0;
        for (int s = 0; s < m; s++)
        {
            squaredErrors += (actual[s] - predicted[s]) * (actual[s] - predicted[s]); // SS_res = Σ (y − ŷ)²
            absoluteErrors += Math.Abs(actual[s] - predicted[s]);
            totalSquares += (actual[s] - mean) * (actual[s] - mean);                  // SS_tot = Σ (y − ȳ)²
        }
        return new RegressionMetrics(
            Math.Sqrt(squaredErrors / m),                                    // RMSE = √((1/m) Σ (ŷ − y)²)
            absoluteErrors / m,                                              // MAE = (1/m) Σ |ŷ − y|
            totalSquares > 0 ? 1 - squaredErrors / totalSquares : double.NaN); // R² = 1 − SS_res / SS_tot
    }

    /// <summary>The metrics of each target: one per row of <paramref name="predicted"/> and <paramref name="actual"/> (targets × m).</summary>
    /// <exception cref="ArgumentException">The two matrices differ in shape.</exception>
    public static RegressionMetrics[] PerTarget(Matrix predicted, Matrix actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (!predicted.HasShapeOf(actual))
            throw new ArgumentException($"RegressionMetrics.PerTarget: predictions {predicted.Shape} and true values {actual.Shape} must have the same shape (targets × m)");
        return [.. Enumerable.Range(0, actual.Rows).Select(t => Of(Row(predicted, t), Row(actual, t)))];
    }

    /// <summary>
    /// The score a run of several targets is judged by, as scikit-learn's <c>r2_score</c> judges it: the mean of
    /// their R² (each in its own units, so none outweighs another by its scale).
    /// </summary>
    public static double MeanR2(IReadOnlyList<RegressionMetrics> targets) => targets.Average(t => t.R2);

    /// <summary>e.g. <c>RMSE 53.1, MAE 42.7, R² 0.482</c>; a NaN R² says why.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"RMSE {Number(Rmse)}, MAE {Number(Mae)}, {R2Text(R2)}");

    /// <summary>R² as the progress lines show it: <c>R² 0.482</c>, or why there is none.</summary>
    public static string R2Text(double r2) =>
        double.IsNaN(r2) ? "R² undefined (every true value the same)"
        : Math.Abs(r2) < 1000 ? string.Create(CultureInfo.InvariantCulture, $"R² {r2:0.000}")
        : string.Create(CultureInfo.InvariantCulture, $"R² {r2:g3}"); // far below 0, after a blow-up

    /// <summary>A number in the targets' units with four significant digits: 53.12, 0.004217, 1.234e+06.</summary>
    public static string Number(double value) =>
        value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3) ? value.ToString("0.###e+00", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    private static double[] Row(Matrix m, int row) => [.. Enumerable.Range(0, m.Cols).Select(c => m[row, c])];
}
