namespace FromScratch.Tests;

/// <summary>
/// Train gathers its batches through <see cref="Inputs"/>: wherever the samples are held, the same samples in the
/// same order must give the same network, to the last bit.
/// </summary>
public class InputsTests
{
    // Inputs of one's own, held nowhere but in a function of (feature, sample): nothing like a matrix, so Train
    // must gather every batch through CopyColumns. Counts its calls.
    private sealed class Computed(int features, int count, Func<int, int, double> value) : Inputs
    {
        public int Calls { get; private set; }

        public override int Features => features;

        public override int Count => count;

        public override void CopyColumns(ReadOnlySpan<int> samples, Matrix into)
        {
            Calls++;
            for (int f = 0; f < features; f++)
                for (int j = 0; j < samples.Length; j++)
                    into[f, j] = value(f, samples[j]);
        }
    }

    private static (Matrix Weights, IReadOnlyList<double> Losses) Trained(Func<Network, Matrix, TrainingHistory> train, Matrix y)
    {
        var network = new Network([6, 5, 3], seed: 3);
        var history = train(network, y);
        return (network.Weights[0], history.Losses);
    }

    [TestCase(7)]    // mini-batches with an uneven last one
    [TestCase(0)]    // the whole set in one batch
    [TestCase(1)]
    public void EveryWayOfHoldingTheSamplesTrainsTheSameNetwork(int batchSize)
    {
        var (x, y) = SeedData.Random([6, 5, 3], 45, seed: 4);
        var options = new TrainingOptions { Epochs = 4, BatchSize = batchSize, LearningRate = 0.3, Momentum = 0.5, Seed = 9, Patience = 0 };
        var expected = Trained((n, t) => n.Train(x, t, options), y);
        var computed = new Computed(6, 45, (f, s) => x[f, s]);
        foreach (var (name, inputs) in new[] { ("Of", Inputs.Of(x)), ("FromRows", Inputs.FromRows(x.Transpose())), ("computed", (Inputs)computed) })
        {
            var actual = Trained((n, t) => n.Train(inputs, t, options), y);
            Assert.That(actual.Losses, Is.EqualTo(expected.Losses), name);
            Assert.That(actual.Weights.MaxAbsDifference(expected.Weights), Is.Zero, name);
        }
        // A full batch never changes order, so it is gathered once for all four epochs.
        Assert.That(computed.Calls, Is.EqualTo(batchSize == 0 ? 1 : 4 * ((45 + batchSize - 1) / batchSize)));
    }

    [Test]
    public void InputsThatDoNotFitTheNetworkOrTheTargetsAreRefusedBeforeAnyWork()
    {
        var network = new Network([6, 5, 3], seed: 3);
        var (x, y) = SeedData.Random([6, 5, 3], 10, seed: 4);
        var fourFeatures = new Computed(4, 10, (f, s) => 0);
        Assert.That(() => network.Train(fourFeatures, y),
            Throws.ArgumentException.With.Message.EqualTo("Train: the inputs have 4 features per sample but this network takes 6"));
        Assert.That(fourFeatures.Calls, Is.Zero);
        Assert.That(() => network.Train(Inputs.Of(x), y.SelectColumns([0, 1, 2])),
            Throws.ArgumentException.With.Message.StartsWith("Train: Y has shape (3, 3) but must be (3, 10)"));
        Assert.That(() => network.Train(new Computed(6, 0, (f, s) => 0), y),
            Throws.ArgumentException.With.Message.EqualTo("Train: the inputs hold 0 samples; there must be at least one"));
        Assert.That(() => Inputs.Of(null!), Throws.ArgumentNullException.With.Message.Contains("Inputs.Of"));
    }

    [Test]
    public void SelectColumnsGathersTheSamplesAsColumnsInTheOrderAsked()
    {
        var x = Matrix.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        foreach (var inputs in new[] { Inputs.Of(x), Inputs.FromRows(x.Transpose()) })
        {
            Assert.That(inputs.Count, Is.EqualTo(3));
            Assert.That(inputs.Features, Is.EqualTo(2));
            MatrixAssert.Close(inputs.SelectColumns([2, 0, 2]), Matrix.FromArray(new double[,] { { 3, 1, 3 }, { 6, 4, 6 } }), 0);
        }
        Assert.That(Inputs.Of(x).AsMatrix, Is.SameAs(x));
        Assert.That(Inputs.FromRows(x).AsMatrix, Is.Null);
    }
}
