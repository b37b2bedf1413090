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

    // Exercise 5: an update rule of your own.
    /// <summary>Adam (Kingma and Ba, 2015): steps by running means of the gradient and of its square.</summary>
    public sealed class Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : UpdateRule
    {
        private readonly Dictionary<int, (Matrix M, Matrix V, int Steps)> state = [];

        public override void Step(int index, Matrix parameter, Matrix gradient)
        {
            if (!state.TryGetValue(index, out var s))
                s = (Matrix.Zeros(parameter.Rows, parameter.Cols), Matrix.Zeros(parameter.Rows, parameter.Cols), 0);
            int t = s.Steps + 1;
            double correction1 = 1 - Math.Pow(beta1, t), correction2 = 1 - Math.Pow(beta2, t);
            Span<double> w = parameter.AsSpan(), m = s.M.AsSpan(), v = s.V.AsSpan();
            ReadOnlySpan<double> g = gradient.AsSpan();
            for (int i = 0; i < w.Length; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];         // M ← β1·M + (1 − β1)·dW
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];  // V ← β2·V + (1 − β2)·dW²
                double mHat = m[i] / correction1, vHat = v[i] / correction2;
                w[i] -= learningRate * mHat / (Math.Sqrt(vHat) + epsilon);  // W ← W − η·M̂ / (√V̂ + ε)
            }
            state[index] = (s.M, s.V, t);
        }
    }

    [Test]
    public void Exercise5_AdamsFirstStepMovesEveryWeightByTheLearningRate()
    {
        // On the first step M̂ = dW and V̂ = dW², so each weight moves by η·dW/|dW| = ±η.
        var network = SeedData.RandomNetwork([5, 4, 4], seed: 1);
        var before = network.Weights[0].Copy();
        var gradients = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        network.Update(gradients, new Adam(learningRate: 0.01));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 5; c++)
                if (Math.Abs(gradients.Weights[0][r, c]) > 1e-6)
                    Assert.That(before[r, c] - network.Weights[0][r, c], Is.EqualTo(0.01 * Math.Sign(gradients.Weights[0][r, c])).Within(1e-6));
    }

    [Test]
    public void Exercise5_AdamTrainsXorInFewerEpochsThanPlainGradientDescent()
    {
        static int EpochsToReach(UpdateRule rule)
        {
            var history = new Network([2, 4, 1], seed: 2).Train(SeedData.XorX, SeedData.XorY,
                new TrainingOptions { Epochs = 20_000, Patience = 0, UpdateRule = rule });
            return history.Losses.ToList().FindIndex(loss => loss < 0.05) + 1;
        }
        int plain = EpochsToReach(new GradientDescent(0.5)), adam = EpochsToReach(new Adam(learningRate: 0.05));
        Assert.That(adam, Is.InRange(1, plain / 3), $"plain gradient descent {plain} epochs, Adam {adam}");
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
