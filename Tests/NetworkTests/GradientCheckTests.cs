namespace FromScratch.Tests;

public class GradientCheckTests
{
    internal static void AssertPasses(Network network, Matrix x, Matrix y)
    {
        var report = GradientCheck.Run(network, x, y);
        Assert.That(report.Passed, Is.True, report.ToTable());
        Assert.That(report.Overall, Is.LessThan(1e-7), report.ToTable());
        Assert.That(report.Parameters, Has.Count.EqualTo(2 * network.LayerCount));
    }

    [TestCase("ce")]
    [TestCase("mse")]
    public void SeedNetworkPassesWithBothLosses(string loss)
    {
        var network = SeedData.RandomNetwork([5, 4, 4], loss: Loss.Named("sigmoid", loss));
        AssertPasses(network, SeedData.X, SeedData.Y);
    }

    private static IEnumerable<TestCaseData> SoftmaxShapes()
    {
        yield return new TestCaseData(new[] { 5, 4, 4 }, 2).SetName("Softmax_Seed");
        yield return new TestCaseData(new[] { 5, 4, 4, 4 }, 3).SetName("Softmax_TwoHiddenLayers");
        yield return new TestCaseData(new[] { 6, 5, 10 }, 20).SetName("Softmax_TenClasses");
        yield return new TestCaseData(new[] { 2, 3, 2 }, 1).SetName("Softmax_TwoClassesOneSample");
    }

    [TestCaseSource(nameof(SoftmaxShapes))]
    public void SoftmaxWithCrossEntropyPassesOnOneHotTargets(int[] sizes, int samples)
    {
        var network = SeedData.RandomNetwork(sizes, loss: Loss.SoftmaxCrossEntropy, seed: samples);
        var (x, y) = SeedData.Random(sizes, samples, seed: samples, Loss.SoftmaxCrossEntropy);
        AssertPasses(network, x, y);
    }

    [TestCase("ce")]
    [TestCase("mse")]
    public void TwoHiddenLayersPass(string loss)
    {
        var network = SeedData.RandomNetwork([5, 4, 4, 4], loss: Loss.Named("sigmoid", loss));
        AssertPasses(network, SeedData.X, SeedData.Y);
    }

    // Every activation in Activation.All, including any a student adds, is checked here by name.
    private static IEnumerable<string> RegisteredActivations() => Activation.All.Select(a => a.Name);

    [TestCaseSource(nameof(RegisteredActivations))]
    public void EveryHiddenActivationPasses(string name) => AssertANetworkWithItPasses(Activation.Named(name));

    /// <summary>The gradient check on a [6, 5, 4, 3] network with this hidden activation (the README's exercise check too).</summary>
    internal static void AssertANetworkWithItPasses(Activation activation)
    {
        int[] sizes = [6, 5, 4, 3];
        var network = SeedData.RandomNetwork(sizes, activation, seed: 3);
        var (x, y) = SeedData.Random(sizes, 7, seed: 4);
        AssertAwayFromTheKink(network, x); // a kinked activation (ReLU and kin) is only differentiable away from 0
        AssertPasses(network, x, y);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(50)]
    public void BatchSizesPass(int samples)
    {
        int[] sizes = [5, 4, 4];
        var (x, y) = SeedData.Random(sizes, samples, seed: samples);
        AssertPasses(SeedData.RandomNetwork(sizes), x, y);
    }

    private static IEnumerable<int> Seeds() => Enumerable.Range(10, 8);

    [TestCaseSource(nameof(Seeds))]
    public void RandomShapesPass(int seed)
    {
        var random = new Random(seed);
        int[] sizes = [.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next(1, 7))];
        var activation = Activation.All[random.Next(Activation.All.Count)];
        var loss = Loss.All[random.Next(Loss.All.Count)];
        if (loss.Output == OutputActivation.Softmax)
            sizes[^1] = Math.Max(2, sizes[^1]); // one output per class, at least two classes
        var network = SeedData.RandomNetwork(sizes, activation, loss, seed);
        var (x, y) = SeedData.Random(sizes, random.Next(1, 9), seed, loss);
        AssertAwayFromTheKink(network, x);
        AssertAwayFromTheLossKinks(network, x, y);
        AssertPasses(network, x, y);
    }

    // The regression losses on a linear output, with targets in [−2, 2]: some outputs within Huber's k of their
    // target and some beyond, so both of its pieces are checked.
    [TestCase("mse")]
    [TestCase("mae")]
    [TestCase("huber")]
    public void LinearOutputPassesWithEachRegressionLoss(string name)
    {
        var (network, x, y) = RegressionCase(Loss.Named("linear", name));
        AssertPasses(network, x, y);
    }

    // Each regression loss with a δ that is not its own: the check fails. Huber's unclipped a − y is right within k
    // and wrong only beyond it, which RegressionCase makes sure some outputs are.
    [TestCase("mse", "2(A − Y), the derivative of (a − y)² for the loss ½(a − y)²")]
    [TestCase("mae", "A − Y, squared error's δ")]
    [TestCase("huber", "A − Y, not clipped to [−k, k]")]
    public void EachRegressionLossFailsTheCheckWithAWrongDelta(string name, string slip)
    {
        var loss = Loss.Named("linear", name);
        Func<double, double, double> wrong = name switch
        {
            "mse" => (a, y) => 2 * (a - y),
            _ => (a, y) => a - y,
        };
        var (network, x, y) = RegressionCase(loss.WithDelta($"{name} with {slip}", wrong));
        var report = GradientCheck.Run(network, x, y);
        Assert.That(report.Passed, Is.False, $"{slip}:\n{report.ToTable()}");
        Assert.That(report.Overall, Is.GreaterThan(1e-2), report.ToTable());
    }

    // A [4, 5, 3, 2] tanh network with a linear output and 9 samples of real targets, away from each loss's kinks.
    private static (Network Network, Matrix X, Matrix Y) RegressionCase(Loss loss)
    {
        int[] sizes = [4, 5, 3, 2];
        var network = SeedData.RandomNetwork(sizes, Activation.Named("tanh"), loss, seed: 7);
        var (x, y) = SeedData.Random(sizes, 9, seed: 8, loss);
        AssertAwayFromTheLossKinks(network, x, y);
        double[] errors = [.. (network.Predict(x) - y).ToRows().SelectMany(r => r).Select(Math.Abs)];
        Assert.That(errors, Has.Some.LessThan(Loss.HuberThreshold).And.Some.GreaterThan(Loss.HuberThreshold), "outputs both within and beyond Huber's k");
        return (network, x, y);
    }

    [Test]
    public void TheAnswersUncorrectedDeltaFailsForMeanSquaredError()
    {
        // MSE's value, but the cross-entropy delta A2 − Y: the answer's formula used with the wrong loss.
        var wrong = Loss.MeanSquaredError.WithDelta("mse-with-ce-delta", (a, y) => a - y);
        var network = SeedData.RandomNetwork([5, 4, 4], loss: wrong);
        var report = GradientCheck.Run(network, SeedData.X, SeedData.Y);
        Assert.That(report.Passed, Is.False, report.ToTable());
        Assert.That(report.Overall, Is.GreaterThan(1e-2), report.ToTable());
    }

    [Test]
    public void ATransposedGradientFails()
    {
        // W2 is (4, 4), so its transpose has the right shape and only the check can tell.
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var right = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var tampered = right with { Weights = [right.Weights[0], right.Weights[1].Transpose()] };
        var report = GradientCheck.Compare(network, SeedData.X, SeedData.Y, tampered);
        Assert.That(report.Passed, Is.False);
        Assert.That(report.Parameters.Single(p => p.Name == "W2").Passed, Is.False, report.ToTable());
        Assert.That(report.Parameters.Single(p => p.Name == "W1").Passed, Is.True, report.ToTable());
    }

    [Test]
    public void DividingByMTwiceFails()
    {
        // The question divided by M twice; with M = 2 every gradient is half what it should be.
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var right = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var halved = new Gradients([.. right.Weights.Select(w => w / 2)], [.. right.Biases.Select(b => b / 2)]);
        var report = GradientCheck.Compare(network, SeedData.X, SeedData.Y, halved);
        Assert.That(report.Passed, Is.False);
        // ‖a − n‖ / (‖a‖ + ‖n‖) with a = n/2 is (1/2) / (3/2) = 1/3.
        Assert.That(report.Overall, Is.EqualTo(1.0 / 3).Within(1e-6));
    }

    [Test]
    public void ReportNamesTheWorstEntry()
    {
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var right = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var w1 = right.Weights[0].Copy();
        w1[2, 3] += 0.5;
        var report = GradientCheck.Compare(network, SeedData.X, SeedData.Y, right with { Weights = [w1, right.Weights[1]] });
        var worst = report.Parameters.Single(p => p.Name == "W1");
        Assert.That((worst.WorstRow, worst.WorstCol), Is.EqualTo((2, 3)));
        Assert.That(worst.WorstAnalytic - worst.WorstNumeric, Is.EqualTo(0.5).Within(1e-6));
        Assert.That(report.ToTable(), Does.Contain("W1").And.Contain("FAIL").And.Contain("[2, 3]"));
    }

    [Test]
    public void GradientsForTheWrongNetworkAreAClearError()
    {
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var right = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var oneLayer = new Gradients([right.Weights[0]], [right.Biases[0]]);
        var error = Assert.Throws<ArgumentException>(() => GradientCheck.Compare(network, SeedData.X, SeedData.Y, oneLayer));
        Assert.That(error!.Message, Does.Contain("2 layers").And.Contain("1 weight and 1 bias"));
        var transposedW1 = right with { Weights = [right.Weights[0].Transpose(), right.Weights[1]] };
        var shape = Assert.Throws<ShapeMismatchException>(() => GradientCheck.Compare(network, SeedData.X, SeedData.Y, transposedW1));
        Assert.That(shape!.Message, Does.Contain("dW1 must have W1's shape (4, 5)"));
    }

    [Test]
    public void CheckLeavesTheParametersUnchanged()
    {
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var before = network.Weights.Select(w => w.Copy()).ToList();
        GradientCheck.Run(network, SeedData.X, SeedData.Y);
        for (int l = 0; l < before.Count; l++)
            MatrixAssert.Close(network.Weights[l], before[l], 0);
    }

    [Test]
    public void EveryRegisteredActivationHasTheRightDerivative()
    {
        foreach (var activation in Activation.All)
            AssertTheDerivativeIsRight(activation);
    }

    /// <summary>f′ (from a = f(z) or from z, as the activation gives it) against (f(z + h) − f(z − h)) / 2h.</summary>
    internal static void AssertTheDerivativeIsRight(Activation activation)
    {
        const double h = 1e-6;
        foreach (double z in new[] { -3.0, -1.2, -0.3, 0.4, 0.9, 2.5 })
        {
            double numeric = (activation.Of(z + h) - activation.Of(z - h)) / (2 * h);
            double analytic = activation.DerivativeAt(z);
            Assert.That(analytic, Is.EqualTo(numeric).Within(1e-7), $"{activation.Name}′({z})");
        }
    }

    private static void AssertAwayFromTheKink(Network network, Matrix x)
    {
        // Central differences straddle ReLU's kink only if a hidden pre-activation Z is within ε of 0.
        var pass = network.Forward(x);
        for (int l = 1; l < network.LayerCount; l++)
        {
            var z = pass.Z[l];
            Assert.That(z.ToRows().SelectMany(r => r).Min(Math.Abs), Is.GreaterThan(1e-4), "a hidden pre-activation is within 10ε of 0, where a kinked activation has no derivative");
        }
    }

    private static void AssertAwayFromTheLossKinks(Network network, Matrix x, Matrix y)
    {
        // |a − y| has no derivative at a = y, and Huber's second derivative jumps at |a − y| = k: central
        // differences straddle either only for an output within about ε of it.
        if (network.Loss.Output != OutputActivation.Linear)
            return;
        double[] errors = [.. (network.Predict(x) - y).ToRows().SelectMany(r => r).Select(Math.Abs)];
        Assert.That(errors.Min(), Is.GreaterThan(1e-4), "an output is within 10ε of its target, where |a − y| has no derivative");
        Assert.That(errors.Min(e => Math.Abs(e - Loss.HuberThreshold)), Is.GreaterThan(1e-4), "an error is within 10ε of Huber's k");
    }

    [Test]
    public void AnExactlyZeroGradientWithRoundingNoisePasses()
    {
        // The true dW is 0 and the central difference gives rounding noise of ~1e-11: without the floor,
        // ‖a − n‖ / (‖a‖ + ‖n‖) = 1 and a correct gradient "fails".
        Assert.That(GradientCheck.RelativeDifference(5.6e-12, 0, 5.6e-12, floor: 1e-300), Is.EqualTo(1));
        double floor = GradientCheck.FloorFor(1, noise: 5.6e-12, new GradientCheckOptions());
        Assert.That(GradientCheck.RelativeDifference(5.6e-12, 0, 5.6e-12, floor), Is.LessThan(GradientCheck.DefaultThreshold));
        // Above the floor it is the plain relative difference.
        Assert.That(GradientCheck.RelativeDifference(1e-3, 1, 1, floor), Is.EqualTo(5e-4));
    }

    [Test]
    public void TheFloorIsTheRoundingNoiseOfTheEntriesCompared()
    {
        // L = 2 over N = 4 terms and Z_L with Σ|z| = 10 over m = 2 samples: s = √4·2 + 10/2 = 9, noise = u·9/ε.
        var z = Matrix.FromRows([1, -2], [3, -4]);
        Assert.That(GradientCheck.RoundingNoise(2, z, 1e-5), Is.EqualTo(Math.Pow(2, -52) * 9 / 1e-5).Within(1e-12).Percent);
        // k = 4 entries may differ by tolerance·√4·noise = 3·2·1e-10 = 6e-10 in all: the floor is that over the threshold.
        Assert.That(GradientCheck.FloorFor(4, 1e-10, new GradientCheckOptions()), Is.EqualTo(6e-10 / 1e-7).Within(1e-12).Percent);
        Assert.That(GradientCheck.FloorFor(4, 1e-10, new GradientCheckOptions { NoiseTolerance = 10, Threshold = 1e-6 }), Is.EqualTo(2e-9 / 1e-6).Within(1e-12).Percent);
    }

    [Test]
    public void ATrueZeroGradientPassesTheRealCheck()
    {
        // All-zero weights: W2 = 0 blocks every path back to layer 1, so dW1 and db1 are exactly 0.
        var network = new Network([5, 3, 1], Initialization.Zeros);
        var (x, y) = SeedData.Random([5, 3, 1], 2, seed: 2);
        var report = GradientCheck.Run(network, x, y);
        Assert.That(report.Parameters.Single(p => p.Name == "W1").WorstAnalytic, Is.Zero);
        Assert.That(report.Passed, Is.True, report.ToTable());
    }

    [Test]
    public void AGradientOffByARelativeOneInAHundredThousandFails()
    {
        // A threshold loosened 1000× (to 1e-4) would let this through.
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var right = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var slightlyOff = new Gradients([.. right.Weights.Select(w => w * (1 + 1e-5))], [.. right.Biases.Select(b => b * (1 + 1e-5))]);
        var report = GradientCheck.Compare(network, SeedData.X, SeedData.Y, slightlyOff);
        Assert.That(report.Passed, Is.False, report.ToTable());
        Assert.That(report.Overall, Is.InRange(1e-6, 1e-5), report.ToTable());
    }

    [Test]
    public void OneFailingParameterFailsTheCheckEvenWhenTheOverallFigurePasses()
    {
        // db2 wrong by 1e-9 in one entry: nothing next to ‖dW‖ overall, but over db2's threshold on its own.
        var network = SeedData.RandomNetwork([20, 30, 4]);
        var (x, y) = SeedData.Random([20, 30, 4], 6, seed: 1);
        var right = network.Backward(network.Forward(x), y);
        var db2 = right.Biases[1].Copy();
        db2[0, 0] += 2e-7 * db2.Norm();
        var report = GradientCheck.Compare(network, x, y, right with { Biases = [right.Biases[0], db2] });
        Assert.That(report.Parameters.Single(p => p.Name == "b2").Passed, Is.False, report.ToTable());
        Assert.That(report.Overall, Is.LessThan(report.Threshold), report.ToTable());
        Assert.That(report.Passed, Is.False, report.ToTable());
        Assert.That(report.ToTable(), Does.EndWith("but b2 failed on its own: FAIL"));
    }

    [Test]
    public void ASampleOfEntriesChecksOnlyThoseAndStillFindsAWrongFormula()
    {
        var network = SeedData.RandomNetwork([8, 6, 4]);
        var (x, y) = SeedData.Random([8, 6, 4], 5, seed: 3);
        var progress = new List<long>();
        var options = new GradientCheckOptions { EntriesPerParameter = 5, Seed = 1, Progress = p => progress.Add(p.Done) };
        var report = GradientCheck.Run(network, x, y, options);
        Assert.That(report.Passed, Is.True, report.ToTable());
        Assert.That(report.Parameters.Select(p => p.EntriesChecked), Is.EqualTo(new[] { 5, 5, 5, 4 }));
        Assert.That(report.Parameters.Select(p => p.EntriesTotal), Is.EqualTo(new[] { 48, 6, 24, 4 }));
        Assert.That(progress, Is.EqualTo(Enumerable.Range(1, 19).Select(i => (long)i)));
        Assert.That(report.ToTable(), Does.Contain("checked a random sample: 19 of the 82 entries"));

        var right = network.Backward(network.Forward(x), y);
        var doubled = new Gradients([.. right.Weights.Select(w => w * 2)], [.. right.Biases]);
        Assert.That(GradientCheck.Compare(network, x, y, doubled, options).Passed, Is.False);
    }

    // The sweep behind the sampled check's verdict: a [200, 50, 10] network on 2 samples, as `gradcheck --inputs 200
    // --hidden 50 --outputs 10 --samples 2 --entries K --seed S` builds it, for seeds 1-40 and K = 1, 2, 5. One entry of
    // a parameter can have a gradient of 1e-8, down in the central difference's rounding noise: a correct network must
    // pass at every seed (a fixed floor failed it at 5 of them), and each broken derivative must fail at every one.
    private static readonly int[] SampledEntries = [1, 2, 5];

    [Test]
    public void ACorrectNetworkPassesASampledCheckAtEverySeed()
    {
        var failed = new List<string>();
        foreach (var (hidden, loss) in new[] { (Activation.Sigmoid, Loss.CrossEntropy), (Activation.Tanh, Loss.MeanSquaredError) })
            foreach (int entries in SampledEntries)
                for (int seed = 1; seed <= 40; seed++)
                {
                    var (network, x, y) = SweepNetwork(seed, hidden, loss);
                    var report = GradientCheck.Run(network, x, y, new GradientCheckOptions { EntriesPerParameter = entries, Seed = seed });
                    if (!report.Passed)
                        failed.Add($"{hidden} + {loss}, --entries {entries} --seed {seed}:\n{report.ToTable()}");
                }
        Assert.That(failed, Is.Empty, string.Join("\n", failed));
    }

    private static IEnumerable<TestCaseData> BrokenDerivatives()
    {
        // σ′ left out of dZ1 = W2ᵀ·dZ2 ⊙ σ′(Z1): the hidden activation claims a derivative of 1.
        var noDerivative = Activation.FromOutput("sigmoid-without-derivative", Matrix.SigmoidOf, a => 1);
        yield return new TestCaseData(noDerivative, Loss.CrossEntropy, 1.0, 1.0).SetName("Sweep_MissingSigmaPrime");
        // Squared error's value with cross-entropy's δ = A − Y (the accepted answer's formula with the wrong loss).
        yield return new TestCaseData(Activation.Sigmoid, Loss.MeanSquaredError.WithDelta("mse-with-ce-delta", (a, y) => a - y), 1.0, 1.0)
            .SetName("Sweep_MseWithCrossEntropysDelta");
        // dW = dZ·Aᵀ without the 1/m (m = 2): every dW doubled, db right.
        yield return new TestCaseData(Activation.Sigmoid, Loss.CrossEntropy, 2.0, 1.0).SetName("Sweep_DwMissingOneOverM");
        // The question's 1/m taken twice: every gradient halved.
        yield return new TestCaseData(Activation.Sigmoid, Loss.CrossEntropy, 0.5, 0.5).SetName("Sweep_OneOverMTwice");
    }

    [TestCaseSource(nameof(BrokenDerivatives))]
    public void ABrokenDerivativeFailsASampledCheckAtEverySeed(Activation hidden, Loss loss, double weightFactor, double biasFactor)
    {
        var passed = new List<string>();
        foreach (int entries in SampledEntries)
            for (int seed = 1; seed <= 40; seed++)
            {
                var (network, x, y) = SweepNetwork(seed, hidden, loss);
                var claimed = network.Backward(network.Forward(x), y);
                claimed = new Gradients([.. claimed.Weights.Select(w => w * weightFactor)], [.. claimed.Biases.Select(b => b * biasFactor)]);
                var report = GradientCheck.Compare(network, x, y, claimed, new GradientCheckOptions { EntriesPerParameter = entries, Seed = seed });
                if (report.Passed)
                    passed.Add($"--entries {entries} --seed {seed}:\n{report.ToTable()}");
            }
        Assert.That(passed, Is.Empty, string.Join("\n", passed));
    }

    // The network and data `gradcheck` makes for this seed: X uniform in [−1, 1], then the weights, then 0/1 targets.
    private static (Network Network, Matrix X, Matrix Y) SweepNetwork(int seed, Activation hidden, Loss loss)
    {
        int[] sizes = [200, 50, 10];
        var random = new Random(seed);
        var x = Matrix.Random(sizes[0], 2, -1, 1, random);
        var network = new Network(sizes, Initialization.Uniform, hidden, loss, seed);
        var y = Matrix.Random(sizes[^1], 2, 0, 1, random).Map(v => v > 0.5 ? 1 : 0);
        return (network, x, y);
    }
}
