namespace FromScratch.Tests;

/// <summary>--dropout, --l1 and --init he on the command line: checked by gradcheck, traced by --shapes, kept by --save.</summary>
public class RegularisationOptionTests
{
    private static readonly string Xor = Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv");

    [TestCase("--dropout", "0.5")]
    [TestCase("--l1", "0.2")]
    [TestCase("--init", "he")]
    public void GradcheckPassesWithEachOption(string option, string value)
    {
        var result = DemoRunner.Run("gradcheck", "--hidden", "5,4", "--activation", "tanh", option, value);
        Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
        Assert.That(result.Output, Does.Contain("gradients match"));
    }

    [Test]
    public void GradcheckPassesWithEveryOptionTogetherAndSaysTheMasksAreFixed()
    {
        var result = DemoRunner.Run("gradcheck", "--hidden", "6", "--activation", "relu", "--init", "he", "--output", "softmax",
            "--dropout", "0.3", "--l1", "0.1", "--l2", "0.1", "--samples", "5");
        Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
        Assert.That(result.Output, Does.Contain("L1 λ = 0.1").And.Contain("dropout p = 0.3 with its masks fixed"));
    }

    // The "done when": every new option and their combinations, with each output and loss, at several seeds.
    // (Zero biases once failed here: a sample whose ReLUs were all dropped or dead put the next Z exactly on the kink.)
    [TestCase("sigmoid", "ce")]
    [TestCase("softmax", "ce")]
    [TestCase("linear", "mse")]
    [TestCase("linear", "mae")]
    [TestCase("linear", "huber")]
    public void GradcheckPassesWithDropoutL1L2AndHeTogetherForEveryOutput(string output, string loss)
    {
        foreach (string seed in new[] { "1", "2", "3", "4" })
        {
            var result = DemoRunner.Run("gradcheck", "--hidden", "6,5", "--samples", "5", "--activation", "relu", "--init", "he",
                "--dropout", "0.3", "--l1", "0.1", "--l2", "0.1", "--output", output, "--loss", loss, "--seed", seed);
            Assert.That(result.ExitCode, Is.Zero, $"seed {seed}:\n{result.Output}{result.Error}");
        }
    }

    [Test]
    public void TheShapeTraceShowsTheMaskForwardAndBackward()
    {
        var lines = DemoRunner.Run("gradcheck", "--hidden", "3", "--dropout", "0.5", "--samples", "2", "--shapes").Output.Split('\n');
        Assert.That(lines, Has.Some.EqualTo("  A1 ⊙= M1 (3, 2) -> (3, 2)"));
        Assert.That(lines, Has.Some.EqualTo("  dZ1 ⊙= M1 (3, 2) -> (3, 2)"));
        Assert.That(lines, Has.Some.StartsWith("  dZ1 ⊙= sigmoid′(Z1 (3, 2)), computed from Z"));
        Assert.That(DemoRunner.Run("gradcheck", "--hidden", "3", "--samples", "2", "--shapes").Output, Does.Not.Contain("M1"));
    }

    [Test]
    public void GradcheckRefusesMasksThatDropAWholeLayerInsteadOfPassingUnchecked()
    {
        var result = DemoRunner.Run("gradcheck", "--dropout", "0.999999");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Output);
        Assert.That(result.Error, Does.Contain("gradcheck: --dropout 0.999999: the fixed masks drop all 4 units of hidden layer 1 for all 3 samples, so every gradient up to W2 is 0"));
        Assert.That(DemoRunner.Run("gradcheck", "--dropout", "0.5").ExitCode, Is.Zero, "some units kept: checked");
    }

    [Test]
    public void ADefaultL2TooStrongForTheGivenRateNamesTheDefaultAndTheRate() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // --target's default L2 is 5: with --lr 100 the penalty's step alone makes W grow. No network was loaded, and the
        // option the student gave is --lr, so the message says "default" and suggests --lr first.
        string csv = Path.Combine(dir, "numbers.csv");
        File.WriteAllText(csv, "a,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i % 7}\n")));
        var result = DemoRunner.Run("train", "--csv", csv, "--target", "y", "--lr", "100", "--epochs", "3");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Output);
        Assert.That(result.Error, Does.StartWith("error: train: the default L2 λ = 5 (--l2 changes it) with --lr 100:").And.Contain("give a smaller --lr (or --l2)"));
    });

    [TestCase("--dropout", "1", "--dropout must be less than 1, got 1")]
    [TestCase("--dropout", "-0.2", "--dropout must be at least 0, got -0.2")]
    [TestCase("--l1", "-1", "--l1 must be at least 0, got -1")]
    [TestCase("--init", "kaiming", "--init must be one of uniform, zeros, xavier, he; got 'kaiming'")]
    public void BadValuesAreRefusedNamingTheOption(string option, string value, string message)
    {
        var result = DemoRunner.Run("xor", option, value);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(message));
    }

    [Test]
    public void TrainingWithDropoutSaysSoAndL1IsSavedAndKeptByLoad() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string saved = Path.Combine(dir, "xor.json");
        var trained = DemoRunner.Run("train", "--csv", Xor, "--hidden", "8", "--dropout", "0.1", "--l1", "0.01",
            "--epochs", "200", "--save", saved);
        Assert.That(trained.ExitCode, Is.Zero, trained.Output + trained.Error);
        Assert.That(trained.Output, Does.Contain(", dropout 0.1,").And.Contain("L1 λ = 0.01"));
        Assert.That(Network.Load(saved).L1, Is.EqualTo(0.01));
        var again = DemoRunner.Run("train", "--csv", Xor, "--load", saved, "--epochs", "10", "--l1", "0.02", "--save", saved, "--force");
        Assert.That(again.ExitCode, Is.Zero, again.Output + again.Error);
        Assert.That(Network.Load(saved).L1, Is.EqualTo(0.02), "--l1 beside --load changes the loaded network's λ, as --l2 does");
    });
}
