namespace FromScratch.Tests;

public class BackpropFormulaTests
{
    [TestCase("ce")]
    [TestCase("mse")]
    public void TheAnswersTwoLayerFormulasEqualBackward(string lossName)
    {
        var network = SeedData.RandomNetwork([5, 4, 4], loss: Loss.Named("sigmoid", lossName));
        Matrix x = SeedData.X, y = SeedData.Y;
        Matrix w1 = network.Weights[0], b1 = network.Biases[0], w2 = network.Weights[1], b2 = network.Biases[1];
        int m = x.Cols;

        // The forward pass as a function of X, and the answer's backprop written out by hand.
        Matrix a1 = (w1.Dot(x) + b1).Map(z => 1 / (1 + Math.Exp(-z)));
        Matrix a2 = (w2.Dot(a1) + b2).Map(z => 1 / (1 + Math.Exp(-z)));
        Matrix dZ2 = lossName == "ce"
            ? a2 - y
            : (a2 - y).Hadamard(a2.Hadamard(a2.Map(v => 1 - v)));
        Matrix dW2 = dZ2.Dot(a1.Transpose()) / m;
        Matrix db2 = dZ2.MeanOverColumns();
        Matrix dZ1 = w2.Transpose().Dot(dZ2).Hadamard(a1.Hadamard(a1.Map(v => 1 - v)));
        Matrix dW1 = dZ1.Dot(x.Transpose()) / m;
        Matrix db1 = dZ1.MeanOverColumns();

        var pass = network.Forward(x);
        MatrixAssert.Close(pass.A[1], a1);
        MatrixAssert.Close(pass.A[2], a2);
        var gradients = network.Backward(pass, y);
        MatrixAssert.Close(gradients.Weights[1], dW2);
        MatrixAssert.Close(gradients.Biases[1], db2);
        MatrixAssert.Close(gradients.Weights[0], dW1);
        MatrixAssert.Close(gradients.Biases[0], db1);
        Assert.That((dW2.Shape, db2.Shape, dW1.Shape, db1.Shape), Is.EqualTo(("(4, 4)", "(4, 1)", "(4, 5)", "(4, 1)")));
    }

    [Test]
    public void BatchGradientIsTheMeanOfPerExampleGradients()
    {
        int[] sizes = [5, 4, 3, 4];
        var network = SeedData.RandomNetwork(sizes, Activation.Tanh);
        var (x, y) = SeedData.Random(sizes, 6, seed: 9);
        var batch = network.Backward(network.Forward(x), y);
        for (int l = 0; l < network.LayerCount; l++)
        {
            var sumW = Matrix.Zeros(batch.Weights[l].Rows, batch.Weights[l].Cols);
            var sumB = Matrix.Zeros(batch.Biases[l].Rows, 1);
            for (int i = 0; i < x.Cols; i++)
            {
                var one = network.Backward(network.Forward(x.SelectColumns([i])), y.SelectColumns([i]));
                sumW += one.Weights[l];
                sumB += one.Biases[l];
            }
            MatrixAssert.Close(batch.Weights[l], sumW / x.Cols, 1e-14);
            MatrixAssert.Close(batch.Biases[l], sumB / x.Cols, 1e-14);
        }
    }

    [Test]
    public void UpdateStepsAgainstTheGradient()
    {
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var w2 = network.Weights[1].Copy();
        var gradients = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        double before = network.LossOf(SeedData.X, SeedData.Y);
        network.Update(gradients, 0.1);
        MatrixAssert.Close(network.Weights[1], w2 - 0.1 * gradients.Weights[1], 1e-15);
        Assert.That(network.LossOf(SeedData.X, SeedData.Y), Is.LessThan(before));
    }

    [Test]
    public void LossValuesMatchTheirDefinitions()
    {
        var a = Matrix.FromRows([0.8, 0.1], [0.4, 0.5]);
        var z = a.Map(p => Math.Log(p / (1 - p))); // σ(z) = a
        var y = Matrix.FromRows([1, 0], [0, 1]);
        // −(1/2)[ln 0.8 + ln 0.9 + ln 0.6 + ln 0.5]
        double ce = -(Math.Log(0.8) + Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.5)) / 2;
        // (1/2)·½[0.04 + 0.01 + 0.16 + 0.25]
        double mse = 0.5 * (0.04 + 0.01 + 0.16 + 0.25) / 2;
        Assert.That(Loss.CrossEntropy.Value(z, a, y), Is.EqualTo(ce).Within(1e-15));
        Assert.That(Loss.MeanSquaredError.Value(z, a, y), Is.EqualTo(mse).Within(1e-15));
    }

    [Test]
    public void RegressionLossesMatchTheirDefinitions()
    {
        // Errors a − y of 0.5, −3, 0.2 and 1.5 over two samples; a linear output, so a = z.
        var a = Matrix.FromRows([1.5, -1.0], [0.2, 2.5]);
        var y = Matrix.FromRows([1.0, 2.0], [0.0, 1.0]);
        Assert.That(OutputActivation.Linear.Apply(a).ToRows(), Is.EqualTo(a.ToRows()), "the linear output is the identity");
        // (1/2)·½[0.25 + 9 + 0.04 + 2.25]
        Assert.That(Loss.LinearSquaredError.Value(a, a, y), Is.EqualTo(0.5 * (0.25 + 9 + 0.04 + 2.25) / 2).Within(1e-15));
        // (1/2)[0.5 + 3 + 0.2 + 1.5]
        Assert.That(Loss.LinearAbsoluteError.Value(a, a, y), Is.EqualTo((0.5 + 3 + 0.2 + 1.5) / 2).Within(1e-15));
        // k = 1: ½·0.5² and ½·0.2² within k; 1·(3 − ½) and 1·(1.5 − ½) beyond
        Assert.That(Loss.HuberThreshold, Is.EqualTo(1));
        Assert.That(Loss.LinearHuber.Value(a, a, y), Is.EqualTo((0.125 + 2.5 + 0.02 + 1.0) / 2).Within(1e-15));
        // δ: a − y; sign(a − y); a − y clipped to [−1, 1]
        Assert.That(Loss.LinearSquaredError.OutputDelta(a, y).ToRows(), Is.EqualTo(new[] { new[] { 0.5, -3.0 }, new[] { 0.2, 1.5 } }).Within(1e-15));
        Assert.That(Loss.LinearAbsoluteError.OutputDelta(a, y).ToRows(), Is.EqualTo(new[] { new[] { 1.0, -1.0 }, new[] { 1.0, 1.0 } }));
        Assert.That(Loss.LinearHuber.OutputDelta(a, y).ToRows(), Is.EqualTo(new[] { new[] { 0.5, -1.0 }, new[] { 0.2, 1.0 } }).Within(1e-15));
    }

    [Test]
    public void SoftmaxCrossEntropyIsMinusTheLogOfTheTrueClassesProbability()
    {
        var z = Matrix.FromRows([1, 0], [2, 0], [3, 0]); // sample 1 favours class 2; sample 2 is uniform
        var y = Matrix.FromRows([0, 0], [0, 1], [1, 0]);
        var a = OutputActivation.Softmax.Apply(z);
        double total = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        MatrixAssert.Close(a, Matrix.FromRows([Math.Exp(1) / total, 1.0 / 3], [Math.Exp(2) / total, 1.0 / 3], [Math.Exp(3) / total, 1.0 / 3]), 1e-15);
        // −(1/2)[ln(e³ / total) + ln(1/3)]
        double expected = -(Math.Log(Math.Exp(3) / total) + Math.Log(1.0 / 3)) / 2;
        Assert.That(Loss.SoftmaxCrossEntropy.Value(z, a, y), Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void SoftmaxDoesNotOverflowForLargeZ()
    {
        var z = Matrix.FromRows([1000], [999], [-1000]);
        var a = OutputActivation.Softmax.Apply(z);
        Assert.That(a.IsFinite(), Is.True);
        Assert.That(a[0, 0] / a[1, 0], Is.EqualTo(Math.E).Within(1e-12));
        Assert.That(a.Sum(), Is.EqualTo(1).Within(1e-15));
    }

    [Test]
    public void ASaturatedOutputStillGivesItsTrueLoss()
    {
        // σ(±800) rounds to exactly 1 or 0, where ln a is −∞. Written with z the loss is exact: softplus(z) − y·z,
        // so a confidently wrong output costs ≈ 800, not a clamp's 27.6 (= −ln 1e−12).
        var z = Matrix.FromRows([800.0, -800.0]);
        var a = OutputActivation.Sigmoid.Apply(z);
        Assert.That((a[0, 0], a[0, 1]), Is.EqualTo((1.0, 0.0)));
        var wrong = Matrix.FromRows([0.0, 1.0]);
        Assert.That(Loss.CrossEntropy.Value(z, a, wrong), Is.EqualTo(800.0).Within(1e-9)); // (800 + 800) / 2 samples
        Assert.That(Loss.CrossEntropy.Value(z, a, Matrix.FromRows([1.0, 0.0])), Is.EqualTo(0).Within(1e-300));
        // Softmax: a class with probability e^−1000 costs 1000, not infinity.
        var zs = Matrix.FromRows([0.0], [-1000.0]);
        Assert.That(Loss.SoftmaxCrossEntropy.Value(zs, OutputActivation.Softmax.Apply(zs), Matrix.FromRows([0.0], [1.0])), Is.EqualTo(1000).Within(1e-9));
    }

    [Test]
    public void SoftmaxRefusesTargetsThatAreNotOneClassPerSample()
    {
        var network = new Network([5, 4, 3], loss: Loss.SoftmaxCrossEntropy, seed: 1);
        var x = Matrix.Random(5, 4, -1, 1, new Random(1));
        var multiHot = Matrix.FromRows([1, 0, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1]); // column 2 has two classes
        var error = Assert.Throws<ArgumentException>(() => network.Backward(network.Forward(x), multiHot));
        Assert.That(error!.Message, Does.StartWith("Backward: softmax with cross-entropy").And.Contain("sample 2 (counting from 0) sums to 2"));
        Assert.That(Assert.Throws<ArgumentException>(() => network.Train(x, multiHot))!.Message, Does.StartWith("Train:").And.Contain("sample 2"));
        Assert.That(Assert.Throws<ArgumentException>(() => network.LossOf(x, multiHot))!.Message, Does.Contain("sample 2"));
        var oneHot = Matrix.FromRows([1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]);
        Assert.That(double.IsFinite(network.LossOf(x, oneHot)), Is.True);
    }
}
