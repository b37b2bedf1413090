using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>Evaluation runs chunks in one lane per core: the same outputs and loss as one forward pass over everything.</summary>
public class EvaluationTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void ChunksInLanesGiveWhatOnePassOverAllSamplesGives(int threads)
    {
        // 2,500 samples: two whole chunks of 1000 and a partial one, spread over the lanes.
        var (x, y) = SeedData.Random([6, 5, 3], 2500, seed: 11);
        var network = new Network([6, 5, 3], seed: 12) { L2 = 0.5 };
        var data = new Dataset(x, y);
        var whole = network.Forward(x, new ForwardPass(network.LayerSizes, 2500));
        double expectedLoss = network.LossOf(whole, y);
        int before = Matrix.MaxThreads;
        try
        {
            Matrix.MaxThreads = threads;
            var (outputs, loss) = Evaluation.Run(network, data, trainingSamples: 2500);
            Assert.That(outputs.MaxAbsDifference(whole.Output), Is.Zero, "each output is its column's forward pass");
            Assert.That(loss, Is.EqualTo(expectedLoss).Within(1e-12));
            Matrix.MaxThreads = 1;
            Assert.That(Evaluation.Run(network, data, trainingSamples: 2500).Loss, Is.EqualTo(loss), "the same to the last bit on one core");
        }
        finally
        {
            Matrix.MaxThreads = before;
        }
    }

    [Test]
    public void AFailureInALaneArrivesAsItself()
    {
        var (x, y) = SeedData.Random([6, 5, 3], 2500, seed: 11);
        var data = new Dataset(x, y);
        var other = new Network([4, 5, 3], seed: 12);
        Assert.That(() => Evaluation.Run(other, data, 2500), Throws.ArgumentException.With.Message.Contains("X has shape (6, 1000)"));
    }
}
