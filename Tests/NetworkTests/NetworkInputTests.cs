namespace FromScratch.Tests;

public class NetworkInputTests
{
    [Test]
    public void ParameterShapesFollowTheConvention()
    {
        var network = new Network([5, 4, 3, 2]);
        Assert.That(network.Weights.Select(w => w.Shape), Is.EqualTo(new[] { "(4, 5)", "(3, 4)", "(2, 3)" }));
        Assert.That(network.Biases.Select(b => b.Shape), Is.EqualTo(new[] { "(4, 1)", "(3, 1)", "(2, 1)" }));
        Assert.That(network.Weights.SelectMany(w => w.ToRows().SelectMany(r => r)), Has.All.InRange(-1.0, 1.0));
        Assert.That(network.Biases.Sum(b => b.Norm()), Is.Zero);
        Assert.That(network.ToString(), Is.EqualTo("[5, 4, 3, 2] sigmoid hidden, sigmoid output, ce loss"));
    }

    [Test]
    public void PredictHasOneColumnPerSample()
    {
        var prediction = new Network([5, 4, 4], seed: 1).Predict(SeedData.X);
        Assert.That(prediction.Shape, Is.EqualTo("(4, 2)"));
        Assert.That(prediction.ToRows().SelectMany(r => r), Has.All.InRange(0.0, 1.0));
    }

    [Test]
    public void WrongInputSizeNamesTheExpectedInputs()
    {
        var network = new Network([5, 4, 4]);
        var error = Assert.Throws<ArgumentException>(() => network.Predict(Matrix.Zeros(4, 2)));
        Assert.That(error!.Message, Does.Contain("(4, 2)").And.Contain("takes 5 inputs"));
    }

    [Test]
    public void SamplesAsRowsGetAHint()
    {
        var network = new Network([5, 4, 4]);
        var error = Assert.Throws<ArgumentException>(() => network.Predict(SeedData.X.Transpose()));
        Assert.That(error!.Message, Does.Contain("Transpose X"));
    }

    [Test]
    public void WrongTargetShapeIsNamed()
    {
        var network = new Network([5, 4, 4]);
        var error = Assert.Throws<ArgumentException>(() => network.Train(SeedData.X, Matrix.Zeros(4, 3)));
        Assert.That(error!.Message, Does.Contain("(4, 3)").And.Contain("must be (4, 2)"));
    }

    [TestCase(new[] { 5 })]
    [TestCase(new[] { 5, 0, 4 })]
    [TestCase(new[] { -1, 4 })]
    public void BadLayerSizesAreRejected(int[] sizes)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new Network(sizes));
        Assert.That(error!.Message, Does.StartWith("Network:"));
    }

    [Test]
    public void UnknownActivationOrLossListsTheKnownOnes()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => Activation.Named("no-such-activation"))!.Message, Does.Contain("sigmoid, tanh, relu"));
        Assert.That(Assert.Throws<ArgumentException>(() => Loss.Named("sigmoid", "hinge"))!.Message,
            Does.Contain("sigmoid + ce, sigmoid + mse, softmax + ce"));
        Assert.That(Assert.Throws<ArgumentException>(() => Loss.Named("softmax", "mse"))!.Message, Does.Contain("no loss 'mse' with a softmax output"));
        Assert.That(Loss.Named("SOFTMAX", "ce"), Is.SameAs(Loss.SoftmaxCrossEntropy));
        Assert.That(Activation.Named("TANH"), Is.SameAs(Activation.Tanh));
    }
}
