namespace FromScratch.Demo;

/// <summary>
/// What <c>train</c> records per epoch beside the loss, for the terminal and the report: the training
/// accuracy of the epoch's batches (read from each step's forward pass, before its update, as the loss is),
/// the mean ‖dW_l‖ of the epoch's steps, and the loss and accuracy on a held-out set (validation, or test).
/// It watches training through <see cref="TrainingOptions.AfterBackward"/>: no second copy of the maths.
/// </summary>
/// <param name="network">The network being trained.</param>
/// <param name="heldOut">The held-out set measured after each epoch (validation, or test), or null.</param>
/// <param name="trainingSamples">n, the samples in the training set.</param>
/// <param name="normEvery">Measure ‖dW_l‖ on every this many steps (0: never): a sample of the epoch's steps costs
/// little, while ‖dW1‖ of every step would cost as much as a tenth of the training.</param>
internal sealed class TrainingLog(Network network, Dataset? heldOut, int trainingSamples, int normEvery)
{
    private int correct, seen, steps, measured;
    private readonly double[] normSums = new double[network.LayerCount];

    public List<double> TrainAccuracy { get; } = [];
    public List<double> HeldOutLoss { get; } = [];
    public List<double> HeldOutAccuracy { get; } = [];

    /// <summary>The mean ‖dW_l‖ over each epoch's measured steps: <c>GradientNorms[l][epoch − 1]</c>, when asked for.</summary>
    public List<double>[] GradientNorms { get; } = [.. Enumerable.Range(0, network.LayerCount).Select(_ => new List<double>())];

    /// <summary>For <see cref="TrainingOptions.AfterBackward"/>: counts the batch's right answers and adds up ‖dW_l‖.</summary>
    public void AfterBackward(StepReport step)
    {
        correct += (int)Math.Round(Dataset.Accuracy(step.Pass.Output, step.Y) * step.Y.Cols);
        seen += step.Y.Cols;
        if (normEvery > 0 && steps++ % normEvery == 0)
        {
            measured++;
            for (int l = 0; l < normSums.Length; l++)
                normSums[l] += step.Gradients.Weights[l].Norm();
        }
    }

    /// <summary>Closes the epoch once (later calls for it do nothing): its batch accuracy, gradient norms and held-out measures.</summary>
    public void EndEpoch(int epoch)
    {
        if (TrainAccuracy.Count >= epoch)
            return;
        TrainAccuracy.Add(seen == 0 ? double.NaN : (double)correct / seen);
        for (int l = 0; l < normSums.Length && normEvery > 0; l++)
            GradientNorms[l].Add(normSums[l] / Math.Max(1, measured));
        (correct, seen, steps, measured) = (0, 0, 0, 0);
        Array.Clear(normSums);
        if (heldOut is not null)
        {
            var (outputs, loss) = Evaluation.Run(network, heldOut, trainingSamples);
            HeldOutLoss.Add(loss);
            HeldOutAccuracy.Add(Dataset.Accuracy(outputs, heldOut.Y));
        }
    }
}
