using System.Globalization;

namespace FromScratch;

/// <summary>
/// A fully connected network: a chosen hidden activation, an output layer paired with its loss, trained
/// by gradient descent. Each training step is <see cref="Forward"/> → <see cref="Backward"/> →
/// <see cref="Update(Gradients, UpdateRule)"/>, the same code that the gradient check and the demo run.
/// </summary>
/// <remarks>
/// Conventions: one sample per column, as in the maths. For layer sizes [n0, n1, …, nL], the input X is
/// (n0 × m), layer l has weights W_l (n_l × n_(l−1)) and bias b_l (n_l × 1), and
/// A_l = f(W_l · A_(l−1) + b_l) with A_0 = X. The loss and its gradients are averaged over the m samples.
/// <c>Weights[0]</c> is W1 (C# counts from 0, the maths from 1).
/// </remarks>
public sealed partial class Network
{
    private readonly Matrix[] weights;
    private readonly Matrix[] biases;
    private double l2, l1;

    /// <summary>
    /// A new network with the given layer sizes, e.g. <c>[5, 4, 4]</c> for 5 inputs,
    /// 4 hidden units and 4 outputs, or <c>[5, 4, 4, 4]</c> for two hidden layers.
    /// </summary>
    /// <param name="layerSizes">Inputs, then each hidden layer, then outputs; at least two sizes, all positive.</param>
    /// <param name="initialization">How the weights start; biases start at zero.</param>
    /// <param name="hiddenActivation">The hidden layers' activation; sigmoid when null.</param>
    /// <param name="loss">The loss and, with it, the output activation; sigmoid + cross-entropy when null.</param>
    /// <param name="seed">Seeds the random weights, so the same seed gives the same network.</param>
    public Network(IReadOnlyList<int> layerSizes, Initialization initialization = Initialization.Uniform,
        Activation? hiddenActivation = null, Loss? loss = null, int seed = 0)
    {
        ValidateSizes(layerSizes, loss ?? Loss.CrossEntropy);
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
                Initialization.He => Matrix.RandomNormal(fanOut, fanIn, Math.Sqrt(2.0 / fanIn), random), // σ = √(2 / n_in), for ReLU
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

    /// <summary>The hidden layers' activation.</summary>
    public Activation HiddenActivation { get; }

    /// <summary>The loss that training minimises, paired with the output activation (<see cref="Loss.Output"/>).</summary>
    public Loss Loss { get; }

    /// <summary>
    /// λ of L2 regularisation ("weight decay"): <see cref="LossOf(ForwardPass, Matrix)"/> adds (λ/2n)·Σ‖W_l‖²
    /// and <see cref="Backward"/> adds its gradient (λ/n)·W_l to each dW_l, where n is the number of training
    /// samples (m for a whole data set; <see cref="Train(Matrix, Matrix, TrainingOptions?)"/> uses the whole set's n for every mini-batch, so λ
    /// means the same at every batch size, as in Nielsen's book). Biases are not penalised. 0 (the default) is off.
    /// </summary>
    /// <exception cref="ArgumentException">Set to a negative or non-finite value.</exception>
    public double L2
    {
        get => l2;
        set => l2 = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentException($"L2: λ must be a finite number ≥ 0, got {value}");
    }

    /// <summary>
    /// λ of L1 regularisation: <see cref="LossOf(ForwardPass, Matrix)"/> adds (λ/n)·Σ|W_l| and <see cref="Backward"/>
    /// adds its subgradient (λ/n)·sign(W_l) to each dW_l (sign(0) = 0), with n as for <see cref="L2"/>. It pulls every
    /// weight towards 0 by the same amount, so small weights reach 0 and stay there: a sparse network. 0 (the default) is off.
    /// </summary>
    /// <exception cref="ArgumentException">Set to a negative or non-finite value.</exception>
    public double L1
    {
        get => l1;
        set => l1 = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentException($"L1: λ must be a finite number ≥ 0, got {value}");
    }

    /// <summary>W1 … WL; <c>Weights[l]</c> is (LayerSizes[l+1] × LayerSizes[l]). Entries may be changed in place.</summary>
    public IReadOnlyList<Matrix> Weights => weights;

    /// <summary>b1 … bL; <c>Biases[l]</c> is (LayerSizes[l+1] × 1). Entries may be changed in place.</summary>
    public IReadOnlyList<Matrix> Biases => biases;

    /// <summary>
    /// The forward pass: A_0 = X, then Z_l = W_l · A_(l−1) + b_l and A_l = f(Z_l) for l = 1 … L, with the
    /// output activation (sigmoid, softmax or linear) at l = L. Returns every Z_l and A_l, the cache that
    /// <see cref="Backward"/> needs.
    /// </summary>
    /// <param name="x">(inputs × m), one sample per column.</param>
    /// <param name="into">A pass from an earlier call with the same m, to reuse its memory; a new one when null.</param>
    /// <exception cref="ArgumentException">
    /// X does not have <c>LayerSizes[0]</c> rows or holds NaN or ±∞ (the message names the sample), or <paramref name="into"/> has other sizes.
    /// </exception>
    public ForwardPass Forward(Matrix x, ForwardPass? into = null)
    {
        RequireInput(x, nameof(Forward));
        var pass = into ?? new ForwardPass(LayerSizes, x.Cols); // Z and A of every layer, reused when given
        RequireUsableInput(x, pass);
        pass.Start(x, this); // A[0] = Z[0] = X, so that A[l] and Z[l] count layers as the maths does
        for (int l = 1; l <= LayerCount; l++)
        {
            // Z1 = W1 · X + b1 (4×m = 4×5 · 5×m + 4×1); b1 is added to every column, i.e. to every sample
            Matrix z = weights[l - 1].Dot(pass.A[l - 1], into: pass.Z[l]).AddToEveryColumn(biases[l - 1]);
            // A1 = σ(Z1) in a hidden layer; the output layer uses the loss's activation (sigmoid, softmax or linear)
            if (l < LayerCount)
                HiddenActivation.Apply(z, into: pass.A[l]);
            else
                Loss.Output.Apply(z, into: pass.A[l]);
            // Dropout, in training only: A1 ← A1 ⊙ M1, M1 being 0 with probability p and 1/(1 − p) otherwise
            if (pass.DropoutMasks?[l] is { } mask)
                pass.A[l].MultiplyInPlace(mask);
        }
        return pass;
    }

    /// <summary>The network's output A_L (outputs × m) for inputs X (inputs × m): the forward pass as a function of X.</summary>
    public Matrix Predict(Matrix x) => Forward(x).Output;

    /// <summary>The loss of the network's predictions for X against the targets Y, averaged over the samples (with the penalties of <see cref="L2"/> and <see cref="L1"/> when set, n = m).</summary>
    /// <exception cref="ArgumentException">X or Y has the wrong shape, or Y does not suit the loss.</exception>
    public double LossOf(Matrix x, Matrix y)
    {
        RequireTargets(x, y, nameof(LossOf));
        return LossOf(Forward(x), y);
    }

    /// <summary>
    /// The loss of a forward pass's output against the targets Y (outputs × m): (1/m) Σ ℓ, plus (λ/2n)·Σ‖W_l‖²
    /// when <see cref="L2"/> &gt; 0 and (λ/n)·Σ|W_l| when <see cref="L1"/> &gt; 0, with n the samples in the data set the
    /// batch comes from (<see cref="ForwardPass.SamplesInDataSet"/>; n = m for a whole data set).
    /// </summary>
    /// <exception cref="ArgumentException">The pass is not this network's, Y has the wrong shape or does not suit the loss.</exception>
    public double LossOf(ForwardPass pass, Matrix y)
    {
        RequirePass(pass, y, nameof(LossOf));
        // (1/m) Σ ℓ over every output of every sample, from Z_L (see Loss: no clamp needed)
        double loss = Loss.Value(pass.Z[LayerCount], pass.Output, y);
        return loss + Penalty(pass.SamplesInDataSet); // + L2's and L1's terms
    }

    /// <summary>
    /// The penalties that <see cref="LossOf(ForwardPass, Matrix)"/> adds to the data loss, (λ/2n)·Σ_l ‖W_l‖² for
    /// <see cref="L2"/> and (λ/n)·Σ_l Σ|W_l| for <see cref="L1"/>, for a data set of <paramref name="samplesInDataSet"/>
    /// samples (n); 0 when both λ are 0. Biases are not penalised.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samplesInDataSet"/> is below 1.</exception>
    public double Penalty(int samplesInDataSet)
    {
        if (samplesInDataSet < 1)
            throw new ArgumentOutOfRangeException(nameof(samplesInDataSet), samplesInDataSet, "Penalty: n, the samples in the data set, must be at least 1");
        double penalty = 0;
        // L2: (λ/2n) · Σ_l ‖W_l‖², n the samples in the whole data set (n = m for a full batch)
        if (L2 > 0)
            penalty += L2 / (2.0 * samplesInDataSet) * SumOfSquaredWeights();
        // L1: (λ/n) · Σ_l Σ|W_l|
        if (L1 > 0)
            penalty += L1 / samplesInDataSet * SumOfAbsoluteWeights();
        return penalty;
    }

    /// <summary>
    /// Backpropagation: the gradient of the loss with respect to every W and b, from the cache of
    /// <see cref="Forward"/> and the targets Y (outputs × m). Runs from the output back to the input.
    /// </summary>
    /// <param name="pass">What <see cref="Forward"/> returned for the same X.</param>
    /// <param name="y">The targets, (outputs × m).</param>
    /// <param name="into">Gradients to overwrite (e.g. from <see cref="Gradients.ZerosFor"/>); new ones when null.</param>
    /// <exception cref="ArgumentException">The pass is not from this network, Y has the wrong shape or does not suit the loss.</exception>
    public Gradients Backward(ForwardPass pass, Matrix y, Gradients? into = null)
    {
        RequirePass(pass, y, nameof(Backward));
        var gradients = into ?? Gradients.ZerosFor(this);
        RequireGradientShapes(gradients, nameof(Backward));
        int m = y.Cols;

        // Start from the loss at the output: dZ2 = A2 − Y for cross-entropy (see Loss for the other pairs).
        Matrix dZ = Loss.OutputDelta(pass.Output, y, into: pass.Deltas[LayerCount]);
        for (int l = LayerCount; l >= 1; l--)
        {
            Matrix previous = pass.A[l - 1]; // A1 for layer 2, X for layer 1

            // dW2 = (1/m) · dZ2 · A1ᵀ    (4×4 = 4×m · m×4);  dW1 = (1/m) · dZ1 · Xᵀ  (4×5 = 4×m · m×5)
            Matrix dW = dZ.Dot(previous.T, into: gradients.Weights[l - 1], scale: 1.0 / m);
            // L2: + (λ/n) · W2, the gradient of the penalty (λ/2n) · ‖W2‖² that LossOf adds
            if (L2 > 0)
                dW.AddScaledInPlace(L2 / pass.SamplesInDataSet, weights[l - 1]);
            // L1: + (λ/n) · sign(W2), the (sub)gradient of the penalty (λ/n) · Σ|W2|, taking 0 where a weight is 0
            if (L1 > 0)
                dW.AddScaledSignsInPlace(L1 / pass.SamplesInDataSet, weights[l - 1]);
            // db2 = mean(dZ2) over the m samples    (4×1)
            dZ.MeanOverColumns(into: gradients.Biases[l - 1]);

            if (l > 1)
            {
                // dZ1 = W2ᵀ · dZ2 ⊙ σ′(Z1)    (4×m = 4×4 · 4×m ⊙ 4×m): first W2ᵀ · dZ2, the error sent back to A1
                dZ = weights[l - 1].T.Dot(dZ, into: pass.Deltas[l - 1]);
                // Dropout: ⊙ M1, the forward pass's mask (a dropped unit passes no gradient back)
                Matrix? mask = pass.DropoutMasks?[l - 1];
                if (mask is not null)
                    dZ.MultiplyInPlace(mask);
                // ⊙ σ′(Z1), computed as A1(1 − A1) for sigmoid; from Z1 itself when dropout has masked A1
                if (mask is null)
                    HiddenActivation.MultiplyByDerivative(dZ, pass.Z[l - 1], pass.A[l - 1]);
                else
                    HiddenActivation.MultiplyByDerivativeAt(dZ, pass.Z[l - 1]);
            }
        }
        return gradients;
    }

    /// <summary>One step of gradient descent: W ← W − η·dW and b ← b − η·db for every layer.</summary>
    /// <exception cref="ArgumentException">The gradients do not match this network's parameter shapes.</exception>
    public void Update(Gradients gradients, double learningRate) => Update(gradients, new GradientDescent(learningRate));

    /// <summary>
    /// One step by <paramref name="rule"/> for every W and b, e.g. <see cref="GradientDescent"/>'s
    /// V ← β·V + dW, W ← W − η·V. <see cref="Train(Matrix, Matrix, TrainingOptions?)"/> calls this after every <see cref="Backward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The gradients do not match this network's parameter shapes.</exception>
    public void Update(Gradients gradients, UpdateRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        RequireGradientShapes(gradients, nameof(Update));
        for (int l = 0; l < LayerCount; l++)
        {
            // 2l and 2l + 1 number the parameters, so the rule can keep state for each (momentum's V)
            rule.Step(2 * l, weights[l], gradients.Weights[l]);    // W_(l+1)
            rule.Step(2 * l + 1, biases[l], gradients.Biases[l]);  // b_(l+1)
        }
    }

    /// <summary>Layer sizes, activations and loss, e.g. <c>[5, 4, 4] sigmoid hidden, sigmoid output, ce loss</c>.</summary>
    public override string ToString() =>
        $"[{string.Join(", ", LayerSizes)}] {HiddenActivation} hidden, {Loss.Output} output, {Loss} loss" + (L2 > 0 ? $", L2 λ = {L2}" : "") + (L1 > 0 ? $", L1 λ = {L1}" : "");

    /// <summary>
    /// The penalty <see cref="Penalty"/> adds, in words for messages: <c>L2 penalty (λ/2n)·Σ‖W‖²</c>, <c>L1 penalty (λ/n)·Σ|W|</c>,
    /// or both as <c>penalty (λ₂/2n)·Σ‖W‖² + (λ₁/n)·Σ|W|</c>; null when neither λ is set.
    /// </summary>
    public string? PenaltyFormula => (L2 > 0, L1 > 0) switch
    {
        (true, true) => "penalty (λ₂/2n)·Σ‖W‖² + (λ₁/n)·Σ|W|",
        (false, true) => "L1 penalty (λ/n)·Σ|W|",
        (true, false) => "L2 penalty (λ/2n)·Σ‖W‖²",
        _ => null,
    };

    // Σ_l ‖W_l‖², every weight squared and summed (biases are not penalised).
    private double SumOfSquaredWeights()
    {
        double sum = 0;
        foreach (Matrix w in weights)
            sum += w.SumOfSquares();
        return sum;
    }

    // Σ_l Σ|W_l|, every weight's absolute value summed.
    private double SumOfAbsoluteWeights()
    {
        double sum = 0;
        foreach (Matrix w in weights)
            sum += w.SumOfAbsolutes();
        return sum;
    }

    private static void ValidateSizes(IReadOnlyList<int> layerSizes, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Count < 2)
            throw new ArgumentException($"Network: need at least an input and an output size, e.g. [5, 4, 4]; got [{string.Join(", ", layerSizes)}]");
        for (int i = 0; i < layerSizes.Count; i++)
            if (layerSizes[i] <= 0)
                throw new ArgumentException($"Network: layer size {i} is {layerSizes[i]}; every size must be positive (got [{string.Join(", ", layerSizes)}])");
        if (loss.Output == OutputActivation.Softmax && layerSizes[^1] < 2)
            throw new ArgumentException($"Network: a softmax output needs at least 2 outputs, one per class (got [{string.Join(", ", layerSizes)}]); with one output use sigmoid");
    }

    private void RequireInput(Matrix x, string operation)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows != LayerSizes[0])
            throw new ArgumentException(
                $"{operation}: X has shape {x.Shape} but this network takes {LayerSizes[0]} inputs, so X must be ({LayerSizes[0]}, m) with one sample per column" +
                (x.Cols == LayerSizes[0] ? "; did you pass samples as rows? Transpose X" : ""));
    }

    // The pass fits X, X is not one of its buffers, and X holds only finite numbers; Train checks its X once, so
    // the passes of its batches skip that look at every step.
    private void RequireUsableInput(Matrix x, ForwardPass pass)
    {
        if (!pass.Fits(LayerSizes, x.Cols))
            throw new ArgumentException($"Forward: the pass given as into is for layers [{string.Join(", ", pass.LayerSizes)}] and {pass.SampleCount} samples, not [{string.Join(", ", LayerSizes)}] and {x.Cols}");
        if (pass.Holds(x))
            throw new ArgumentException("Forward: X is one of the into pass's own matrices, which the pass is about to overwrite; pass a copy of it");
        if (!ReferenceEquals(x, pass.CheckedInputs))
            RequireFinite(Inputs.FirstNonFiniteIn(x), nameof(Forward));
    }

    // NaN or ±∞ in X would come out as NaN outputs, or as "the loss became NaN" from training: name the sample instead.
    private static void RequireFinite((int Sample, int Feature, double Value)? nonFinite, string operation)
    {
        if (nonFinite is var (sample, feature, value))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{operation}: sample {sample} (counting from 0) has {value} at input {feature}; every input must be a finite number"));
    }

    private void RequireTargets(Matrix x, Matrix y, string operation)
    {
        RequireInput(x, operation);
        RequireTargetsFor(x.Cols, y, operation);
    }

    // For Train: the inputs fit, hold only finite numbers (one look at them all), and the targets suit the loss.
    private void RequireTrainingData(Inputs x, Matrix y, string operation)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Features != LayerSizes[0])
            throw new ArgumentException($"{operation}: the inputs have {x.Features} features per sample but this network takes {LayerSizes[0]}");
        if (x.Count <= 0)
            throw new ArgumentException($"{operation}: the inputs hold {x.Count} samples; there must be at least one");
        RequireTargetsFor(x.Count, y, operation);
        RequireFinite(x.FirstNonFinite(), operation);
    }

    // Y's shape, and its values as the loss takes them (softmax: one class per sample; sigmoid: [0, 1]), unless
    // they are the targets of a training batch, which Train has checked once.
    private void RequireTargetsFor(int samples, Matrix y, string operation, ForwardPass? pass = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        int outputs = LayerSizes[LayerCount];
        if (y.Rows != outputs || y.Cols != samples)
            throw new ArgumentException(
                $"{operation}: Y has shape {y.Shape} but must be ({outputs}, {samples}): {outputs} outputs for each of X's {samples} samples");
        if (!ReferenceEquals(y, pass?.CheckedTargets) && Loss.ProblemWithTargets(y) is string problem)
            throw new ArgumentException($"{operation}: {problem}");
    }

    private void RequirePass(ForwardPass pass, Matrix y, string operation)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.FilledBy != this)
            throw new ArgumentException(pass.FilledBy is null
                ? $"{operation}: the forward pass is empty; run Forward(X, into: pass) first"
                : $"{operation}: the forward pass was made by another network's Forward; run this network's Forward first");
        RequireInput(pass.X, operation);
        RequireTargetsFor(pass.X.Cols, y, operation, pass);
    }

    private void RequireGradientShapes(Gradients gradients, string operation)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Weights.Count != LayerCount || gradients.Biases.Count != LayerCount)
            throw new ArgumentException($"{operation}: expected gradients for {LayerCount} layers, got {gradients.Weights.Count} weight and {gradients.Biases.Count} bias gradients");
        for (int l = 0; l < LayerCount; l++)
        {
            if (!gradients.Weights[l].HasShapeOf(weights[l]))
                throw new ShapeMismatchException(operation, weights[l].Shape, gradients.Weights[l].Shape, $"differ: dW{l + 1} must have W{l + 1}'s shape {weights[l].Shape}");
            if (!gradients.Biases[l].HasShapeOf(biases[l]))
                throw new ShapeMismatchException(operation, biases[l].Shape, gradients.Biases[l].Shape, $"differ: db{l + 1} must have b{l + 1}'s shape {biases[l].Shape}");
        }
    }
}
