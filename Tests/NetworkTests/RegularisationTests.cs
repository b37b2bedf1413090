namespace FromScratch.Tests;

/// <summary>
/// Dropout, L1 and He initialisation: each checked against finite differences, and each check shown to fail
/// when its backprop term is left out. The left-out versions are a backprop written out here in plain loops,
/// which with every term matches <see cref="Network.Backward"/>.
/// </summary>
public class RegularisationTests
{
    private static readonly int[] Sizes = [4, 6, 3];

    private static (Network Network, Matrix X, Matrix Y) Problem(Activation? activation = null, Loss? loss = null, int[]? sizes = null)
    {
        sizes ??= Sizes;
        var network = SeedData.RandomNetwork(sizes, activation, loss, seed: 5);
        var (x, y) = SeedData.Random(sizes, 7, seed: 6, loss);
        return (network, x, y);
    }

    private static IEnumerable<TestCaseData> Configurations()
    {
        foreach (var activation in new[] { "sigmoid", "tanh", "relu" })
            foreach (var (output, loss) in new[] { ("sigmoid", "ce"), ("sigmoid", "mse"), ("softmax", "ce") })
                yield return new TestCaseData(activation, output, loss).SetName($"{activation}_{output}_{loss}");
    }

    [TestCaseSource(nameof(Configurations))]
    public void TheGradientCheckPassesWithDropoutL1AndL2Together(string activation, string output, string loss)
    {
        var (network, x, y) = Problem(Activation.Named(activation), Loss.Named(output, loss), [4, 6, 5, 3]);
        network.L1 = 0.3;
        network.L2 = 0.2;
        var report = GradientCheck.Run(network, x, y, new GradientCheckOptions { Dropout = new Dropout(0.4, Seed: 2) });
        Assert.That(report.Passed, Is.True, report.ToTable());
    }

    [TestCase(0.1)]
    [TestCase(0.5)]
    [TestCase(0.9)]
    public void TheGradientCheckPassesWithDropout(double rate)
    {
        var (network, x, y) = Problem();
        var report = GradientCheck.Run(network, x, y, new GradientCheckOptions { Dropout = new Dropout(rate, Seed: 3) });
        Assert.That(report.Passed, Is.True, report.ToTable());
    }

    [Test]
    public void TheWrittenOutBackpropMatchesBackwardWithEveryTerm()
    {
        var (network, x, y) = Problem();
        network.L1 = 0.3;
        var dropout = new Dropout(0.5, Seed: 4);
        var pass = network.Forward(x, into: new ForwardPass(network.LayerSizes, x.Cols, dropout: dropout));
        Gradients ours = network.Backward(pass, y);
        Gradients written = WrittenOutBackprop(network, x, y, Mask(network, x, dropout), maskInBackprop: true, l1InBackprop: true);
        for (int l = 0; l < 2; l++)
        {
            Assert.That(ours.Weights[l].MaxAbsDifference(written.Weights[l]), Is.LessThan(1e-12), $"dW{l + 1}");
            Assert.That(ours.Biases[l].MaxAbsDifference(written.Biases[l]), Is.LessThan(1e-12), $"db{l + 1}");
        }
    }

    [Test]
    public void TheCheckFailsWhenTheDropoutMaskIsLeftOutOfBackprop()
    {
        var (network, x, y) = Problem();
        var dropout = new Dropout(0.5, Seed: 4);
        var options = new GradientCheckOptions { Dropout = dropout };
        var withMask = WrittenOutBackprop(network, x, y, Mask(network, x, dropout), maskInBackprop: true, l1InBackprop: false);
        var withoutMask = WrittenOutBackprop(network, x, y, Mask(network, x, dropout), maskInBackprop: false, l1InBackprop: false);
        Assert.That(GradientCheck.Compare(network, x, y, withMask, options).Passed, Is.True);
        var report = GradientCheck.Compare(network, x, y, withoutMask, options);
        Assert.That(report.Passed, Is.False, report.ToTable());
        Assert.That(report.Parameters.Single(p => p.Name == "W1").Passed, Is.False, "the mask multiplies dA1, so dW1 is wrong without it");
    }

    [Test]
    public void TheCheckFailsWhenTheL1TermIsLeftOutOfBackprop()
    {
        var (network, x, y) = Problem();
        network.L1 = 0.3;
        var withTerm = WrittenOutBackprop(network, x, y, mask: null, maskInBackprop: false, l1InBackprop: true);
        var withoutTerm = WrittenOutBackprop(network, x, y, mask: null, maskInBackprop: false, l1InBackprop: false);
        Assert.That(GradientCheck.Compare(network, x, y, withTerm).Passed, Is.True);
        var report = GradientCheck.Compare(network, x, y, withoutTerm);
        Assert.That(report.Parameters.Where(p => p.Name.StartsWith('W')).Select(p => p.Passed), Is.All.False, report.ToTable());
        Assert.That(report.Parameters.Where(p => p.Name.StartsWith('b')).Select(p => p.Passed), Is.All.True, "biases are not penalised");
    }

    [Test]
    public void TheL1PenaltyIsLambdaOverNTimesTheSumOfAbsoluteWeights()
    {
        var (network, x, y) = Problem();
        double plain = network.LossOf(x, y);
        double sumOfAbsolutes = network.Weights.Sum(w => w.ToRows().SelectMany(r => r).Sum(Math.Abs));
        network.L1 = 0.25;
        Assert.That(network.LossOf(x, y), Is.EqualTo(plain + 0.25 / x.Cols * sumOfAbsolutes).Within(1e-12));
        // A mini-batch of m samples from a data set of n: the penalty uses n, so λ means the same at every batch size.
        var pass = network.Forward(x, into: new ForwardPass(network.LayerSizes, x.Cols, samplesInDataSet: 70));
        Assert.That(network.LossOf(pass, y), Is.EqualTo(plain + 0.25 / 70 * sumOfAbsolutes).Within(1e-12));
    }

    [Test]
    public void TheL1GradientOfAMiniBatchUsesTheDataSetsN()
    {
        var (network, x, y) = Problem();
        network.L1 = 0.3;
        var pass = network.Forward(x, into: new ForwardPass(network.LayerSizes, x.Cols, samplesInDataSet: 40));
        Gradients analytic = network.Backward(pass, y);
        // Central differences of LossOf through the same kind of pass: its n is 40.
        var w = network.Weights[0];
        const double h = 1e-6;
        double original = w[2, 1];
        w[2, 1] = original + h;
        double plus = network.LossOf(network.Forward(x, into: pass), y);
        w[2, 1] = original - h;
        double minus = network.LossOf(network.Forward(x, into: pass), y);
        w[2, 1] = original;
        Assert.That(analytic.Weights[0][2, 1], Is.EqualTo((plus - minus) / (2 * h)).Within(1e-8));
    }

    [Test]
    public void DropoutMasksHoldZerosAndOneOverOneMinusPInTheRightShare()
    {
        var pass = new ForwardPass([3, 400, 300, 2], 250, dropout: new Dropout(0.3, Seed: 8));
        var masks = pass.DropoutMasks!;
        Assert.That(masks[0], Is.Null, "no dropout on the inputs");
        Assert.That(masks[3], Is.Null, "no dropout on the outputs");
        foreach (var mask in new[] { masks[1]!, masks[2]! })
        {
            double[] entries = [.. mask.ToRows().SelectMany(r => r)];
            Assert.That(entries, Is.All.EqualTo(0).Or.EqualTo(1 / 0.7));
            Assert.That(entries.Count(e => e == 0) / (double)entries.Length, Is.EqualTo(0.3).Within(0.01));
        }
    }

    [Test]
    public void MasksAreDrawnAnewAtEveryStepAndTheSameForTheSameSeed()
    {
        var (network, x, y) = Problem();
        List<Matrix> Recorded(int seed)
        {
            var copy = SeedData.RandomNetwork(Sizes, seed: 5);
            var masks = new List<Matrix>();
            copy.Train(x, y, new TrainingOptions
            {
                Epochs = 3,
                Dropout = 0.5,
                Seed = seed,
                Patience = 0,
                AfterBackward = step => masks.Add(step.Pass.DropoutMasks![1]!.Copy()),
            });
            return masks;
        }
        var first = Recorded(seed: 1);
        Assert.That(first, Has.Count.EqualTo(3));
        Assert.That(first[0].MaxAbsDifference(first[1]), Is.GreaterThan(0), "a new mask every step");
        var again = Recorded(seed: 1);
        Assert.That(first.Zip(again, (a, b) => a.MaxAbsDifference(b)), Is.All.EqualTo(0), "the same seed drops the same units");
        Assert.That(Recorded(seed: 2)[0].MaxAbsDifference(first[0]), Is.GreaterThan(0), "another seed, other units");
    }

    [Test]
    public void DropoutIsOffInPredictAndInTheScore()
    {
        var (network, x, y) = Problem();
        var before = network.Predict(x);
        var scores = new List<double>();
        network.Train(x, y, new TrainingOptions
        {
            Epochs = 5,
            Dropout = 0.5,
            Patience = 0,
            // the score is measured with the whole network: the same as a forward pass written out without masks
            Score = () =>
            {
                scores.Add(network.Predict(x).MaxAbsDifference(WrittenOutForward(network, x)));
                return 0;
            },
        });
        Assert.That(network.Predict(x).MaxAbsDifference(before), Is.GreaterThan(0), "training changed the network");
        Assert.That(network.Predict(x).MaxAbsDifference(WrittenOutForward(network, x)), Is.LessThan(1e-14));
        Assert.That(network.Predict(x).MaxAbsDifference(network.Predict(x)), Is.EqualTo(0), "no randomness in Predict");
        Assert.That(scores, Is.All.LessThan(1e-14));
    }

    [Test]
    public void DropoutZeroTrainsExactlyAsWithout()
    {
        var (network, x, y) = Problem();
        var (twin, _, _) = Problem();
        var plain = network.Train(x, y, new TrainingOptions { Epochs = 20, BatchSize = 3, Seed = 2 });
        var zero = twin.Train(x, y, new TrainingOptions { Epochs = 20, BatchSize = 3, Seed = 2, Dropout = 0 });
        Assert.That(zero.Losses, Is.EqualTo(plain.Losses));
    }

    [Test]
    public void DropoutTrainsTheMoonsAndThePassesHaveMasks()
    {
        // XOR-like data with enough hidden units that dropping half still leaves the network able to learn
        var random = new Random(3);
        var x = Matrix.Random(2, 200, -1, 1, random);
        var y = new Matrix(1, 200);
        for (int s = 0; s < 200; s++)
            y[0, s] = x[0, s] * x[1, s] > 0 ? 1 : 0;
        var network = new Network([2, 40, 1], Initialization.Xavier, Activation.Tanh, seed: 1);
        int masked = 0;
        network.Train(x, y, new TrainingOptions
        {
            Epochs = 400,
            BatchSize = 20,
            LearningRate = 0.5,
            Dropout = 0.2,
            Patience = 0,
            AfterBackward = step => masked += step.Pass.DropoutMasks is null ? 0 : 1,
        });
        Assert.That(masked, Is.EqualTo(400 * 10));
        int[] predicted = network.Predict(x).ToRows()[0].Select(a => a > 0.5 ? 1 : 0).ToArray();
        double accuracy = predicted.Where((p, s) => p == (int)y[0, s]).Count() / 200.0;
        Assert.That(accuracy, Is.GreaterThan(0.9));
    }

    [Test]
    public void AnL1WhoseStepsSwingTheWeightsIsNamedWhenTrainingDiverges()
    {
        // The penalty of the starting weights is finite (about 1e300), but each step moves every weight by ηλ/n ≈ 1e299:
        // the next loss is infinite, and the message names L1, not the learning rate.
        var network = new Network([2, 3, 1], seed: 1) { L1 = 1e300 };
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(SeedData.XorX, SeedData.XorY, new TrainingOptions { Epochs = 5 }));
        Assert.That(error!.Message, Does.Contain("with L1 λ = 1E+300 each step moves every weight by ηλ/n = 1.25e+299 (n = 4) towards 0").And.Contain("lower L1"));
    }

    [TestCase(-0.1)]
    [TestCase(1.0)]
    [TestCase(double.NaN)]
    public void ABadDropoutRateIsRefused(double rate)
    {
        Assert.That(() => new Dropout(rate), Throws.ArgumentException.With.Message.Contains("Dropout: the rate p must be in [0, 1)"));
        var (network, x, y) = Problem();
        Assert.That(() => network.Train(x, y, new TrainingOptions { Dropout = rate }),
            Throws.ArgumentException.With.Message.Contains("Train: Dropout must be in [0, 1)"));
    }

    [TestCase(-1.0)]
    [TestCase(double.PositiveInfinity)]
    public void ABadL1IsRefused(double lambda)
    {
        var (network, _, _) = Problem();
        Assert.That(() => network.L1 = lambda, Throws.ArgumentException.With.Message.Contains("L1: λ must be a finite number ≥ 0"));
    }

    [Test]
    public void HeInitialisationDrawsNormalWeightsWithStandardDeviationRootTwoOverFanIn()
    {
        var network = new Network([800, 500, 10], Initialization.He, Activation.Relu, seed: 7);
        foreach (var (w, fanIn) in new[] { (network.Weights[0], 800), (network.Weights[1], 500) })
        {
            double[] entries = [.. w.ToRows().SelectMany(r => r)];
            double mean = entries.Average(), sd = Math.Sqrt(entries.Average(e => (e - mean) * (e - mean)));
            double expected = Math.Sqrt(2.0 / fanIn);
            Assert.That(sd, Is.EqualTo(expected).Within(0.03 * expected), $"σ of a {w.Shape} layer");
            Assert.That(Math.Abs(mean), Is.LessThan(0.05 * expected));
            // a normal distribution: about 68 % of the draws within one σ, and some beyond 3σ in large layers
            Assert.That(entries.Count(e => Math.Abs(e) < expected) / (double)entries.Length, Is.EqualTo(0.6827).Within(0.02));
        }
        Assert.That(network.Biases.SelectMany(b => b.ToRows().SelectMany(r => r)), Is.All.EqualTo(0));
        Assert.That(new Network([800, 500, 10], Initialization.He, seed: 7).Weights[0].MaxAbsDifference(network.Weights[0]), Is.EqualTo(0), "seeded");
    }

    [Test]
    public void TheGradientCheckPassesWithHeInitialisationAndRelu()
    {
        int[] sizes = [5, 8, 6, 3];
        var network = new Network(sizes, Initialization.He, Activation.Relu, Loss.SoftmaxCrossEntropy, seed: 9);
        var (x, y) = SeedData.Random(sizes, 6, seed: 10, Loss.SoftmaxCrossEntropy);
        var report = GradientCheck.Run(network, x, y);
        Assert.That(report.Passed, Is.True, report.ToTable());
    }

    // The dropout mask of the hidden layer that a pass of this size draws from `dropout`: the one the check uses.
    private static Matrix Mask(Network network, Matrix x, Dropout dropout) =>
        new ForwardPass(network.LayerSizes, x.Cols, dropout: dropout).DropoutMasks![1]!;

    // The forward pass of a [n0, n1, n2] sigmoid network with a sigmoid output, in plain loops: A2 = σ(W2·σ(W1·X + b1) + b2).
    private static Matrix WrittenOutForward(Network network, Matrix x)
    {
        var (_, _, a2) = Forward(network, x, mask: null);
        return a2;
    }

    private static (double[,] H1, double[,] A1, Matrix A2) Forward(Network network, Matrix x, Matrix? mask)
    {
        Matrix w1 = network.Weights[0], b1 = network.Biases[0], w2 = network.Weights[1], b2 = network.Biases[1];
        int m = x.Cols, n1 = w1.Rows, n2 = w2.Rows;
        var h1 = new double[n1, m];
        var a1 = new double[n1, m];
        var a2 = new Matrix(n2, m);
        for (int s = 0; s < m; s++)
        {
            for (int i = 0; i < n1; i++)
            {
                double z = b1[i, 0];
                for (int k = 0; k < x.Rows; k++)
                    z += w1[i, k] * x[k, s];
                h1[i, s] = 1 / (1 + Math.Exp(-z));
                a1[i, s] = h1[i, s] * (mask is null ? 1 : mask[i, s]);
            }
            for (int o = 0; o < n2; o++)
            {
                double z = b2[o, 0];
                for (int i = 0; i < n1; i++)
                    z += w2[o, i] * a1[i, s];
                a2[o, s] = 1 / (1 + Math.Exp(-z));
            }
        }
        return (h1, a1, a2);
    }

    // Backprop for that network with cross-entropy, each term switchable: dZ2 = A2 − Y, dW2 = (1/m)·dZ2·A1ᵀ + (λ/m)·sign(W2),
    // dZ1 = (W2ᵀ·dZ2) ⊙ M1 ⊙ H1(1 − H1), dW1 = (1/m)·dZ1·Xᵀ + (λ/m)·sign(W1).
    private static Gradients WrittenOutBackprop(Network network, Matrix x, Matrix y, Matrix? mask, bool maskInBackprop, bool l1InBackprop)
    {
        Matrix w1 = network.Weights[0], w2 = network.Weights[1];
        var (h1, a1, a2) = Forward(network, x, mask);
        int m = x.Cols, n0 = x.Rows, n1 = w1.Rows, n2 = w2.Rows;
        double l1 = l1InBackprop ? network.L1 : 0;
        var dW1 = new Matrix(n1, n0);
        var db1 = new Matrix(n1, 1);
        var dW2 = new Matrix(n2, n1);
        var db2 = new Matrix(n2, 1);
        for (int s = 0; s < m; s++)
        {
            var dZ2 = new double[n2];
            for (int o = 0; o < n2; o++)
            {
                dZ2[o] = a2[o, s] - y[o, s];
                db2[o, 0] += dZ2[o] / m;
                for (int i = 0; i < n1; i++)
                    dW2[o, i] += dZ2[o] * a1[i, s] / m;
            }
            for (int i = 0; i < n1; i++)
            {
                double dA1 = 0;
                for (int o = 0; o < n2; o++)
                    dA1 += w2[o, i] * dZ2[o];
                if (maskInBackprop && mask is not null)
                    dA1 *= mask[i, s];
                double dZ1 = dA1 * h1[i, s] * (1 - h1[i, s]);
                db1[i, 0] += dZ1 / m;
                for (int k = 0; k < n0; k++)
                    dW1[i, k] += dZ1 * x[k, s] / m;
            }
        }
        foreach (var (dW, w) in new[] { (dW1, w1), (dW2, w2) })
            for (int r = 0; r < w.Rows; r++)
                for (int c = 0; c < w.Cols; c++)
                    dW[r, c] += l1 / m * Math.Sign(w[r, c]);
        return new Gradients([dW1, dW2], [db1, db2]);
    }
}
