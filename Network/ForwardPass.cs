namespace FromScratch;

/// <summary>
/// What <see cref="Network.Forward"/> computes for a batch of m samples and <see cref="Network.Backward"/>
/// needs: Z_l and A_l of every layer (the "cache"), each (n_l × m). <c>A[0]</c> is X itself, and so is
/// <c>Z[0]</c>, so that <c>Z[l]</c> and <c>A[l]</c> count layers as the maths does.
/// </summary>
/// <remarks>
/// Pass one back to <see cref="Network.Forward"/> as <c>into</c> to reuse its memory for the next batch of
/// the same size, as <see cref="Network.Train"/> does; its matrices are then overwritten.
/// </remarks>
public sealed class ForwardPass
{
    private readonly Matrix[] z, a, deltas;

    /// <summary>Buffers for a network with these layer sizes and a batch of <paramref name="samples"/> samples.</summary>
    public ForwardPass(IReadOnlyList<int> layerSizes, int samples)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (samples <= 0)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "ForwardPass: the batch needs at least one sample");
        LayerSizes = [.. layerSizes];
        SampleCount = samples;
        int layers = layerSizes.Count - 1;
        z = new Matrix[layers + 1];
        a = new Matrix[layers + 1];
        deltas = new Matrix[layers + 1];
        z[0] = a[0] = deltas[0] = new Matrix(layerSizes[0], samples); // replaced by X in Forward
        for (int l = 1; l <= layers; l++)
        {
            z[l] = new Matrix(layerSizes[l], samples);
            a[l] = new Matrix(layerSizes[l], samples);
            deltas[l] = new Matrix(layerSizes[l], samples);
        }
    }

    /// <summary>The layer sizes these buffers are shaped for.</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>m, the number of samples (columns) in the batch.</summary>
    public int SampleCount { get; }

    /// <summary>Z_l = W_l·A_(l−1) + b_l for l = 1 … L (<c>Z[0]</c> is X).</summary>
    public IReadOnlyList<Matrix> Z => z;

    /// <summary>A_l = f(Z_l) for l = 1 … L, and <c>A[0]</c> = X.</summary>
    public IReadOnlyList<Matrix> A => a;

    /// <summary>The network's output A_L.</summary>
    public Matrix Output => a[^1];

    /// <summary>The input X of the batch.</summary>
    public Matrix X => a[0];

    /// <summary>dZ_l for l = 1 … L, as the last <see cref="Network.Backward"/> on this pass left them (buffers it writes into).</summary>
    public IReadOnlyList<Matrix> Deltas => deltas;

    internal bool Fits(IReadOnlyList<int> layerSizes, int samples)
    {
        if (samples != SampleCount || layerSizes.Count != LayerSizes.Count)
            return false;
        for (int l = 0; l < layerSizes.Count; l++)
            if (layerSizes[l] != LayerSizes[l])
                return false;
        return true;
    }

    internal void SetInput(Matrix x) => z[0] = a[0] = x;
}
