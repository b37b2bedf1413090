using System.Buffers.Binary;
using System.Text.RegularExpressions;
using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// <c>predict --idx DIR --index K</c> on a small IDX test set written here (4 × 3 images, 3 classes), with a network
/// built and saved here: the picture, the true label, and the top class equal to the argmax computed in the test.
/// </summary>
public partial class PredictImagesTests
{
    private const int Count = 6, Height = 4, Width = 3, Classes = 3;
    private string dir = "";
    private byte[] pixels = [];
    private byte[] labels = [];

    [SetUp]
    public void WriteTestSet()
    {
        dir = Directory.CreateTempSubdirectory("fromscratch-predict-idx-").FullName;
        var random = new Random(7);
        pixels = new byte[Count * Height * Width];
        random.NextBytes(pixels);
        labels = [.. Enumerable.Range(0, Count).Select(i => (byte)(i % Classes))];
        // Only the test pair: predict does not need the training files.
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), Idx([Count, Height, Width], pixels));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), Idx([Count], labels));
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    private static byte[] Idx(int[] dims, byte[] data)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        return [.. header, .. data];
    }

    private string SaveNetwork(Network network)
    {
        string path = Path.Combine(dir, "net.json");
        network.Save(path);
        return path;
    }

    // The class the network gives test sample s, computed here from the pixels.
    private static int ArgMax(Network network, byte[] pixels, int s)
    {
        var x = new Matrix(Height * Width, 1);
        for (int p = 0; p < Height * Width; p++)
            x[p, 0] = pixels[s * Height * Width + p] / 255.0;
        return network.Predict(x).ArgMaxPerColumn()[0];
    }

    [GeneratedRegex(@"^  1\. (?<class>\S+)", RegexOptions.Multiline)]
    private static partial Regex TopLine();

    [Test]
    public void OneSampleShowsItsPictureLabelAndTheNetworksTopClass()
    {
        var network = new Network([Height * Width, 5, Classes], seed: 3);
        string saved = SaveNetwork(network);
        for (int s = 0; s < Count; s++)
        {
            var result = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", $"{s}");
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output, Does.Contain($"test sample {s}: true label {labels[s]}\n"));
            Assert.That(TopLine().Match(result.Output).Groups["class"].Value, Is.EqualTo($"{ArgMax(network, pixels, s)}"));
            string[] rows = [.. result.Output.Split('\n').Where(line => line.StartsWith('|'))];
            Assert.That(rows, Has.Length.EqualTo(Height), "one row of shades per image row");
            Assert.That(rows.Select(row => row.Length), Is.All.EqualTo(2 * Width + 2), "two characters per pixel, in a frame");
            Assert.That(Regex.Matches(result.Output, @"^  \d\. ", RegexOptions.Multiline), Has.Count.EqualTo(3), "the top three classes");
            Assert.That(result.Output, Does.Contain("not probabilities"), "sigmoid outputs are not called probabilities");
        }
    }

    [Test]
    public void APixelsShadeGoesFromBlankToFull()
    {
        var x = new Matrix(2, 1);
        x[1, 0] = 1;
        string[] picture = [.. PredictImages.Picture(x, 0, 1, 2)];
        Assert.That(picture, Is.EqualTo(new[] { "+----+", "|  @@|", "+----+" }));
    }

    [Test]
    public void ARangeCountsTheRightOnesAndUsesTheClassNamesGiven()
    {
        var network = new Network([Height * Width, 5, Classes], loss: Loss.SoftmaxCrossEntropy, seed: 5);
        string saved = SaveNetwork(network);
        var result = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", "1-4", "--classes", "cat,dog,bird");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        int right = Enumerable.Range(1, 4).Count(s => ArgMax(network, pixels, s) == labels[s]);
        Assert.That(result.Output, Does.Contain($"right: {right} of 4 (test samples 1 to 4"));
        Assert.That(result.Output, Does.Contain("test sample 2: true label 2 bird"));
        Assert.That(result.Output, Does.Contain("softmax probability"));
        Assert.That(result.Output.Split('\n').Count(line => line.StartsWith('|')), Is.EqualTo(4 * Height));
    }

    [Test]
    public void TheNetworksOwnClassNamesComeFirst()
    {
        var network = new Network([Height * Width, 5, Classes], seed: 3) { ClassNames = ["red", "green", "blue"] };
        string saved = SaveNetwork(network);
        var result = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", "0");
        Assert.That(result.Output, Does.Contain("true label 0 red"));
        var both = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", "0", "--classes", "a,b,c");
        Assert.That(both.ExitCode, Is.EqualTo(2));
        Assert.That(both.Error, Does.Contain("names its classes already"));
    }

    [TestCase("6", "--index 6: the test set in", "has 6 samples, 0 to 5")]
    [TestCase("3-9", "--index 3-9: the test set in", "has 6 samples, 0 to 5")]
    [TestCase("4-2", "--index 4-2: a range goes from the first sample to the last", "")]
    [TestCase("0-100", "that is 101 samples; at most 100 at once", "")]
    [TestCase("-1", "--index expects a test sample counting from 0", "")]
    [TestCase("two", "--index expects a test sample counting from 0", "")]
    public void AnIndexOutsideTheTestSetIsAUsageError(string index, string expected, string more)
    {
        string saved = SaveNetwork(new Network([Height * Width, 5, Classes]));
        var result = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", index);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(expected).And.Contain(more));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public void ANetworkForOtherImagesOrClassesIsRefused()
    {
        string saved = SaveNetwork(new Network([7, 5, Classes]));
        var inputs = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", "0");
        Assert.That(inputs.ExitCode, Is.EqualTo(1));
        Assert.That(inputs.Error, Does.Contain("have 4 × 3 = 12 pixels, but the network in").And.Contain("takes 7 inputs"));

        saved = SaveNetwork(new Network([Height * Width, 5, 2]));
        var classes = DemoRunner.Run("predict", "--load", saved, "--idx", dir, "--index", "0");
        Assert.That(classes.ExitCode, Is.EqualTo(1));
        Assert.That(classes.Error, Does.Contain("has label 2, but the network in").And.Contain("tells 2 classes apart"));
    }

    [TestCase(new[] { "--index", "0" }, "--index goes with --idx DIR")]
    [TestCase(new[] { "--classes", "fashion", "--input", "1" }, "--classes goes with --idx DIR")]
    [TestCase(new[] { "--idx", "DIR" }, "--idx needs --index K")]
    [TestCase(new[] { "--idx", "DIR", "--index", "0", "--csv", "x.csv" }, "--csv does not go with --idx")]
    [TestCase(new[] { "--idx", "DIR", "--index", "0", "--input", "1,2" }, "--input does not go with --idx")]
    public void OptionsThatDoNotGoTogetherAreRefusedBeforeReading(string[] args, string expected)
    {
        string saved = SaveNetwork(new Network([Height * Width, 5, Classes]));
        var result = DemoRunner.Run(["predict", "--load", saved, .. args.Select(a => a == "DIR" ? dir : a)]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(expected));
    }

    [Test]
    public void PredictCsvWithTargetColumnsStillReportsTheAccuracy()
    {
        string csv = Path.Combine(dir, "xor.csv");
        File.WriteAllText(csv, "a,b,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        string saved = SaveNetwork(new Network([2, 3, 1], seed: 1));
        var result = DemoRunner.Run("predict", "--load", saved, "--csv", csv, "--targets", "1");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Match(@"accuracy \d+\.\d\d% on 4 samples"));
    }

    [Test]
    public void FashionMnistTestSampleZeroIsAnAnkleBootDrawnIn28Rows()
    {
        const string Fashion = "/usr/share/datasets/fashion-mnist";
        if (!Directory.Exists(Fashion))
            Assert.Ignore($"{Fashion} is absent (apt-get install dataset-fashion-mnist)");
        string saved = SaveNetwork(new Network([784, 10, 10], seed: 1));
        var result = DemoRunner.Run("predict", "--load", saved, "--idx", Fashion, "--index", "0", "--classes", "fashion");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("test sample 0: true label 9 Ankle boot"));
        Assert.That(result.Output.Split('\n').Count(line => line.StartsWith('|')), Is.EqualTo(28));
    }
}
