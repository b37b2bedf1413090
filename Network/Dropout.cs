namespace FromScratch;

/// <summary>
/// Inverted dropout on the hidden layers, in training only: at every step each hidden unit of each sample is
/// dropped (set to 0) with probability p, and the units kept are scaled by 1/(1 − p), so that a unit's expected
/// value is what it would be without dropout. <see cref="Network.Predict"/> and every measurement then run the
/// whole network unchanged. The network cannot lean on any one unit, which fights overfitting.
/// </summary>
/// <remarks>
/// With the mask M_l (entries 0 with probability p, else 1/(1 − p)): the forward pass is A_l = f(Z_l) ⊙ M_l, and
/// backprop multiplies by the same mask, dZ_l = (W_(l+1)ᵀ · dZ_(l+1)) ⊙ M_l ⊙ f′(Z_l). The masks live in the
/// <see cref="ForwardPass"/>, drawn anew by <see cref="ForwardPass.DrawDropoutMasks"/> before each step, and kept
/// as they are otherwise, so a gradient check can compare the loss with one fixed mask.
/// </remarks>
/// <param name="Rate">p, the probability that a hidden unit is dropped: in [0, 1); 0 is no dropout.</param>
/// <param name="Seed">Seeds the masks, so that the same seed drops the same units.</param>
public sealed record Dropout(double Rate, int Seed = 0)
{
    /// <summary>p, the probability that a hidden unit is dropped.</summary>
    public double Rate { get; } = Rate is >= 0 and < 1 ? Rate : throw new ArgumentException($"Dropout: the rate p must be in [0, 1), got {Rate}");

    // Fills a mask: each entry 0 with probability p, else 1/(1 − p).
    internal void Draw(Matrix mask, Random random)
    {
        double kept = 1 / (1 - Rate);
        Span<double> entries = mask.AsSpan();
        for (int i = 0; i < entries.Length; i++)
            entries[i] = random.NextDouble() < Rate ? 0 : kept;
    }
}
