using System.Buffers.Binary;
using System.IO.Compression;

namespace FromScratch.Tests;

public class DataFileTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("fromscratch-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    // IDX: 0, 0, type 0x08, dimension count, big-endian sizes, then the bytes.
    private static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(bytes);
        return buffer.ToArray();
    }

    // 2×2 images; label 1 when the top-left pixel is bright, else 0: learnable by a tiny net.
    private void WriteIdxSet(string prefix, int count, bool gzip, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 4];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 2);
            pixels[4 * i] = labels[i] == 1 ? (byte)230 : (byte)20;
            for (int p = 1; p < 4; p++)
                pixels[4 * i + p] = (byte)random.Next(256);
        }
        byte[] images = Idx([count, 2, 2], pixels), labelBytes = Idx([count], labels);
        string suffix = gzip ? ".gz" : "";
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte{suffix}"), gzip ? Gzip(images) : images);
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte{suffix}"), gzip ? Gzip(labelBytes) : labelBytes);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TrainsOnIdxFilesPlainOrGzipped(bool gzip)
    {
        WriteIdxSet("train", 200, gzip, seed: 1);
        WriteIdxSet("t10k", 50, gzip, seed: 2);
        var result = DemoRunner.Run("train", "--idx", dir, "--hidden", "4", "--epochs", "20", "--lr", "1");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("data: 200 training samples of 4 inputs, 50 test samples, 2 outputs"));
        Assert.That(result.Output, Does.Contain("epoch  20/20"));
        Assert.That(result.Output, Does.Contain("final test accuracy 100.00%"));
    }

    [Test]
    public void IdxWithTheWrongMagicIsRejectedNamingTheFile()
    {
        WriteIdxSet("train", 10, gzip: false, seed: 1);
        WriteIdxSet("t10k", 10, gzip: false, seed: 2);
        string labels = Path.Combine(dir, "train-labels-idx1-ubyte");
        byte[] bytes = File.ReadAllBytes(labels);
        bytes[0] = 0x12;
        File.WriteAllBytes(labels, bytes);
        var result = DemoRunner.Run("train", "--idx", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(labels).And.Contain("not an IDX file"));
    }

    [Test]
    public void TruncatedIdxIsRejected()
    {
        WriteIdxSet("train", 10, gzip: false, seed: 1);
        WriteIdxSet("t10k", 10, gzip: false, seed: 2);
        string images = Path.Combine(dir, "t10k-images-idx3-ubyte");
        byte[] bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..^7]);
        var result = DemoRunner.Run("train", "--idx", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(images).And.Contain("promises 40 values").And.Contain("holds 33"));
    }

    [Test]
    public void CorruptGzipIsRejected()
    {
        WriteIdxSet("train", 10, gzip: true, seed: 1);
        WriteIdxSet("t10k", 10, gzip: true, seed: 2);
        string images = Path.Combine(dir, "train-images-idx3-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(images);
        for (int i = 12; i < bytes.Length; i++)
            bytes[i] ^= 0x5a;
        File.WriteAllBytes(images, bytes);
        var result = DemoRunner.Run("train", "--idx", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(images));
    }

    [Test]
    public void ImageAndLabelCountsMustAgree()
    {
        WriteIdxSet("train", 10, gzip: false, seed: 1);
        WriteIdxSet("t10k", 10, gzip: false, seed: 2);
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), Idx([9], new byte[9]));
        var result = DemoRunner.Run("train", "--idx", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("has 10 images but").And.Contain("has 9 labels"));
    }

    [Test]
    public void MissingIdxFilesAreNamed()
    {
        var result = DemoRunner.Run("train", "--idx", dir);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("train-images-idx3-ubyte.gz"));
    }

    private string Csv(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string XorCsv() => Csv("xor.csv", "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");

    [Test]
    public void TrainsOnACsvSavesAndPredicts()
    {
        string model = Path.Combine(dir, "xor.json");
        var train = DemoRunner.Run("train", "--csv", XorCsv(), "--hidden", "4", "--lr", "1", "--batch", "0", "--epochs", "10000", "--seed", "2", "--save", model);
        Assert.That(train.ExitCode, Is.Zero, train.Error);
        Assert.That(train.Output, Does.Contain("final train accuracy 100.00%").And.Contain("saved " + model));

        var predict = DemoRunner.Run("predict", "--load", model, "--input", "0,1; 1,1");
        Assert.That(predict.ExitCode, Is.Zero, predict.Error);
        var row = predict.Output.Split('\n').Single(line => line.StartsWith("[[", StringComparison.Ordinal));
        double[] values = [.. row.Trim('[', ']').Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.That(values[0], Is.GreaterThan(0.9), "XOR(0, 1) = 1");
        Assert.That(values[1], Is.LessThan(0.1), "XOR(1, 1) = 0");

        string inputs = Csv("inputs.csv", "a,b\n1,0\n0,0\n");
        var fromCsv = DemoRunner.Run("predict", "--load", model, "--csv", inputs);
        Assert.That(fromCsv.ExitCode, Is.Zero, fromCsv.Error);
        Assert.That(fromCsv.Output, Does.Contain("Matrix (1, 2)"));
    }

    [Test]
    public void ATestCsvIsMeasuredApartAndLimitTakesTheFirstRows()
    {
        string train = Csv("train.csv", "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0,0,0\n0,1,1\n");
        string test = Csv("test.csv", "a,b,y\n1,0,1\n1,1,0\n");
        var result = DemoRunner.Run("train", "--csv", train, "--test-csv", test, "--limit", "4", "--hidden", "4", "--lr", "1", "--batch", "0", "--epochs", "10000", "--seed", "2");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("data: 4 training samples of 2 inputs, 2 test samples, 1 output ("));
        Assert.That(result.Output, Does.Contain("final test accuracy 100.00%"));
        Assert.That(result.Output, Does.Match(@"train 100\.00%  test 100\.00%"));

        string wrongWidth = Csv("wide.csv", "a,b,c,y\n1,0,0,1\n");
        var mismatch = DemoRunner.Run("train", "--csv", train, "--test-csv", wrongWidth, "--epochs", "1");
        Assert.That(mismatch.ExitCode, Is.EqualTo(1));
        Assert.That(mismatch.Error, Does.Contain("has 3 input columns but the training CSV has 2"));
    }

    [Test]
    public void SaveNeverOverwritesWithoutForce()
    {
        string model = Csv("model.json", "my notes");
        var result = DemoRunner.Run("train", "--csv", XorCsv(), "--epochs", "5", "--save", model);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("already exists").And.Contain("--force"));
        Assert.That(File.ReadAllText(model), Is.EqualTo("my notes"));
        Assert.That(result.Output, Does.Not.Contain("epoch"), "refused before training, not after");
        var forced = DemoRunner.Run("train", "--csv", XorCsv(), "--epochs", "5", "--save", model, "--force");
        Assert.That(forced.ExitCode, Is.Zero, forced.Error);
        Assert.That(File.ReadAllText(model), Does.Contain("FromScratch.Network"));
    }

    [Test]
    public void SvgIsWrittenAndNeverOverwrittenWithoutForce()
    {
        string svg = Path.Combine(dir, "xor.svg");
        var first = DemoRunner.Run("xor", "--epochs", "200", "--svg", svg);
        Assert.That(first.ExitCode, Is.Zero, first.Error);
        string picture = File.ReadAllText(svg);
        Assert.That(picture, Does.StartWith("<svg").And.Contain("<polyline").And.Contain("<circle"));
        File.WriteAllText(svg, "keep me");
        var second = DemoRunner.Run("xor", "--epochs", "200", "--svg", svg);
        Assert.That(second.ExitCode, Is.EqualTo(1));
        Assert.That(File.ReadAllText(svg), Is.EqualTo("keep me"));
        Assert.That(DemoRunner.Run("xor", "--epochs", "200", "--svg", svg, "--force").ExitCode, Is.Zero);
        Assert.That(File.ReadAllText(svg), Does.StartWith("<svg"));
    }

    [TestCase("a,b,y\n0,0,0\n0,1\n", "xor.csv:3: expected 3 fields like the header, found 2")]
    [TestCase("a,b,y\n0,0,0\n0,one,1\n", "xor.csv:3: field 2 ('b') is 'one', not a finite number")]
    [TestCase("a,b,y\n0,0,2\n", "xor.csv:2: target column 'y' is 2; targets must be in [0, 1]")]
    [TestCase("a,b,y\n", "xor.csv: no data rows after the header")]
    [TestCase("", "xor.csv:1: expected a header line")]
    public void CsvErrorsNameTheFileAndLine(string text, string expected)
    {
        string path = Csv("xor.csv", text);
        var result = DemoRunner.Run("train", "--csv", path, "--epochs", "1");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.StartWith("error: ").And.Contain(expected));
    }

    [Test]
    public void PredictWithTheWrongInputSizeSaysWhatTheNetworkTakes()
    {
        string model = Path.Combine(dir, "m.json");
        new Network([2, 3, 1]).Save(model);
        var result = DemoRunner.Run("predict", "--load", model, "--input", "1,2,3");
        Assert.That(result.ExitCode, Is.EqualTo(2), "the command line gave the wrong number of values");
        Assert.That(result.Error, Does.StartWith($"error: predict: --input: each sample has 3 values but the network in {model} takes 2 inputs"));
    }

    [Test]
    public void PredictWithACorruptModelNamesTheFile()
    {
        string model = Csv("m.json", "{ \"format\": ");
        var result = DemoRunner.Run("predict", "--load", model, "--input", "1,2");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain($"Load '{model}'"));
    }
}
