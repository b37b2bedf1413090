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
    public void UsageErrorsExitWithTwoAndOneLine(string[] args, string expected)
    {
        var result = DemoRunner.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: " + expected));
        Assert.That(result.Error, Does.Contain("--help"));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
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
    public void TrainShapesTraceUsesTheBatchSize()
    {
        string dir = Directory.CreateTempSubdirectory("fromscratch-").FullName;
        try
        {
            string csv = Path.Combine(dir, "data.csv");
            File.WriteAllText(csv, "a,b,c,y\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i % 2},{i % 3},1,{i % 2}\n")));
            var result = DemoRunner.Run("train", "--csv", csv, "--hidden", "5", "--batch", "4", "--shapes");
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output, Does.Contain("  Z1 = W1 (5, 3) · X (3, 4) -> (5, 4)"));
            Assert.That(result.Output, Does.Contain("  dW1 = (1/4) · dZ1 (5, 4) · Xᵀ (4, 3) -> (5, 3)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
