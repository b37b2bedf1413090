namespace FromScratch.Demo;

/// <summary>
/// A network's outputs and mean loss on a whole data set, measured in chunks of <see cref="Chunk"/> samples:
/// each chunk is read in place (images, <see cref="Inputs.ReadInPlace"/>) or copied into one buffer, and run through
/// one reused forward pass, so memory stays small on any data set, and every chunk goes through the fast product.
/// </summary>
internal static class Evaluation
{
    /// <summary>Samples per forward pass.</summary>
    public const int Chunk = 1000;

    /// <summary>
    /// The outputs A_L for every sample of <paramref name="data"/> (outputs × m) and the loss (1/m) Σ ℓ, with the
    /// L2 penalty counted as training counts it, for a training set of <paramref name="trainingSamples"/>.
    /// </summary>
    public static (Matrix Outputs, double Loss) Run(Network network, Dataset data, int trainingSamples)
    {
        var outputs = new Matrix(data.Y.Rows, data.Count);
        // The L2 term is (λ/2n)·Σ‖W‖² for the training set's n; a chunk may not hold more samples than n.
        int chunkSize = network.L2 > 0 ? Math.Min(Chunk, trainingSamples) : Chunk;
        int chunks = (data.Count + chunkSize - 1) / chunkSize;
        var chunkLoss = new double[chunks];
        // One lane per core, each taking every lanes-th chunk with buffers of its own: the gather, the
        // activations and the products of two chunks run side by side. The chunk losses are added up in
        // order afterwards, so the result does not depend on the number of cores.
        int lanes = Math.Clamp(Matrix.MaxThreads, 1, chunks);
        try
        {
            Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = lanes }, lane => RunLane(lane));
        }
        catch (AggregateException failure)
        {
            // The first lane's failure, as if the chunks had run here (both lanes usually fail alike).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure.InnerExceptions[0]);
        }
        double loss = 0;
        foreach (double part in chunkLoss)
            loss += part;
        return (outputs, loss / data.Count);

        void RunLane(int lane)
        {
            var buffers = new Dictionary<int, (ForwardPass Pass, Matrix X, Matrix Y)>();
            for (int c = lane; c < chunks; c += lanes)
            {
                int start = c * chunkSize, size = Math.Min(chunkSize, data.Count - start);
                int[] columns = [.. Enumerable.Range(start, size)];
                if (!buffers.TryGetValue(size, out var chunk))
                    buffers[size] = chunk = (new ForwardPass(network.LayerSizes, size, samplesInDataSet: Math.Max(trainingSamples, size)),
                        data.Inputs.ReadInPlace(columns) ?? new Matrix(data.Features, size), new Matrix(data.Y.Rows, size));
                // Inputs that products read in place (the images' bytes) are pointed at the chunk; others are copied into it.
                Matrix? pointed = data.Inputs.ReadInPlace(columns, into: chunk.X);
                if (pointed is null)
                    data.Inputs.CopyColumns(columns, chunk.X);
                else if (!ReferenceEquals(pointed, chunk.X))
                    throw new InvalidOperationException($"Evaluation: {data.Inputs.GetType().Name}.ReadInPlace(samples, into) must point the into matrix at the samples and return it; it returned another");
                data.Y.CopyColumnsInto(columns, chunk.Y);
                var pass = network.Forward(chunk.X, into: chunk.Pass);
                chunkLoss[c] = network.LossOf(pass, chunk.Y) * size;
                for (int r = 0; r < outputs.Rows; r++)
                    for (int s = 0; s < size; s++)
                        outputs[r, start + s] = pass.Output[r, s];
            }
        }
    }

    /// <summary>The share of <paramref name="data"/> the network classifies right (see <see cref="Dataset.Accuracy"/>).</summary>
    public static double Accuracy(Network network, Dataset data) => Dataset.Accuracy(Run(network, data, data.Count).Outputs, data.Y);

    /// <summary>A regression network's RMSE, MAE and R² on <paramref name="data"/>, one per target, in the targets' own units.</summary>
    public static RegressionMetrics[] Regression(Network network, Dataset data) => Regression(network, Run(network, data, data.Count).Outputs, data.Y);

    /// <summary>
    /// RMSE, MAE and R² of a regression network's <paramref name="outputs"/> against the targets <paramref name="y"/>
    /// (both targets × m, on the training scale), each taken back to the targets' units first (<see cref="InTargetUnits"/>).
    /// </summary>
    public static RegressionMetrics[] Regression(Network network, Matrix outputs, Matrix y) =>
        RegressionMetrics.PerTarget(InTargetUnits(network, outputs), InTargetUnits(network, y));

    /// <summary>Outputs or targets (targets × m) on the training scale, in the targets' own units: y = μ + σ·y′ (as they are without a target scaling).</summary>
    public static Matrix InTargetUnits(Network network, Matrix scaled) => network.TargetScaling?.Invert(scaled) ?? scaled;

    /// <summary>What a run is judged by, higher being better: a classifier's accuracy, a regression network's R² (the mean over its targets).</summary>
    public static double Score(Network network, Dataset data) =>
        data.IsRegression ? RegressionMetrics.MeanR2(Regression(network, data)) : Accuracy(network, data);
}
