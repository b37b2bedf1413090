namespace FromScratch.Demo;

/// <summary>
/// What <c>train</c> records per epoch beside the loss, for the terminal and the report: the training
/// score of the epoch's batches (read from each step's forward pass, before its update, as the loss is),
/// the mean ‖dW_l‖ of the epoch's steps, and the loss and score on a held-out set (validation, or test).
/// The score is the accuracy of a classifier and R² of a regression network (a linear output; the mean R²
/// of several targets). It watches training through <see cref="TrainingOptions.AfterBackward"/>: no second
/// copy of the maths.
/// </summary>
/// <param name="network">The network being trained.</param>
/// <param name="heldOut">The validation or test set measured after each epoch, or null for none.</param>
/// <param name="trainingSamples">n of the training set, for the L2 term of the held-out loss.</param>
/// <param name="normEvery">Measure ‖dW_l‖ on every this many steps (0: never): a sample of the epoch's steps costs
/// little, while ‖dW1‖ of every step would cost as much as a tenth of the training.</param>
/// <param name="heldOutEvery">Measure the held-out set after every this many epochs (and the last); NaN between.
/// A few hundred points draw a curve; 5000 full-batch epochs of a small set would otherwise be mostly measuring.</param>
internal sealed class TrainingLog(Network network, Dataset? heldOut, int trainingSamples, int normEvery, int heldOutEvery = 1)
{
    private int correct, seen, steps, measured;
    private readonly System.Diagnostics.Stopwatch measuring = new();
    private readonly double[] normSums = new double[network.LayerCount];

    // A regression network's outputs and targets of the epoch's batches, gathered for the epoch's R².
    private readonly Matrix? epochOutputs = IsRegression(network) ? new Matrix(network.LayerSizes[^1], trainingSamples) : null;
    private readonly Matrix? epochTargets = IsRegression(network) ? new Matrix(network.LayerSizes[^1], trainingSamples) : null;

    /// <summary>True for a network that predicts numbers (a linear output), whose score is R², not accuracy.</summary>
    public static bool IsRegression(Network network) => network.Loss.Output == OutputActivation.Linear;

    /// <summary>Per epoch, the score of its batches: the share classified right, or R².</summary>
    public List<double> TrainScore { get; } = [];
    public List<double> HeldOutLoss { get; } = [];

    /// <summary>Per epoch, the held-out set's score: the share classified right, or R²; NaN where not measured.</summary>
    public List<double> HeldOutScore { get; } = [];

    /// <summary>A regression network's RMSE, MAE and R² of each target on the held-out set, per epoch (null where not measured).</summary>
    public List<RegressionMetrics[]?> HeldOutRegression { get; } = [];

    /// <summary>The learning rate η of each epoch, as its <see cref="EpochReport"/> gave it (a schedule changes it); the caller adds it.</summary>
    public List<double> LearningRates { get; } = [];

    /// <summary>The mean ‖dW_l‖ over each epoch's measured steps: <c>GradientNorms[l][epoch − 1]</c>, when asked for.</summary>
    public List<double>[] GradientNorms { get; } = [.. Enumerable.Range(0, network.LayerCount).Select(_ => new List<double>())];

    /// <summary>For <see cref="TrainingOptions.AfterBackward"/>: counts the batch's right answers (or keeps its outputs) and adds up ‖dW_l‖.</summary>
    public void AfterBackward(StepReport step)
    {
        if (epochOutputs is null)
            correct += Dataset.CountRight(step.Pass.Output, step.Y);
        else
            for (int r = 0; r < step.Y.Rows; r++)
                for (int s = 0; s < step.Y.Cols; s++)
                    (epochOutputs[r, seen + s], epochTargets![r, seen + s]) = (step.Pass.Output[r, s], step.Y[r, s]);
        seen += step.Y.Cols;
        if (normEvery > 0 && steps++ % normEvery == 0)
        {
            measured++;
            for (int l = 0; l < normSums.Length; l++)
                normSums[l] += step.Gradients.Weights[l].Norm();
        }
    }

    /// <summary>All the time spent measuring the held-out set, or in <see cref="Measure"/>: training time is the rest.</summary>
    public TimeSpan Measuring => measuring.Elapsed;

    /// <summary>Runs <paramref name="measure"/> (e.g. the training set's accuracy for a progress line), timed as measuring.</summary>
    public T Measure<T>(Func<T> measure)
    {
        measuring.Start();
        try
        {
            return measure();
        }
        finally
        {
            measuring.Stop();
        }
    }

    /// <summary>
    /// For <see cref="TrainingOptions.Score"/>: closes the epoch and returns its validation accuracy, less a tie-break
    /// below half an accuracy step (1/n): between epochs of equal accuracy, the lower validation loss wins. For a
    /// regression network, its validation R², which ties as rarely as the loss (or minus the loss, when every
    /// validation target is the same and R² is undefined).
    /// </summary>
    public double ValidationScore()
    {
        EndEpoch(TrainScore.Count + 1, last: false);
        double loss = double.IsFinite(HeldOutLoss[^1]) ? HeldOutLoss[^1] : double.MaxValue;
        if (epochOutputs is not null)
            return double.IsNaN(HeldOutScore[^1]) ? -loss : HeldOutScore[^1];
        return HeldOutScore[^1] - 0.5 / heldOut!.Count * (loss / (1 + loss));
    }

    /// <summary>Closes the epoch once (later calls for it do nothing): its batch accuracy, gradient norms and held-out measures.</summary>
    public void EndEpoch(int epoch, bool last)
    {
        if (TrainScore.Count >= epoch)
            return;
        TrainScore.Add(seen == 0 ? double.NaN
            : epochOutputs is not null ? RegressionMetrics.MeanR2(RegressionMetrics.PerTarget(epochOutputs, epochTargets!)) // R² is the same on the training scale
            : (double)correct / seen);
        for (int l = 0; l < normSums.Length && normEvery > 0; l++)
            GradientNorms[l].Add(normSums[l] / Math.Max(1, measured));
        (correct, seen, steps, measured) = (0, 0, 0, 0);
        Array.Clear(normSums);
        if (heldOut is not null && (epoch % heldOutEvery == 0 || last))
        {
            var (outputs, loss) = Measure(() => Evaluation.Run(network, heldOut, trainingSamples));
            HeldOutLoss.Add(loss);
            var metrics = epochOutputs is null ? null : Measure(() => Evaluation.Regression(network, outputs, heldOut.Y));
            HeldOutRegression.Add(metrics);
            HeldOutScore.Add(metrics is null ? Dataset.Accuracy(outputs, heldOut.Y) : RegressionMetrics.MeanR2(metrics));
        }
        else if (heldOut is not null)
        {
            HeldOutLoss.Add(double.NaN);
            HeldOutScore.Add(double.NaN);
            HeldOutRegression.Add(null);
        }
    }
}
