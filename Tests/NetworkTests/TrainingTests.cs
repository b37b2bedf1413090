namespace FromScratch.Tests;

public class TrainingTests
{
    [Test]
    public void FitsTheSeedsData()
    {
        var network = new Network([5, 4, 4], seed: 1);
        var history = network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 5000, LearningRate = 0.5 });
        var prediction = network.Predict(SeedData.X);
        Assert.That(prediction.MaxAbsDifference(SeedData.Y), Is.LessThan(0.05), prediction.ToString());
        Assert.That(history.FinalLoss, Is.LessThan(history.Losses[0] / 10));
    }

    [Test]
    public void LearnsXor()
    {
        var network = new Network([2, 4, 1], seed: 2);
        network.Train(SeedData.XorX, SeedData.XorY, new TrainingOptions { Epochs = 10000, LearningRate = 1.0 });
        var prediction = network.Predict(SeedData.XorX);
        Assert.That(prediction.MaxAbsDifference(SeedData.XorY), Is.LessThan(0.1), prediction.ToString());
    }

    [Test]
    public void TheSameSeedGivesTheSameResultTwice()
    {
        static (Matrix, IReadOnlyList<double>) Run()
        {
            var (x, y) = SeedData.Random([4, 3, 2], 20, seed: 5);
            var network = new Network([4, 3, 2], seed: 7);
            var history = network.Train(x, y, new TrainingOptions { Epochs = 50, BatchSize = 6, Seed = 3 });
            return (network.Predict(x), history.Losses);
        }
        var (first, firstLosses) = Run();
        var (second, secondLosses) = Run();
        MatrixAssert.Close(first, second, 0);
        Assert.That(secondLosses, Is.EqualTo(firstLosses));
    }

    [Test]
    public void DifferentShuffleSeedsTakeDifferentPaths()
    {
        var (x, y) = SeedData.Random([4, 3, 2], 20, seed: 5);
        var a = new Network([4, 3, 2], seed: 7).Train(x, y, new TrainingOptions { Epochs = 5, BatchSize = 6, Seed = 1 });
        var b = new Network([4, 3, 2], seed: 7).Train(x, y, new TrainingOptions { Epochs = 5, BatchSize = 6, Seed = 2 });
        Assert.That(a.Losses, Is.Not.EqualTo(b.Losses));
    }

    [Test]
    public void ZeroInitialisationKeepsEveryHiddenUnitIdentical()
    {
        var network = new Network([5, 4, 4], Initialization.Zeros);
        network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 2000 });
        var w1 = network.Weights[0];
        Assert.That(w1.Norm(), Is.GreaterThan(0), "training did change W1");
        for (int unit = 1; unit < w1.Rows; unit++)
            for (int input = 0; input < w1.Cols; input++)
                Assert.That(w1[unit, input], Is.EqualTo(w1[0, input]).Within(1e-12), $"W1 row {unit} differs from row 0");
    }

    [Test]
    public void ZeroInitialisationOnBalancedTargetsGetsAGradientOfExactlyZero()
    {
        // Every output is 0.5 and the targets average 0.5, so db2 = dW2 = 0, and W2 = 0 passes nothing back.
        var network = new Network([2, 4, 1], Initialization.Zeros);
        var gradients = network.Backward(network.Forward(SeedData.XorX), SeedData.XorY);
        Assert.That(gradients.Weights.Concat(gradients.Biases).All(g => g.Norm() == 0), Is.True);
        var history = network.Train(SeedData.XorX, SeedData.XorY, new TrainingOptions { Epochs = 500, Patience = 0 });
        Assert.That(history.FinalLoss, Is.EqualTo(Math.Log(2)).Within(1e-15));
        Assert.That(network.Weights.Concat(network.Biases).All(p => p.Norm() == 0), Is.True);
    }

    [Test]
    public void RandomInitialisationGivesHiddenUnitsDifferentWeights()
    {
        var network = new Network([5, 4, 4], seed: 1);
        network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 2000 });
        var rows = network.Weights[0].ToRows();
        for (int unit = 1; unit < rows.Length; unit++)
            Assert.That(rows[unit], Is.Not.EqualTo(rows[0]).Within(1e-3));
    }

    [Test]
    public void XavierInitialisationStaysWithinItsLimit()
    {
        var network = new Network([30, 20, 10], Initialization.Xavier, seed: 1);
        double limit = Math.Sqrt(6.0 / (30 + 20));
        Assert.That(network.Weights[0].ToRows().SelectMany(r => r), Has.All.InRange(-limit, limit));
        Assert.That(network.Weights[0].ToRows().SelectMany(r => r).Max(Math.Abs), Is.GreaterThan(limit * 0.9));
    }

    [Test]
    public void StopsEarlyOnAPlateau()
    {
        // A zero-initialised net on the question's data soon stops improving.
        var network = new Network([5, 4, 4], seed: 1);
        var history = network.Train(SeedData.X, SeedData.Y,
            new TrainingOptions { Epochs = 1_000_000, Patience = 20, MinImprovement = 1e-4 });
        Assert.That(history.StoppedEarly, Is.True);
        Assert.That(history.Epochs, Is.LessThan(1_000_000));
        // The last 20 epochs together improved on the best before them by less than MinImprovement.
        double bestBefore = history.Losses.Take(history.Epochs - 20).Min();
        Assert.That(history.Losses.TakeLast(20).Min(), Is.GreaterThan(bestBefore - 1e-4));
    }

    [Test]
    public void RunsEveryEpochWhenEarlyStoppingIsOff()
    {
        var history = new Network([5, 4, 4], seed: 1).Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 300, Patience = 0 });
        Assert.That((history.Epochs, history.StoppedEarly), Is.EqualTo((300, false)));
    }

    [Test]
    public void ReportsProgressEveryNEpochsAndAtTheEnd()
    {
        var epochs = new List<int>();
        new Network([5, 4, 4], seed: 1).Train(SeedData.X, SeedData.Y, new TrainingOptions
        {
            Epochs = 25,
            ReportEvery = 10,
            Progress = report => epochs.Add(report.Epoch),
        });
        Assert.That(epochs, Is.EqualTo(new[] { 10, 20, 25 }));
    }

    [Test]
    public void ANaNLossRaisesANamedErrorSuggestingASmallerRate()
    {
        // ReLU activations grow without bound under an absurd rate until Z holds ∞ − ∞ = NaN.
        var (x, y) = SeedData.Random([5, 8, 4], 40, seed: 1);
        var network = new Network([5, 8, 8, 4], hiddenActivation: Activation.Relu, seed: 1);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            network.Train(x, y, new TrainingOptions { Epochs = 200, LearningRate = 1e100 }));
        Assert.That(error!.Message, Does.Contain($"at epoch {error.Epoch}").And.Contain("smaller learning rate"));
        Assert.That(error.Epoch, Is.InRange(1, 200));
    }

    [Test]
    public void AnInfiniteParameterRaisesTheErrorEvenWhenTheLossStaysFinite()
    {
        // b2 = +∞ saturates the output, σ(∞) = 1, and squared error stays finite, but the net is broken.
        var network = new Network([5, 4, 4], loss: Loss.MeanSquaredError, seed: 1);
        network.Biases[1][2, 0] = double.PositiveInfinity;
        Assert.That(double.IsFinite(network.LossOf(SeedData.X, SeedData.Y)), Is.True);
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(SeedData.X, SeedData.Y));
        Assert.That(error!.Message, Does.StartWith("Train: b2 has a NaN or infinite entry at epoch 1"));
    }

    [Test]
    public void CrossEntropyNoLongerHidesASaturatedOutputBehindAClamp()
    {
        // Computed from z, the cross-entropy of an output pushed to σ(∞) is not finite (a clamp on ln a made it
        // a constant 27.6), so training says the loss broke rather than the weights.
        var network = new Network([5, 4, 4], seed: 1);
        network.Biases[1][2, 0] = double.PositiveInfinity;
        Assert.That(double.IsFinite(network.LossOf(SeedData.X, SeedData.Y)), Is.False);
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(SeedData.X, SeedData.Y));
        Assert.That(error!.Message, Does.StartWith("Train: the loss of the first batch is NaN before any step").And.Contain("its data loss is NaN (b2 has a NaN or infinite entry)"));
    }

    [Test]
    public void MiniBatchesCoverEverySampleOncePerEpoch()
    {
        // With learning rate → 0 the parameters stay put, so the epoch loss is the full-data loss
        // only if every sample was seen exactly once, whatever the (uneven) batch size.
        var (x, y) = SeedData.Random([4, 3, 2], 23, seed: 5);
        var network = new Network([4, 3, 2], seed: 7);
        double fullLoss = network.LossOf(x, y);
        var history = network.Train(x, y, new TrainingOptions { Epochs = 1, BatchSize = 5, LearningRate = 1e-300 });
        Assert.That(history.Losses[0], Is.EqualTo(fullLoss).Within(1e-12));
    }

    [TestCase(0, 0.5, 0)]
    [TestCase(10, 0.0, 0)]
    [TestCase(10, double.NaN, 0)]
    [TestCase(10, 0.5, -1)]
    public void BadOptionsAreRejected(int epochs, double learningRate, int batchSize)
    {
        var network = new Network([5, 4, 4]);
        var options = new TrainingOptions { Epochs = epochs, LearningRate = learningRate, BatchSize = batchSize };
        var error = Assert.Throws<ArgumentException>(() => network.Train(SeedData.X, SeedData.Y, options));
        Assert.That(error!.Message, Does.StartWith("Train:"));
    }

    // Records which sample each step of batch size 1 trained on, from db_L = a − y (one distinct value
    // per sample), and leaves the parameters alone so the values stay the same all along.
    private sealed class SampleRecorder(IReadOnlyList<double> deltaOfSample) : UpdateRule(learningRate: 0.1)
    {
        public List<int> Samples { get; } = [];

        public override void Step(int index, Matrix parameter, Matrix gradient)
        {
            if (index == 3) // b2
                Samples.Add(deltaOfSample.Select((d, s) => (Math.Abs(d - gradient[0, 0]), s)).Min().s);
        }
    }

    [Test]
    public void EachEpochVisitsEverySampleOnceInANewOrder()
    {
        var (x, y) = SeedData.Random([3, 4, 1], 12, seed: 8);
        var network = new Network([3, 4, 1], seed: 9);
        var a = network.Predict(x);
        var recorder = new SampleRecorder([.. Enumerable.Range(0, 12).Select(s => a[0, s] - y[0, s])]);
        network.Train(x, y, new TrainingOptions { Epochs = 4, BatchSize = 1, Patience = 0, UpdateRule = recorder });
        var epochs = recorder.Samples.Chunk(12).ToList();
        Assert.That(epochs, Has.Count.EqualTo(4));
        foreach (var order in epochs)
            Assert.That(order.Order(), Is.EqualTo(Enumerable.Range(0, 12)), "every sample exactly once per epoch");
        for (int e = 1; e < epochs.Count; e++)
            Assert.That(epochs[e], Is.Not.EqualTo(epochs[e - 1]), $"epoch {e + 1} repeats the order of epoch {e}");
        Assert.That(epochs[0], Is.Not.EqualTo(Enumerable.Range(0, 12)), "the first epoch is shuffled too");
    }

    private sealed class StandStill() : UpdateRule(learningRate: 0.1)
    {
        public override void Step(int index, Matrix parameter, Matrix gradient) { }
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    public void StopsExactlyPatienceEpochsAfterTheLastImprovement(int patience)
    {
        // A rule that never moves: epoch 1 sets the best loss, and no later epoch improves on it.
        var history = new Network([5, 4, 4], seed: 1).Train(SeedData.X, SeedData.Y,
            new TrainingOptions { Epochs = 100, Patience = patience, UpdateRule = new StandStill() });
        Assert.That((history.Epochs, history.StoppedEarly), Is.EqualTo((1 + patience, true)));
    }

    [Test]
    public void StopsOnTheEpochTheLossesSayItShould()
    {
        // A coarse MinImprovement makes improvements rare; the stop must come exactly Patience epochs after
        // the last one, counted here from the losses themselves.
        const int patience = 5;
        const double minImprovement = 0.02;
        var history = new Network([5, 4, 4], seed: 1).Train(SeedData.X, SeedData.Y,
            new TrainingOptions { Epochs = 10_000, Patience = patience, MinImprovement = minImprovement, LearningRate = 0.5 });
        double best = double.PositiveInfinity;
        int lastImprovement = 0;
        for (int e = 0; e < history.Epochs; e++)
            if (history.Losses[e] < best - minImprovement)
                (best, lastImprovement) = (history.Losses[e], e + 1);
        Assert.That(history.StoppedEarly, Is.True);
        Assert.That(lastImprovement, Is.GreaterThan(1), "the test needs a run that improved for a while");
        Assert.That(history.Epochs, Is.EqualTo(lastImprovement + patience));
    }

    [Test]
    public void AScoreThatOnlyTiesTheBestIsNoImprovement()
    {
        // Epoch 5 ties epoch 4's 0.9: it is not kept, and patience is not restarted, so training stops 3 epochs
        // after epoch 4 (at 7, not 8) with epoch 4's parameters. Counting a tie would keep epoch 5 and run to 8.
        var (network, history, afterEpoch4) = TrainedWithScores([0.1, 0.2, 0.3, 0.9, 0.9, 0.5, 0.4, 0.3, 0.2, 0.1]);
        Assert.That((history.Epochs, history.StoppedEarly, history.BestEpoch), Is.EqualTo((7, true, 4)));
        MatrixAssert.Close(network.Weights[0], afterEpoch4, 0);
    }

    // Trains the [5, 4, 4] network with patience 3 and a made-up score per epoch; W1 as it was after epoch 4 comes back too.
    private static (Network Network, TrainingHistory History, Matrix AfterEpoch4) TrainedWithScores(double[] scoreOf)
    {
        var network = new Network([5, 4, 4], seed: 1);
        int epoch = 0;
        Matrix? afterEpoch4 = null;
        var history = network.Train(SeedData.X, SeedData.Y, new TrainingOptions
        {
            Epochs = 100,
            Patience = 3,
            ReportEvery = 1,
            Score = () => scoreOf[epoch++],
            Progress = report =>
            {
                if (report.Epoch == 4)
                    afterEpoch4 = network.Weights[0].Copy();
            },
        });
        return (network, history, afterEpoch4!);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void PatienceRunningOutOnTheLastEpochIsNotStoppingEarly(bool withScore)
    {
        // Nothing improves after epoch 1, so patience 3 runs out at epoch 4. With 4 epochs asked for, training ran
        // them all: it did not stop early. With 5, it stopped one short.
        foreach (int epochs in new[] { 4, 5 })
        {
            int epoch = 0;
            var history = new Network([5, 4, 4], seed: 1).Train(SeedData.X, SeedData.Y, new TrainingOptions
            {
                Epochs = epochs,
                Patience = 3,
                UpdateRule = new StandStill(),
                Score = withScore ? () => 1.0 / ++epoch : null,
            });
            Assert.That((history.Epochs, history.StoppedEarly), Is.EqualTo((4, epochs == 5)), $"{epochs} epochs asked for");
        }
    }

    [Test]
    public void WithAScorePatienceWatchesItAndTheBestEpochsParametersAreKept()
    {
        // A made-up score that peaks at epoch 4 and then falls: training stops 3 epochs later, at 7, and the
        // network ends as it was after epoch 4, although it went on training.
        double[] scoreOf = [0.1, 0.2, 0.3, 0.9, 0.5, 0.5, 0.4, 0.95];
        var (network, history, afterEpoch4) = TrainedWithScores(scoreOf);
        Assert.That((history.Epochs, history.StoppedEarly, history.BestEpoch), Is.EqualTo((7, true, 4)));
        Assert.That(history.Scores, Is.EqualTo(scoreOf[..7]));
        MatrixAssert.Close(network.Weights[0], afterEpoch4, 0);
        Assert.That(history.Losses[6], Is.LessThan(history.Losses[3]), "the loss kept falling: the score decided");
    }

    [Test]
    public void AfterBackwardSeesEveryStepsPassTargetsAndGradients()
    {
        var network = new Network([5, 4, 4], seed: 1);
        var steps = new List<(int Epoch, int Samples, double Norm)>();
        network.Train(SeedData.X, SeedData.Y, new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 1,
            Patience = 0,
            AfterBackward = step =>
            {
                Assert.That(step.Pass.Output.Cols, Is.EqualTo(step.Y.Cols));
                steps.Add((step.Epoch, step.Y.Cols, step.Gradients.Weights[0].Norm()));
            },
        });
        // Two samples, batch 1, two epochs: four steps, each with its own non-zero dW1.
        Assert.That(steps.Select(s => (s.Epoch, s.Samples)), Is.EqualTo(new[] { (1, 1), (1, 1), (2, 1), (2, 1) }));
        Assert.That(steps.Select(s => s.Norm), Is.All.GreaterThan(0));
    }
}
