namespace FromScratch;

/// <summary>
/// A fully connected network: sigmoid output, a chosen hidden activation, trained by gradient descent.
/// </summary>
/// <remarks>
/// Conventions, as in the seed: one sample per column. For layer sizes [n0, n1, …, nL], the input X is
/// (n0 × m), layer l has weights W_l (n_l × n_(l−1)) and bias b_l (n_l × 1), and
/// A_l = f(W_l · A_(l−1) + b_l) with A_0 = X. The loss and its gradients are averaged over the m samples.
/// <c>Weights[0]</c> is W1 (C# counts from 0, the maths from 1).
/// </remarks>
public sealed partial class Network
{
    private readonly Matrix[] weights;
    private readonly Matrix[] biases;

    /// <summary>
    /// A new network with the given layer sizes, e.g. <c>[5, 4, 4]</c> for the seed's 5 inputs,
    /// 4 hidden units and 4 outputs, or <c>[5, 4, 4, 4]</c> for two hidden layers.
    /// </summary>
    /// <param name="layerSizes">Inputs, then each hidden layer, then outputs; at least two sizes, all positive.</param>
    /// <param name="initialization">How the weights start; biases start at zero.</param>
    /// <param name="hiddenActivation">The hidden layers' activation; sigmoid when null. The output is always sigmoid.</param>
    /// <param name="loss">Cross-entropy when null.</param>
    /// <param name="seed">Seeds the random weights, so the same seed gives the same network.</param>
    public Network(IReadOnlyList<int> layerSizes, Initialization initialization = Initialization.Uniform,
        Activation? hiddenActivation = null, Loss? loss = null, int seed = 0)
    {
        ValidateSizes(layerSizes);
        LayerSizes = [.. layerSizes];
        HiddenActivation = hiddenActivation ?? Activation.Sigmoid;
        Loss = loss ?? Loss.CrossEntropy;
        var random = new Random(seed);
        weights = new Matrix[LayerCount];
        biases = new Matrix[LayerCount];
        for (int l = 0; l < LayerCount; l++)
        {
            int fanIn = LayerSizes[l], fanOut = LayerSizes[l + 1];
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            weights[l] = initialization switch
            {
                Initialization.Uniform => Matrix.Random(fanOut, fanIn, -1, 1, random),
                Initialization.Xavier => Matrix.Random(fanOut, fanIn, -limit, limit, random),
                Initialization.Zeros => Matrix.Zeros(fanOut, fanIn),
                _ => throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "unknown initialization"),
            };
            biases[l] = Matrix.Zeros(fanOut, 1);
        }
    }

    // Used by Load: takes ownership of already-validated parameters.
    private Network(int[] layerSizes, Activation hiddenActivation, Loss loss, Matrix[] weights, Matrix[] biases)
    {
        LayerSizes = layerSizes;
        HiddenActivation = hiddenActivation;
        Loss = loss;
        this.weights = weights;
        this.biases = biases;
    }

    /// <summary>Inputs, hidden layer sizes, outputs, e.g. [5, 4, 4].</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>The number of weight layers L (one less than the number of sizes).</summary>
    public int LayerCount => LayerSizes.Count - 1;

    /// <summary>The hidden layers' activation. The output layer is always sigmoid.</summary>
    public Activation HiddenActivation { get; }

    /// <summary>The loss that training minimises and the gradients are taken of.</summary>
    public Loss Loss { get; }

    /// <summary>W1 … WL; <c>Weights[l]</c> is (LayerSizes[l+1] × LayerSizes[l]). Entries may be changed in place.</summary>
    public IReadOnlyList<Matrix> Weights => weights;

    /// <summary>b1 … bL; <c>Biases[l]</c> is (LayerSizes[l+1] × 1). Entries may be changed in place.</summary>
    public IReadOnlyList<Matrix> Biases => biases;

    /// <summary>
    /// The forward pass: A_0 = X, then A_l = f(W_l · A_(l−1) + b_l) for l = 1 … L, sigmoid at the output.
    /// Returns every A_l (L + 1 matrices, A_0 = X), the cache that <see cref="Backward"/> needs.
    /// </summary>
    /// <param name="x">(inputs × m), one sample per column.</param>
    /// <exception cref="ArgumentException">X does not have <c>LayerSizes[0]</c> rows.</exception>
    public IReadOnlyList<Matrix> Forward(Matrix x)
    {
        RequireInput(x, nameof(Forward));
        var activations = new Matrix[LayerCount + 1];
        activations[0] = x;
        for (int l = 1; l <= LayerCount; l++)
        {
            // Z1 = W1 · X + b1 (4×M = 4×5 · 5×M + 4×1); A1 = σ(Z1). The bias column is added to every sample.
            Matrix z = weights[l - 1].Dot(activations[l - 1]) + biases[l - 1];
            activations[l] = l == LayerCount ? z.Sigmoid() : HiddenActivation.Apply(z);
        }
        return activations;
    }

    /// <summary>The network's output A_L (outputs × m) for inputs X (inputs × m): the answer's "function that takes X".</summary>
    public Matrix Predict(Matrix x) => Forward(x)[LayerCount];

    /// <summary>The loss of the network's predictions for X against the targets Y, averaged over the samples.</summary>
    public double LossOf(Matrix x, Matrix y)
    {
        RequireTargets(x, y, nameof(LossOf));
        return Loss.Value(Predict(x), y);
    }

    /// <summary>
    /// Backpropagation: the gradient of the loss with respect to every W and b, from the activations
    /// of <see cref="Forward"/> and the targets Y (outputs × m). Runs from the output back to the input.
    /// </summary>
    /// <exception cref="ArgumentException">The activations do not come from this network or Y has the wrong shape.</exception>
    public Gradients Backward(IReadOnlyList<Matrix> activations, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Count != LayerCount + 1)
            throw new ArgumentException($"Backward: expected {LayerCount + 1} activations (X, A1 … A{LayerCount}) from Forward, got {activations.Count}");
        RequireTargets(activations[0], y, nameof(Backward));
        int m = y.Cols;
        var dW = new Matrix[LayerCount];
        var db = new Matrix[LayerCount];

        // Start from the loss at the output: dZ2 = A2 − Y for cross-entropy (see Loss for MSE).
        Matrix dZ = Loss.OutputDelta(activations[LayerCount], y);
        for (int l = LayerCount; l >= 1; l--)
        {
            Matrix previous = activations[l - 1]; // A1 for layer 2, X for layer 1

            // dW2 = (1/M) · dZ2 · A1ᵀ    (4×4 = 4×M · M×4);  dW1 = (1/M) · dZ1 · Xᵀ  (4×5 = 4×M · M×5)
            dW[l - 1] = dZ.Dot(previous.Transpose()) / m;
            // db2 = mean(dZ2) over the M samples    (4×1)
            db[l - 1] = dZ.MeanOverColumns();

            if (l > 1)
                // dZ1 = W2ᵀ · dZ2 ⊙ A1(1 − A1)    (4×M = 4×4 · 4×M ⊙ 4×M); f′ is the hidden activation's
                dZ = weights[l - 1].Transpose().Dot(dZ).Hadamard(HiddenActivation.Derivative(previous));
        }
        return new Gradients(dW, db);
    }

    /// <summary>One step of gradient descent: W ← W − η·dW and b ← b − η·db for every layer.</summary>
    /// <exception cref="ArgumentException">The gradients do not match this network's parameter shapes.</exception>
    public void Update(Gradients gradients, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Weights.Count != LayerCount || gradients.Biases.Count != LayerCount)
            throw new ArgumentException($"Update: expected gradients for {LayerCount} layers, got {gradients.Weights.Count} weight and {gradients.Biases.Count} bias gradients");
        for (int l = 0; l < LayerCount; l++)
        {
            weights[l].AddScaledInPlace(-learningRate, gradients.Weights[l]);
            biases[l].AddScaledInPlace(-learningRate, gradients.Biases[l]);
        }
    }

    /// <summary>Layer sizes, activation and loss, e.g. <c>[5, 4, 4] sigmoid hidden, sigmoid output, ce loss</c>.</summary>
    public override string ToString() =>
        $"[{string.Join(", ", LayerSizes)}] {HiddenActivation} hidden, sigmoid output, {Loss} loss";

    private static void ValidateSizes(IReadOnlyList<int> layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Count < 2)
            throw new ArgumentException($"Network: need at least an input and an output size, e.g. [5, 4, 4]; got [{string.Join(", ", layerSizes)}]");
        for (int i = 0; i < layerSizes.Count; i++)
            if (layerSizes[i] <= 0)
                throw new ArgumentException($"Network: layer size {i} is {layerSizes[i]}; every size must be positive (got [{string.Join(", ", layerSizes)}])");
    }

    private void RequireInput(Matrix x, string operation)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows != LayerSizes[0])
            throw new ArgumentException(
                $"{operation}: X has shape {x.Shape} but this network takes {LayerSizes[0]} inputs, so X must be ({LayerSizes[0]}, m) with one sample per column" +
                (x.Cols == LayerSizes[0] ? "; did you pass samples as rows? Transpose X" : ""));
    }

    private void RequireTargets(Matrix x, Matrix y, string operation)
    {
        RequireInput(x, operation);
        ArgumentNullException.ThrowIfNull(y);
        int outputs = LayerSizes[LayerCount];
        if (y.Rows != outputs || y.Cols != x.Cols)
            throw new ArgumentException(
                $"{operation}: Y has shape {y.Shape} but must be ({outputs}, {x.Cols}): {outputs} outputs for each of X's {x.Cols} samples");
    }
}
