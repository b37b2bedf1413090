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

    // Images are read in place (ImageInputs.ReadInPlace): each lane points its chunk's matrix at the next chunk of the
    // same size instead of copying it (3,500 images: chunks of 1000, 1000, 1000 and 500, so every run re-points one).
    [TestCase(1)]
    [TestCase(2)]
    public void ChunksOfImagesReadInPlaceGiveWhatOnePassOverTheirValuesGives(int threads)
    {
        const int count = 3500, side = 3;
        var pixels = new byte[count * side * side];
        new Random(13).NextBytes(pixels);
        var x = new Matrix(side * side, count); // the same values as doubles, from the bytes by a plain loop
        for (int p = 0; p < side * side; p++)
            for (int s = 0; s < count; s++)
                x[p, s] = pixels[s * side * side + p] / 255.0;
        var y = Dataset.OneHot([.. Enumerable.Range(0, count).Select(s => s % 3)], 3);
        var network = new Network([side * side, 5, 3], seed: 12);
        var whole = network.Forward(x);
        int before = Matrix.MaxThreads;
        try
        {
            Matrix.MaxThreads = threads;
            var (outputs, _) = Evaluation.Run(network, new Dataset(new ImageInputs(pixels, count, side, side), y), trainingSamples: count);
            Assert.That(outputs.MaxAbsDifference(whole.Output), Is.Zero, "each output is its image's forward pass");
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
