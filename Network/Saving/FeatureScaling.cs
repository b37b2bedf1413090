using System.Globalization;

namespace FromScratch;

/// <summary>
/// Puts every input feature on one scale before the first layer. Why it matters for sigmoid units: z = W·x + b
/// adds up the raw inputs, so a feature in the thousands beside one in tenths gives a |z| in the hundreds,
/// where σ′(z) = σ(z)(1 − σ(z)) (at most 1/4, at z = 0) is all but 0, and the unit stops learning.
/// Fitted on the training part only (<see cref="Standardize"/>, <see cref="Normalize"/>), then applied
/// unchanged to the test part and to new data (<see cref="Apply"/>), and saved with the network.
/// </summary>
/// <remarks>
/// Both methods are x' = (x − shift) / scale for each feature: shift = μ and scale = σ (the mean and the
/// standard deviation, with 1/m as NumPy's <c>std</c> and scikit-learn's <c>StandardScaler</c>), or
/// shift = min and scale = max − min. A feature that was constant in training (scale 0) says nothing, and
/// becomes 0 everywhere.
/// </remarks>
public sealed class FeatureScaling
{
    /// <summary>The name of x' = (x − μ) / σ, as saved.</summary>
    public const string StandardizeMethod = "standardize";

    /// <summary>The name of x' = (x − min) / (max − min), as saved.</summary>
    public const string NormalizeMethod = "normalize";

    // Standardize: first = μ, second = σ.  Normalize: first = min, second = max.
    private readonly double[] first, second;

    private FeatureScaling(string method, double[] first, double[] second)
    {
        Method = method;
        this.first = first;
        this.second = second;
    }

    /// <summary>
    /// Fits x' = (x − μ) / σ to the training inputs X (features × m, one sample per column):
    /// μ_i = (1/m) Σ_s x_is and σ_i = √((1/m) Σ_s (x_is − μ_i)²) for each feature i.
    /// </summary>
    /// <exception cref="ScalingOverflowException">A feature's μ or σ overflows (values beyond about ±1e154, whose squares exceed the largest double).</exception>
    public static FeatureScaling Standardize(Matrix x)
    {
        RequireSamples(x, nameof(Standardize));
        int m = x.Cols;
        var mean = new double[x.Rows];
        var deviation = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            double sum = 0;
            for (int s = 0; s < m; s++)
                sum += x[i, s];
            mean[i] = sum / m;
            double squares = 0;
            for (int s = 0; s < m; s++)
                squares += (x[i, s] - mean[i]) * (x[i, s] - mean[i]);
            deviation[i] = Math.Sqrt(squares / m);
        }
        return Checked(new FeatureScaling(StandardizeMethod, mean, deviation), nameof(Standardize));
    }

    /// <summary>Fits x' = (x − min) / (max − min) to the training inputs X (features × m): each feature to [0, 1].</summary>
    /// <exception cref="ScalingOverflowException">A feature's max − min overflows (e.g. min −1e308 and max 1e308).</exception>
    public static FeatureScaling Normalize(Matrix x)
    {
        RequireSamples(x, nameof(Normalize));
        var min = new double[x.Rows];
        var max = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            (min[i], max[i]) = (x[i, 0], x[i, 0]);
            for (int s = 1; s < x.Cols; s++)
                (min[i], max[i]) = (Math.Min(min[i], x[i, s]), Math.Max(max[i], x[i, s]));
        }
        return Checked(new FeatureScaling(NormalizeMethod, min, max), nameof(Normalize));
    }

    // The first feature whose shift or scale is not a finite number, or −1 when all are finite.
    private int FirstOverflowingFeature => Enumerable.Range(0, Count).FirstOrDefault(i => !double.IsFinite(first[i]) || !double.IsFinite(ScaleOf(i)), -1);

    private static FeatureScaling Checked(FeatureScaling scaling, string operation) =>
        scaling.FirstOverflowingFeature is int i and >= 0
            ? throw new ScalingOverflowException(i, -1, Invariant($"FeatureScaling.{operation}: feature {i}'s values are too large to scale ({scaling.StatisticNames().First} {scaling.first[i]:g4}, {scaling.StatisticNames().Second} {scaling.second[i]:g4}): its {(scaling.Method == StandardizeMethod ? "mean or deviation" : "range max − min")} overflows a double"))
            : scaling;

    /// <summary>
    /// A scaling from saved statistics: for <see cref="StandardizeMethod"/> the means and standard deviations,
    /// for <see cref="NormalizeMethod"/> the minima and maxima, one of each per feature.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown method, lists of different or zero length, a value that is not finite, a negative σ, or a max below its min.</exception>
    public static FeatureScaling FromStatistics(string method, IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var (firstName, secondName) = StatisticNames(method);
        if (first.Count == 0 || first.Count != second.Count)
            throw new ArgumentException($"FeatureScaling: {firstName} and {secondName} need one value per feature each; got {first.Count} and {second.Count}");
        for (int i = 0; i < first.Count; i++)
        {
            if (!double.IsFinite(first[i]) || !double.IsFinite(second[i]) || (method == NormalizeMethod && !double.IsFinite(second[i] - first[i])))
                throw new ArgumentException(Invariant($"FeatureScaling: feature {i} has {firstName} {first[i]} and {secondName} {second[i]}; both{(method == NormalizeMethod ? ", and max − min," : "")} must be finite"));
            if (method == StandardizeMethod ? second[i] < 0 : second[i] < first[i])
                throw new ArgumentException(Invariant($"FeatureScaling: feature {i} has {firstName} {first[i]} and {secondName} {second[i]}; {(method == StandardizeMethod ? "σ cannot be negative" : "max cannot be below min")}"));
        }
        return new FeatureScaling(method, [.. first], [.. second]);
    }

    /// <summary>What the two lists of statistics are called in a saved file: ("mean", "std") or ("min", "max").</summary>
    /// <exception cref="ArgumentException">Not <see cref="StandardizeMethod"/> or <see cref="NormalizeMethod"/>.</exception>
    public static (string First, string Second) StatisticNames(string method) => method switch
    {
        StandardizeMethod => ("mean", "std"),
        NormalizeMethod => ("min", "max"),
        _ => throw new ArgumentException($"FeatureScaling: the method is \"{method}\"; the methods are {StandardizeMethod} and {NormalizeMethod}"),
    };

    /// <summary><see cref="StandardizeMethod"/> or <see cref="NormalizeMethod"/>.</summary>
    public string Method { get; }

    /// <summary>The number of features (inputs) it scales.</summary>
    public int Count => first.Length;

    /// <summary>The first statistic of each feature: μ (standardize) or min (normalize).</summary>
    public IReadOnlyList<double> First => first;

    /// <summary>The second statistic of each feature: σ (standardize) or max (normalize).</summary>
    public IReadOnlyList<double> Second => second;

    /// <summary>The features that were constant in training (σ = 0, or max = min): Apply makes them 0.</summary>
    public IReadOnlyList<int> ConstantFeatures => [.. Enumerable.Range(0, Count).Where(i => ScaleOf(i) == 0)];

    /// <summary>Raw inputs X (features × m) scaled as in training, in a new matrix: x' = (x − shift) / scale.</summary>
    /// <exception cref="ArgumentException">X does not have one row per feature.</exception>
    /// <exception cref="ScalingOverflowException">A value scales to ±∞; the exception says which.</exception>
    public Matrix Apply(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows != Count)
            throw new ArgumentException($"FeatureScaling.Apply: X has shape {x.Shape} but the scaling was fitted to {Count} features, so X must be ({Count}, m)");
        var scaled = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Rows; i++)
        {
            double shift = first[i], scale = ScaleOf(i);
            for (int s = 0; s < x.Cols; s++)
                // x' = (x − μ) / σ, or x' = (x − min) / (max − min); a feature constant in training becomes 0
                scaled[i, s] = scale > 0 ? (x[i, s] - shift) / scale : 0;
        }
        // A tiny σ (or range) from a hand-edited file, or a value far outside the training range, can overflow.
        for (int s = 0; s < x.Cols; s++)
            for (int i = 0; i < x.Rows; i++)
                if (!double.IsFinite(scaled[i, s]))
                    throw new ScalingOverflowException(i, s, Invariant(
                        $"FeatureScaling.Apply: feature {i} of sample {s} is {x[i, s]:g6}, which scales to {scaled[i, s]} ({StatisticNames().First} {first[i]:g6}, {StatisticNames().Second} {second[i]:g6})"));
        return scaled;
    }

    /// <summary>
    /// Scaled values X′ (features × m) back in the original units, in a new matrix: x = shift + scale·x′, the inverse
    /// of <see cref="Apply"/>. E.g. a regression network's outputs, trained on standardised targets, as numbers in
    /// the targets' own units: x = μ + σ·x′. A feature constant in training (scale 0) comes back as its one value.
    /// </summary>
    /// <exception cref="ArgumentException">X′ does not have one row per feature.</exception>
    /// <exception cref="ScalingOverflowException">A value comes back as ±∞; the exception says which.</exception>
    public Matrix Invert(Matrix scaled)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        if (scaled.Rows != Count)
            throw new ArgumentException($"FeatureScaling.Invert: X′ has shape {scaled.Shape} but the scaling was fitted to {Count} features, so X′ must be ({Count}, m)");
        var original = new Matrix(scaled.Rows, scaled.Cols);
        for (int i = 0; i < scaled.Rows; i++)
            for (int s = 0; s < scaled.Cols; s++)
            {
                // x = μ + σ·x′, or x = min + (max − min)·x′
                original[i, s] = first[i] + ScaleOf(i) * scaled[i, s];
                if (!double.IsFinite(original[i, s]))
                    throw new ScalingOverflowException(i, s, Invariant(
                        $"FeatureScaling.Invert: feature {i} of sample {s} is {scaled[i, s]:g6}, which comes back as {original[i, s]} ({StatisticNames().First} {first[i]:g6}, {StatisticNames().Second} {second[i]:g6})"));
            }
        return original;
    }

    private (string First, string Second) StatisticNames() => StatisticNames(Method);

    /// <summary>e.g. <c>standardize (x − μ) / σ of 4 features</c>.</summary>
    public override string ToString() =>
        $"{Method} {(Method == StandardizeMethod ? "(x − μ) / σ" : "(x − min) / (max − min)")} of {Count} feature{(Count == 1 ? "" : "s")}";

    // σ, or max − min.
    private double ScaleOf(int feature) => Method == StandardizeMethod ? second[feature] : second[feature] - first[feature];

    private static void RequireSamples(Matrix x, string operation)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols == 0)
            throw new ArgumentException($"FeatureScaling.{operation}: X has shape {x.Shape}; fitting needs at least one sample (column)");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Thrown when a number is too large to scale: by <see cref="FeatureScaling.Apply"/> when a value scales to ±∞
/// (naming the feature and the sample, both from 0), and by <see cref="FeatureScaling.Standardize"/> and
/// <see cref="FeatureScaling.Normalize"/> when a feature's statistics overflow (naming the feature; no sample).
/// </summary>
public sealed class ScalingOverflowException : ArgumentException
{
    internal ScalingOverflowException(int feature, int sample, string message) : base(message) => (Feature, Sample) = (feature, sample);

    /// <summary>The feature (row of X), from 0.</summary>
    public int Feature { get; }

    /// <summary>The sample (column of X), from 0; −1 when the statistics of the whole feature overflowed.</summary>
    public int Sample { get; }
}
