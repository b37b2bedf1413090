namespace FromScratch.Tests;

// Train runs TrainingStep (buffers, fused loops, transposes read in place). It must compute exactly
// what the readable Forward, Backward and Update compute.
public class TrainingStepTests
{
    private static IEnumerable<TestCaseData> Configurations()
    {
        foreach (var activation in Activation.All)
            foreach (var loss in Loss.All)
                yield return new TestCaseData(new[] { 6, 5, 4, 3 }, activation.Name, loss.Name, 7);
        yield return new TestCaseData(new[] { 5, 4, 4 }, "sigmoid", "ce", 2).SetName("SeedNetwork");
        yield return new TestCaseData(new[] { 784, 30, 10 }, "sigmoid", "ce", 10).SetName("FashionShape_Batch10");
        yield return new TestCaseData(new[] { 40, 33, 17, 2 }, "tanh", "mse", 1).SetName("SingleSample");
    }

    [TestCaseSource(nameof(Configurations))]
    public void OneStepEqualsForwardBackwardUpdate(int[] sizes, string activation, string loss, int samples)
    {
        var (x, y) = SeedData.Random(sizes, samples, seed: sizes.Sum() + samples);
        var reference = SeedData.RandomNetwork(sizes, Activation.Named(activation), Loss.Named(loss), seed: 3);
        var fast = Network.FromJson(reference.ToJson());
        var sampleRows = Network.FromJson(reference.ToJson());

        var activations = reference.Forward(x);
        double expectedLoss = reference.Loss.Value(activations[^1], y);
        reference.Update(reference.Backward(activations, y), 0.3);

        double fastLoss = new TrainingStep(fast, samples).Run(x, samplesAsRows: false, y, 0.3);
        double rowsLoss = new TrainingStep(sampleRows, samples).Run(x.Transpose(), samplesAsRows: true, y, 0.3);

        Assert.That(fastLoss, Is.EqualTo(expectedLoss).Within(1e-12));
        Assert.That(rowsLoss, Is.EqualTo(expectedLoss).Within(1e-12));
        for (int l = 0; l < reference.LayerCount; l++)
        {
            MatrixAssert.Close(fast.Weights[l], reference.Weights[l], 1e-13);
            MatrixAssert.Close(fast.Biases[l], reference.Biases[l], 1e-13);
            MatrixAssert.Close(sampleRows.Weights[l], reference.Weights[l], 1e-13);
            MatrixAssert.Close(sampleRows.Biases[l], reference.Biases[l], 1e-13);
        }
    }

    [Test]
    public void AnEpochOfMiniBatchesEqualsTheReferenceStepsInTheSameOrder()
    {
        int[] sizes = [8, 6, 3];
        var (x, y) = SeedData.Random(sizes, 23, seed: 11);
        var trained = new Network(sizes, seed: 5);
        var reference = Network.FromJson(trained.ToJson());
        var options = new TrainingOptions { Epochs = 1, BatchSize = 5, Seed = 9, LearningRate = 0.4 };
        var history = trained.Train(x, y, options);

        // The same shuffle Train draws, then plain Forward/Backward/Update on each batch (the last has 3).
        int[] order = [.. Enumerable.Range(0, 23)];
        new Random(options.Seed).Shuffle(order);
        double lossSum = 0;
        for (int start = 0; start < 23; start += 5)
        {
            int[] batch = order[start..Math.Min(23, start + 5)];
            Matrix xb = x.SelectColumns(batch), yb = y.SelectColumns(batch);
            var activations = reference.Forward(xb);
            lossSum += reference.Loss.Value(activations[^1], yb) * batch.Length;
            reference.Update(reference.Backward(activations, yb), options.LearningRate);
        }
        Assert.That(history.Losses[0], Is.EqualTo(lossSum / 23).Within(1e-12));
        for (int l = 0; l < reference.LayerCount; l++)
            MatrixAssert.Close(trained.Weights[l], reference.Weights[l], 1e-13);
    }
}
