namespace FromScratch;

/// <summary>One training batch of m samples: its inputs X (features × m), targets Y (outputs × m) and the forward pass that holds Z and A for it.</summary>
internal sealed record TrainingBatch(Matrix X, Matrix Y, ForwardPass Pass)
{
    /// <summary>m, the samples in the batch.</summary>
    public int Size => X.Cols;
}

/// <summary>
/// The batches of one training run, one set of buffers per batch size (the last batch of an epoch may be
/// smaller), made once and reused, so a step allocates nothing. A mini-batch is gathered from the inputs in
/// the shuffled order. A full batch of a matrix is the matrix itself; a full batch of other inputs is
/// gathered once, as its order never changes.
/// </summary>
internal sealed class TrainingBatches(Network network, Inputs x, Matrix y, int batchSize, Dropout? dropout = null)
{
    private readonly Dictionary<int, TrainingBatch> bySize = [];
    private readonly bool shuffled = batchSize < x.Count;

    /// <summary>The batch of these samples (indices into the inputs, in order), in buffers that the next call of the same size overwrites.</summary>
    public TrainingBatch Gather(ReadOnlySpan<int> samples)
    {
        bool gather = shuffled;
        if (!bySize.TryGetValue(samples.Length, out var batch))
        {
            Matrix? whole = shuffled ? null : x.AsMatrix;
            var (batchX, batchY) = whole is not null ? (whole, y) : (new Matrix(x.Features, samples.Length), new Matrix(y.Rows, samples.Length));
            // Train checked every input and target once: the batch's pass says so, and no step looks again.
            var pass = new ForwardPass(network.LayerSizes, samples.Length, samplesInDataSet: x.Count, dropout: dropout) { CheckedInputs = batchX, CheckedTargets = batchY };
            bySize[samples.Length] = batch = new(batchX, batchY, pass);
            gather = whole is null;
        }
        if (gather)
        {
            x.CopyColumns(samples, batch.X);
            y.CopyColumnsInto(samples, batch.Y);
        }
        return batch;
    }
}
