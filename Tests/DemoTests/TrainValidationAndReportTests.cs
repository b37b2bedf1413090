using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FromScratch.Demo;

namespace FromScratch.Tests;

// train --validation, --report and --classes on a small IDX set of 8×8 images written by the test.
public partial class TrainValidationAndReportTests
{
    // Three classes of 8×8 images: a bright row (class 0), a bright column (1), the diagonal (2), at a
    // random place, over noise. Learnable, but not perfectly in a few epochs, so some are misclassified.
    private static void WriteImages(string dir, string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 64];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 3);
            int place = random.Next(8);
            for (int p = 0; p < 64; p++)
            {
                int row = p / 8, column = p % 8;
                bool bright = labels[i] switch { 0 => row == place, 1 => column == place, _ => row == column };
                pixels[64 * i + p] = (byte)Math.Clamp((bright ? 150 : 40) + random.Next(-60, 60), 0, 255);
            }
        }
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), Idx([count, 8, 8], pixels));
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), Idx([count], labels));
    }

    private static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        (bytes[2], bytes[3]) = (0x08, (byte)dims.Length);
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static void WithImages(Action<string> test) => DemoRunner.InTemporaryDirectory(dir =>
    {
        WriteImages(dir, "train", 600, seed: 1);
        WriteImages(dir, "t10k", 150, seed: 2);
        test(dir);
    });

    [GeneratedRegex(@"kept the network of epoch (\d+), the best validation accuracy \(([\d.]+)%, loss [\d.]+\)")]
    private static partial Regex Kept();

    [Test]
    public void ValidationPicksTheNetworkKeptAndTheTestSetIsMeasuredOnceAtTheEnd() => WithImages(dir =>
    {
        string saved = Path.Combine(dir, "net.json");
        var result = DemoRunner.Run("train", "--idx", dir, "--validation", "120", "--epochs", "8", "--hidden", "6", "--lr", "3", "--save", saved);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.StartWith("data: 480 training samples of 64 inputs and 120 more held out for validation (each class alike), 150 test samples"));
        Assert.That(Regex.Matches(result.Output, @"validation loss [\d.]+ [\d.]+%"), Has.Count.EqualTo(8), "one line per epoch, each with the validation measures");
        Assert.That(result.Output, Does.Not.Contain("  test "), "the test set is not looked at during training");
        Assert.That(result.Output, Does.Contain(", measured once, on the network kept"));

        // The saved network is the kept one: on the validation part (the same split, by the same seed) it
        // scores what the line says, and that is the best of the printed validation accuracies.
        var kept = Kept().Match(result.Output);
        Assert.That(kept.Success, result.Output);
        var (train, _) = IdxReader.ReadDirectory(dir);
        var validation = train.Split(120, seed: 1).SplitOff!;
        double accuracy = Evaluation.Accuracy(Network.Load(saved), validation);
        Assert.That(accuracy * 100, Is.EqualTo(double.Parse(kept.Groups[2].Value, CultureInfo.InvariantCulture)).Within(0.005));
        double[] printed = [.. Regex.Matches(result.Output, @"validation loss [\d.]+ ([\d.]+)%").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.That(printed.Max(), Is.EqualTo(accuracy * 100).Within(0.005));
        Assert.That(printed[int.Parse(kept.Groups[1].Value, CultureInfo.InvariantCulture) - 1], Is.EqualTo(printed.Max()));
    });

    [Test]
    public void WithValidationPatienceWatchesItsAccuracy() => WithImages(dir =>
    {
        var result = DemoRunner.Run("train", "--idx", dir, "--validation", "120", "--epochs", "200", "--hidden", "6", "--lr", "3", "--patience", "2");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        int best = int.Parse(Kept().Match(result.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(result.Output, Does.Contain($"after {best + 2} epochs"), "stopped 2 epochs after the best validation accuracy");
    });

    [Test]
    public void TheReportShowsEveryPartAndAgreesWithTheTerminal() => WithImages(dir =>
    {
        string report = Path.Combine(dir, "report.html");
        var result = DemoRunner.Run("train", "--idx", dir, "--validation", "90", "--epochs", "6", "--hidden", "5", "--lr", "2", "--classes", "row,column,diagonal", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var page = XDocument.Parse(File.ReadAllText(report).Replace("<!DOCTYPE html>", ""));
        string text = page.Root!.Value;

        // The confusion matrix: its counts add up to the test set, and its diagonal is the final accuracy.
        double final = double.Parse(Regex.Match(result.Output, @"final test accuracy ([\d.]+)%").Groups[1].Value, CultureInfo.InvariantCulture);
        var table = page.Descendants().First(e => e.Name.LocalName == "table");
        var rows = table.Descendants().Where(e => e.Name.LocalName == "tr").Skip(1).Take(3)
            .Select(r => r.Elements().Skip(1).Take(3).Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.That(rows.Sum(r => r.Sum()), Is.EqualTo(150));
        Assert.That((rows[0][0] + rows[1][1] + rows[2][2]) / 150.0 * 100, Is.EqualTo(final).Within(0.005));
        Assert.That(text, Does.Contain("row").And.Contain("column").And.Contain("diagonal"));
        Assert.That(result.Output, Does.Contain("confusion matrix of the test set"), "the same matrix in the terminal");

        // One W1 tile per hidden unit (the 64 inputs are an 8 × 8 image), one curve point per epoch, a gradient curve per layer.
        var tiles = page.Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "tile").ToList();
        Assert.That(tiles, Has.Count.EqualTo(5));
        var polylines = page.Descendants().Where(e => e.Name.LocalName == "polyline").ToList();
        Assert.That(polylines, Is.Not.Empty);
        Assert.That(polylines.Select(p => ((string)p.Attribute("points")!).Trim().Split(' ').Length), Has.All.EqualTo(6));
        Assert.That(text, Does.Contain("‖dW1‖").And.Contain("‖dW2‖"));
        Assert.That(text, Does.Contain("Demo train --idx"), "the command line that reproduces the run");
    });

    [Test]
    public void ShapesTracesTheFirstBatchOfImagesHeldAsBytes() => WithImages(dir =>
    {
        var result = DemoRunner.Run("train", "--idx", dir, "--shapes", "--batch", "7");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("Z1 = W1 (30, 64) · X (64, 7) -> (30, 7)"));
        Assert.That(result.Output, Does.Contain("dW1 ="));
    });

    [Test]
    public void ReportAndValidationMistakesAreRefusedBeforeTraining() => WithImages(dir =>
    {
        string existing = Path.Combine(dir, "r.html");
        File.WriteAllText(existing, "keep me");
        Assert.That(DemoRunner.Run("train", "--idx", dir, "--report", existing).Error, Does.Contain("--report").And.Contain("--force"));
        Assert.That(File.ReadAllText(existing), Is.EqualTo("keep me"));
        Assert.That(DemoRunner.Run("train", "--idx", dir, "--report", existing, "--shapes").Error, Does.StartWith("error: train: --shapes stops before training, so --report would have nothing to write"));
        Assert.That(DemoRunner.Run("train", "--idx", dir, "--validation", "600").Error, Does.Contain("--validation 600 would hold out every one of the 600 training samples"));
        Assert.That(DemoRunner.Run("train", "--idx", dir, "--classes", "a,b").Error, Does.StartWith("error: train: --classes: the list names 2 classes, but the network has 3 outputs"));
    });

    [Test]
    public void TheSampleReportInTheReadmeIsACompleteSelfContainedPage()
    {
        // Demo/samples/report/fashion-report.html, from the README's Fashion-MNIST command.
        string path = Path.Combine(ReadmeTests.Root, "Demo", "samples", "report", "fashion-report.html");
        Assert.That(new FileInfo(path).Length, Is.LessThan(2_000_000), "a 10-epoch report stays under 2 MB");
        string html = File.ReadAllText(path);
        var page = XDocument.Parse(html.Replace("<!DOCTYPE html>", ""));
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("src=\"http"));
        Assert.That(page.Descendants().Count(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "tile"), Is.EqualTo(30));
        var counts = page.Descendants().Where(e => e.Name.LocalName == "td" && (string?)e.Attribute("class") == "count").Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture));
        Assert.That(counts.Sum(), Is.EqualTo(10_000));
        Assert.That(page.Root!.Value, Does.Contain("Ankle boot").And.Contain("Demo train --idx /usr/share/datasets/fashion-mnist --init xavier --validation 10000"));
    }

    [Test]
    public void TheReportNamesTheKeptEpochAndTheTerminalNeverGetsRawControlCharacters() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // Class names with an escape sequence: shown escaped in the terminal's confusion matrix, kept whole in the page.
        string csv = Path.Combine(dir, "esc.csv");
        File.WriteAllLines(csv, ["a,b,lab", .. Enumerable.Range(0, 60).Select(i => $"{i % 7},{i % 5},{(i % 2 == 0 ? "\u001b[31mred" : "blue")}")]);
        string report = Path.Combine(dir, "r.html");
        var result = DemoRunner.Run("train", "--csv", csv, "--label", "lab", "--validation", "20", "--epochs", "30", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Not.Contain("\u001b"));
        Assert.That(result.Output, Does.Contain("\\x1b[31mred"), "the matrix's rows name the class escaped");
        int kept = int.Parse(Kept().Match(result.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(File.ReadAllText(report), Does.Contain($"by the network of epoch {kept}, the best on validation"));

        // Fewer held out than asked (every class keeps one for training) is said; --classes cannot rename a CSV's classes;
        // an output may not replace an input.
        string tiny = Path.Combine(dir, "tiny.csv");
        File.WriteAllLines(tiny, ["a,lab", "1,x", "2,x", "3,y", "4,y"]);
        Assert.That(DemoRunner.Run("train", "--csv", tiny, "--label", "lab", "--validation", "3", "--epochs", "1").Output,
            Does.Contain("--validation 3: 2 held out, as every class keeps at least one sample for training"));
        Assert.That(DemoRunner.Run("train", "--csv", tiny, "--label", "lab", "--classes", "p,q", "--epochs", "1").Error,
            Does.StartWith("error: train: --classes: the CSV's columns already name its classes ('x', 'y')"));
        Assert.That(DemoRunner.Run("train", "--csv", tiny, "--label", "lab", "--report", tiny, "--force").Error,
            Does.StartWith("error: train: --report names the same file as --csv; the output would replace the data"));
        Assert.That(File.ReadAllLines(tiny), Has.Length.EqualTo(5));
    });

    [Test]
    public void TheTimesPerEpochAddUpToTheTrainingTimeWithMeasuringApart() => WithImages(dir =>
    {
        var result = DemoRunner.Run("train", "--idx", dir, "--validation", "90", "--epochs", "6", "--hidden", "5", "--report", Path.Combine(dir, "r.html"));
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        // One line per epoch here; each figure is rounded to 0.01 s (or 0.1 µs), the total to 0.1 s.
        double sum = Regex.Matches(result.Output, @"  ([\d.]+) (s|µs)/epoch").Sum(m =>
            double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * (m.Groups[2].Value == "s" ? 1 : 1e-6));
        double training = double.Parse(Regex.Match(result.Output, @"\(([\d.]+) s training\)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(sum, Is.LessThanOrEqualTo(training + 0.05 + 6 * 0.005), result.Output);
    });

    [Test]
    public void BetweenEqualValidationAccuraciesTheLowerValidationLossIsKept() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string iris = Path.Combine(ReadmeTests.Root, "Demo", "samples", "iris.csv");
        var result = DemoRunner.Run("train", "--csv", iris, "--label", "species", "--standardize", "--validation", "15", "--epochs", "20");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var epochs = Regex.Matches(result.Output, @"epoch +(\d+)/20 .* validation loss ([\d.]+) ([\d.]+)%")
            .Select(m => (Epoch: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Loss: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Accuracy: double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.That(epochs, Has.Count.EqualTo(20));
        double best = epochs.Max(e => e.Accuracy);
        var tied = epochs.Where(e => e.Accuracy == best).ToList();
        Assert.That(tied, Has.Count.GreaterThan(1), "the test needs a tie");
        int kept = int.Parse(Kept().Match(result.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(kept, Is.EqualTo(tied.MinBy(e => e.Loss).Epoch));
    });

    [Test]
    public void AReportOfARunThatStoppedEarlyHasOnePointPerEpochRun() => WithImages(dir =>
    {
        string report = Path.Combine(dir, "r.html");
        var result = DemoRunner.Run("train", "--idx", dir, "--validation", "90", "--epochs", "200", "--hidden", "5", "--lr", "3", "--patience", "2", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        int ran = int.Parse(Regex.Match(result.Output, @"after (\d+) epochs").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(ran, Is.LessThan(200));
        var page = XDocument.Parse(File.ReadAllText(report).Replace("<!DOCTYPE html>", ""));
        var polylines = page.Descendants().Where(e => e.Name.LocalName == "polyline").ToList();
        Assert.That(polylines.Select(p => ((string)p.Attribute("points")!).Trim().Split(' ').Length), Has.All.EqualTo(ran));
    });
}
