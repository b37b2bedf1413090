using System.Xml.Linq;
using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// <c>sweep</c>: the verdict rules on hand-made histories, and a real sweep on iris where one rate diverges, with its
/// table and its SVG (one series per rate, one point per epoch).
/// </summary>
public class SweepTests
{
    private static readonly string Iris = Path.Combine(ReadmeTests.Root, "Demo", "samples", "iris.csv");

    private static RateRun Run(double rate, double[] losses, double accuracy, int? divergedAt = null) =>
        new(rate, losses, [.. losses.Select(_ => accuracy)], divergedAt);

    private static string[] Words(params RateRun[] runs) => [.. RateVerdicts.Judge(runs).Select(v => v.Word)];

    [Test]
    public void TheBestIsTheHighestFinalAccuracyTheSlowerOnesStillFallingAreTooSlow()
    {
        Assert.That(Words(
                Run(0.01, [2.0, 1.8, 1.6, 1.4], 0.70),   // 1.4 > 1.5 × 0.5 and falling every epoch: too slow
                Run(0.1, [2.0, 1.0, 0.6, 0.5], 0.90),    // best
                Run(0.05, [2.0, 1.0, 0.7, 0.6], 0.85),   // 0.6 ≤ 1.5 × 0.5: close
                Run(1, [2.0, 1.5, 1.6, 1.5], 0.60)),     // higher than 1.5 × 0.5, larger rate: worse
            Is.EqualTo(new[] { "too slow", "best", "close", "worse" }));
    }

    [Test]
    public void ASlowRateOnAPlateauIsWorseNotTooSlow()
    {
        string[] words = Words(Run(0.01, [2.0, 1.5, 1.4, 1.4], 0.5), Run(0.1, [2.0, 0.5, 0.4, 0.3], 0.9));
        Assert.That(words, Is.EqualTo(new[] { "worse", "best" }));
        Assert.That(RateVerdicts.Judge([Run(0.01, [2.0, 1.5, 1.4, 1.4], 0.5), Run(0.1, [2.0, 0.5, 0.4, 0.3], 0.9)])[0].Reason,
            Does.Contain("4.7 × the best's, no longer falling steadily"));
    }

    [Test]
    public void ALargerRateWhoseLossStillFallsIsWorseNotTooSlow()
    {
        // Rate 1 is ten times the best's and its loss falls at every epoch, but more epochs are not what it lacks:
        // "too slow" is for smaller rates only. Rate 0.01, the same curve, is too slow.
        Assert.That(Words(
                Run(0.01, [2.0, 1.5, 1.0, 0.9], 0.6),
                Run(0.1, [2.0, 0.5, 0.4, 0.3], 0.9),
                Run(1, [2.0, 1.5, 1.0, 0.9], 0.6)),
            Is.EqualTo(new[] { "too slow", "best", "worse" }));
    }

    [Test]
    public void DivergedAndUnstableRunsAreNeverBest()
    {
        Assert.That(Words(
                Run(100, [2.0, 50.0, 90.0], 0.99, divergedAt: 4),     // stopped by TrainingDivergedException
                Run(10, [2.0, double.NaN], 0.99),                    // a loss that is not finite
                Run(5, [1.0, 0.8, 1.2], 0.95),                       // ended above its start
                Run(0.5, [1.0, 0.6, 0.5], 0.80)),
            Is.EqualTo(new[] { "diverged", "diverged", "unstable", "best" }));
    }

    [Test]
    public void AnAccuracyTieGoesToTheLowerLoss()
    {
        Assert.That(Words(Run(0.1, [1.0, 0.4], 0.9), Run(0.5, [1.0, 0.3], 0.9), Run(1, [1.0, 0.35], 0.9)),
            Is.EqualTo(new[] { "close", "best", "close" }));
    }

    [Test]
    public void WhenEveryRateFailsNoneIsBest()
    {
        Assert.That(Words(Run(10, [1.0], 0, divergedAt: 1), Run(5, [1.0, 2.0], 0.5)), Is.EqualTo(new[] { "diverged", "unstable" }));
    }

    [Test]
    public void StillFallingMeansEachOfTheLastThreeEpochsLoweredTheLoss()
    {
        Assert.That(RateVerdicts.StillFalling([5, 4, 3, 2]), Is.True);
        Assert.That(RateVerdicts.StillFalling([9, 9, 3, 2, 1]), Is.True, "only the last three epochs count");
        Assert.That(RateVerdicts.StillFalling([5, 4, 4, 3]), Is.False);
        Assert.That(RateVerdicts.StillFalling([5, 4]), Is.True, "with two epochs, the one step");
        Assert.That(RateVerdicts.StillFalling([5]), Is.False);
    }

    [Test]
    public void ASweepOnIrisJudgesEveryRateAndDrawsOneSeriesPerRate()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            string svg = Path.Combine(dir, "sweep.svg");
            const int Epochs = 30;
            var result = DemoRunner.Run("sweep", "--csv", Iris, "--label", "species", "--standardize", "--test-fraction", "0.25",
                "--lr", "0.05,0.5,1e300", "--epochs", $"{Epochs}", "--svg", svg);
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            string[] lines = result.Output.Split('\n');
            Assert.That(lines, Has.Some.Match(@"^1E\+300 +— +— +diverged: at epoch \d+$"));
            Assert.That(lines, Has.Some.Match(@"^0\.5 +\d\.\d{4} +\d+\.\d\d% +(best|close)"));
            Assert.That(lines.Count(line => line.EndsWith("  best", StringComparison.Ordinal)), Is.EqualTo(1), "one best rate");
            Assert.That(lines, Has.Some.StartWith("rate    final loss  test accuracy  verdict"));
            Assert.That(lines.Count(line => line.StartsWith("η = 0.05 ", StringComparison.Ordinal) && line.Contains(" epoch ")), Is.GreaterThanOrEqualTo(10));

            var picture = XDocument.Parse(File.ReadAllText(svg)).Root!;
            XNamespace ns = "http://www.w3.org/2000/svg";
            var panels = picture.Elements(ns + "g").Select(g => g.Element(ns + "svg")!).ToList();
            Assert.That(panels, Has.Count.EqualTo(2), "a loss panel and an accuracy panel");
            foreach (var (panel, index) in panels.Select((p, i) => (p, i)))
            {
                var legend = panel.Elements(ns + "text").Select(t => t.Value).ToList();
                Assert.That(legend, Is.SupersetOf(new[] { "η = 0.05", "η = 0.5", "η = 1E+300 (diverged)" }));
                var series = panel.Elements(ns + "polyline").Where(p => (string?)p.Attribute("class") == "series").ToList();
                Assert.That(series.Select(p => (string?)p.Attribute("data-name")), Is.EqualTo(new[] { "η = 0.05", "η = 0.5" }),
                    "the diverged rate is named in the legend, not drawn");
                // The loss of every epoch; the accuracy of the epochs measured: every second here (the test part is a
                // third of the training part), and the printed ones (every third, the first and the last).
                int expected = index == 0 ? Epochs : Enumerable.Range(1, Epochs).Count(e => e % 2 == 0 || e % 3 == 0 || e == 1 || e == Epochs);
                foreach (var line in series)
                    Assert.That(((string)line.Attribute("points")!).Split(' '), Has.Length.EqualTo(expected), index == 0 ? "one point per epoch" : "the measured epochs");
            }
        });
    }

    [Test]
    public void WithValidationTheRatesAreComparedOnHeldOutTrainingSamples()
    {
        // The test part is left alone; the 20 validation samples come out of the 112 training ones before scaling.
        var result = DemoRunner.Run("sweep", "--csv", Iris, "--label", "species", "--standardize", "--test-fraction", "0.25",
            "--validation", "20", "--lr", "0.05,0.5", "--epochs", "20");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.StartWith("data: 92 training samples of 4 inputs, 20 validation samples, 3 outputs"));
        Assert.That(result.Output, Does.Contain("fitted on the 92 training samples").And.Contain("rate  final loss  validation accuracy  verdict"));
    }

    [Test]
    public void TheSvgIsCheckedBeforeTraining()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            string svg = Path.Combine(dir, "there.svg");
            File.WriteAllText(svg, "keep me");
            var result = DemoRunner.Run("sweep", "--csv", Iris, "--label", "species", "--svg", svg);
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Does.Contain("--svg").And.Contain("--force"));
            Assert.That(result.Output, Is.Empty, "nothing read or trained");
            Assert.That(File.ReadAllText(svg), Is.EqualTo("keep me"));
        });
    }

    [TestCase(new[] { "--csv", "x.csv", "--lr", "0.1,fast" }, "sweep: --lr expects positive numbers separated by commas (e.g. 0.05,0.5,5), got 'fast'")]
    [TestCase(new[] { "--csv", "x.csv", "--lr", "0.1,-1" }, "got '-1'")]
    [TestCase(new[] { "--csv", "x.csv", "--lr", "0.1,0.10" }, "sweep: --lr: 0.1 is given twice")]
    [TestCase(new[] { "--csv", "x.csv", "--lr", "1,2,3,4,5,6,7,8,9,10,11" }, "sweep: --lr: 11 rates; at most 10")]
    [TestCase(new[] { "--lr", "1" }, "sweep: give exactly one of --idx DIR or --csv FILE")]
    [TestCase(new[] { "--idx", "d", "--label", "y" }, "sweep: --label goes with --csv, not --idx")]
    [TestCase(new[] { "--csv", "x.csv", "--standardize", "--normalize" }, "sweep: give one of --standardize and --normalize")]
    [TestCase(new[] { "--csv", "x.csv", "--epochs", "0" }, "sweep: --epochs must be at least 1")]
    public void BadOptionsAreUsageErrors(string[] args, string expected)
    {
        var result = DemoRunner.Run(["sweep", .. args]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(expected));
    }

    [Test]
    public void TheHelpListsEveryOptionOnceAndTheVerdicts()
    {
        var result = DemoRunner.Run("sweep", "--help");
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Output.Split("--lr ").Length - 1, Is.EqualTo(1 + 3), "the option line and the three usage lines");
        foreach (string word in new[] { "diverged", "unstable", "best", "too slow", "worse", "close" })
            Assert.That(result.Output, Does.Contain($"\n  {word} "));
        Assert.That(result.Output.Split('\n'), Has.All.Length.LessThanOrEqualTo(100));
    }

    [Test]
    public void ASweepReadsIdxFoldersAsTrainDoes()
    {
        DemoRunner.InTemporaryDirectory(dir =>
        {
            var random = new Random(3);
            foreach (var (prefix, count) in new[] { ("train", 40), ("t10k", 10) })
            {
                var pixels = new byte[count * 4];
                random.NextBytes(pixels);
                File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), Idx([count, 2, 2], pixels));
                File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), Idx([count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % 2))]));
            }
            var result = DemoRunner.Run("sweep", "--idx", dir, "--lr", "0.5,5", "--epochs", "3", "--hidden", "3");
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output, Does.Contain("data: 40 training samples of 4 inputs, 10 test samples, 2 outputs"));
            Assert.That(result.Output.Split('\n').Count(line => line.Contains(" epoch ")), Is.EqualTo(2 * 3), "a line per rate and epoch");
            Assert.That(result.Output, Does.Match(@"\n0\.5 +\d\.\d{4} +\d+\.\d\d% +\w").And.Match(@"\n5 +"));
        });
    }

    private static byte[] Idx(int[] dims, byte[] data)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        return [.. header, .. data];
    }

    [Test]
    public void OnFashionMnistTheDefaultsFinishWithATable()
    {
        const string Fashion = "/usr/share/datasets/fashion-mnist";
        if (!Directory.Exists(Fashion))
            Assert.Ignore($"{Fashion} is absent (apt-get install dataset-fashion-mnist)");
        var result = DemoRunner.Run("sweep", "--idx", Fashion, "--limit", "1000", "--epochs", "2", "--lr", "0.5,5");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("data: 1000 training samples of 784 inputs, 10000 test samples, 10 outputs"));
        Assert.That(result.Output, Does.Match(@"\n0\.5 +\d\.\d{4} +\d+\.\d\d% +\w"));
    }
}
