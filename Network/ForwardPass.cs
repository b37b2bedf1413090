namespace FromScratch;

/// <summary>
/// What <see cref="Network.Forward"/> computes for a batch of m samples and <see cref="Network.Backward"/>
/// needs: Z_l and A_l of every layer (the "cache"), each (n_l × m). <c>A[0]</c> is X itself, and so is
/// <c>Z[0]</c>, so that <c>Z[l]</c> and <c>A[l]</c> count layers as the maths does.
/// </summary>
/// <remarks>
/// Pass one back to <see cref="Network.Forward"/> as <c>into</c> to reuse its memory for the next batch of
/// the same size, as <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/> does; its matrices are then overwritten. X is held by
/// reference, not copied: change X between Forward and Backward and dW1 changes with it.
/// </remarks>
public sealed class ForwardPass
{
    // Stands in for X until Forward has run, so that a pass allocates nothing the size of X.
    private static readonly Matrix NoInputYet = new(1, 1);

    private readonly Matrix[] z, a, deltas;
    private readonly Matrix[]? dropoutMasks;
    private readonly Random? dropoutRandom;

    /// <summary>Buffers for a network with these layer sizes and a batch of <paramref name="samples"/> samples.</summary>
    /// <param name="layerSizes">The network's layer sizes.</param>
    /// <param name="samples">m, the samples in the batch.</param>
    /// <param name="samplesInDataSet">
    /// n, the samples in the whole data set the batch is drawn from (m when 0): the penalties are (λ/2n)·Σ‖W‖² (L2)
    /// and (λ/n)·Σ|W| (L1), so that λ means the same at every batch size.
    /// </param>
    /// <param name="dropout">Dropout on the hidden layers (training only); none when null or its rate is 0.</param>
    public ForwardPass(IReadOnlyList<int> layerSizes, int samples, int samplesInDataSet = 0, Dropout? dropout = null)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (samples <= 0)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "ForwardPass: the batch needs at least one sample");
        if (samplesInDataSet != 0 && samplesInDataSet < samples)
            throw new ArgumentOutOfRangeException(nameof(samplesInDataSet), samplesInDataSet, $"ForwardPass: a batch of {samples} samples cannot come from a data set of {samplesInDataSet}");
        LayerSizes = [.. layerSizes];
        SampleCount = samples;
        SamplesInDataSet = samplesInDataSet == 0 ? samples : samplesInDataSet;
        int layers = layerSizes.Count - 1;
        z = new Matrix[layers + 1];
        a = new Matrix[layers + 1];
        deltas = new Matrix[layers + 1];
        z[0] = a[0] = deltas[0] = NoInputYet;
        for (int l = 1; l <= layers; l++)
        {
            z[l] = new Matrix(layerSizes[l], samples);
            a[l] = new Matrix(layerSizes[l], samples);
            deltas[l] = new Matrix(layerSizes[l], samples);
        }
        if (dropout is { Rate: > 0 } && layers > 1)
        {
            // M_l for the hidden layers l = 1 … L − 1 (entries 0 and L stay null: no dropout on X or on the output)
            dropoutMasks = new Matrix[layers + 1];
            for (int l = 1; l < layers; l++)
                dropoutMasks[l] = new Matrix(layerSizes[l], samples);
            Dropout = dropout;
            // A stream of the masks' own: the seed mixed with the batch size, so that the masks repeat neither the weights' nor
            // the shuffle's numbers (both drawn from the seed itself) nor the masks of a pass of another size.
            dropoutRandom = new Random(unchecked(dropout.Seed * 1_000_003 + samples));
            DrawDropoutMasks();
        }
    }

    /// <summary>The layer sizes these buffers are shaped for.</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>m, the number of samples (columns) in the batch.</summary>
    public int SampleCount { get; }

    /// <summary>n, the number of samples in the data set the batch is drawn from (m for a whole data set).</summary>
    public int SamplesInDataSet { get; }

    /// <summary>Z_l = W_l·A_(l−1) + b_l for l = 1 … L (<c>Z[0]</c> is X).</summary>
    public IReadOnlyList<Matrix> Z => z;

    /// <summary>A_l = f(Z_l) for l = 1 … L (times the dropout mask M_l in a hidden layer, with dropout), and <c>A[0]</c> = X.</summary>
    public IReadOnlyList<Matrix> A => a;

    /// <summary>The network's output A_L.</summary>
    public Matrix Output => a[^1];

    /// <summary>The input X of the batch.</summary>
    public Matrix X => a[0];

    /// <summary>The dropout these masks are drawn for, or null without dropout.</summary>
    public Dropout? Dropout { get; }

    /// <summary>
    /// With dropout, M_l for each hidden layer l (entries 0 or 1/(1 − p); <c>DropoutMasks[0]</c> and <c>[L]</c> are
    /// null): <see cref="Network.Forward"/> multiplies A_l by it and <see cref="Network.Backward"/> multiplies dA_l by
    /// the same mask. Null without dropout.
    /// </summary>
    public IReadOnlyList<Matrix?>? DropoutMasks => dropoutMasks;

    /// <summary>With dropout, draws new masks (a new set of dropped units), as training does before every step; nothing without.</summary>
    public void DrawDropoutMasks()
    {
        if (dropoutMasks is null)
            return;
        for (int l = 1; l < dropoutMasks.Length - 1; l++)
            Dropout!.Draw(dropoutMasks[l]!, dropoutRandom!);
    }

    /// <summary>dZ_l for l = 1 … L, as the last <see cref="Network.Backward"/> on this pass left them (buffers it writes into).</summary>
    public IReadOnlyList<Matrix> Deltas => deltas;

    // The network whose Forward last filled this pass (null before): LossOf and Backward need that one.
    internal Network? FilledBy { get; private set; }

    // A training batch's X and Y buffers, whose values Train checked once (no NaN or ∞, targets the loss takes):
    // Forward, LossOf and Backward skip that look for them at every step. Null outside Train.
    internal Matrix? CheckedInputs { get; init; }

    internal Matrix? CheckedTargets { get; init; }

    internal bool Fits(IReadOnlyList<int> layerSizes, int samples)
    {
        if (samples != SampleCount || layerSizes.Count != LayerSizes.Count)
            return false;
        for (int l = 0; l < layerSizes.Count; l++)
            if (layerSizes[l] != LayerSizes[l])
                return false;
        return true;
    }

    // True when x is one of this pass's own buffers, which Forward is about to overwrite.
    internal bool Holds(Matrix x)
    {
        for (int l = 1; l < z.Length; l++)
            if (ReferenceEquals(x, z[l]) || ReferenceEquals(x, a[l]) || ReferenceEquals(x, deltas[l]) || ReferenceEquals(x, dropoutMasks?[l]))
                return true;
        return false;
    }

    internal void Start(Matrix x, Network network)
    {
        z[0] = a[0] = deltas[0] = x;
        FilledBy = network;
    }
}
