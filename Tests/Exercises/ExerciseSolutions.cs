namespace FromScratch.Tests;

// Reference solutions to the exercises of README section 6. Each goes through exactly the extension point
// the README names and is checked the way the README tells the student to check it; ReadmeTests checks
// that the README's code is this code, so an exercise as written that cannot work fails CI.
public class ExerciseSolutions
{
    // Exercise 1: an activation whose derivative is written with its output a.
    /// <summary>Leaky ReLU: z for z &gt; 0, else 0.01·z.</summary>
    public static readonly Activation LeakyRelu = Activation.FromOutput("leaky-relu", z => z > 0 ? z : 0.01 * z, a => a > 0 ? 1 : 0.01);

    [Test]
    public void Exercise1_LeakyReluPassesTheChecksThatRunOnEveryRegisteredActivation()
    {
        GradientCheckTests.AssertTheDerivativeIsRight(LeakyRelu);
        GradientCheckTests.AssertANetworkWithItPasses(LeakyRelu);
        // "Break the derivative on purpose (0.02 instead of 0.01) and watch both fail."
        var broken = Activation.FromOutput("leaky-relu", z => z > 0 ? z : 0.01 * z, a => a > 0 ? 1 : 0.02);
        Assert.Throws<AssertionException>(() => GradientCheckTests.AssertTheDerivativeIsRight(broken));
        Assert.Throws<AssertionException>(() => GradientCheckTests.AssertANetworkWithItPasses(broken));
    }

    // Exercise 2: an activation whose derivative needs z itself.
    /// <summary>Swish (SiLU): z·σ(z), whose derivative σ(z) + z·σ(z)(1 − σ(z)) needs z, not just a.</summary>
    public static readonly Activation Swish = Activation.FromInput("swish", z => z * Matrix.SigmoidOf(z), z => Matrix.SigmoidOf(z) * (1 + z * (1 - Matrix.SigmoidOf(z))));

    [Test]
    public void Exercise2_SwishPassesTheChecksThatRunOnEveryRegisteredActivation()
    {
        GradientCheckTests.AssertTheDerivativeIsRight(Swish);
        GradientCheckTests.AssertANetworkWithItPasses(Swish);
        // Its derivative cannot be written with a alone: a = 0 at both z = 0 and z = −∞ with different slopes.
        Assert.That(Swish.DerivativeAt(0), Is.EqualTo(0.5));
        Assert.That(Swish.DerivativeAt(-40), Is.EqualTo(0).Within(1e-15));
    }

    [Test]
    public void Exercise3_AnotherHiddenLayerPassesTheGradientCheck()
    {
        var result = DemoRunner.Run("gradcheck", "--inputs", "2", "--outputs", "1", "--hidden", "8,8");
        Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
        Assert.That(result.Output, Does.Contain("W3     (1, 8)").And.Contain("gradients match"));
    }

    // Exercise 4: where 1/m belongs (in Demo/starter/Exercises.cs; make starter ARGS=per-sample checks the student's).
    /// <summary>The batch gradient as the mean of per-sample gradients: Backward on one column at a time, each added with weight 1/m.</summary>
    public static Gradients MeanOfPerSampleGradients(Network network, Matrix x, Matrix y)
    {
        var mean = Gradients.ZerosFor(network);
        for (int j = 0; j < x.Cols; j++)
        {
            // One sample alone: m = 1, so Backward's 1/m divides by 1.
            var one = network.Backward(network.Forward(x.SelectColumns([j])), y.SelectColumns([j]));
            for (int l = 0; l < network.LayerCount; l++)
            {
                mean.Weights[l].AddScaledInPlace(1.0 / x.Cols, one.Weights[l]);  // + (1/m)·dW of sample j
                mean.Biases[l].AddScaledInPlace(1.0 / x.Cols, one.Biases[l]);
            }
        }
        return mean;
    }

    [Test]
    public void Exercise4_TheMeanOfPerSampleGradientsIsTheBatchGradient()
    {
        var network = new Network([5, 4, 4], seed: 1);
        var mean = MeanOfPerSampleGradients(network, SeedData.X, SeedData.Y);
        Assert.That(GradientCheck.Compare(network, SeedData.X, SeedData.Y, mean).Passed, Is.True);
        var batch = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        for (int l = 0; l < network.LayerCount; l++)
        {
            Assert.That(mean.Weights[l].MaxAbsDifference(batch.Weights[l]), Is.LessThan(1e-12));
            Assert.That(mean.Biases[l].MaxAbsDifference(batch.Biases[l]), Is.LessThan(1e-12));
        }
        var (x, y) = SeedData.Random([3, 5, 2], 7, seed: 4);
        var other = SeedData.RandomNetwork([3, 5, 2], seed: 2);
        GradientCheckTests.AssertPasses(other, x, y);
        Assert.That(GradientCheck.Compare(other, x, y, MeanOfPerSampleGradients(other, x, y)).Passed, Is.True);
    }

    [Test]
    public void Exercise4_ASumInsteadOfAMeanAndOneOverMTwiceFailByTheSameRelativeDifference()
    {
        // The README's question: with 1.0 instead of 1.0 / x.Cols every gradient is m times too big; with the question's
        // 1/m twice, m times too small. Either way ‖a − n‖ / (‖a‖ + ‖n‖) = (m − 1)/(m + 1): 1/3 for m = 2.
        var network = new Network([5, 4, 4], seed: 1);
        int m = SeedData.X.Cols;
        foreach (double factor in new[] { m, 1.0 / m })
        {
            var scaled = MeanOfPerSampleGradients(network, SeedData.X, SeedData.Y);
            foreach (var g in scaled.Weights.Concat(scaled.Biases))
                g.ScaleInPlace(factor);
            var report = GradientCheck.Compare(network, SeedData.X, SeedData.Y, scaled);
            Assert.That(report.Overall, Is.EqualTo((m - 1.0) / (m + 1.0)).Within(1e-8), $"gradients times {factor}");
            Assert.That(report.Parameters.Select(p => p.RelativeDifference), Is.All.EqualTo(1.0 / 3).Within(1e-8));
        }
    }

    // Exercise 5: an update rule of your own (in Demo/starter/Exercises.cs; make starter ARGS=adamw checks the student's).
    /// <summary>AdamW (Loshchilov and Hutter, 2019): Adam's step, and every weight decayed by η·λ·W apart from the gradient.</summary>
    public sealed class AdamW(double learningRate = 0.001, double weightDecay = 0.01) : UpdateRule(learningRate)
    {
        private readonly Adam adam = new(learningRate);

        public override void Step(int index, Matrix parameter, Matrix gradient)
        {
            if (index % 2 == 0)  // W1, W2, … are parameters 0, 2, …; the biases are not decayed (nor does L2 penalise them)
                parameter.ScaleInPlace(1 - LearningRate * weightDecay);  // W ← W − η·λ·W
            adam.LearningRate = LearningRate;       // the epoch's η, which Train sets on this rule
            adam.Step(index, parameter, gradient);  // W ← W − η·M̂ / (√V̂ + ε)
        }
    }

    [Test]
    public void Exercise5_AdamWWithoutDecayIsAdam() => AssertAdamWWithoutDecayIsAdam((rate, decay) => new AdamW(rate, decay));

    [Test]
    public void Exercise5_AdamWDecaysEachWeightByTheEpochsLearningRateAndLeavesTheBiases() =>
        AssertAdamWDecaysTheWeights((rate, decay) => new AdamW(rate, decay));

    [Test]
    public void Exercise5_TheChecksFailAnAdamWThatDecaysTheGradientOrTheBiasesOrKeepsItsFirstRate()
    {
        // The README's slips: decay folded into the gradient (L2 through Adam), the biases decayed too, the constructor's η kept.
        Assert.Throws<AssertionException>(() => AssertAdamWDecaysTheWeights((rate, decay) => new SlippedAdamW(rate, decay, Slip.IntoTheGradient)));
        Assert.Throws<AssertionException>(() => AssertAdamWDecaysTheWeights((rate, decay) => new SlippedAdamW(rate, decay, Slip.BiasesToo)));
        Assert.Throws<AssertionException>(() => AssertAdamWDecaysTheWeights((rate, decay) => new SlippedAdamW(rate, decay, Slip.FirstRate)));
        Assert.DoesNotThrow(() => AssertAdamWDecaysTheWeights((rate, decay) => new SlippedAdamW(rate, decay, Slip.None)));
    }

    private enum Slip { None, IntoTheGradient, BiasesToo, FirstRate }

    // AdamW with one of the slips above.
    private sealed class SlippedAdamW(double learningRate, double weightDecay, Slip slip) : UpdateRule(learningRate)
    {
        private readonly Adam adam = new(learningRate);

        public override void Step(int index, Matrix parameter, Matrix gradient)
        {
            double rate = slip == Slip.FirstRate ? InitialLearningRate : LearningRate;
            if (slip == Slip.IntoTheGradient && index % 2 == 0)
                gradient.AddScaledInPlace(weightDecay, parameter);  // dW + λ·W: L2's gradient, which Adam then rescales
            else if (index % 2 == 0 || slip == Slip.BiasesToo)
                parameter.ScaleInPlace(1 - rate * weightDecay);
            adam.LearningRate = rate;
            adam.Step(index, parameter, gradient);
        }
    }

    /// <summary>Exercise 5's first check: with λ = 0, five full-batch epochs of AdamW leave the network exactly where Adam's leave it.</summary>
    internal static void AssertAdamWWithoutDecayIsAdam(Func<double, double, UpdateRule> adamW)
    {
        var (x, y) = SeedData.Random([3, 5, 2], 6, seed: 5);
        var withAdam = SeedData.RandomNetwork([3, 5, 2], seed: 5);
        var withAdamW = Network.FromJson(withAdam.ToJson());
        withAdam.Train(x, y, new TrainingOptions { Epochs = 5, Patience = 0, UpdateRule = new Adam(0.01) });
        withAdamW.Train(x, y, new TrainingOptions { Epochs = 5, Patience = 0, UpdateRule = adamW(0.01, 0) });
        for (int l = 0; l < withAdam.LayerCount; l++)
        {
            Assert.That(withAdamW.Weights[l].MaxAbsDifference(withAdam.Weights[l]), Is.Zero, $"W{l + 1}");
            Assert.That(withAdamW.Biases[l].MaxAbsDifference(withAdam.Biases[l]), Is.Zero, $"b{l + 1}");
        }
    }

    /// <summary>
    /// Exercise 5's second check: with a zero gradient (so Adam's own step is 0), each step shrinks a weight matrix by
    /// η·λ·W, at the η a schedule set, and leaves a bias alone; with a gradient, AdamW's W is Adam's less η·λ·W.
    /// </summary>
    internal static void AssertAdamWDecaysTheWeights(Func<double, double, UpdateRule> adamW)
    {
        var w = Matrix.FromRows([1, -2], [0.5, 4]);
        var b = Matrix.Column(3, -1);
        var rule = adamW(0.1, 0.5);
        rule.Step(0, w, Matrix.Zeros(2, 2));
        rule.Step(1, b, Matrix.Zeros(2, 1));
        MatrixAssert.Close(w, Matrix.FromRows([0.95, -1.9], [0.475, 3.8]), 1e-15);  // W − 0.1·0.5·W
        MatrixAssert.Close(b, Matrix.Column(3, -1), 0);
        rule.LearningRate = 0.02;  // as a schedule would set it for the next epoch
        rule.Step(0, w, Matrix.Zeros(2, 2));
        MatrixAssert.Close(w, Matrix.FromRows([0.95 * 0.99, -1.9 * 0.99], [0.475 * 0.99, 3.8 * 0.99]), 1e-15);  // W − 0.02·0.5·W

        // With a gradient: Adam's step from the same W, less η·λ·W.
        var start = Matrix.FromRows([1, -2], [0.5, 4]);
        var gradient = Matrix.FromRows([0.3, -0.1], [2, 0.01]);
        var byAdamW = start.Copy();
        var byAdam = start.Copy();
        adamW(0.1, 0.5).Step(0, byAdamW, gradient.Copy());
        new Adam(0.1).Step(0, byAdam, gradient.Copy());
        MatrixAssert.Close(byAdamW, byAdam.AddScaledInPlace(-0.1 * 0.5, start), 1e-15);
    }

    // Exercise 6: a loss of your own.
    /// <summary>Weighted cross-entropy ℓ = −[w·y ln a + (1 − y) ln(1 − a)]: a missed positive costs w times more.</summary>
    public static Loss WeightedCrossEntropy(double w) => new($"ce-weighted-{w}", OutputActivation.Sigmoid,
        Loss.SumOfEntries((z, a, y) => w * y * Loss.Softplus(-z) + (1 - y) * Loss.Softplus(z)),  // −ln a = softplus(−z), −ln(1 − a) = softplus(z)
        (a, y) => a * (w * y + 1 - y) - w * y);  // ∂ℓ/∂z; for w = 1 it is a − y

    /// <summary>Weighted cross-entropy with w = 3, known by name (ce-weighted-3) to the demo and to Load once it is in Loss.All.</summary>
    public static readonly Loss WeightedCrossEntropy3 = WeightedCrossEntropy(3);

    [Test]
    public void Exercise6_WeightedCrossEntropyPassesTheGradientCheckAndAWrongDeltaFails()
    {
        AssertWeightedCrossEntropyIsRight(WeightedCrossEntropy);
        Assert.That(WeightedCrossEntropy3.Name, Is.EqualTo("ce-weighted-3"));
    }

    /// <summary>Exercise 6's check, on the reference solution here and on the student's in Network/Loss.cs (YourExercises).</summary>
    internal static void AssertWeightedCrossEntropyIsRight(Func<double, Loss> weightedCrossEntropy)
    {
        var (x, y) = SeedData.Random([5, 4, 4], 6, seed: 3);
        GradientCheckTests.AssertPasses(SeedData.RandomNetwork([5, 4, 4], loss: weightedCrossEntropy(3)), x, y);
        var forgotTheWeight = weightedCrossEntropy(3).WithDelta("ce-weighted-with-a-minus-y", (a, t) => a - t);
        Assert.That(GradientCheck.Run(SeedData.RandomNetwork([5, 4, 4], loss: forgotTheWeight), x, y).Passed, Is.False,
            "with δ = a − y, the unweighted one, the check must fail");
        // With w = 1 it is the built-in cross-entropy.
        var one = SeedData.RandomNetwork([5, 4, 4], loss: weightedCrossEntropy(1));
        var builtIn = SeedData.RandomNetwork([5, 4, 4]);
        Assert.That(one.LossOf(x, y), Is.EqualTo(builtIn.LossOf(x, y)).Within(1e-14), "with w = 1 it is Loss.CrossEntropy");
    }
}
