namespace FromScratch;

/// <summary>
/// One training batch of m samples: its inputs X (features × m), targets Y (outputs × m) and the forward pass that
/// holds Z and A for it.
/// </summary>
internal sealed record TrainingBatch(Matrix X, Matrix Y, ForwardPass Pass)
{
    /// <summary>m, the samples in the batch.</summary>
    public int Size => X.Cols;
}

/// <summary>
/// The batches of one training run, one set of buffers per batch size (the last batch of an epoch may be
/// smaller), made once and reused, so a step allocates nothing. A batch of inputs that products can read in
/// place (<see cref="Inputs.ReadInPlace"/>, e.g. 8-bit pixels) is a matrix pointed at its samples; otherwise a
/// mini-batch is copied from the inputs in the shuffled order. A full batch of a matrix is the matrix itself; a
/// full batch of other inputs is copied once, as its order never changes.
/// </summary>
internal sealed class TrainingBatches(Network network, Inputs x, Matrix y, int batchSize, Dropout? dropout = null)
{
    private readonly Dictionary<int, TrainingBatch> bySize = [];
    private readonly bool shuffled = batchSize < x.Count;

    /// <summary>The batch of these samples (indices into the inputs, in order), in buffers that the next call of the same size overwrites.</summary>
    public TrainingBatch Gather(ReadOnlySpan<int> samples)
    {
        if (bySize.TryGetValue(samples.Length, out var batch))
        {
            if (shuffled)
                Fill(batch, samples);
            return batch;
        }
        Matrix? whole = shuffled ? null : x.AsMatrix;
        // A mini-batch's X: a matrix that reads the inputs in place (pointed at the samples by Fill), or a buffer to copy them into.
        var (batchX, batchY) = whole is not null ? (whole, y) : (x.ReadInPlace(samples) ?? new Matrix(x.Features, samples.Length), new Matrix(y.Rows, samples.Length));
        // Train checked every input and target once: the batch's pass says so, and no step looks again.
        var pass = new ForwardPass(network.LayerSizes, samples.Length, samplesInDataSet: x.Count, dropout: dropout) { CheckedInputs = batchX, CheckedTargets = batchY };
        bySize[samples.Length] = batch = new(batchX, batchY, pass);
        if (whole is null)
            Fill(batch, samples);
        return batch;
    }

    // X and Y of the batch for these samples: X pointed at them where the inputs are, or copied from them.
    private void Fill(TrainingBatch batch, ReadOnlySpan<int> samples)
    {
        Matrix? pointed = x.ReadInPlace(samples, into: batch.X);
        if (pointed is null)
            x.CopyColumns(samples, batch.X);
        else if (!ReferenceEquals(pointed, batch.X))
            throw new InvalidOperationException($"Train: {x.GetType().Name}.ReadInPlace(samples, into) must point the into matrix at the samples and return it; it returned another");
        y.CopyColumnsInto(samples, batch.Y);
    }
}
