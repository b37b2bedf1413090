namespace FromScratch.Demo;

/// <summary>
/// <c>--shapes</c>: one forward and backward pass with every matrix operation and the shapes it
/// combines, computed on real matrices, e.g. <c>Z1 = W1 (4, 5) · X (5, 2) + b1 (4, 1) -> (4, 2)</c>.
/// </summary>
internal static class ShapeTrace
{
    public static IEnumerable<string> Lines(Network network, Matrix x, Matrix y)
    {
        int layers = network.LayerCount;
        string f = network.HiddenActivation.Name;
        string A(int l) => l == 0 ? "X" : $"A{l}";
        var activations = new Matrix[layers + 1];
        activations[0] = x;
        yield return $"forward, m = {x.Cols} samples (one per column):";
        for (int l = 1; l <= layers; l++)
        {
            Matrix w = network.Weights[l - 1], b = network.Biases[l - 1], previous = activations[l - 1];
            Matrix z = w.Dot(previous) + b;
            activations[l] = l == layers ? z.Sigmoid() : network.HiddenActivation.Apply(z);
            yield return $"  Z{l} = W{l} {w.Shape} · {A(l - 1)} {previous.Shape} + b{l} {b.Shape} -> {z.Shape}";
            yield return $"  A{l} = {(l == layers ? "sigmoid" : f)}(Z{l}) -> {activations[l].Shape}";
        }
        yield return $"backward ({network.Loss.Name} loss):";
        Matrix output = activations[layers];
        Matrix dZ = network.Loss.OutputDelta(output, y);
        yield return network.Loss == Loss.CrossEntropy
            ? $"  dZ{layers} = A{layers} {output.Shape} − Y {y.Shape} -> {dZ.Shape}"
            : $"  dZ{layers} = (A{layers} − Y) {y.Shape} ⊙ A{layers}(1 − A{layers}) {output.Shape} -> {dZ.Shape}";
        for (int l = layers; l >= 1; l--)
        {
            Matrix previous = activations[l - 1], previousT = previous.Transpose();
            Matrix dW = dZ.Dot(previousT) / x.Cols;
            yield return $"  dW{l} = (1/M) dZ{l} {dZ.Shape} · {A(l - 1)}ᵀ {previousT.Shape} -> {dW.Shape}";
            yield return $"  db{l} = mean(dZ{l}) over the columns -> {dZ.MeanOverColumns().Shape}";
            if (l == 1)
                break;
            Matrix wT = network.Weights[l - 1].Transpose();
            Matrix derivative = network.HiddenActivation.Derivative(previous);
            Matrix next = wT.Dot(dZ).Hadamard(derivative);
            yield return $"  dZ{l - 1} = W{l}ᵀ {wT.Shape} · dZ{l} {dZ.Shape} ⊙ {f}′(A{l - 1}) {derivative.Shape} -> {next.Shape}";
            dZ = next;
        }
    }
}
