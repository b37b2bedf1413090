namespace FromScratch.Tests;

public class CommandLineTests
{
    [TestCase("")]
    [TestCase("xor")]
    [TestCase("moons")]
    [TestCase("spiral")]
    [TestCase("train")]
    [TestCase("gradcheck")]
    [TestCase("predict")]
    [TestCase("bench")]
    [TestCase("sweep")]
    public void EveryCommandHasHelp(string command)
    {
        var result = command == "" ? DemoRunner.Run("--help") : DemoRunner.Run(command, "--help");
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Output, Does.Contain("usage: Demo"));
        foreach (string line in result.Output.Split('\n'))
            Assert.That(line.Length, Is.LessThanOrEqualTo(100), line);
    }

    [TestCase(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [TestCase(new[] { "xor", "--speed", "3" }, "xor: unknown option '--speed'")]
    [TestCase(new[] { "xor", "--lr", "fast" }, "xor: --lr expects a number, got 'fast'")]
    [TestCase(new[] { "xor", "--lr", "-1" }, "xor: --lr must be greater than 0")]
    [TestCase(new[] { "xor", "--epochs" }, "xor: --epochs needs a value")]
    [TestCase(new[] { "xor", "--hidden", "4,x" }, "xor: --hidden expects positive whole numbers")]
    [TestCase(new[] { "xor", "--loss", "hinge" }, "xor: --loss must be one of ce, mse")]
    [TestCase(new[] { "xor", "--samples", "10" }, "xor: --samples does not apply")]
    [TestCase(new[] { "train" }, "train: give exactly one of --idx DIR or --csv FILE")]
    [TestCase(new[] { "predict", "--input", "1,2" }, "predict: --load FILE is required")]
    [TestCase(new[] { "gradcheck", "stray" }, "gradcheck: unexpected argument 'stray'")]
    [TestCase(new[] { "xor", "--force=yes" }, "xor: --force takes no value")]
    [TestCase(new[] { "xor", "--lr", "1", "--lr", "2" }, "xor: --lr is given twice; give it once")]
    [TestCase(new[] { "xor", "--shapes", "--svg", "x.svg" }, "xor: --shapes stops before training, so --svg would have nothing to draw")]
    [TestCase(new[] { "train", "--csv", "x.csv", "--shapes", "--save", "x.json" }, "train: --shapes stops before training, so --save would have nothing to save")]
    public void UsageErrorsExitWithTwoAndOneLine(string[] args, string expected)
    {
        var result = DemoRunner.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: " + expected));
        Assert.That(result.Error, Does.Contain("--help"));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    [TestCase("")]
    [TestCase("xor")]
    [TestCase("moons")]
    [TestCase("spiral")]
    [TestCase("train")]
    [TestCase("gradcheck")]
    [TestCase("predict")]
    [TestCase("seed")]
    [TestCase("bench")]
    [TestCase("sweep")]
    public void TheHintAfterAUsageErrorIsAMakeCommandThatShowsTheHelp(string command)
    {
        var result = command == "" ? DemoRunner.Run("--frobnicate") : DemoRunner.Run(command, "--frobnicate");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        var hint = System.Text.RegularExpressions.Regex.Match(result.Error, "\nsee 'make (?<target>[a-z]+) ARGS=\"(?<args>[^\"]*)\"'\n$");
        Assert.That(hint.Success, result.Error);
        string target = hint.Groups["target"].Value;
        string makefile = File.ReadAllText(Path.Combine(ReadmeTests.Root, "Makefile"));
        Assert.That(makefile, Does.Match($"(?m)^(?:[a-z-]+ )*{target}(?: [a-z-]+)*:"), $"the Makefile has no target '{target}'");
        // `make demo` and `make run` pass ARGS alone; the per-command targets put their own name first.
        string[] args = [.. target is "run" or "demo" ? [] : new[] { target }, .. hint.Groups["args"].Value.Split(' ')];
        var help = DemoRunner.Run(args);
        Assert.That(help.ExitCode, Is.Zero, help.Error);
        Assert.That(help.Output, Does.Contain(command == "" ? "usage: Demo [COMMAND]" : $"usage: Demo {command}"));
    }

    [Test]
    public void XorIsLearned()
    {
        var result = DemoRunner.Run("xor");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("training accuracy 100.0%"));
        Assert.That(result.Output, Does.Contain("'+' predicts 1"));
    }

    [Test]
    public void MoonsAreLearned()
    {
        var result = DemoRunner.Run("moons", "--epochs", "3000");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Match(@"training accuracy (9[5-9]|100)\.\d%"));
    }

    [Test]
    public void GradcheckPassesForTwoHiddenLayersAndEachActivation()
    {
        foreach (string activation in new[] { "sigmoid", "tanh", "relu" })
        {
            var result = DemoRunner.Run("gradcheck", "--hidden", "4,3", "--activation", activation, "--loss", "mse");
            Assert.That(result.ExitCode, Is.Zero, result.Output);
            Assert.That(result.Output, Does.Contain("b3").And.Contain("gradients match"));
        }
    }

    [Test]
    public void GradcheckWithOneSampledEntryPassesTheIssuesSeeds()
    {
        // The seeds where one sampled entry of b1 or W1 had a gradient down in the rounding noise and the fixed floor failed it.
        foreach (string seed in new[] { "4", "5", "8" })
        {
            var result = DemoRunner.Run("gradcheck", "--inputs", "784", "--hidden", "300", "--outputs", "10", "--entries", "1", "--samples", "2", "--seed", seed);
            Assert.That(result.ExitCode, Is.Zero, result.Output);
            Assert.That(result.Output, Does.Contain("checked a random sample: 4 of the 238510 entries").And.Contain("gradients match"));
        }
    }

    [Test]
    public void TrainShapesTraceUsesTheBatchSize()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            string csv = Path.Combine(dir, "data.csv");
            File.WriteAllText(csv, "a,b,c,y\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i % 2},{i % 3},1,{i % 2}\n")));
            var result = DemoRunner.Run("train", "--csv", csv, "--hidden", "5", "--batch", "4", "--shapes");
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output, Does.Contain("  Z1 = W1 (5, 3) · X (3, 4) -> (5, 4)"));
            Assert.That(result.Output, Does.Contain("  dW1 = (1/4) · dZ1 (5, 4) · Xᵀ (4, 3) -> (5, 3)"));
        });
    }

    [Test]
    public void HelpListsOnlyTheOptionsACommandUses()
    {
        Assert.That(DemoRunner.Run("xor", "--help").Output, Does.Not.Contain("--samples"), "XOR always has its 4 cases");
        Assert.That(DemoRunner.Run("moons", "--help").Output, Does.Contain("--samples N"));
        string gradcheck = DemoRunner.Run("gradcheck", "--help").Output;
        Assert.That(gradcheck, Does.Contain("--output").And.Contain("--l2").And.Not.Contain("--lr").And.Not.Contain("--momentum").And.Not.Contain("--epochs"));
        Assert.That(DemoRunner.Run("gradcheck", "--lr", "0.1").ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void PredictReportsAccuracyOnACsvWithTargetsAndHintsWhenTheyAreNotDeclared()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            string saved = Path.Combine(dir, "xor.json");
            string csv = Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv");
            Assert.That(DemoRunner.Run("train", "--csv", csv, "--hidden", "4", "--lr", "1", "--seed", "2", "--save", saved).ExitCode, Is.Zero);
            var scored = DemoRunner.Run("predict", "--load", saved, "--csv", csv, "--targets", "1");
            Assert.That(scored.ExitCode, Is.Zero, scored.Error);
            Assert.That(scored.Output, Does.EndWith("accuracy 100.00% on 4 samples\n"));
            // The network knows its inputs' names (a, b): the target column is left out, and said so.
            var undeclared = DemoRunner.Run("predict", "--load", saved, "--csv", csv);
            Assert.That(undeclared.ExitCode, Is.Zero, undeclared.Error);
            Assert.That(undeclared.Output, Does.StartWith("not inputs of the network, left out: 'xor'\n").And.Not.Contain("% on"));
        });
    }

    [Test]
    public void SmallDataTrainsWithFullBatchesForLongUnlessTold()
    {
        string csv = Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv");
        var result = DemoRunner.Run("train", "--csv", csv, "--seed", "2");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("small data (under 1000 samples): full batch, 5000 epochs").And.Contain("batch all, 5000 epochs"));
        Assert.That(result.Output, Does.Contain("final train accuracy 100.00%"));
        var told = DemoRunner.Run("train", "--csv", csv, "--epochs", "3");
        Assert.That(told.Output, Does.Not.Contain("small data").And.Contain("batch 10, 3 epochs"));
    }

    [Test]
    public void ToyShapesTraceUsesTheBatchSize()
    {
        var result = DemoRunner.Run("spiral", "--shapes", "--l2", "0.1");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("forward, m = 20 samples").And.Contain("dW3 += (1/2000) · W3 (1, 16)"), "λ/n: spiral's 200 samples, in batches of 20");
        Assert.That(result.Output, Does.Contain("‖W1‖² = Σ of the squares of W1 (16, 2)"), "the L2 penalty's sum in the loss");
    }

    [Test]
    public void SoftmaxWithOneOutputIsAUsageError()
    {
        var result = DemoRunner.Run("gradcheck", "--output", "softmax", "--outputs", "1");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("--output softmax needs --outputs 2 or more"));
        var pair = DemoRunner.Run("moons", "--output", "softmax", "--loss", "mse");
        // The pairs are listed from Loss.All, which a student may extend (README exercise 6).
        string pairs = string.Join(", ", Loss.All.Select(l => $"{l.Output.Name} + {l.Name}"));
        Assert.That(pairs, Does.StartWith("sigmoid + ce, sigmoid + mse, softmax + ce"));
        Assert.That((pair.ExitCode, pair.Error), Is.EqualTo((2, $"error: moons: --output softmax --loss mse: no loss 'mse' with a softmax output; the pairs are: {pairs}\nsee 'make moons ARGS=\"--help\"'\n")));
    }

    [Test]
    public void SoftmaxTrainsOnOneZeroOneTargetWithTwoOutputs()
    {
        var result = DemoRunner.Run("xor", "--output", "softmax", "--epochs", "3000");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("network [2, 4, 2] sigmoid hidden, softmax output, ce loss").And.Contain("training accuracy 100.0%"));
    }

    [Test]
    public void TrainRefusesMultiHotTargetsForSoftmaxNamingTheFileBeforeTraining()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            string csv = Path.Combine(dir, "multi.csv");
            File.WriteAllText(csv, "a,b,t1,t2\n0,1,1,0\n1,0,1,1\n");
            var result = DemoRunner.Run("train", "--csv", csv, "--targets", "2", "--output", "softmax");
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Does.StartWith($"error: {csv}: softmax with cross-entropy").And.Contain("sample 1 (counting from 0) sums to 2"));
            Assert.That(result.Output, Does.Not.Contain("epoch"));
        });
    }

    [TestCase("hidden", "5")]
    [TestCase("activation", "tanh")]
    [TestCase("output", "softmax")]
    [TestCase("loss", "mse")]
    [TestCase("init", "xavier")]
    public void EveryOptionThatShapesTheNetworkIsRefusedBesideLoad(string option, string value) => DemoRunner.InTemporaryDirectory(dir =>
    {
        // The saved network brings its layers, activations, output, loss and weights: an option that would choose one is
        // refused, not silently ignored, before the data is read.
        string saved = Path.Combine(dir, "net.json");
        new Network([2, 3, 1], seed: 1).Save(saved);
        var refused = DemoRunner.Run("train", "--csv", Path.Combine(dir, "unread.csv"), "--load", saved, $"--{option}", value);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.Output);
        Assert.That(refused.Error, Does.StartWith($"error: train: --{option} does not go with --load: the saved network decides its layers, activations, output, loss and weights"));
    });

    [Test]
    public void LoadTakesTheSavedNetworkAsItIsAndPredictTracesItsForwardPass()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            string saved = Path.Combine(dir, "net.json");
            new Network([2, 3, 2], loss: Loss.SoftmaxCrossEntropy, seed: 1).Save(saved);
            var refused = DemoRunner.Run("train", "--csv", Path.Combine(dir, "unread.csv"), "--load", saved, "--output", "sigmoid");
            Assert.That(refused.ExitCode, Is.EqualTo(2));
            Assert.That(refused.Error, Does.Contain("--output does not go with --load"));
            var trace = DemoRunner.Run("predict", "--load", saved, "--input", "0,1; 1,0; 1,1", "--shapes");
            Assert.That(trace.ExitCode, Is.Zero, trace.Error);
            Assert.That(trace.Output, Does.Contain("forward, m = 3 samples").And.Contain("A2 = softmax(Z2 (2, 3)) -> (2, 3)").And.Not.Contain("backward"));
        });
    }

    // Runs a test in a fresh folder that is removed afterwards, whatever happens.
}
