namespace FromScratch.Tests;

// Training must never end quietly after diverging: a NaN or infinite loss or parameter, a loss that blows
// up far above where it started, or outputs saturated at the wrong end each stop it with a named error.
public class DivergenceTests
{
    private static IEnumerable<TestCaseData> EveryActivationAndLoss()
    {
        foreach (var activation in Activation.All)
            foreach (var loss in Loss.All)
                yield return new TestCaseData(activation.Name, loss.Output.Name, loss.Name).SetName($"Diverges_{activation.Name}_{loss.Output.Name}_{loss.Name}");
    }

    [TestCaseSource(nameof(EveryActivationAndLoss))]
    public void AnAbsurdLearningRateStopsTrainingWithEveryActivationAndLoss(string activation, string output, string lossName)
    {
        // η = 1e300: the loss can stay finite (1e299) or, for squared error, bounded; either way it is not training.
        var loss = Loss.Named(output, lossName);
        int[] sizes = [3, 5, 4, 3];
        var (x, y) = SeedData.Random(sizes, 12, seed: 2, loss);
        foreach (int batch in new[] { 0, 4 })
        {
            var network = new Network(sizes, hiddenActivation: Activation.Named(activation), loss: loss, seed: 3);
            var error = Assert.Throws<TrainingDivergedException>(() =>
                network.Train(x, y, new TrainingOptions { LearningRate = 1e300, Epochs = 50, BatchSize = batch }), $"batch {batch}");
            Assert.That(error!.Epoch, Is.InRange(1, 50));
            Assert.That(error.Message, Does.Contain($"at epoch {error.Epoch} with learning rate 1E+300"));
        }
    }

    [Test]
    public void ALossInfiniteBeforeTheFirstStepNamesItsTermNotTheLearningRate()
    {
        // λ = 1e308: the penalty (λ/2n)·Σ‖W‖² of 30 hidden units overflows at the starting weights; the data loss is an ordinary number.
        var (x, y) = SeedData.Random([2, 30, 1], 4, seed: 1);
        double dataLoss = new Network([2, 30, 1], seed: 1).LossOf(x, y); // the same weights, no penalty
        var network = new Network([2, 30, 1], seed: 1) { L2 = 1e308 };
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(x, y, new TrainingOptions { LearningRate = 0.001, Epochs = 10, BatchSize = 0 }));
        Assert.That(error!.Epoch, Is.EqualTo(1));
        Assert.That(error.Message, Is.EqualTo(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Train: the loss of the first batch is Infinity before any step, so no learning rate can help: its data loss is {dataLoss:g4}, but the L2 penalty (λ/2n)·Σ‖W‖² of the starting weights is Infinity (λ = 1E+308, n = 4); lower L2")));

        // Inputs so large that ReLU units pass Z1 = W1·x, past the largest double, on to Z2: the data loss is the infinite term.
        var huge = Matrix.FromRows([1e308, -1e308, 1e308, -1e308], [1e308, 1e308, -1e308, -1e308]);
        var overflowing = new Network([2, 30, 1], hiddenActivation: Activation.Relu, seed: 1) { L2 = 0.1 };
        double penalty = 0.1 / (2 * 4) * overflowing.Weights.Sum(w => w.Hadamard(w).Sum());
        var overflow = Assert.Throws<TrainingDivergedException>(() => overflowing.Train(huge, y, new TrainingOptions { LearningRate = 0.001, Epochs = 10, BatchSize = 0 }));
        Assert.That(overflow!.Message, Does.Match(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $@"^Train: the loss of the first batch is (Infinity|NaN) before any step, so no learning rate can help: its data loss is (Infinity|NaN) \(the inputs or the starting parameters are too large\), and the L2 penalty \(λ/2n\)·Σ‖W‖² of the starting weights is {penalty:g4}$")));
    }

    [Test]
    public void AnL2StepThatOutgrowsTheWeightsNamesL2NotTheLearningRate()
    {
        // ηλ/n = 0.001 · 1e300 / 4: the L2 part of each step multiplies W by about −2.5e296, whatever the data.
        var (x, y) = SeedData.Random([2, 4, 1], 4, seed: 1);
        var network = new Network([2, 4, 1], seed: 1) { L2 = 1e300 };
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(x, y, new TrainingOptions { LearningRate = 0.001, Epochs = 10, BatchSize = 0 }));
        Assert.That(error!.Message, Does.EndWith("training diverged: with L2 λ = 1E+300 each step multiplies W by 1 − ηλ/n = -2.5e+296 (n = 4) before the data's gradient; lower L2 until ηλ/n is under 2"));
        Assert.That(error.Message, Does.Not.Contain("smaller learning rate"));

        // Just under the limit the penalty shrinks W (by 1 − 1.9 = −0.9) and training goes on.
        var stable = new Network([2, 4, 1], seed: 1) { L2 = 1.9 * 4 / 0.001 };
        Assert.That(() => stable.Train(x, y, new TrainingOptions { LearningRate = 0.001, Epochs = 10, BatchSize = 0 }), Throws.Nothing);
    }

    [Test]
    public void ALossFarAboveItsStartIsDivergenceButOneThatFallsIsNot()
    {
        // The same data and network: a sane rate learns, a huge one is stopped with both losses named.
        var (x, y) = SeedData.Random([4, 6, 1], 20, seed: 4);
        var history = new Network([4, 6, 1], seed: 5).Train(x, y, new TrainingOptions { LearningRate = 0.5, Epochs = 300 });
        Assert.That(history.FinalLoss, Is.LessThan(history.Losses[0]));

        var network = new Network([4, 6, 1], seed: 5);
        double starting = network.LossOf(x, y);
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(x, y, new TrainingOptions { LearningRate = 1e6, Epochs = 300 }));
        Assert.That(error!.Message, Does.Match(@"the loss stayed over 100 times its starting " + starting.ToString("g4", System.Globalization.CultureInfo.InvariantCulture) + @" for 3 epochs \(now [0-9.e+]+\)"));
    }

    // Gradient descent, except that on step `spikeAt` it pushes the output bias far up, and on the next step
    // back: the loss measured on that next step (the epoch after the push) is over 100 times its start.
    private sealed class OneSpike(int spikeAt) : UpdateRule(learningRate: 0.5)
    {
        private readonly GradientDescent descent = new(0.5);
        private int step;

        public override void Step(int index, Matrix parameter, Matrix gradient)
        {
            descent.Step(index, parameter, gradient);
            if (index != 3) // b2, the last parameter of a step
                return;
            step++;
            if (step == spikeAt)
                parameter.AddScaledInPlace(1, Matrix.Column(300));
            if (step == spikeAt + 1)
                parameter.AddScaledInPlace(-1, Matrix.Column(300));
        }
    }

    [Test]
    public void ASpikeTrainingRecoversFromIsNotDivergenceUnlessItIsTheLastEpoch()
    {
        // σ(z + 300) = 1 for the XOR samples whose target is 0: cross-entropy ≈ 300 / 2 for one epoch.
        var history = new Network([2, 4, 1], seed: 2).Train(SeedData.XorX, SeedData.XorY,
            new TrainingOptions { Epochs = 6, Patience = 0, UpdateRule = new OneSpike(spikeAt: 2) });
        Assert.That(history.Losses[2], Is.GreaterThan(100 * history.Losses[0]), "the spike is there, in epoch 3");
        Assert.That(history.Losses[3], Is.LessThan(2 * history.Losses[0]), "and gone in epoch 4");

        var error = Assert.Throws<TrainingDivergedException>(() => new Network([2, 4, 1], seed: 2).Train(SeedData.XorX, SeedData.XorY,
            new TrainingOptions { Epochs = 3, Patience = 0, UpdateRule = new OneSpike(spikeAt: 2) }));
        Assert.That(error!.Message, Does.Contain("for 1 epoch (now").And.Contain("at epoch 3"), "training ends on it: nothing shows it recovers");
    }

    [Test]
    public void SaturatedWrongOutputsWithCrossEntropyStillLearn()
    {
        // Cross-entropy's dZ = a − y stays ±1 at a saturated wrong output, so it is no sign of divergence:
        // a start with every output pinned at the wrong end trains its way out.
        var network = new Network([2, 4, 1], seed: 2);
        network.Weights[1].ScaleInPlace(0);
        network.Biases[1][0, 0] = 40; // every output σ(40) = 1 − 4e-18; half the XOR targets are 0
        var history = network.Train(SeedData.XorX, SeedData.XorY, new TrainingOptions { Epochs = 3000, LearningRate = 1 });
        Assert.That(history.FinalLoss, Is.LessThan(0.1));
    }

    [Test]
    public void OutputsSaturatedAtTheWrongEndAreDivergenceEvenWhenSquaredErrorStaysSmall()
    {
        // Squared error of a sigmoid output is at most ½ per output, so it cannot blow up; the outputs
        // pinned at exactly 0 or 1, some wrong, are what show that no gradient can bring them back.
        var network = new Network([2, 4, 1], loss: Loss.MeanSquaredError, seed: 2);
        network.Weights[1].ScaleInPlace(0);
        network.Biases[1][0, 0] = 40; // σ(40) = 1 − 4e-18 for every sample; half the XOR targets are 0
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(SeedData.XorX, SeedData.XorY, new TrainingOptions { Epochs = 10 }));
        Assert.That(error!.Message, Does.StartWith("Train: every output of the last batch is saturated").And.Contain("at epoch 1"));
    }

    [Test]
    public void OutputsSaturatedAtTheRightEndAreAPerfectFitNotDivergence()
    {
        var network = new Network([2, 4, 1], loss: Loss.MeanSquaredError, seed: 2);
        network.Weights[1].ScaleInPlace(0);
        network.Biases[1][0, 0] = 40;
        var allOnes = Matrix.FromRows([1, 1, 1, 1]);
        var history = network.Train(SeedData.XorX, allOnes, new TrainingOptions { Epochs = 3, Patience = 0 });
        Assert.That(history.Epochs, Is.EqualTo(3));
    }

    [Test]
    public void AnInfiniteEntryInAnyLayerIsNamed()
    {
        // Squared error with saturating hidden units keeps the loss finite, so only the parameter check can see ∞.
        // A rule that does not move keeps ∞ where it was put (a real step would spread it to the layers below).
        int[] sizes = [5, 4, 3, 4];
        string[] names = ["W1", "b1", "W2", "b2", "W3", "b3"];
        for (int p = 0; p < names.Length; p++)
        {
            var network = new Network(sizes, loss: Loss.MeanSquaredError, seed: 1);
            var parameter = p % 2 == 0 ? network.Weights[p / 2] : network.Biases[p / 2];
            parameter[1, 0] = double.PositiveInfinity;
            Assert.That(double.IsFinite(network.LossOf(SeedData.X, SeedData.Y)), Is.True, names[p]);
            var error = Assert.Throws<TrainingDivergedException>(() => network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 5, UpdateRule = new StandStill() }));
            Assert.That(error!.Message, Does.StartWith($"Train: {names[p]} has a NaN or infinite entry at epoch 1"));
        }
    }

    private sealed class StandStill() : UpdateRule(learningRate: 0.1)
    {
        public override void Step(int index, Matrix parameter, Matrix gradient) { }
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(0.0)]
    [TestCase(-0.1)]
    public void UpdateRefusesALearningRateThatIsNotAPositiveNumber(double rate)
    {
        var network = new Network([5, 4, 4], seed: 1);
        var before = network.Weights[0].Copy();
        var gradients = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var error = Assert.Throws<ArgumentException>(() => network.Update(gradients, rate));
        Assert.That(error!.Message, Does.Contain("learning rate must be a positive finite number"));
        MatrixAssert.Close(network.Weights[0], before, 0);
    }

    [TestCase(-double.MaxValue, double.MaxValue)]
    [TestCase(-1e308, 1e308)]
    [TestCase(0, double.PositiveInfinity)]
    [TestCase(double.NaN, 1)]
    [TestCase(1, 1)]
    public void RandomRefusesARangeWhoseWidthIsNotFinite(double low, double high)
    {
        var error = Assert.Throws<ArgumentException>(() => Matrix.Random(2, 2, low, high, new Random(1)));
        Assert.That(error!.Message, Does.StartWith("Random: need finite low < high"));
    }

    [Test]
    public void ASizeWhoseEntriesOverflowIsAnArgumentErrorNamingTheShape()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Matrix(100_000, 100_000));
        Assert.That(error!.Message, Does.StartWith("Matrix: shape (100000, 100000) has 10000000000 entries, more than"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Network([3, 70_000, 70_000, 2]));
    }
}
