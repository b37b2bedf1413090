namespace FromScratch.Tests;

// The update rules against their formulas written out here in plain loops over doubles (no Matrix helper), their
// refusals of constants out of range, and what they do in training.
public class UpdateRuleTests
{
    // One rule's formula on one parameter: w and g its entries and gradient, s1 and s2 its state (zeros at first), t the step from 1.
    public delegate void Formula(double[] w, double[] g, double[] s1, double[] s2, int t);

    private static IEnumerable<TestCaseData> RulesAndFormulas()
    {
        yield return Case("sgd", () => new GradientDescent(0.3), (w, g, _, _, _) =>
        {
            for (int i = 0; i < w.Length; i++)
                w[i] -= 0.3 * g[i];
        });
        yield return Case("momentum", () => new GradientDescent(0.3, momentum: 0.8), (w, g, v, _, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = 0.8 * v[i] + g[i];
                w[i] -= 0.3 * v[i];
            }
        });
        yield return Case("nesterov", () => new NesterovMomentum(0.3, momentum: 0.8), (w, g, v, _, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = 0.8 * v[i] + g[i];
                w[i] -= 0.3 * (g[i] + 0.8 * v[i]);
            }
        });
        yield return Case("adagrad", () => new AdaGrad(0.3, epsilon: 1e-3), (w, g, sum, _, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                sum[i] += g[i] * g[i];
                w[i] -= 0.3 * g[i] / (Math.Sqrt(sum[i]) + 1e-3);
            }
        });
        yield return Case("rmsprop", () => new RmsProp(0.03, rho: 0.7, epsilon: 1e-3), (w, g, s, _, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                s[i] = 0.7 * s[i] + 0.3 * g[i] * g[i];
                w[i] -= 0.03 * g[i] / (Math.Sqrt(s[i]) + 1e-3);
            }
        });
        yield return Case("adam", () => new Adam(0.03, beta1: 0.8, beta2: 0.9, epsilon: 1e-3), (w, g, m, v, t) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                m[i] = 0.8 * m[i] + 0.2 * g[i];
                v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(0.8, t)), vHat = v[i] / (1 - Math.Pow(0.9, t));
                w[i] -= 0.03 * mHat / (Math.Sqrt(vHat) + 1e-3);
            }
        });
    }

    private static TestCaseData Case(string name, Func<UpdateRule> rule, Formula formula) => new TestCaseData(rule, formula).SetArgDisplayNames(name);

    [TestCaseSource(nameof(RulesAndFormulas))]
    public void FiveStepsOnTwoParametersAreTheFormula(Func<UpdateRule> makeRule, Formula formula)
    {
        // A (3 × 2) "W" and a (3 × 1) "b", stepped in turn as Update does (indices 0 and 1), each with its own state, and a
        // new gradient every step; the gradients have both signs, a zero entry and entries far apart in size.
        var random = new Random(11);
        double[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
        double[][] parameters = [Values(6), Values(3)];
        double[][] s1 = [new double[6], new double[3]], s2 = [new double[6], new double[3]];
        Matrix[] matrices = [new Matrix(3, 2), new Matrix(3, 1)];
        for (int p = 0; p < 2; p++)
            parameters[p].CopyTo(matrices[p].AsSpan());
        var rule = makeRule();
        for (int t = 1; t <= 5; t++)
            for (int p = 0; p < 2; p++)
            {
                double[] g = Values(parameters[p].Length);
                g[0] = 0;
                g[^1] *= 100;
                var gradient = new Matrix(matrices[p].Rows, matrices[p].Cols);
                g.CopyTo(gradient.AsSpan());
                rule.Step(p, matrices[p], gradient);
                formula(parameters[p], g, s1[p], s2[p], t);
                for (int i = 0; i < g.Length; i++)
                    Assert.That(matrices[p].AsSpan()[i], Is.EqualTo(parameters[p][i]).Within(1e-14 * Math.Max(1, Math.Abs(parameters[p][i]))), $"step {t}, parameter {p}, entry {i}");
            }
    }

    private static IEnumerable<TestCaseData> BadConstants()
    {
        TestCaseData Refused(Func<UpdateRule> make, string message) => new TestCaseData(make, message).SetArgDisplayNames(message);
        yield return Refused(() => new GradientDescent(0), "GradientDescent: the learning rate must be a positive finite number, got 0");
        yield return Refused(() => new GradientDescent(0.1, 1), "GradientDescent: the momentum β must be in [0, 1), got 1");
        yield return Refused(() => new NesterovMomentum(double.PositiveInfinity), "NesterovMomentum: the learning rate must be a positive finite number, got Infinity");
        yield return Refused(() => new NesterovMomentum(0.1, -0.5), "NesterovMomentum: the momentum β must be in [0, 1), got -0.5");
        yield return Refused(() => new AdaGrad(-0.01), "AdaGrad: the learning rate must be a positive finite number, got -0.01");
        yield return Refused(() => new AdaGrad(epsilon: 0), "AdaGrad: ε must be a positive finite number, got 0");
        yield return Refused(() => new RmsProp(rho: 1), "RmsProp: ρ must be in [0, 1), got 1");
        yield return Refused(() => new RmsProp(epsilon: double.NaN), "RmsProp: ε must be a positive finite number, got NaN");
        yield return Refused(() => new Adam(double.NaN), "Adam: the learning rate must be a positive finite number, got NaN");
        yield return Refused(() => new Adam(beta1: 1), "Adam: β1 must be in [0, 1), got 1");
        yield return Refused(() => new Adam(beta2: -0.1), "Adam: β2 must be in [0, 1), got -0.1");
        yield return Refused(() => new Adam(epsilon: -1e-8), "Adam: ε must be a positive finite number, got -1E-08");
    }

    [TestCaseSource(nameof(BadConstants))]
    public void ARuleRefusesAConstantOutOfRange(Func<UpdateRule> make, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => make());
        Assert.That(error!.Message, Is.EqualTo(message));
    }

    [TestCase(-0.5)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void TheLearningRateOfTheStepsMustBeAFiniteNumberAtLeastZero(double rate)
    {
        var rule = new Adam();
        Assert.That(Assert.Throws<ArgumentException>(() => rule.LearningRate = rate)!.Message,
            Does.StartWith("Adam: the learning rate must be a finite number, at least 0, got"));
        rule.LearningRate = 0; // a schedule may decay η to 0
        Assert.That((rule.LearningRate, rule.InitialLearningRate), Is.EqualTo((0.0, 0.001)));
    }

    [Test]
    public void AGradientOfAnotherShapeIsRefusedByName()
    {
        foreach (UpdateRule rule in new UpdateRule[] { new NesterovMomentum(0.1), new AdaGrad(), new RmsProp(), new Adam() })
        {
            var error = Assert.Throws<ShapeMismatchException>(() => rule.Step(0, new Matrix(3, 2), new Matrix(2, 3)));
            Assert.That(error!.Message, Does.StartWith($"{rule.GetType().Name}.Step: shapes (3, 2) and (2, 3) differ"));
        }
    }

    [Test]
    public void AdamsFirstStepMovesEveryWeightByTheLearningRate()
    {
        // On the first step M̂ = dW and V̂ = dW², so each weight moves by η·dW/|dW| = ±η (up to ε).
        var network = SeedData.RandomNetwork([5, 4, 4], seed: 1);
        var before = network.Weights[0].Copy();
        var gradients = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        network.Update(gradients, new Adam(learningRate: 0.01));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 5; c++)
                if (Math.Abs(gradients.Weights[0][r, c]) > 1e-6)
                    Assert.That(before[r, c] - network.Weights[0][r, c], Is.EqualTo(0.01 * Math.Sign(gradients.Weights[0][r, c])).Within(1e-6));
    }

    [Test]
    public void EveryRuleLearnsXorAndTheAdaptiveOnesFasterThanPlainGradientDescent()
    {
        static int EpochsToReach(UpdateRule rule)
        {
            var history = new Network([2, 4, 1], seed: 2).Train(SeedData.XorX, SeedData.XorY,
                new TrainingOptions { Epochs = 20_000, Patience = 0, UpdateRule = rule });
            return history.Losses.ToList().FindIndex(loss => loss < 0.05) + 1; // 0 when never reached
        }
        int plain = EpochsToReach(new GradientDescent(0.5));
        Assert.That(plain, Is.Positive, "plain gradient descent reaches 0.05");
        foreach (UpdateRule rule in new UpdateRule[] { new GradientDescent(0.5, 0.9), new NesterovMomentum(0.5, 0.9), new AdaGrad(0.3), new RmsProp(0.02), new Adam(0.05) })
        {
            int epochs = EpochsToReach(rule);
            Assert.That(epochs, Is.InRange(1, plain / 3), $"{rule.GetType().Name} {epochs} epochs, plain gradient descent {plain}");
        }
    }

    [TestCase("nesterov")]
    [TestCase("adagrad")]
    [TestCase("rmsprop")]
    [TestCase("adam")]
    public void ATrainingStepAllocatesNothingWithTheOtherRulesEither(string which)
    {
        // As SinglePathTests' test for momentum: a rule's state is made on its first step, then reused.
        var (x, y) = SeedData.Random([40, 20, 5], 166, seed: 1);
        long AllocatedBy(int epochs)
        {
            UpdateRule Rule() => which switch
            {
                "nesterov" => new NesterovMomentum(0.01),
                "adagrad" => new AdaGrad(0.01),
                "rmsprop" => new RmsProp(0.01),
                _ => new Adam(0.01),
            };
            var options = new TrainingOptions { Epochs = epochs, BatchSize = 7, Patience = 0 };
            new Network([40, 20, 5], seed: 2).Train(x, y, options with { UpdateRule = Rule() }); // warm-up: the same work once
            long before = GC.GetAllocatedBytesForCurrentThread();
            new Network([40, 20, 5], seed: 2).Train(x, y, options with { UpdateRule = Rule() });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocatedBy(3) - AllocatedBy(1);
        int steps = 2 * ((166 + 6) / 7);
        Assert.That(extra, Is.LessThan(8 * steps), $"{extra} bytes for {steps} more steps");
    }

    [Test]
    public void EachRuleKnowsTheLargestL2StepItsPenaltyAloneSurvives()
    {
        // ηλ/n at which the penalty's part of the step stops shrinking W, worked out from each rule's step on W alone:
        // plain 2, momentum 2(1 + β), Nesterov 2(1 + β)/(1 + 2β); none for the adaptive rules.
        Assert.That(new GradientDescent(0.1).LargestStableDecay, Is.EqualTo(2));
        Assert.That(new GradientDescent(0.1, 0.9).LargestStableDecay, Is.EqualTo(3.8).Within(1e-12));
        Assert.That(new NesterovMomentum(0.1, 0.9).LargestStableDecay, Is.EqualTo(3.8 / 2.8).Within(1e-12));
        Assert.That(new UpdateRule[] { new AdaGrad(), new RmsProp(), new Adam() }.Select(r => r.LargestStableDecay), Is.All.Null);
        // Nesterov's bound, checked by iterating its step on the penalty alone just under and just over it
        foreach (var (factor, grows) in new[] { (0.99, false), (1.01, true) })
        {
            double beta = 0.9, decay = factor * 3.8 / 2.8, w = 1, v = 0;
            for (int t = 0; t < 2000; t++)
            {
                v = beta * v + decay * w; // V ← βV + (λ/n)·W, with η folded into the decay
                w -= decay * w + beta * v; // W ← W − η·(g + βV)
            }
            Assert.That(Math.Abs(w) > 1, Is.EqualTo(grows), $"ηλ/n = {factor} × the bound");
        }
    }
}
