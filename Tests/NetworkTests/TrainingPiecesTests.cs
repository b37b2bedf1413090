namespace FromScratch.Tests;

// The named pieces the training loop calls (Network/Training.cs): each tested on its own, with hand-made
// losses, scores and batches, beside the tests that run them through Train.
public class EarlyStoppingTests
{
    private static Network SmallNetwork() => new([2, 3, 1], seed: 1);

    [Test]
    public void StopsAfterPatienceEpochsWithoutALossLowerByTheMinimumImprovement()
    {
        var stopping = new EarlyStopping(SmallNetwork(), new TrainingOptions { Epochs = 100, Patience = 2, MinImprovement = 0.1 });
        Assert.That(stopping.AfterEpoch(1, 1.0, null), Is.False);
        Assert.That(stopping.AfterEpoch(2, 0.95, null), Is.False, "0.05 lower is not an improvement of 0.1: 1 epoch without");
        Assert.That(stopping.AfterEpoch(3, 0.85, null), Is.False, "0.15 below the best resets the count");
        Assert.That(stopping.AfterEpoch(4, 0.85, null), Is.False);
        Assert.That(stopping.AfterEpoch(5, 0.80, null), Is.True, "2 epochs in a row without an improvement of 0.1");
        Assert.That(stopping.StoppedEarly, Is.True);
        Assert.That(stopping.BestEpoch, Is.Null, "no score, no best epoch");
    }

    [Test]
    public void NeverStopsEarlyWithPatienceZeroOrAtTheLastEpoch()
    {
        var off = new EarlyStopping(SmallNetwork(), new TrainingOptions { Epochs = 100, Patience = 0 });
        for (int epoch = 1; epoch <= 10; epoch++)
            Assert.That(off.AfterEpoch(epoch, 1.0, null), Is.False);
        var lastEpoch = new EarlyStopping(SmallNetwork(), new TrainingOptions { Epochs = 2, Patience = 1 });
        lastEpoch.AfterEpoch(1, 1.0, null);
        Assert.That(lastEpoch.AfterEpoch(2, 2.0, null), Is.False, "the last epoch ends training anyway; that is not stopping early");
        Assert.That(lastEpoch.StoppedEarly, Is.False);
    }

    [Test]
    public void WithAScoreItWatchesTheScoreAndPutsBackTheBestEpochsParameters()
    {
        var network = SmallNetwork();
        var stopping = new EarlyStopping(network, new TrainingOptions { Epochs = 100, Patience = 2 });
        Assert.That(stopping.AfterEpoch(1, 5.0, 0.5), Is.False);
        Matrix bestW1 = network.Weights[0].Copy(), bestB2 = network.Biases[1].Copy();
        Assert.That(stopping.AfterEpoch(2, 1.0, 0.4), Is.False, "a lower loss does not count when there is a score");
        network.Weights[0][0, 0] += 1;
        network.Biases[1][0, 0] -= 1;
        Assert.That(stopping.AfterEpoch(3, 0.5, 0.45), Is.True, "two epochs below the best score of 0.5");
        Assert.That(stopping.BestEpoch, Is.EqualTo(1));
        stopping.PutBackTheBestEpoch(epochsRun: 3);
        MatrixAssert.Close(network.Weights[0], bestW1, 0);
        MatrixAssert.Close(network.Biases[1], bestB2, 0);
    }

    [Test]
    public void WhenTheBestEpochIsTheLastTheParametersAreLeftAsTheyAre()
    {
        var network = SmallNetwork();
        var stopping = new EarlyStopping(network, new TrainingOptions { Epochs = 2 });
        stopping.AfterEpoch(1, 1.0, 0.1);
        network.Weights[0][0, 0] += 1;
        stopping.AfterEpoch(2, 1.0, 0.2);
        Matrix last = network.Weights[0].Copy();
        stopping.PutBackTheBestEpoch(epochsRun: 2);
        Assert.That(stopping.BestEpoch, Is.EqualTo(2));
        MatrixAssert.Close(network.Weights[0], last, 0);
    }
}

public class DivergenceWatchTests
{
    private static (Network Network, TrainingBatch Batch) NetworkAndBatch()
    {
        var network = new Network([2, 3, 1], seed: 1);
        var batch = new TrainingBatch(SeedData.XorX, SeedData.XorY, network.Forward(SeedData.XorX));
        network.Backward(batch.Pass, batch.Y);
        return (network, batch);
    }

    [Test]
    public void ALossFarAboveTheFirstBatchsIsDivergenceAfterThreeEpochsInARow()
    {
        var (network, batch) = NetworkAndBatch();
        var watch = new DivergenceWatch(network, samples: 4, batchSize: 4, rule: new GradientDescent(0.5));
        watch.AfterStep(2.0, batch); // the starting loss
        watch.AfterEpoch(1, 300, lastEpoch: false);
        watch.AfterEpoch(2, 100, lastEpoch: false); // under 100 × 2 = 200: the count starts again
        watch.AfterEpoch(3, 300, lastEpoch: false);
        watch.AfterEpoch(4, 300, lastEpoch: false);
        var error = Assert.Throws<TrainingDivergedException>(() => watch.AfterEpoch(5, 300, lastEpoch: false));
        Assert.That(error!.Epoch, Is.EqualTo(5));
        Assert.That(error.Message, Does.Contain("stayed over 100 times its starting 2 for 3 epochs").And.Contain("learning rate 0.5"));
    }

    [Test]
    public void OneHighEpochIsEnoughWhenItIsTheLast()
    {
        var (network, batch) = NetworkAndBatch();
        var watch = new DivergenceWatch(network, samples: 4, batchSize: 4, rule: new GradientDescent(0.5));
        watch.AfterStep(2.0, batch);
        Assert.That(() => watch.AfterEpoch(1, 300, lastEpoch: true),
            Throws.TypeOf<TrainingDivergedException>().With.Message.Contains("for 1 epoch (now 300)").And.Message.Contains("try a smaller learning rate"));
    }

    [Test]
    public void ANonFiniteLossOrParameterIsDivergenceAtOnce()
    {
        var (network, batch) = NetworkAndBatch();
        var watch = new DivergenceWatch(network, samples: 4, batchSize: 4, rule: new GradientDescent(0.5));
        watch.AfterStep(0.7, batch);
        Assert.That(() => watch.AfterEpoch(1, double.NaN, lastEpoch: false), Throws.TypeOf<TrainingDivergedException>().With.Message.Contains("the loss became NaN"));
        network.Biases[1][0, 0] = double.PositiveInfinity;
        Assert.That(() => watch.AfterEpoch(1, 0.7, lastEpoch: false), Throws.TypeOf<TrainingDivergedException>().With.Message.Contains("b2 has a NaN or infinite entry"));
    }

    [Test]
    public void SaturationIsJudgedOnTheLastWholeBatchNotOnASmallerRemainder()
    {
        // Outputs pinned at 1 by a huge bias, with targets 0 and 1 and MSE: the wrong ones can no longer move.
        var network = new Network([2, 3, 1], loss: Loss.MeanSquaredError, seed: 1);
        network.Biases[1][0, 0] = 1e6;
        var whole = new TrainingBatch(SeedData.XorX, SeedData.XorY, network.Forward(SeedData.XorX));
        network.Backward(whole.Pass, whole.Y);
        var watch = new DivergenceWatch(network, samples: 4, batchSize: 4, rule: new GradientDescent(0.5));
        watch.AfterStep(0.5, whole);
        Assert.That(() => watch.AfterEpoch(1, 0.5, lastEpoch: false), Throws.TypeOf<TrainingDivergedException>().With.Message.Contains("saturated"));

        var remainderOnly = new DivergenceWatch(network, samples: 4, batchSize: 10, rule: new GradientDescent(0.5));
        remainderOnly.AfterStep(0.5, whole); // the same 4 saturated samples, as the remainder of a run of batches of 10
        Assert.That(() => remainderOnly.AfterEpoch(1, 0.5, lastEpoch: false), Throws.Nothing);
    }
}

public class TrainingBatchesTests
{
    [Test]
    public void AMiniBatchHoldsTheChosenSamplesInBuffersReusedForItsSize()
    {
        var network = new Network([3, 2, 2], seed: 1);
        var x = Matrix.FromRows([0, 1, 2, 3, 4], [10, 11, 12, 13, 14], [20, 21, 22, 23, 24]);
        var y = Matrix.FromRows([1, 0, 1, 0, 1], [0, 1, 0, 1, 0]);
        var batches = new TrainingBatches(network, Inputs.Of(x), y, batchSize: 2);
        var first = batches.Gather([4, 1]);
        MatrixAssert.Close(first.X, Matrix.FromRows([4, 1], [14, 11], [24, 21]), 0);
        MatrixAssert.Close(first.Y, Matrix.FromRows([1, 0], [0, 1]), 0);
        Assert.That(first.Pass.SamplesInDataSet, Is.EqualTo(5), "L2's n is the whole set's");
        var second = batches.Gather([0, 3]);
        Assert.That(second, Is.SameAs(first), "the same buffers, overwritten");
        MatrixAssert.Close(second.X, Matrix.FromRows([0, 3], [10, 13], [20, 23]), 0);
        var remainder = batches.Gather([2]);
        Assert.That(remainder, Is.Not.SameAs(first));
        Assert.That(remainder.Size, Is.EqualTo(1));
    }

    [Test]
    public void AFullBatchOfAMatrixIsTheMatrixItselfAndOtherInputsAreGatheredOnce()
    {
        var network = new Network([3, 2, 2], seed: 1);
        var x = Matrix.FromRows([0, 1, 2], [10, 11, 12], [20, 21, 22]);
        var y = Matrix.FromRows([1, 0, 1], [0, 1, 0]);
        var inPlace = new TrainingBatches(network, Inputs.Of(x), y, batchSize: 3).Gather([0, 1, 2]);
        Assert.That(inPlace.X, Is.SameAs(x));
        Assert.That(inPlace.Y, Is.SameAs(y));

        var counting = new CountingInputs(x);
        var gathered = new TrainingBatches(network, counting, y, batchSize: 3);
        gathered.Gather([0, 1, 2]);
        var again = gathered.Gather([0, 1, 2]);
        Assert.That(counting.Copies, Is.EqualTo(1), "a full batch's order never changes, so it is gathered once");
        MatrixAssert.Close(again.X, x, 0);
    }

    private sealed class CountingInputs(Matrix x) : Inputs
    {
        public int Copies { get; private set; }
        public override int Features => x.Rows;
        public override int Count => x.Cols;
        public override void CopyColumns(ReadOnlySpan<int> samples, Matrix into)
        {
            Copies++;
            x.CopyColumnsInto(samples, into);
        }
    }
}
