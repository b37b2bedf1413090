using System.Runtime.CompilerServices;

namespace FromScratch;

/// <summary>
/// One gradient-descent step as <see cref="Network.Train"/> runs it: exactly the formulas of
/// <see cref="Network.Forward"/>, <see cref="Network.Backward"/> and <see cref="Network.Update"/>, but
/// written into buffers made once per batch size, with the elementwise work fused into single passes,
/// products that read transposes in place, and dW added straight into W instead of stored. Backward is the version to read; the tests prove this
/// one computes the same numbers.
/// </summary>
internal sealed class TrainingStep
{
    private readonly Network network;
    private readonly Matrix[] activations; // activations[l] = A_l (n_l × batch), for l = 1 … L
    private readonly Matrix[] deltas;      // deltas[l] = dZ_l (n_l × batch)

    public TrainingStep(Network network, int batchSize)
    {
        this.network = network;
        int layers = network.LayerCount;
        activations = new Matrix[layers + 1];
        deltas = new Matrix[layers + 1];
        for (int l = 1; l <= layers; l++)
        {
            activations[l] = new Matrix(network.LayerSizes[l], batchSize);
            deltas[l] = new Matrix(network.LayerSizes[l], batchSize);
        }
    }

    /// <summary>
    /// Forward, backward and update on one batch; returns the batch's loss before the update.
    /// X is (inputs × m), or (m × inputs) when <paramref name="samplesAsRows"/>; Y is (outputs × m).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Gemm: no re-tiering mid-training
    public double Run(Matrix x, bool samplesAsRows, Matrix y, double learningRate)
    {
        int layers = network.LayerCount, m = y.Cols;
        var weights = network.Weights;
        var biases = network.Biases;

        // Forward: A_l = f(W_l · A_(l−1) + b_l), the bias add and f fused into one pass over Z_l.
        for (int l = 1; l <= layers; l++)
        {
            if (l == 1)
                Matrix.Multiply(weights[0], x, activations[1], transposeRight: samplesAsRows);
            else
                Matrix.Multiply(weights[l - 1], activations[l - 1], activations[l]);
            AddBiasThenActivate(activations[l], biases[l - 1], l == layers ? Activation.Sigmoid : network.HiddenActivation);
        }

        // The loss and dZ_L = δ(A_L, Y) in one pass.
        double loss = LossAndOutputDelta(activations[layers], y, deltas[layers]);

        for (int l = layers; l >= 1; l--)
        {
            // dZ_(l−1) = W_lᵀ · dZ_l ⊙ f′(A_(l−1)), using W_l before it changes.
            if (l > 1)
            {
                Matrix.Multiply(weights[l - 1], deltas[l], deltas[l - 1], transposeLeft: true);
                MultiplyByDerivative(deltas[l - 1], activations[l - 1], network.HiddenActivation);
            }
            // W_l ← W_l − η·dW_l with dW_l = (1/m) · dZ_l · A_(l−1)ᵀ (A_0 = X), added straight into W_l.
            if (l == 1)
                Matrix.MultiplyAdd(-learningRate / m, deltas[1], x, weights[0], transposeRight: !samplesAsRows);
            else
                Matrix.MultiplyAdd(-learningRate / m, deltas[l], activations[l - 1], weights[l - 1], transposeRight: true);
            // b_l ← b_l − η · mean(dZ_l)
            SubtractScaledRowMeans(biases[l - 1], deltas[l], learningRate);
        }
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Gemm: no re-tiering mid-training
    private static void AddBiasThenActivate(Matrix z, Matrix bias, Activation activation)
    {
        Span<double> values = z.AsSpan();
        ReadOnlySpan<double> b = bias.AsSpan();
        for (int r = 0; r < z.Rows; r++)
        {
            Span<double> row = values.Slice(r * z.Cols, z.Cols);
            for (int c = 0; c < row.Length; c++)
                row[c] = activation.Of(row[c] + b[r]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Gemm: no re-tiering mid-training
    private double LossAndOutputDelta(Matrix output, Matrix targets, Matrix delta)
    {
        ReadOnlySpan<double> a = output.AsSpan(), y = targets.AsSpan();
        Span<double> dZ = delta.AsSpan();
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += network.Loss.Of(a[i], y[i]);
            dZ[i] = network.Loss.DeltaOf(a[i], y[i]);
        }
        return sum / targets.Cols;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Gemm: no re-tiering mid-training
    private static void MultiplyByDerivative(Matrix delta, Matrix activation, Activation f)
    {
        Span<double> dZ = delta.AsSpan();
        ReadOnlySpan<double> a = activation.AsSpan();
        for (int i = 0; i < dZ.Length; i++)
            dZ[i] *= f.DerivativeFromOutput(a[i]);
    }

    // b ← b − η · mean(dZ) over each row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Gemm: no re-tiering mid-training
    private static void SubtractScaledRowMeans(Matrix bias, Matrix delta, double learningRate)
    {
        Span<double> b = bias.AsSpan();
        ReadOnlySpan<double> dZ = delta.AsSpan();
        for (int r = 0; r < delta.Rows; r++)
        {
            double sum = 0;
            foreach (double value in dZ.Slice(r * delta.Cols, delta.Cols))
                sum += value;
            b[r] -= learningRate * sum / delta.Cols;
        }
    }
}
