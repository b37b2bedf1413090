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

    private static IEnumerable<TestCaseData> TargetsASigmoidCannotReach()
    {
        foreach (var (loss, name) in new[] { (Loss.CrossEntropy, "cross-entropy"), (Loss.MeanSquaredError, "squared error") })
            foreach (double target in new[] { 5, -1, 1.0000001, double.NaN, double.PositiveInfinity })
                yield return new TestCaseData(loss, name, target).SetName($"SigmoidTargets_{loss.Name}_{target}");
    }

    [TestCaseSource(nameof(TargetsASigmoidCannotReach))]
    public void ASigmoidOutputRefusesTargetsOutsideZeroToOneNamingTheSampleAndOutput(Loss loss, string name, double target)
    {
        // Cross-entropy with y = 5 has no minimum (a run ended at a loss of −435); a sigmoid never reaches −1 or 5.
        var network = new Network([5, 4, 3], loss: loss, seed: 1);
        var (x, y) = SeedData.Random([5, 4, 3], 6, seed: 2);
        y[1, 3] = target;
        var before = network.Weights[0].Copy();
        string expected = $"a sigmoid output with {name} needs every target (entry of Y) in [0, 1], but sample 3 (counting from 0) has {target.ToString(System.Globalization.CultureInfo.InvariantCulture)} at output 1";
        Assert.That(Assert.Throws<ArgumentException>(() => network.Train(x, y))!.Message, Is.EqualTo("Train: " + expected));
        Assert.That(Assert.Throws<ArgumentException>(() => network.Train(Inputs.FromRows(x.Transpose()), y))!.Message, Is.EqualTo("Train: " + expected));
        Assert.That(Assert.Throws<ArgumentException>(() => network.LossOf(x, y))!.Message, Is.EqualTo("LossOf: " + expected));
        Assert.That(Assert.Throws<ArgumentException>(() => network.Backward(network.Forward(x), y))!.Message, Is.EqualTo("Backward: " + expected));
        Assert.That(network.Weights[0].MaxAbsDifference(before), Is.Zero, "refused before any step");
        y[1, 3] = 1;
        Assert.That(double.IsFinite(network.LossOf(x, y)), Is.True, "0 and 1 themselves are fine");
    }

    [Test]
    public void ALaterSampleIsNamedOnlyWhenNoEarlierOneIsWrong()
    {
        // Outputs are rows and samples columns: the sample named is the first one with a bad target, whatever its row.
        var y = Matrix.FromRows([0, 1, 1, 7], [1, 0, -2, 0]);
        Assert.That(Loss.CrossEntropy.ProblemWithTargets(y), Does.EndWith("but sample 2 (counting from 0) has -2 at output 1"));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void SoftmaxRefusesATargetThatIsNotANumber(double target)
    {
        // NaN compares false with everything, so "≥ 0 and sums to 1" let it through.
        var network = new Network([5, 4, 3], loss: Loss.SoftmaxCrossEntropy, seed: 1);
        var (x, y) = SeedData.Random([5, 4, 3], 4, seed: 2, Loss.SoftmaxCrossEntropy);
        y[2, 1] = target;
        var error = Assert.Throws<ArgumentException>(() => network.Train(x, y));
        Assert.That(error!.Message, Does.StartWith("Train: softmax with cross-entropy").And.Contain($"sample 1 (counting from 0) has {target.ToString(System.Globalization.CultureInfo.InvariantCulture)} at output 2"));
    }

    [Test]
    public void ALossOfOnesOwnCanTakeAnyFiniteTarget()
    {
        // The check is the loss's own: one for a linear output, say, takes any finite number and refuses only NaN and ∞.
        var anyNumber = Loss.TargetsWithin(double.NegativeInfinity, double.PositiveInfinity, "a linear output");
        Assert.That(anyNumber(Matrix.FromRows([-1e300, 5, 0])), Is.Null);
        var y = Matrix.FromRows([-1e300, 0, 0]);
        y[0, 1] = double.NegativeInfinity;
        Assert.That(anyNumber(y),
            Is.EqualTo("a linear output needs every target (entry of Y) to be a finite number, but sample 1 (counting from 0) has -Infinity at output 0"));
    }

    // The built-in regression losses take any finite target and refuse NaN and ±∞ before any step, naming the sample.
    [TestCase("mse", "squared error")]
    [TestCase("mae", "absolute error")]
    [TestCase("huber", "Huber loss")]
    public void ARegressionLossRefusesANonFiniteTargetBeforeTraining(string loss, string name)
    {
        var network = new Network([2, 3, 1], loss: Loss.Named("linear", loss), seed: 1);
        var x = Matrix.FromRows([1, 2, 3], [4, 5, 6]);
        var y = Matrix.FromRows([-1e300, 7, 1e300]);
        Assert.That(() => network.LossOf(x, y), Throws.Nothing, "any finite number is a target");
        y[0, 1] = double.NaN;
        Assert.That(() => network.Train(x, y, new TrainingOptions { Epochs = 1 }), Throws.ArgumentException.With.Message.EqualTo(
            $"Train: a linear output with {name} needs every target (entry of Y) to be a finite number, but sample 1 (counting from 0) has NaN at output 0"));
    }

    private static IEnumerable<TestCaseData> NonFiniteInputs()
    {
        foreach (double value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            string shown = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new TestCaseData(value, (Func<Network, Matrix, Matrix, object>)((n, x, y) => n.Predict(x)), $"Forward: sample 1 (counting from 0) has {shown} at input 3")
                .SetName($"NonFinite_Predict_{shown}");
            yield return new TestCaseData(value, (Func<Network, Matrix, Matrix, object>)((n, x, y) => n.LossOf(x, y)), $"Forward: sample 1 (counting from 0) has {shown} at input 3")
                .SetName($"NonFinite_LossOf_{shown}");
            yield return new TestCaseData(value, (Func<Network, Matrix, Matrix, object>)((n, x, y) => n.Train(x, y, new TrainingOptions { Epochs = 2 })),
                $"Train: sample 1 (counting from 0) has {shown} at input 3").SetName($"NonFinite_Train_{shown}");
            yield return new TestCaseData(value, (Func<Network, Matrix, Matrix, object>)((n, x, y) => n.Train(x, y, new TrainingOptions { Epochs = 2, BatchSize = 2 })),
                $"Train: sample 1 (counting from 0) has {shown} at input 3").SetName($"NonFinite_TrainMiniBatches_{shown}");
            yield return new TestCaseData(value, (Func<Network, Matrix, Matrix, object>)((n, x, y) => n.Train(Inputs.FromRows(x.Transpose()), y)),
                $"Train: sample 1 (counting from 0) has {shown} at input 3").SetName($"NonFinite_TrainFromRows_{shown}");
            yield return new TestCaseData(value, (Func<Network, Matrix, Matrix, object>)((n, x, y) => n.Train(new OwnInputs(x), y)),
                $"Train: sample 1 (counting from 0) has {shown} at input 3").SetName($"NonFinite_TrainOwnInputs_{shown}");
        }
    }

    [TestCaseSource(nameof(NonFiniteInputs))]
    public void NonFiniteInputsAreRefusedNamingTheSampleAndInput(double value, Func<Network, Matrix, Matrix, object> call, string expected)
    {
        // Not a NaN prediction, nor "the loss became NaN … try a smaller learning rate" after the first epoch.
        var network = new Network([5, 4, 3], seed: 1);
        var (x, y) = SeedData.Random([5, 4, 3], 4, seed: 2);
        x[3, 1] = value;
        x[4, 2] = double.NaN; // a later sample: the first one is named
        var error = Assert.Throws<ArgumentException>(() => call(network, x, y));
        Assert.That(error!.Message, Is.EqualTo(expected + "; every input must be a finite number"));
    }

    // Inputs held nowhere but behind CopyColumns, as a class of one's own holds them: Train looks at them through it.
    private sealed class OwnInputs(Matrix x) : Inputs
    {
        public override int Features => x.Rows;
        public override int Count => x.Cols;
        public override void CopyColumns(ReadOnlySpan<int> samples, Matrix into) => x.CopyColumnsInto(samples, into);
    }
}

