namespace FromScratch.Tests;

// Train is Forward → LossOf → Backward → Update and nothing else: these tests replay it with the public
// methods, change the update rule from outside, and check momentum and L2 against formulas written here.
public class SinglePathTests
{
    [Test]
    public void AnEpochOfMiniBatchesEqualsForwardBackwardUpdateOnTheSameBatches()
    {
        int[] sizes = [8, 6, 3];
        var (x, y) = SeedData.Random(sizes, 23, seed: 11);
        var trained = new Network(sizes, seed: 5);
        var reference = Network.FromJson(trained.ToJson());
        var options = new TrainingOptions { Epochs = 1, BatchSize = 5, Seed = 9, LearningRate = 0.4 };
        var history = trained.Train(x, y, options);

        // The same shuffle Train draws, then the plain methods on each batch (the last has 3 samples).
        int[] order = [.. Enumerable.Range(0, 23)];
        new Random(options.Seed).Shuffle(order);
        double lossSum = 0;
        for (int start = 0; start < 23; start += 5)
        {
            int[] batch = order[start..Math.Min(23, start + 5)];
            Matrix xb = x.SelectColumns(batch), yb = y.SelectColumns(batch);
            var pass = reference.Forward(xb);
            lossSum += reference.LossOf(pass, yb) * batch.Length;
            reference.Update(reference.Backward(pass, yb), options.LearningRate);
        }
        Assert.That(history.Losses[0], Is.EqualTo(lossSum / 23).Within(1e-12));
        for (int l = 0; l < reference.LayerCount; l++)
            MatrixAssert.Close(trained.Weights[l], reference.Weights[l], 1e-13);
    }

    // A rule from outside the library: it counts its calls and takes no step at all (its η is never used).
    private sealed class CountingRule() : UpdateRule(learningRate: 0.1)
    {
        public int Calls { get; private set; }

        public override void Step(int index, Matrix parameter, Matrix gradient) => Calls++;
    }

    [Test]
    public void TrainUsesTheUpdateRuleItIsGiven()
    {
        var network = new Network([5, 4, 4], seed: 1);
        string before = network.ToJson();
        var rule = new CountingRule();
        var history = network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 7, Patience = 0, UpdateRule = rule });
        Assert.That(rule.Calls, Is.EqualTo(7 * 4), "one call per parameter (W1, b1, W2, b2) per step");
        Assert.That(network.ToJson(), Is.EqualTo(before), "a rule that takes no step leaves the network as it was");
        Assert.That(history.Losses.Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public void PlainGradientDescentIsTheFormulaBitForBit()
    {
        // W ← W − η·dW written here with the operators, against Train with momentum 0.
        var trained = new Network([5, 4, 4], seed: 3);
        var reference = Network.FromJson(trained.ToJson());
        trained.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 20, LearningRate = 0.7, Momentum = 0, Patience = 0 });
        for (int step = 0; step < 20; step++)
        {
            var g = reference.Backward(reference.Forward(SeedData.X), SeedData.Y);
            for (int l = 0; l < 2; l++)
            {
                Set(reference.Weights[l], reference.Weights[l] - 0.7 * g.Weights[l]);
                Set(reference.Biases[l], reference.Biases[l] - 0.7 * g.Biases[l]);
            }
        }
        for (int l = 0; l < 2; l++)
        {
            MatrixAssert.Close(trained.Weights[l], reference.Weights[l], 0);
            MatrixAssert.Close(trained.Biases[l], reference.Biases[l], 0);
        }
    }

    [Test]
    public void MomentumIsTheFormulaAndZeroMomentumIsThePlainStep()
    {
        // V ← β·V + dW, W ← W − η·V written here; β = 0.9 against Train, and β = 0 against the plain step.
        foreach (double beta in new[] { 0.9, 0.0 })
        {
            var trained = new Network([5, 4, 4], seed: 3);
            var reference = Network.FromJson(trained.ToJson());
            trained.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 15, LearningRate = 0.3, Momentum = beta, Patience = 0 });
            var velocities = reference.Weights.Concat(reference.Biases).Select(p => Matrix.Zeros(p.Rows, p.Cols)).ToArray();
            for (int step = 0; step < 15; step++)
            {
                var g = reference.Backward(reference.Forward(SeedData.X), SeedData.Y);
                Matrix[] parameters = [.. reference.Weights, .. reference.Biases], gradients = [.. g.Weights, .. g.Biases];
                for (int i = 0; i < parameters.Length; i++)
                {
                    velocities[i] = beta * velocities[i] + gradients[i];
                    Set(parameters[i], parameters[i] - 0.3 * velocities[i]);
                }
            }
            for (int l = 0; l < 2; l++)
                MatrixAssert.Close(trained.Weights[l], reference.Weights[l], beta == 0 ? 0 : 1e-13);
        }
    }

    [Test]
    public void MomentumReachesTheSameXorLossInFewerEpochs()
    {
        static int EpochsToReach(double momentum, double target)
        {
            var network = new Network([2, 4, 1], seed: 2);
            var history = network.Train(SeedData.XorX, SeedData.XorY, new TrainingOptions { Epochs = 20_000, LearningRate = 0.5, Momentum = momentum, Patience = 0 });
            int epoch = history.Losses.ToList().FindIndex(loss => loss < target);
            Assert.That(epoch, Is.GreaterThanOrEqualTo(0), $"momentum {momentum} never reached loss {target}");
            return epoch + 1;
        }
        int plain = EpochsToReach(0, 0.05), withMomentum = EpochsToReach(0.9, 0.05);
        Assert.That(withMomentum, Is.LessThan(plain / 3), $"plain {plain} epochs, momentum 0.9 {withMomentum}");
    }

    [Test]
    public void L2PassesTheGradientCheck()
    {
        foreach (var loss in Loss.All)
        {
            var network = SeedData.RandomNetwork([5, 4, 3, 4], loss: loss, seed: 4);
            network.L2 = 0.7;
            var (x, y) = SeedData.Random([5, 4, 3, 4], 6, seed: 2, loss);
            var report = GradientCheck.Run(network, x, y);
            Assert.That(report.Passed, Is.True, report.ToTable());
        }
    }

    [Test]
    public void L2AddedToOnlyOneOfLossAndGradientFailsTheCheck()
    {
        var withL2 = SeedData.RandomNetwork([5, 4, 4], seed: 2);
        withL2.L2 = 0.5;
        var without = Network.FromJson(withL2.ToJson());
        without.L2 = 0;
        // The penalty in the gradient only: dW from the λ network, the loss of the λ = 0 one.
        var gradientOnly = GradientCheck.Compare(without, SeedData.X, SeedData.Y, withL2.Backward(withL2.Forward(SeedData.X), SeedData.Y));
        // The penalty in the loss only.
        var lossOnly = GradientCheck.Compare(withL2, SeedData.X, SeedData.Y, without.Backward(without.Forward(SeedData.X), SeedData.Y));
        Assert.That(gradientOnly.Passed, Is.False, gradientOnly.ToTable());
        Assert.That(lossOnly.Passed, Is.False, lossOnly.ToTable());
        // Biases are not penalised, so their gradients agree either way.
        Assert.That(gradientOnly.Parameters.Where(p => p.Name.StartsWith('b')).All(p => p.Passed), Is.True, gradientOnly.ToTable());
    }

    [Test]
    public void L2IsTheStatedPenalty()
    {
        var network = SeedData.RandomNetwork([5, 4, 4], seed: 2);
        double plain = network.LossOf(SeedData.X, SeedData.Y);
        network.L2 = 0.3;
        double squares = network.Weights.Sum(w => w.ToRows().SelectMany(r => r).Sum(v => v * v));
        Assert.That(network.LossOf(SeedData.X, SeedData.Y), Is.EqualTo(plain + 0.3 / (2 * 2) * squares).Within(1e-12));
        Assert.Throws<ArgumentException>(() => network.L2 = -1);
    }

    [Test]
    public void TheMiniBatchL2GradientIsTheDerivativeOfTheMiniBatchLoss()
    {
        // A batch of m = 3 drawn from a data set of n = 10: the loss is (1/3)·Σℓ + (λ/20)·Σ‖W‖², and Backward's dW must
        // be its derivative, with the penalty's gradient (λ/10)·W, not (λ/3)·W. Checked by central differences of that
        // very loss, through a pass that knows n (SamplesInDataSet), as Train's mini-batches are.
        var network = SeedData.RandomNetwork([5, 4, 3], seed: 3);
        network.L2 = 0.8;
        var (x, y) = SeedData.Random([5, 4, 3], 3, seed: 5);
        var pass = new ForwardPass(network.LayerSizes, 3, samplesInDataSet: 10);
        double LossAtThisPoint() => network.LossOf(network.Forward(x, into: pass), y);
        var analytic = network.Backward(network.Forward(x, into: pass), y);
        const double epsilon = 1e-5;
        double worst = 0;
        for (int l = 0; l < network.LayerCount; l++)
            foreach (var (parameter, claimed) in new[] { (network.Weights[l], analytic.Weights[l]), (network.Biases[l], analytic.Biases[l]) })
                for (int r = 0; r < parameter.Rows; r++)
                    for (int c = 0; c < parameter.Cols; c++)
                    {
                        double original = parameter[r, c];
                        parameter[r, c] = original + epsilon;
                        double plus = LossAtThisPoint();
                        parameter[r, c] = original - epsilon;
                        double minus = LossAtThisPoint();
                        parameter[r, c] = original;
                        double numeric = (plus - minus) / (2 * epsilon);
                        worst = Math.Max(worst, Math.Abs(claimed[r, c] - numeric) / Math.Max(Math.Abs(claimed[r, c]) + Math.Abs(numeric), 1e-3));
                    }
        Assert.That(worst, Is.LessThan(1e-7));
        // The penalty itself uses n: λ/(2·10)·Σ‖W‖² above the plain batch loss.
        double squares = network.Weights.Sum(w => w.SumOfSquares());
        double penalised = LossAtThisPoint();
        network.L2 = 0;
        Assert.That(penalised - LossAtThisPoint(), Is.EqualTo(0.8 / 20 * squares).Within(1e-12));
    }

    [Test]
    public void L2KeepsTheWeightsSmaller()
    {
        var (x, y) = SeedData.Random([6, 12, 3], 40, seed: 3);
        double Norm(double l2)
        {
            var network = new Network([6, 12, 3], seed: 1) { L2 = l2 };
            network.Train(x, y, new TrainingOptions { Epochs = 500, LearningRate = 1, Patience = 0 });
            return network.Weights.Sum(w => w.Norm());
        }
        Assert.That(Norm(1.0), Is.LessThan(0.7 * Norm(0)));
    }

    [Test]
    public void ForwardAndBackwardIntoBuffersGiveWhatFreshOnesGive()
    {
        var network = SeedData.RandomNetwork([5, 4, 3, 4], Activation.Tanh, seed: 6);
        var (x1, y1) = SeedData.Random([5, 4, 3, 4], 7, seed: 1);
        var (x2, y2) = SeedData.Random([5, 4, 3, 4], 7, seed: 2);
        var pass = network.Forward(x1);
        var gradients = network.Backward(pass, y1);
        Assert.That(network.Forward(x2, into: pass), Is.SameAs(pass));
        Assert.That(network.Backward(pass, y2, into: gradients), Is.SameAs(gradients));
        var fresh = network.Backward(network.Forward(x2), y2);
        for (int l = 0; l < 3; l++)
        {
            MatrixAssert.Close(gradients.Weights[l], fresh.Weights[l], 0);
            MatrixAssert.Close(gradients.Biases[l], fresh.Biases[l], 0);
        }
        var wrongSize = Assert.Throws<ArgumentException>(() => network.Forward(Matrix.Zeros(5, 3), into: pass));
        Assert.That(wrongSize!.Message, Does.Contain("7 samples").And.Contain("3"));
    }

    [Test]
    public void AnActivationMayGiveItsDerivativeFromZ()
    {
        // Sigmoid again, but with σ′ written with z: the same gradients as the built-in one's a(1 − a).
        var fromZ = Activation.FromInput("sigmoid-by-z", Matrix.SigmoidOf, z => Matrix.SigmoidOf(z) * (1 - Matrix.SigmoidOf(z)));
        var a = SeedData.RandomNetwork([5, 4, 4], Activation.Sigmoid, seed: 8);
        var b = Network.FromJson(a.ToJson());
        var zNetwork = new Network([5, 4, 4], hiddenActivation: fromZ);
        for (int l = 0; l < 2; l++)
        {
            Set(zNetwork.Weights[l], b.Weights[l]);
            Set(zNetwork.Biases[l], b.Biases[l]);
        }
        var expected = a.Backward(a.Forward(SeedData.X), SeedData.Y);
        var actual = zNetwork.Backward(zNetwork.Forward(SeedData.X), SeedData.Y);
        MatrixAssert.Close(actual.Weights[0], expected.Weights[0], 1e-15);
        Assert.That(fromZ.DerivativeUsesOutput, Is.False);
        Assert.That(Activation.Sigmoid.DerivativeUsesOutput, Is.True);
    }

    [TestCase(10, 0.0)]
    [TestCase(7, 0.9)] // an uneven last batch, and momentum's velocities
    public void ATrainingStepAllocatesNothing(int batchSize, double momentum)
    {
        // Buffers are made once per Train call; the steps themselves reuse them. Two more epochs
        // (48 more steps) may add only the epoch loss to the history.
        var (x, y) = SeedData.Random([40, 20, 5], 166, seed: 1);
        long AllocatedBy(int epochs)
        {
            var network = new Network([40, 20, 5], seed: 2) { L2 = 0.1 };
            var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Momentum = momentum, LearningRate = 0.1, Patience = 0 };
            network.Train(x, y, options); // warm-up: the same work once
            long before = GC.GetAllocatedBytesForCurrentThread();
            new Network([40, 20, 5], seed: 2) { L2 = 0.1 }.Train(x, y, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocatedBy(3) - AllocatedBy(1);
        int steps = 2 * ((166 + batchSize - 1) / batchSize);
        Assert.That(extra, Is.LessThan(8 * steps), $"{extra} bytes for {steps} more steps");
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(1)]
    public void WithL2TheEpochLossIsTheFullDataLossAtEveryBatchSize(int batchSize)
    {
        // With η → 0 the weights stay put, so the mean of the batch losses must be LossOf on all the data:
        // the penalty (λ/2n)·Σ‖W‖² uses the whole set's n, whatever the batch.
        var (x, y) = SeedData.Random([4, 3, 2], 23, seed: 5);
        var network = new Network([4, 3, 2], seed: 7) { L2 = 2.5 };
        double fullLoss = network.LossOf(x, y);
        var history = network.Train(x, y, new TrainingOptions { Epochs = 1, BatchSize = batchSize, LearningRate = 1e-300 });
        Assert.That(history.Losses[0], Is.EqualTo(fullLoss).Within(1e-12));
    }

    [Test]
    public void LossOfAndBackwardTakeOnlyAPassThatThisNetworksForwardFilled()
    {
        var a = new Network([5, 4, 4], seed: 1);
        var b = new Network([5, 4, 4], seed: 2);
        var empty = new ForwardPass(a.LayerSizes, 2);
        Assert.That(Assert.Throws<ArgumentException>(() => a.LossOf(empty, SeedData.Y))!.Message,
            Does.StartWith("LossOf: the forward pass is empty; run Forward(X, into: pass) first"));
        var passOfB = b.Forward(SeedData.X);
        Assert.That(Assert.Throws<ArgumentException>(() => a.Backward(passOfB, SeedData.Y))!.Message,
            Does.StartWith("Backward: the forward pass was made by another network's Forward"));
        Assert.That(a.Forward(SeedData.X, into: passOfB), Is.SameAs(passOfB), "a's Forward may reuse b's buffers");
        Assert.DoesNotThrow(() => a.Backward(passOfB, SeedData.Y));
    }

    [Test]
    public void ForwardRefusesAnXThatIsOneOfThePassesOwnBuffers()
    {
        var autoencoder = new Network([4, 3, 4], seed: 1);
        var pass = autoencoder.Forward(Matrix.Random(4, 5, -1, 1, new Random(1)));
        var error = Assert.Throws<ArgumentException>(() => autoencoder.Forward(pass.Output, into: pass));
        Assert.That(error!.Message, Does.StartWith("Forward: X is one of the into pass's own matrices"));
        Assert.DoesNotThrow(() => autoencoder.Forward(pass.Output.Copy(), into: pass));
    }

    [Test]
    public void MomentumBelongsToTheBuiltInRuleAndACustomRulesDivergenceNamesItsRate()
    {
        var options = new TrainingOptions { Momentum = 0.9, UpdateRule = new CountingRule() };
        Assert.That(Assert.Throws<ArgumentException>(() => new Network([5, 4, 4]).Train(SeedData.X, SeedData.Y, options))!.Message,
            Does.StartWith("Train: Momentum (0.9) is for the built-in gradient descent"));
        var broken = new Network([5, 4, 4], loss: Loss.MeanSquaredError, seed: 1);
        broken.Biases[1][0, 0] = double.NaN;
        var error = Assert.Throws<TrainingDivergedException>(() => broken.Train(SeedData.X, SeedData.Y, new TrainingOptions { UpdateRule = new CountingRule() }));
        Assert.That(error!.Message, Does.Contain("before any step, so no learning rate can help").And.Not.Contain("try a smaller"), "NaN from the start");
    }

    private static void Set(Matrix target, Matrix values) => values.AsSpan().CopyTo(target.AsSpan());
}
