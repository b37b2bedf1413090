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
            bySize[samples.Length] = batch = whole is not null
                ? new(whole, y, new ForwardPass(network.LayerSizes, samples.Length, dropout: dropout))
                : new(new Matrix(x.Features, samples.Length), new Matrix(y.Rows, samples.Length),
                    new ForwardPass(network.LayerSizes, samples.Length, samplesInDataSet: x.Count, dropout: dropout));
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
