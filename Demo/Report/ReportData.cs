namespace FromScratch.Demo;

/// <summary>
/// Everything <see cref="TrainingReport"/> draws, gathered by the caller. Only <see cref="Title"/> and
/// <see cref="TrainLoss"/> are needed; a section whose data is missing says so in one line instead.
/// </summary>
/// <remarks>
/// The per-epoch lists hold entry e − 1 for epoch e and all have the length of <see cref="TrainLoss"/>. An entry
/// may be NaN for an epoch where it was not measured (e.g. accuracy measured every 250th epoch); the curve then
/// joins the measured epochs.
/// </remarks>
internal sealed record ReportData
{
    /// <summary>The page's heading, e.g. "train on fashion-mnist".</summary>
    public required string Title { get; init; }

    /// <summary>The command line that ran, shown as typed.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>One line per setting or group of settings, e.g. "network [784, 30, 10] sigmoid hidden, …".</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>What the data was, e.g. "60000 training samples of 784 inputs, 10000 test samples".</summary>
    public string DataDescription { get; init; } = "";

    /// <summary>With a validation set, the epoch whose network was kept (and that the matrix, tiles and mistakes show); else null.</summary>
    public int? KeptEpoch { get; init; }

    /// <summary>The time spent training.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The training loss per epoch (as <see cref="TrainingHistory.Losses"/>).</summary>
    public IReadOnlyList<double> TrainLoss { get; init; } = [];

    /// <summary>The loss on the held-out set per epoch, or null when there is none.</summary>
    public IReadOnlyList<double>? ValidationLoss { get; init; }

    /// <summary>The share of the training set classified right per epoch, in [0, 1], or null.</summary>
    public IReadOnlyList<double>? TrainAccuracy { get; init; }

    /// <summary>The share of the held-out set classified right per epoch, in [0, 1], or null.</summary>
    public IReadOnlyList<double>? ValidationAccuracy { get; init; }

    /// <summary>A regression network's R² on its training batches per epoch (as the training accuracy is measured), or null.</summary>
    public IReadOnlyList<double>? TrainR2 { get; init; }

    /// <summary>A regression network's R² on the held-out set per epoch, or null.</summary>
    public IReadOnlyList<double>? ValidationR2 { get; init; }

    /// <summary>A regression network's predictions against the true values and its RMSE, MAE and R², drawn instead of the confusion matrix; null for a classifier.</summary>
    public RegressionResults? Regression { get; init; }

    /// <summary>What the held-out set is called in the legends, e.g. "test" or "validation".</summary>
    public string ValidationName { get; init; } = "validation";

    /// <summary>‖dW_l‖ per layer per epoch: <c>GradientNorms[l][e − 1]</c> for W_(l+1) at epoch e; null when not recorded.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? GradientNorms { get; init; }

    /// <summary>The learning rate η of each epoch, when a schedule changed it; null when η stayed the same.</summary>
    public IReadOnlyList<double>? LearningRates { get; init; }

    /// <summary>The confusion matrix at the end of training, or null.</summary>
    public ConfusionMatrix? Confusion { get; init; }

    /// <summary>The set the confusion matrix and the misclassified samples come from, e.g. "test".</summary>
    public string ConfusionSetName { get; init; } = "test";

    /// <summary>W1, (hidden × inputs); drawn as one tile per hidden unit when the inputs form a square image.</summary>
    public Matrix? FirstLayerWeights { get; init; }

    /// <summary>Misclassified samples to show, e.g. from <see cref="MisclassifiedSample.Find"/>.</summary>
    public IReadOnlyList<MisclassifiedSample> Misclassified { get; init; } = [];

    /// <summary>The class names; when null, the confusion matrix's, or "0", "1", ….</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}

/// <summary>
/// A regression network's results on a set (named by <see cref="ReportData.ConfusionSetName"/>): its predictions ŷ
/// and the true values y, both (targets × m) in the targets' own units, the targets' names, and each one's metrics.
/// </summary>
internal sealed record RegressionResults(Matrix Predicted, Matrix Actual, IReadOnlyList<string> TargetNames, IReadOnlyList<RegressionMetrics> Metrics);

/// <summary>A sample the network got wrong: its column in the set, its inputs, the true and the predicted class.</summary>
/// <param name="Index">The sample's column in its set, from 0.</param>
/// <param name="Input">Its inputs, in [0, 1] for an image (1 is drawn white).</param>
/// <param name="Actual">The true class.</param>
/// <param name="Predicted">The class the network chose.</param>
/// <param name="Confidence">The network's output for the class it chose (a probability with softmax), in [0, 1].</param>
internal sealed record MisclassifiedSample(int Index, IReadOnlyList<double> Input, int Actual, int Predicted, double Confidence)
{
    /// <summary>
    /// Up to <paramref name="max"/> samples whose predicted class (as <see cref="ConfusionMatrix.ClassesOf"/> reads
    /// it) is not their true class, the most confident mistakes first: those show most plainly what the network believes.
    /// </summary>
    /// <param name="x">The inputs, (inputs × m).</param>
    /// <param name="outputs">The network's outputs for X, (outputs × m).</param>
    /// <param name="targets">The targets, (outputs × m).</param>
    /// <param name="max">How many to return at most.</param>
    public static List<MisclassifiedSample> Find(Inputs x, Matrix outputs, Matrix targets, int max = 36)
    {
        if (!outputs.HasShapeOf(targets) || x.Count != targets.Cols)
            throw new ArgumentException($"MisclassifiedSample.Find: {x.Count} inputs, outputs {outputs.Shape} and targets {targets.Shape} must have one column per sample, and outputs the shape of targets");
        int[] predicted = ConfusionMatrix.ClassesOf(outputs), actual = ConfusionMatrix.ClassesOf(targets);
        // With one sigmoid output a, the network says class 1 with confidence a and class 0 with 1 − a.
        double ConfidenceOf(int s) => outputs.Rows == 1 ? (predicted[s] == 1 ? outputs[0, s] : 1 - outputs[0, s]) : outputs[predicted[s], s];
        return [.. Enumerable.Range(0, targets.Cols)
            .Where(s => predicted[s] != actual[s])
            .OrderByDescending(ConfidenceOf)
            .Take(max)
            .Select(s => new MisclassifiedSample(s, x.SelectColumns([s]).AsSpan().ToArray(), actual[s], predicted[s], ConfidenceOf(s)))];
    }
}
