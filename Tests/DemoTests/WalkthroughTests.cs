using System.Globalization;
using System.Text.RegularExpressions;

namespace FromScratch.Tests;

public class WalkthroughTests
{
    private static DemoRunner.Result walkthrough = null!;

    [OneTimeSetUp]
    public void RunOnce() => walkthrough = DemoRunner.Run();

    [Test]
    public void ShowsAllFiveChaptersInOrder()
    {
        Assert.That(walkthrough.ExitCode, Is.Zero, walkthrough.Error);
        string[] headings = ["1. The data and the shapes", "2. The original bug", "3. Zero initialisation", "4. The fix", "5. Gradient check", "Where next"];
        int[] positions = [.. headings.Select(h => walkthrough.Output.IndexOf(h, StringComparison.Ordinal))];
        Assert.That(positions, Has.All.GreaterThanOrEqualTo(0), walkthrough.Output);
        Assert.That(positions, Is.Ordered);
    }

    [Test]
    public void ReproducesTheQuestionsShapeError()
    {
        Assert.That(walkthrough.Output, Does.Contain("ShapeMismatchException: Dot: shapes (4, 4) and (2, 5) not aligned: 4 (dim 1) != 2 (dim 0);"));
    }

    [Test]
    public void ZeroInitialisationShowsIdenticalRows()
    {
        string chapter = Between(walkthrough.Output, "3. Zero initialisation", "4. The fix");
        var rows = chapter.Split('\n').Where(line => Regex.IsMatch(line, @"^ ?\[?\[ ?-?\d")).Take(4).Select(line => line.Trim('[', ']', ' ')).ToList();
        Assert.That(rows, Has.Count.EqualTo(4), chapter);
        Assert.That(rows.Distinct().Count(), Is.EqualTo(1), "every row of W1 printed the same");
    }

    [Test]
    public void ZeroInitialisationOnBalancedTargetsMovesNothing()
    {
        string chapter = Between(walkthrough.Output, "3. Zero initialisation", "4. The fix");
        Assert.That(chapter, Does.Contain("XOR from zeros, 2000 epochs: loss 0.693147 -> 0.693147 (ln 2 = 0.693147), largest |W or b| 0\n"));
    }

    [Test]
    public void ZeroWeightsPredictOneHalfEverywhereBeforeTraining()
    {
        string chapter = Between(walkthrough.Output, "3. Zero initialisation", "Trained 2000 epochs");
        Assert.That(chapter, Does.Contain("Matrix (4, 2)\n[[0.5 0.5]\n [0.5 0.5]\n [0.5 0.5]\n [0.5 0.5]]"));
    }

    [Test]
    public void TheFixFitsTheTargets()
    {
        var match = Regex.Match(walkthrough.Output, @"largest \|prediction − target\| = ([0-9.]+)");
        Assert.That(match.Success, Is.True, walkthrough.Output);
        Assert.That(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Is.LessThan(0.05));
        Assert.That(walkthrough.Output, Does.Contain("stopped when 100 epochs in a row"));
    }

    [Test]
    public void GradientCheckPassesForBothLossesAndCatchesTheWrongDelta()
    {
        string chapter = Between(walkthrough.Output, "5. Gradient check", "Where next");
        // One check for each output + loss pair in Loss.All: the built-in three, and any a student adds (README exercise 6).
        Assert.That(Regex.Matches(chapter, @"overall .*: PASS").Count, Is.EqualTo(Loss.All.Count).And.AtLeast(3), chapter);
        Assert.That(chapter, Does.Contain("softmax output, ce loss"));
        Assert.That(Regex.Matches(chapter, @"overall .*: FAIL").Count, Is.EqualTo(2), chapter); // MSE with A2 − Y, and 1/M twice
        Assert.That(chapter, Does.Contain("divided by m twice").And.Contain("overall 3.33e-01 (threshold 1e-07): FAIL"));
    }

    [Test]
    public void FitsAHundredColumnTerminalWithoutColourCodes()
    {
        foreach (string line in walkthrough.Output.Split('\n'))
            Assert.That(line.Length, Is.LessThanOrEqualTo(100), line);
        Assert.That(walkthrough.Output, Does.Not.Contain("\u001b["));
    }

    [Test]
    public void ShapesPrintsEveryOperationOfOnePass()
    {
        var result = DemoRunner.Run("--shapes");
        Assert.That(result.ExitCode, Is.Zero);
        // Worked out by hand for [5, 4, 4] with m = 2.
        string[] expected =
        [
            "network [5, 4, 4] sigmoid hidden, sigmoid output, ce loss",
            "forward, m = 2 samples (one per column):",
            "  Z1 = W1 (4, 5) · X (5, 2) -> (4, 2)",
            "  Z1 += b1 (4, 1), added to every column -> (4, 2)",
            "  A1 = sigmoid(Z1 (4, 2)) -> (4, 2)",
            "  Z2 = W2 (4, 4) · A1 (4, 2) -> (4, 2)",
            "  Z2 += b2 (4, 1), added to every column -> (4, 2)",
            "  A2 = sigmoid(Z2 (4, 2)) -> (4, 2)",
            "loss:",
            "  loss = (1/2) · Σ ce over Z2 (4, 2), A2 (4, 2), Y (4, 2) -> a number",
            "backward:",
            "  dZ2 = A2 − Y for A2 (4, 2), Y (4, 2) -> (4, 2)",
            "  dW2 = (1/2) · dZ2 (4, 2) · A1ᵀ (2, 4) -> (4, 4)",
            "  db2 = mean of dZ2 (4, 2) over the columns -> (4, 1)",
            "  dZ1 = W2ᵀ (4, 4) · dZ2 (4, 2) -> (4, 2)",
            "  dZ1 ⊙= sigmoid′(Z1 (4, 2)), computed from A1 (4, 2) -> (4, 2)",
            "  dW1 = (1/2) · dZ1 (4, 2) · Xᵀ (2, 5) -> (4, 5)",
            "  db1 = mean of dZ1 (4, 2) over the columns -> (4, 1)",
        ];
        Assert.That(result.Output.TrimEnd('\n').Split('\n'), Is.EqualTo(expected));
    }

    [Test]
    public void TheNetworkPictureIsTheOneTheCodeDraws()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fromscratch-{Guid.NewGuid():N}.svg");
        try
        {
            var result = DemoRunner.Run("--shapes", "--svg", path);
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            string svg = File.ReadAllText(path);
            Assert.That(svg, Is.EqualTo(File.ReadAllText(Path.Combine(ReadmeTests.Root, "Demo", "samples", "network.svg"))),
                "Demo/samples/network.svg is out of date: make demo ARGS=\"--shapes --svg Demo/samples/network.svg --force\"");
            foreach (string label in new[] { "X (5, 2)", "W1 (4, 5), b1 (4, 1)", "dZ2 = A2 − Y  (4, 2)", "dW1 = (1/m)·dZ1·Xᵀ  (4, 5)", "sigmoid′(Z1)" })
                Assert.That(svg, Does.Contain(label));
            Assert.That(DemoRunner.Run("--svg", path).ExitCode, Is.EqualTo(2), "--svg without --shapes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal), to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
