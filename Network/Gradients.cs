namespace FromScratch;

/// <summary>
/// The gradient of the loss with respect to every parameter: <c>Weights[l]</c> is dW_(l+1), shaped
/// like W_(l+1), and <c>Biases[l]</c> is db_(l+1), shaped like b_(l+1). So index 0 is dW1 and db1.
/// </summary>
public sealed record Gradients(IReadOnlyList<Matrix> Weights, IReadOnlyList<Matrix> Biases)
{
    /// <summary>All-zero gradients shaped like <paramref name="network"/>'s parameters: a buffer for <see cref="Network.Backward"/>'s <c>into</c>.</summary>
    public static Gradients ZerosFor(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new([.. network.Weights.Select(w => new Matrix(w.Rows, w.Cols))], [.. network.Biases.Select(b => new Matrix(b.Rows, 1))]);
    }
}
