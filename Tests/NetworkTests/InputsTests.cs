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
        // Train first looks at every sample once for NaN and ∞ (45 × 6 values: one block); then a full batch, which
        // never changes order, is gathered once for all four epochs.
        Assert.That(computed.Calls, Is.EqualTo(1 + (batchSize == 0 ? 1 : 4 * ((45 + batchSize - 1) / batchSize))));
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

    [Test]
    public void FirstNonFiniteLooksAtEverySampleABlockAtATime()
    {
        // 1000 features: 65 samples a block, so 200 samples are 3 whole blocks and a last one of 5.
        foreach (int bad in new[] { 0, 64, 65, 150, 199 })
        {
            var inputs = new Computed(1000, 200, (f, s) => s == bad && f == 999 ? double.NaN : s >= bad && f == 3 ? double.PositiveInfinity : f * 1e-3);
            Assert.That(inputs.FirstNonFinite(), Is.EqualTo((bad, 3, double.PositiveInfinity)), $"sample {bad}");
            Assert.That(inputs.Calls, Is.EqualTo(bad / 65 + 1), "it stops at the block holding the first bad sample");
        }
        var finite = new Computed(1000, 200, (f, s) => f + s);
        Assert.That(finite.FirstNonFinite(), Is.Null);
        Assert.That(finite.Calls, Is.EqualTo(4));
        // Matrices are looked at in place, samples as columns or as rows.
        var x = Matrix.Zeros(3, 4);
        x[2, 1] = double.NegativeInfinity;
        x[0, 3] = double.NaN;
        Assert.That(Inputs.Of(x).FirstNonFinite(), Is.EqualTo((1, 2, double.NegativeInfinity)));
        Assert.That(Inputs.FromRows(x.Transpose()).FirstNonFinite(), Is.EqualTo((1, 2, double.NegativeInfinity)));
        Assert.That(Inputs.Of(Matrix.Zeros(3, 4)).FirstNonFinite(), Is.Null);
    }

    [Test]
    public void TrainingStepsDoNotLookAtTheirInputsAndTargetsAgain()
    {
        // Train checked X and Y once; the passes of its batches carry that, so Forward, LossOf and Backward skip the look.
        var network = new Network([3, 2, 2], seed: 1);
        var x = Matrix.FromRows([0, 1, 2], [10, 11, 12], [20, 21, 22]);
        var y = Matrix.FromRows([1, 0, 1], [0, 1, 0]);
        foreach (int batchSize in new[] { 3, 2 })
        {
            var batches = new TrainingBatches(network, batchSize == 3 ? Inputs.Of(x) : Inputs.FromRows(x.Transpose()), y, batchSize);
            var batch = batches.Gather(batchSize == 3 ? [0, 1, 2] : [2, 0]);
            Assert.That(batch.Pass.CheckedInputs, Is.SameAs(batch.X));
            Assert.That(batch.Pass.CheckedTargets, Is.SameAs(batch.Y));
        }
        // Any other X or Y is looked at.
        var whole = new TrainingBatches(network, Inputs.Of(x), y, batchSize: 3).Gather([0, 1, 2]);
        var pass = network.Forward(x, into: whole.Pass);
        var badY = y.Copy();
        badY[0, 2] = 2;
        Assert.That(() => network.Backward(pass, badY), Throws.ArgumentException.With.Message.Contains("sample 2 (counting from 0) has 2 at output 0"));
        var badX = x.Copy();
        badX[1, 0] = double.NaN;
        Assert.That(() => network.Forward(badX, into: whole.Pass), Throws.ArgumentException.With.Message.Contains("sample 0 (counting from 0) has NaN at input 1"));
    }

    // Inputs whose ReadInPlace returns a new matrix instead of pointing the one it is given: training would otherwise
    // go on reading the first batch's samples at every step.
    private sealed class BytesNotRepointed(byte[] pixels) : Inputs
    {
        private static readonly double[] Over255 = [.. Enumerable.Range(0, 256).Select(v => v / 255.0)];

        public override int Features => 2;
        public override int Count => pixels.Length / 2;
        public override void CopyColumns(ReadOnlySpan<int> samples, Matrix into) => throw new NotSupportedException();
        public override Matrix ReadInPlace(ReadOnlySpan<int> samples, Matrix? into = null) => Matrix.OfBytes(pixels, 2, samples, Over255);
        public override (int Sample, int Feature, double Value)? FirstNonFinite() => null;
    }

    [Test]
    public void ReadInPlaceMustPointTheMatrixItIsGiven()
    {
        var network = new Network([2, 3, 1], seed: 1);
        var y = new Matrix(1, 8);
        Assert.That(() => network.Train(new BytesNotRepointed(new byte[16]), y, new TrainingOptions { Epochs = 1, BatchSize = 4 }),
            Throws.InvalidOperationException.With.Message.EqualTo("Train: BytesNotRepointed.ReadInPlace(samples, into) must point the into matrix at the samples and return it; it returned another"));
    }

    [Test]
    public void AMatrixOfBytesIsRefusedWhereBatchesWouldBeCopiedFromIt()
    {
        var x = Matrix.OfBytes(new byte[16], 2, [0, 1, 2, 3, 4, 5, 6, 7], [.. Enumerable.Range(0, 256).Select(v => v / 255.0)]);
        var network = new Network([2, 3, 1], seed: 1);
        Assert.That(() => network.Train(x, new Matrix(1, 8), new TrainingOptions { Epochs = 1, BatchSize = 4 }),
            Throws.ArgumentException.With.Message.StartsWith("Train: X is a (2, 8) matrix of bytes (Matrix.OfBytes), which only products read"));
        Assert.That(() => Inputs.Of(x), Throws.ArgumentException.With.Message.StartsWith("Inputs.Of: x is a (2, 8) matrix of bytes"));
        Assert.That(network.Predict(x).Shape, Is.EqualTo("(1, 8)"), "a forward pass reads it");
    }
}
