using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FromScratch.Demo;

namespace FromScratch.Tests;

// --optimizer, its constants and --lr-decay on the command line: what reaches the library, the refusals, the η in the
// progress lines and the report, and sweep comparing rules.
public class OptimizerOptionsTests
{
    private static readonly string Iris = Path.Combine(ReadmeTests.Root, "Demo", "samples", "iris.csv");

    private static TrainingOptions TrainingFor(params string[] args)
    {
        var options = Options.Parse("train", args, new HashSet<string>(NetworkSettings.OptionNames), new HashSet<string>());
        return new NetworkSettings { LearningRate = 0.5, Epochs = 40 }.ReadFrom(options).Training();
    }

    [Test]
    public void EachOptionReachesTheRuleAndTheSchedule()
    {
        var rmsprop = TrainingFor("--optimizer", "rmsprop", "--rho", "0.8", "--epsilon", "1e-6", "--lr", "0.02", "--lr-decay", "inverse:0.5");
        Assert.That(rmsprop.UpdateRule, Is.TypeOf<RmsProp>());
        var rule = (RmsProp)rmsprop.UpdateRule!;
        Assert.That((rule.InitialLearningRate, rule.Rho, rule.Epsilon), Is.EqualTo((0.02, 0.8, 1e-6)));
        Assert.That(rmsprop.LearningRateSchedule!.Name, Is.EqualTo("inverse:0.5"));

        var adam = (Adam)TrainingFor("--optimizer", "adam", "--beta1", "0.5", "--beta2", "0.9", "--lr-decay", "cosine").UpdateRule!;
        Assert.That((adam.InitialLearningRate, adam.Beta1, adam.Beta2, adam.Epsilon), Is.EqualTo((0.001, 0.5, 0.9, 1e-8)), "Adam's usual η without --lr");
        Assert.That(TrainingFor("--optimizer", "adam", "--lr-decay", "cosine").LearningRateSchedule!.Name, Is.EqualTo("cosine:40"), "over the run's epochs");
        Assert.That(TrainingFor("--lr-decay", "cosine:7").LearningRateSchedule!.Name, Is.EqualTo("cosine:7"));
        Assert.That(TrainingFor("--lr-decay", "step:10:0.5").LearningRateSchedule!.Name, Is.EqualTo("step:10:0.5"));
        Assert.That(TrainingFor("--lr-decay", "exp:0.95").LearningRateSchedule!.Name, Is.EqualTo("exp:0.95"));
        Assert.That(((AdaGrad)TrainingFor("--optimizer", "adagrad").UpdateRule!).InitialLearningRate, Is.EqualTo(0.01));

        var nesterov = (NesterovMomentum)TrainingFor("--optimizer", "nesterov").UpdateRule!;
        Assert.That((nesterov.InitialLearningRate, nesterov.Momentum), Is.EqualTo((0.5, 0.9)), "the command's η, β 0.9");
        var momentum = (GradientDescent)TrainingFor("--momentum", "0.7").UpdateRule!;
        Assert.That(momentum.Momentum, Is.EqualTo(0.7), "--momentum alone is momentum, as before --optimizer");
        var plain = TrainingFor();
        Assert.That(((GradientDescent)plain.UpdateRule!).Momentum, Is.Zero);
        Assert.That(plain.LearningRateSchedule, Is.Null);
    }

    [TestCase(new[] { "--optimizer", "adam", "--momentum", "0.9" }, "xor: --momentum does not go with --optimizer adam: it is for momentum and nesterov; adam's own is --beta1")]
    [TestCase(new[] { "--optimizer", "sgd", "--momentum", "0.9" }, "xor: --momentum does not go with --optimizer sgd: it is for momentum and nesterov")]
    [TestCase(new[] { "--optimizer", "rmsprop", "--beta2", "0.99" }, "xor: --beta2 does not go with --optimizer rmsprop: it is for adam; rmsprop's own is --rho")]
    [TestCase(new[] { "--optimizer", "adam", "--rho", "0.9" }, "xor: --rho does not go with --optimizer adam: it is for rmsprop; adam's own is --beta2")]
    [TestCase(new[] { "--optimizer", "nesterov", "--beta1", "0.9" }, "xor: --beta1 does not go with --optimizer nesterov: it is for adam; nesterov's own is --momentum")]
    [TestCase(new[] { "--epsilon", "1e-6" }, "xor: --epsilon does not go with the default optimizer, sgd: it is for adagrad, rmsprop and adam")]
    [TestCase(new[] { "--optimizer", "adagrad", "--momentum", "0.5" }, "xor: --momentum does not go with --optimizer adagrad: it is for momentum and nesterov")]
    [TestCase(new[] { "--optimizer", "adamw" }, "xor: --optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam; got 'adamw'")]
    [TestCase(new[] { "--optimizer", "sgd,adam" }, "xor: --optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam; got 'sgd,adam'")]
    [TestCase(new[] { "--optimizer", "adam", "--beta2", "1" }, "xor: --beta2 must be less than 1, got 1")]
    [TestCase(new[] { "--optimizer", "adam", "--epsilon", "0" }, "xor: --epsilon must be greater than 0, got 0")]
    [TestCase(new[] { "--optimizer", "momentum", "--momentum", "-0.1" }, "xor: --momentum must be at least 0, got -0.1")]
    [TestCase(new[] { "--lr-decay", "step:10" }, "xor: --lr-decay expects step:K:γ, K a whole number of epochs from 1 and γ in (0, 1), e.g. step:10:0.5; got 'step:10'")]
    [TestCase(new[] { "--lr-decay", "step:0.5:10" }, "xor: --lr-decay expects step:K:γ")]
    [TestCase(new[] { "--lr-decay", "exp:1.2" }, "xor: --lr-decay expects exp:γ, γ in (0, 1), e.g. exp:0.95; got 'exp:1.2'")]
    [TestCase(new[] { "--lr-decay", "inverse:0" }, "xor: --lr-decay expects inverse:k, k a positive number, e.g. inverse:0.1; got 'inverse:0'")]
    [TestCase(new[] { "--lr-decay", "cosine:0" }, "xor: --lr-decay expects cosine, or cosine:T with T a whole number of epochs from 1; got 'cosine:0'")]
    [TestCase(new[] { "--lr-decay", "linear" }, "xor: --lr-decay expects one of step:K:γ, exp:γ, inverse:k or cosine (e.g. step:10:0.5); got 'linear'")]
    public void AMeaninglessCombinationIsAOneLineUsageError(string[] args, string expected)
    {
        var result = DemoRunner.Run(["xor", .. args]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: " + expected));
        Assert.That(result.Output, Is.Empty, "refused before training");
    }

    [TestCase("nesterov", "; rate 1, nesterov momentum 0.9")]
    [TestCase("adagrad", "; rate 0.1, adagrad ε 1e-8")]
    [TestCase("rmsprop", "; rate 0.01, rmsprop ρ 0.9 ε 1e-8")]
    [TestCase("adam", "; rate 0.01, adam β1 0.9 β2 0.999 ε 1e-8")]
    public void EachRuleLearnsXorAtTheToysDefaultRate(string optimizer, string described)
    {
        var result = DemoRunner.Run("xor", "--optimizer", optimizer);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.StartWith("xor: 4 samples, network [2, 4, 1] sigmoid hidden, sigmoid output, ce loss" + described + "\n"));
        Assert.That(result.Output, Does.Contain("training accuracy 100.0%"));
    }

    [Test]
    public void TheToysProgressLinesShowTheEpochsRate()
    {
        var result = DemoRunner.Run("xor", "--lr-decay", "exp:0.999", "--epochs", "3000");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var rates = Regex.Matches(result.Output, @"\n  epoch +(\d+)  loss [\d.]+  η (\S+)  ").Select(m => (Epoch: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Rate: m.Groups[2].Value)).ToList();
        Assert.That(rates.Select(r => r.Epoch), Is.EqualTo(new[] { 600, 1200, 1800, 2400, 3000 }));
        foreach (var (epoch, rate) in rates)
            Assert.That(rate, Is.EqualTo(Math.Pow(0.999, epoch - 1).ToString("g4", CultureInfo.InvariantCulture)), $"η0·0.999^(epoch − 1) at epoch {epoch}");
        Assert.That(DemoRunner.Run("xor", "--epochs", "3000").Output, Does.Not.Contain("η"), "no η without a schedule: it never changes");
    }

    [Test]
    public void TrainShowsTheEpochsRateInItsProgressAndDrawsItInTheReport() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string report = Path.Combine(dir, "r.html");
        var result = DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--standardize", "--test-fraction", "0.25",
            "--optimizer", "adam", "--lr", "0.04", "--batch", "10", "--epochs", "6", "--lr-decay", "step:2:0.5", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("; rate 0.04, adam β1 0.9 β2 0.999 ε 1e-8, lr-decay step:2:0.5, batch 10, 6 epochs\n"));
        var printed = Regex.Matches(result.Output, @"\nepoch +\d/6  loss [\d.]+  η (\S+)  train").Select(m => m.Groups[1].Value);
        Assert.That(printed, Is.EqualTo(new[] { "0.04", "0.04", "0.02", "0.02", "0.01", "0.01" }));

        // The report's learning-rate panel: one point per epoch, at heights in proportion to η (0.04, 0.02, 0.01 on a linear axis).
        var page = XDocument.Parse(File.ReadAllText(report).Replace("<!DOCTYPE html>", ""));
        var line = page.Descendants().Single(e => e.Name.LocalName == "polyline" && (string?)e.Attribute("data-name") == "η of the epoch's steps");
        double[] y = [.. ((string)line.Attribute("points")!).Trim().Split(' ').Select(point => double.Parse(point.Split(',')[1], CultureInfo.InvariantCulture))];
        Assert.That(y, Has.Length.EqualTo(6));
        Assert.That((y[0], y[2], y[4]), Is.EqualTo((y[1], y[3], y[5])), "the same η for the two epochs of each step");
        Assert.That((y[2] - y[0]) / (y[4] - y[2]), Is.EqualTo(2).Within(0.02), "0.04 − 0.02 is twice 0.02 − 0.01");
        Assert.That(page.Root!.Value, Does.Contain("Learning rate per epoch").And.Contain("lr-decay step:2:0.5"));
    });

    [Test]
    public void WithoutASchedulePlainTrainingPrintsAndDrawsNoRate() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string report = Path.Combine(dir, "r.html");
        var result = DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--test-fraction", "0.25", "--batch", "10", "--epochs", "3", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("; rate 0.5, batch 10, 3 epochs\n").And.Not.Contain("η"));
        Assert.That(File.ReadAllText(report), Does.Not.Contain("Learning rate per epoch"));
    });

    [Test]
    public void ASweepComparesRulesOneCurveEachAtTheirUsualRates() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string svg = Path.Combine(dir, "rules.svg");
        var result = DemoRunner.Run("sweep", "--csv", Iris, "--label", "species", "--standardize", "--test-fraction", "0.25",
            "--optimizer", "sgd,momentum,adam", "--epochs", "20", "--svg", svg);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        string[] lines = result.Output.Split('\n');
        Assert.That(lines, Has.Some.EndsWith(": the same start for every rule and rate"));
        Assert.That(lines, Has.Some.StartWith("rule and rate  final loss  test accuracy  verdict"));
        foreach (string row in new[] { "sgd 0.5 ", "momentum 0.05 ", "adam 0.001 " })
            Assert.That(lines.Count(l => l.StartsWith(row, StringComparison.Ordinal) && Regex.IsMatch(l, @"\d+\.\d\d% +\w")), Is.EqualTo(1), row);
        Assert.That(lines.Count(l => l.StartsWith("adam, η = 0.001 ", StringComparison.Ordinal) && l.Contains(" epoch ")), Is.GreaterThanOrEqualTo(10));

        XNamespace ns = "http://www.w3.org/2000/svg";
        var panels = XDocument.Parse(File.ReadAllText(svg)).Root!.Elements(ns + "g").Select(g => g.Element(ns + "svg")!).ToList();
        foreach (var panel in panels)
            Assert.That(panel.Elements(ns + "polyline").Where(p => (string?)p.Attribute("class") == "series").Select(p => (string?)p.Attribute("data-name")),
                Is.EqualTo(new[] { "sgd, η = 0.5", "momentum, η = 0.05", "adam, η = 0.001" }));

        // With --lr, every rule with every rate; more than 10 runs is refused before any data is read.
        var crossed = DemoRunner.Run("sweep", "--csv", Iris, "--label", "species", "--optimizer", "sgd,adam", "--lr", "0.01,0.1", "--epochs", "2");
        Assert.That(crossed.ExitCode, Is.Zero, crossed.Error);
        Assert.That(crossed.Output.Split('\n').Count(l => Regex.IsMatch(l, @"^(sgd|adam) 0\.0?1 ")), Is.EqualTo(4));
        var many = DemoRunner.Run("sweep", "--csv", "missing.csv", "--optimizer", "sgd,adam", "--lr", "1,2,3,4,5,6");
        Assert.That(many.Error, Does.StartWith("error: sweep: --optimizer and --lr: 2 rules × 6 rates make 12 runs; at most 10 in one sweep"));
        Assert.That(DemoRunner.Run("sweep", "--csv", "missing.csv", "--optimizer", "sgd,momentum", "--rho", "0.9").Error,
            Does.StartWith("error: sweep: --rho does not go with --optimizer sgd,momentum: it is for rmsprop"));
        Assert.That(DemoRunner.Run("sweep", "--csv", "missing.csv", "--optimizer", "adam,adam").Error, Does.StartWith("error: sweep: --optimizer: adam is given twice"));
    });

    [Test]
    public void ALoneAdaptiveRuleIsSweptAroundItsUsualRateAndTooSlowNeedsTheSameRule()
    {
        var options = Options.Parse("sweep", ["--optimizer", "rmsprop"], new HashSet<string>(SweepCommand.ValuedOptions), new HashSet<string>());
        var runs = SweepCommand.ReadRuns(options, OptimizerSettings.ReadEach(options, list: true));
        Assert.That(runs.Select(r => r.Rate), Is.EqualTo(new[] { 0.0001, 0.001, 0.01 }));

        // A slower rate of another rule, still falling, is worse, not too slow: its rate says nothing beside another rule's.
        RateRun Run(string rule, double rate, double[] losses, double accuracy) => new(rate, losses, [.. losses.Select(_ => accuracy)], Optimizer: rule);
        var words = RateVerdicts.Judge([Run("adam", 0.001, [2.0, 1.8, 1.6, 1.4], 0.7), Run("sgd", 0.5, [2.0, 1.0, 0.6, 0.5], 0.9), Run("sgd", 0.05, [2.0, 1.8, 1.6, 1.4], 0.7)]);
        Assert.That(words.Select(v => v.Word), Is.EqualTo(new[] { "worse", "best", "too slow" }));
    }
}
