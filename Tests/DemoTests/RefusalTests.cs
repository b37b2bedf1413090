using System.Text.RegularExpressions;
using FromScratch.Demo;

namespace FromScratch.Tests;

// What the command line refuses before the long work, and the exit codes of the ways a run can fail.
public class RefusalTests
{
    // Runs `test` with the repository's XOR sample and a path for a saved network in a temporary folder.
    private static void WithXorCsv(Action<string, string> test) =>
        DemoRunner.InTemporaryDirectory(dir => test(Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv"), Path.Combine(dir, "xor.json")));

    [Test]
    public void ADivergingRunExitsWithOneAndNamesTheEpochAndNothingIsSaved()
    {
        WithXorCsv((csv, saved) =>
        {
            var result = DemoRunner.Run("train", "--csv", csv, "--lr", "1e300", "--save", saved);
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Does.Match(@"^error: Train: the loss stayed over 100 times its starting .* for 3 epochs .* at epoch \d+ with learning rate 1E\+300; training diverged"));
            Assert.That(File.Exists(saved), Is.False);

            var toy = DemoRunner.Run("xor", "--lr", "1e300", "--loss", "mse");
            Assert.That(toy.ExitCode, Is.EqualTo(1));
            Assert.That(toy.Error, Does.StartWith("error: Train: every output of the last batch is saturated"));
        });
    }

    [Test]
    public void ARunThatEndsWorseThanItBeganSaysSo()
    {
        // η = 50 on XOR: no blow-up to stop on, but the loss ends several times higher than it began.
        var result = DemoRunner.Run("xor", "--lr", "50");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("warning: the loss ended higher than it began").And.Contain("try 5"));
        Assert.That(DemoRunner.Run("xor").Output, Does.Not.Contain("warning"));
    }

    [TestCase("gradcheck", "--hidden", "2000000000")]
    [TestCase("xor", "--hidden", "100000,100000")]
    public void ANetworkTooBigForAnArrayIsAUsageErrorNamingTheOption(params string[] args)
    {
        var result = DemoRunner.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith($"error: {args[0]}: --hidden {args[2]}: the network [").And.Contain("more than the 2147483591 one .NET array can hold"));
    }

    [Test]
    public void AnL2PenaltyInfiniteBeforeAnyStepIsRefusedNamingL2NotTheLearningRate()
    {
        // The penalty (λ/2n)·Σ‖W‖² is infinite at the starting weights (30 hidden units on XOR's 4 samples; gradcheck's 3).
        foreach (string[] args in new[] { ["xor", "--hidden", "30"], new[] { "gradcheck" } })
        {
            var result = DemoRunner.Run([.. args, "--l2", "1e308"]);
            Assert.That((result.ExitCode, result.Output), Is.EqualTo((2, "")), args[0]);
            Assert.That(result.Error, Does.StartWith($"error: {args[0]}: --l2 1e308: the L2 penalty (λ/2n)·Σ‖W‖² of the starting weights is Infinity (n = {(args[0] == "xor" ? 4 : 3)} samples), so the loss is infinite before the first step, whatever the learning rate; give a smaller --l2\n"));
        }

        // Finite at first (about 6.6e307 with 4 hidden units), but each step multiplies W by 1 − ηλ/n = 1 − 0.001 · 1e308 / 4.
        var growing = DemoRunner.Run("xor", "--l2", "1e308", "--lr", "0.001");
        Assert.That((growing.ExitCode, growing.Output), Is.EqualTo((2, "")));
        Assert.That(growing.Error, Does.Match(@"^error: xor: --l2 1e308 with --lr 0.001: each step multiplies the weights by 1 − ηλ/n = -2.5e\+304 \(n = 4 samples\) before the data's gradient, so they grow without bound \(the penalty alone is [0-9.]+e\+307 at the start\); give a smaller --l2: ηλ/n must stay under 2\n"));
        Assert.That(growing.Error, Does.Not.Contain("learning rate"));
        Assert.That(DemoRunner.Run("xor", "--l2", "1e308", "--lr", "0.001", "--momentum", "0.9").Error, Does.Contain("ηλ/n must stay under 3.8 (2(1 + β) with momentum)"));
    }

    [TestCase("--samples", "2147483647", "X, 5 × 2147483647")]
    [TestCase("--inputs", "2147483647", "W1, 4 × 2147483647")]
    [TestCase("--outputs", "2147483647", "W2, 2147483647 × 4")]
    public void ASizeTooBigForAnArrayIsRefusedNamingTheOptionThatGaveIt(string option, string value, string matrix)
    {
        var result = DemoRunner.Run("gradcheck", option, value);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith($"error: gradcheck: {option} {value}: ").And.Contain($"({matrix}), more than the 2147483591 one .NET array can hold"));
    }

    [Test]
    public void ManySamplesTooBigForTheMachinesMemoryAreRefusedNamingSamples()
    {
        // 3·10^8 samples of 5 inputs: every array fits, but the buffers of the batch take over 200 GB.
        long free = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (free > 200e9)
            Assert.Ignore($"this machine has {free / 1e9:0} GB; the test needs less than 200 GB to be refused");
        var result = DemoRunner.Run("gradcheck", "--samples", "300000000");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: gradcheck: --samples 300000000: the network [5, 4, 4] and its training buffers need about"));
    }

    [Test]
    public void ANetworkTooBigForTheMachinesMemoryIsRefusedBeforeAnyWork()
    {
        // Seven 46,000² weight matrices: each fits in one array, but with their gradients they need 237 GB.
        long free = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (free > 200e9)
            Assert.Ignore($"this machine has {free / 1e9:0} GB; the test needs less than 200 GB to be refused");
        string hidden = string.Join(",", Enumerable.Repeat(46000, 8));
        var result = DemoRunner.Run("gradcheck", "--hidden", hidden);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Match($@"^error: gradcheck: --hidden {hidden}: the network \[5, {hidden.Replace(",", ", ")}, 4\] and its training buffers need about 237\.\d GB \(parameters and gradients 237\.\d GB\), more than the \d+(\.\d)? [GM]B this machine can spare"));
    }

    [Test]
    public void AGradientCheckThatWouldTakeHoursIsRefusedWithAHint()
    {
        var result = DemoRunner.Run("gradcheck", "--hidden", "3000,3000", "--inputs", "200");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Match(@"^error: gradcheck: checking all 9618004 entries would take about \d+ h \d+ min .*add --entries 100"));
    }

    [Test]
    public void ASampledGradientCheckReportsItsSample()
    {
        var result = DemoRunner.Run("gradcheck", "--hidden", "30", "--inputs", "50", "--entries", "10");
        Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
        Assert.That(result.Output, Does.Contain("checked a random sample: 34 of the 1654 entries").And.Contain("PASS"));
    }

    [Test]
    public void AFailedGradientCheckExitsWithOne()
    {
        var network = SeedData.RandomNetwork([5, 4, 4]);
        var right = network.Backward(network.Forward(SeedData.X), SeedData.Y);
        var halved = new Gradients([.. right.Weights.Select(w => w / 2)], [.. right.Biases.Select(b => b / 2)]);
        var output = new StringWriter();
        int failed = GradCheckCommand.Report(GradientCheck.Compare(network, SeedData.X, SeedData.Y, halved), output, new Style(colour: false));
        Assert.That(failed, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("do NOT match"));
        Assert.That(GradCheckCommand.Report(GradientCheck.Compare(network, SeedData.X, SeedData.Y, right), new StringWriter(), new Style(colour: false)), Is.Zero);
    }

    private sealed class BrokenWriter : StringWriter
    {
        public override void Write(string? value) => throw new InvalidOperationException("a bug");

        public override void WriteLine(string? value) => throw new InvalidOperationException("a bug");
    }

    [Test]
    public void AnUnexpectedErrorExitsWithOneAndOneLine()
    {
        var error = new StringWriter();
        int code = Cli.Run(["xor"], new BrokenWriter(), error, new Style(colour: false));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Is.EqualTo("error: unexpected InvalidOperationException: a bug\n").Or.EqualTo("error: unexpected InvalidOperationException: a bug\r\n"));
    }

    [TestCase("1e308,-1e308")]
    [TestCase("1e308,1e308")]
    public void PredictNamesTheSampleThatOverflowsInsteadOfPrintingNaN(string input)
    {
        WithXorCsv((csv, saved) =>
        {
            Assert.That(DemoRunner.Run("train", "--csv", csv, "--save", saved).ExitCode, Is.Zero);
            var result = DemoRunner.Run("predict", "--load", saved, "--input", "0,1;" + input);
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Does.StartWith("error: --input: sample 2 overflows the network: Z1 = W1·x + b1 is"));
            Assert.That(result.Output + result.Error, Does.Not.Contain("NaN").And.Not.Contain("nan"));
        });
    }

    [Test]
    public void BadOptionsAreFoundBeforeTheDataIsRead()
    {
        // The folder does not exist, but the bad --limit is what is reported: no reading happens first.
        var result = DemoRunner.Run("train", "--idx", "/nonexistent-fromscratch", "--limit", "0");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: train: --limit must be at least 1, got 0"));
    }

    [Test]
    public void ANetworkTooBigToLoadBackIsNotTrainedForSaving()
    {
        WithXorCsv((csv, saved) =>
        {
            // 2·3000 + 3000 + 3000·1200 + 1200 + 1200 + 1 = 3,611,401 parameters: up to 26 bytes each in JSON.
            var result = DemoRunner.Run("train", "--csv", csv, "--hidden", "3000,1200", "--save", saved);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.StartWith("error: train: --save: the network [2, 3000, 1200, 1] has 3611401 parameters, a file of up to 90 MiB, more than the 64 MiB that --load reads"));
            Assert.That(result.Output, Does.Not.Match(@"epoch +\d+/"), "no training");
        });
    }

    [Test]
    public void SaveRefusesAFileThatLoadWouldRefuse()
    {
        var network = new Network([4000, 900, 1], seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"fromscratch-big-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<IOException>(() => network.Save(path));
        Assert.That(error!.Message, Does.Match($@"^Save: '{Regex.Escape(path)}' would hold 7\d\.\d MiB, more than the 64 MiB that Load reads"));
        Assert.That(File.Exists(path), Is.False);
    }

    [TestCase(new[] { "moons", "--samples", "2147483647" }, "moons: --samples must be at most 1000000, got 2147483647")]
    [TestCase(new[] { "gradcheck", "--l2", "1e308" }, "gradcheck: --l2 1e308: the L2 penalty (λ/2n)·Σ‖W‖² of the starting weights is Infinity (n = 3 samples)")]
    public void OptionsThatWouldBreakTheWorkAreUsageErrors(string[] args, string expected)
    {
        var result = DemoRunner.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Output);
        Assert.That(result.Error, Does.StartWith("error: " + expected));
        Assert.That(result.Output, Does.Not.Contain("NaN"));
    }

    [Test]
    public void TheSavedLineShowsControlCharactersInTheNameEscaped()
    {
        WithXorCsv((csv, saved) =>
        {
            string odd = Path.Combine(Path.GetDirectoryName(saved)!, "esc\u001b[2J.json"); // removed with the folder
            var result = DemoRunner.Run("train", "--csv", csv, "--save", odd);
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output, Does.Contain("saved " + odd.Replace("\u001b", "\\x1b")).And.Not.Contain("\u001b"));
            Assert.That(File.Exists(odd), "the file itself has the name as given");
        });
    }
}
