namespace FromScratch;

/// <summary>
/// What a network knows of the data it was trained on, saved with it so that new data can be given in its
/// original form: the input columns' names, the classes' names (or for a regression network the target columns'
/// names), the input scaling and the target scaling. All are optional (null) and none of them changes the maths:
/// <see cref="Forward"/>, <see cref="Train(Matrix, Matrix, TrainingOptions?)"/> and <see cref="Predict"/> take
/// inputs that are already scaled and give outputs on the targets' training scale, so apply <see cref="Scaling"/>
/// to raw inputs first and <see cref="FeatureScaling.Invert"/> of <see cref="TargetScaling"/> to the outputs after.
/// </summary>
public sealed partial class Network
{
    private string[]? inputNames;
    private string[]? classNames;
    private string[]? targetNames;
    private FeatureScaling? scaling;
    private FeatureScaling? targetScaling;

    /// <summary>The name of each input (e.g. a CSV file's column headers), <c>LayerSizes[0]</c> of them, or null.</summary>
    /// <exception cref="ArgumentException">Set to a list of another length, or one holding a null, empty or repeated name.</exception>
    public IReadOnlyList<string>? InputNames
    {
        get => inputNames;
        set => inputNames = Names(value, LayerSizes[0], "InputNames", "input");
    }

    /// <summary>The name of the class each output stands for, <c>LayerSizes[^1]</c> of them, or null.</summary>
    /// <exception cref="ArgumentException">Set to a list of another length, or one holding a null, empty or repeated name.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => classNames;
        set => classNames = Names(value, LayerSizes[^1], "ClassNames", "output");
    }

    /// <summary>How raw inputs were scaled for training, or null when they were not: <c>Predict(Scaling.Apply(raw))</c>.</summary>
    /// <exception cref="ArgumentException">Set to a scaling of another number of features than the network's inputs.</exception>
    public FeatureScaling? Scaling
    {
        get => scaling;
        set => scaling = value is null || value.Count == LayerSizes[0] ? value
            : throw new ArgumentException($"Scaling: the scaling has {value.Count} features but the network takes {LayerSizes[0]} inputs");
    }

    /// <summary>The name of each output's target (a regression network's CSV columns), <c>LayerSizes[^1]</c> of them, or null.</summary>
    /// <exception cref="ArgumentException">Set to a list of another length, or one holding a null, empty or repeated name.</exception>
    public IReadOnlyList<string>? TargetNames
    {
        get => targetNames;
        set => targetNames = Names(value, LayerSizes[^1], "TargetNames", "output");
    }

    /// <summary>
    /// How the targets were scaled for training (a regression network's, e.g. y′ = (y − μ) / σ), or null when they were
    /// not: the outputs are then on that scale, and <c>TargetScaling.Invert(Predict(x))</c> gives them in the targets' units.
    /// </summary>
    /// <exception cref="ArgumentException">Set to a scaling of another number of features than the network's outputs.</exception>
    public FeatureScaling? TargetScaling
    {
        get => targetScaling;
        set => targetScaling = value is null || value.Count == LayerSizes[^1] ? value
            : throw new ArgumentException($"TargetScaling: the scaling has {value.Count} features but the network has {LayerSizes[^1]} outputs");
    }

    private static string[]? Names(IReadOnlyList<string>? names, int count, string property, string what)
    {
        if (names is null)
            return null;
        if (names.Count != count)
            throw new ArgumentException($"{property}: got {names.Count} names but the network has {count} {what}{(count == 1 ? "" : "s")}, one name each");
        if (ProblemWithNames(names) is string problem)
            throw new ArgumentException($"{property}: {problem}");
        return [.. names];
    }

    // Names are looked up (a CSV column by its header, a class by its label), so each must be there and unique.
    private static string? ProblemWithNames(IReadOnlyList<string> names)
    {
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] is null)
                return $"name {i} is null";
            if (names[i].Length == 0)
                return $"name {i} is empty";
            if (!seen.TryAdd(names[i], i))
                return $"names {seen[names[i]]} and {i} are both \"{Shown(names[i])}\"; each name must be different";
        }
        return null;
    }
}
