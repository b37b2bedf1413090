namespace FromScratch;

/// <summary>
/// The gradient of the loss with respect to every parameter: <c>Weights[l]</c> is dW_(l+1), shaped
/// like W_(l+1), and <c>Biases[l]</c> is db_(l+1), shaped like b_(l+1). So index 0 is dW1 and db1.
/// </summary>
public sealed record Gradients(IReadOnlyList<Matrix> Weights, IReadOnlyList<Matrix> Biases)
{
    private readonly IReadOnlyList<Matrix> weights = NoNulls(Weights, nameof(Weights));
    private readonly IReadOnlyList<Matrix> biases = NoNulls(Biases, nameof(Biases));

    /// <summary>dW1 … dWL, one per layer; null lists and null entries are refused when made (also by <c>with</c>).</summary>
    public IReadOnlyList<Matrix> Weights { get => weights; init => weights = NoNulls(value, nameof(Weights)); }

    /// <summary>db1 … dbL, one per layer.</summary>
    public IReadOnlyList<Matrix> Biases { get => biases; init => biases = NoNulls(value, nameof(Biases)); }

    private static IReadOnlyList<Matrix> NoNulls(IReadOnlyList<Matrix> matrices, string name)
    {
        ArgumentNullException.ThrowIfNull(matrices, name);
        for (int l = 0; l < matrices.Count; l++)
            if (matrices[l] is null)
                throw new ArgumentException($"Gradients: {name}[{l}] is null; every layer needs its gradient matrix", name);
        return matrices;
    }

    /// <summary>All-zero gradients shaped like <paramref name="network"/>'s parameters: a buffer for <see cref="Network.Backward"/>'s <c>into</c>.</summary>
    public static Gradients ZerosFor(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new([.. network.Weights.Select(w => new Matrix(w.Rows, w.Cols))], [.. network.Biases.Select(b => new Matrix(b.Rows, 1))]);
    }
}
