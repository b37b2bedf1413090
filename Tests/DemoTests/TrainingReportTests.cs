using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// The training report's parts: the confusion matrix against hand counts, the class names of --classes, the PNG
/// writer decoded back, and the HTML page read back as XML and checked against the data it was made from.
/// </summary>
public class TrainingReportTests
{
    // The hand example: 8 samples of 3 classes; class 2 is never predicted.
    //   true:      0 0 0 1 1 2 2 2
    //   predicted: 0 0 1 1 1 1 1 0
    private static readonly int[] Actual = [0, 0, 0, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 1, 1, 1, 0];

    [Test]
    public void ConfusionMatrixCountsPrecisionAndRecallAsByHand()
    {
        var matrix = new ConfusionMatrix(Predicted, Actual, ["a", "b", "c"]);
        Assert.That(matrix.Counts, Is.EqualTo(new int[,] { { 2, 1, 0 }, { 0, 2, 0 }, { 1, 2, 0 } }));
        Assert.That((matrix.Total, matrix.Correct, matrix.Accuracy), Is.EqualTo((8, 4, 0.5)));
        // Precision: column k's diagonal over the column's sum; recall: over the row's sum.
        Assert.That(matrix.Precision(0), Is.EqualTo(2.0 / 3).Within(1e-15)); // 2 right of the 3 called a
        Assert.That(matrix.Precision(1), Is.EqualTo(2.0 / 5).Within(1e-15)); // 2 right of the 5 called b
        Assert.That(matrix.Precision(2), Is.NaN, "never predicted: a share of nothing");
        Assert.That(matrix.Recall(0), Is.EqualTo(2.0 / 3).Within(1e-15));
        Assert.That(matrix.Recall(1), Is.EqualTo(1.0));
        Assert.That(matrix.Recall(2), Is.EqualTo(0.0));
        Assert.That(ConfusionMatrix.Percent(matrix.Precision(2)), Is.EqualTo("–"));
    }

    [Test]
    public void ConfusionMatrixRefusesClassesOutOfRangeAndListsOfDifferentLengths()
    {
        Assert.That(() => new ConfusionMatrix([0, 3], [0, 1], ["a", "b", "c"]),
            Throws.ArgumentException.With.Message.Contains("sample 1 has true class 1 and predicted class 3"));
        Assert.That(() => new ConfusionMatrix([0], [0, 1], ["a", "b"]), Throws.ArgumentException.With.Message.Contains("1 predicted classes but 2 true ones"));
    }

    [Test]
    public void ConfusionMatrixFromOutputsUsesTheLargestOutputOrTheHalfwayMarkForOneOutput()
    {
        var softmax = Matrix.FromRows([0.7, 0.1, 0.2], [0.2, 0.8, 0.1], [0.1, 0.1, 0.7]);
        var oneHot = Matrix.FromRows([1, 0, 0], [0, 0, 1], [0, 1, 0]);
        var three = ConfusionMatrix.FromOutputs(softmax, oneHot);
        Assert.That((three.Names, three[0, 0], three[2, 1], three[1, 2]), Is.EqualTo((new[] { "0", "1", "2" }, 1, 1, 1)));

        var sigmoid = Matrix.FromRows([0.5, 0.49, 0.9, 0.1]);
        var targets = Matrix.FromRows([1, 1, 0, 0]);
        var two = ConfusionMatrix.FromOutputs(sigmoid, targets);
        Assert.That(two.Names, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(two.Counts, Is.EqualTo(new int[,] { { 1, 1 }, { 1, 1 } }), "0.5 counts as class 1; 0.49 as class 0");
    }

    [Test]
    public void ConfusionMatrixTextIsAlignedAndCutsLongNames()
    {
        int[] actual = [.. Enumerable.Range(0, 10).SelectMany(k => Enumerable.Repeat(k, 100 + k))];
        int[] predicted = [.. actual.Select((k, s) => k == 9 ? 0 : s % 7 == 0 && k < 8 ? k + 1 : k)]; // nothing is called class 9 (Ankle boot)
        string[] lines = new ConfusionMatrix(predicted, actual, ClassNames.Fashion).ToText().Split('\n');
        Assert.That(lines[0], Does.StartWith("true class").And.Contain("predicted as"));
        string[] table = lines[1..12]; // the column heads and one row per class
        Assert.That(table.Select(line => line.Length).Distinct().Count(), Is.EqualTo(1), "every row as long as the heads:\n" + string.Join("\n", table));
        Assert.That(table[0], Does.Contain("Ankle…").And.Contain("T-shi…").And.Contain("  Coat"));
        Assert.That(table[10], Does.StartWith("Ankle boot"), "rows have room for the whole name");
        // Each count ends where its column's head ends: right-aligned under it. The row names take 11 characters.
        int[] headEnds = [.. HeadEnds(table[0])];
        Assert.That(headEnds, Has.Length.EqualTo(10));
        foreach (string row in table[1..])
            Assert.That(HeadEnds(row[11..]).Select(end => end + 11), Is.EqualTo(headEnds), row);
        Assert.That(lines, Has.Some.Match(@"^Ankle boot +– +0\.0% +109$"), "precision – for a class never predicted, recall 0");
        Assert.That(lines, Has.Some.Match(@"^T-shirt/top +\d+\.\d% +\d+\.\d% +100$"));
    }

    // Where each space-separated word of a line ends.
    private static IEnumerable<int> HeadEnds(string line)
    {
        for (int i = 0; i < line.Length; i++)
            if (line[i] != ' ' && (i + 1 == line.Length || line[i + 1] == ' '))
                yield return i;
    }

    [Test]
    public void ClassNamesComeFromFashionDigitsAListOrTheDefault()
    {
        Assert.That(ClassNames.TryParse("fashion", 10, out string[] names, out _) && names[9] == "Ankle boot" && names[0] == "T-shirt/top");
        Assert.That(ClassNames.TryParse("digits", 10, out names, out _) && names.SequenceEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]));
        Assert.That(ClassNames.TryParse(" cat , dog", 2, out names, out _) && names.SequenceEqual(["cat", "dog"]), "spaces around names are trimmed");
        Assert.That(ClassNames.TryParse("no,yes", 1, out names, out _) && names.SequenceEqual(["no", "yes"]), "one sigmoid output tells two classes apart");
        Assert.That(ClassNames.TryParse(null, 4, out names, out _) && names.SequenceEqual(["0", "1", "2", "3"]));
    }

    [TestCase("fashion", 3, "--classes: 'fashion' names 10 classes, but the network has 3 outputs; give 3 names")]
    [TestCase("a,b,c", 1, "--classes: the list names 3 classes, but the network has one sigmoid output (2 classes: below and from 0.5); give 2 names")]
    [TestCase("a,,c", 3, "--classes: name 2 is empty")]
    [TestCase("a,b,a", 3, "--classes: 'a' is named twice (names 1 and 3)")]
    [TestCase("a,b\u001b[2J", 2, "--classes: name 2 holds a control character")]
    public void ClassNamesThatDoNotFitAreAProblemForTheCaller(string text, int outputs, string expected)
    {
        Assert.That(ClassNames.TryParse(text, outputs, out _, out string problem), Is.False);
        Assert.That(problem, Is.EqualTo(expected));
    }

    [TestCase(1)]
    [TestCase(3)]
    public void PngDecodesBackToItsPixels(int channels)
    {
        const int width = 5, height = 3;
        byte[] pixels = [.. Enumerable.Range(0, width * height * channels).Select(i => (byte)(i * 37 % 256))];
        byte[] png = Png.Encode(width, height, channels, pixels);

        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "the PNG signature");
        var chunks = Chunks(png).ToList();
        Assert.That(chunks.Select(c => c.Type), Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
        byte[] header = chunks[0].Data;
        Assert.That((BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4))), Is.EqualTo((width, height)));
        Assert.That(header[8..], Is.EqualTo(new byte[] { 8, (byte)(channels == 1 ? 0 : 2), 0, 0, 0 }), "8 bits, grey or RGB, deflate, adaptive filters, no interlace");

        // Inflate the image data: each row is a filter byte (0, none) and the row's pixels as given.
        using var inflate = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflate.CopyTo(raw);
        byte[] rows = raw.ToArray();
        int rowBytes = 1 + width * channels;
        Assert.That(rows, Has.Length.EqualTo(height * rowBytes));
        for (int r = 0; r < height; r++)
        {
            Assert.That(rows[r * rowBytes], Is.Zero, $"row {r}'s filter byte");
            Assert.That(rows[(r * rowBytes + 1)..((r + 1) * rowBytes)], Is.EqualTo(pixels[(r * (rowBytes - 1))..((r + 1) * (rowBytes - 1))]), $"row {r}");
        }
    }

    [Test]
    public void PngCrcIsTheStandardCrc32()
    {
        // The check value of CRC-32 (as zip and PNG use it) for the ASCII digits 1 to 9.
        Assert.That(Crc32.Update(0, "123456789"u8), Is.EqualTo(0xCBF43926u));
        // IEND carries no data, so every PNG ends with the same CRC: AE 42 60 82.
        Assert.That(Png.Encode(1, 1, 1, [0])[^4..], Is.EqualTo(new byte[] { 0xAE, 0x42, 0x60, 0x82 }));
    }

    // Splits a PNG into its chunks, checking each one's CRC over its type and data.
    private static IEnumerable<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            byte[] data = png[(at + 8)..(at + 8 + length)];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.That(crc, Is.EqualTo(Crc32.Update(0, png.AsSpan(at + 4, 4 + length))), $"the CRC of {type}");
            yield return (type, data);
            at += 12 + length;
        }
    }

    // A report as `train` on Fashion-MNIST would give: [784, 30, 10], 10 epochs, 2000 evaluated samples. The network
    // is untrained and the images random, so most samples are misclassified and there are plenty to choose from.
    private sealed record Sample(ReportData Data, Matrix Outputs, Matrix Targets);

    private static readonly string[] HostileNames = ["<b>T-shirt</b>", "Trouser & \"belt\"", "it's", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static Sample Realistic(int epochs = 10, IReadOnlyList<string>? names = null)
    {
        var random = new Random(7);
        var network = new Network([784, 30, 10], seed: 3);
        const int m = 2000;
        var x = Matrix.Random(784, m, 0, 1, random);
        var targets = Dataset.OneHot([.. Enumerable.Range(0, m).Select(_ => random.Next(10))], 10);
        var outputs = network.Predict(x);
        double[] Falling(double from, double to) => [.. Enumerable.Range(0, epochs).Select(e => to + (from - to) * Math.Exp(-e / 2.0))];
        var data = new ReportData
        {
            Title = "train --idx fashion-mnist",
            CommandLine = "Demo train --idx /usr/share/datasets/fashion-mnist --hidden 30 --report r.html",
            Settings = ["network [784, 30, 10] sigmoid hidden, sigmoid output, ce loss", "rate 0.5, batch 10, 10 epochs"],
            DataDescription = "60000 training samples of 784 inputs, 10000 test samples, 10 outputs",
            Elapsed = TimeSpan.FromSeconds(15.4),
            TrainLoss = Falling(1.04, 0.65),
            ValidationLoss = Falling(1.0, 0.7),
            TrainAccuracy = Falling(0.83, 0.87),
            ValidationAccuracy = Falling(0.82, 0.85),
            ValidationName = "test",
            GradientNorms = [Falling(0.05, 0.01), Falling(0.9, 0.3)],
            Confusion = ConfusionMatrix.FromOutputs(outputs, targets, names ?? ClassNames.Fashion),
            FirstLayerWeights = network.Weights[0],
            Misclassified = MisclassifiedSample.Find(Inputs.Of(x), outputs, targets),
        };
        return new Sample(data, outputs, targets);
    }

    private static XDocument Parse(string html) =>
        XDocument.Load(XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));

    private static IEnumerable<XElement> Elements(XContainer root, string name) => root.Descendants().Where(e => e.Name.LocalName == name);

    private static XElement SectionOf(XDocument page, string id) => Elements(page, "section").Single(s => (string?)s.Attribute("id") == id);

    [Test]
    public void TheConfusionTableCountsTheEvaluatedSetAndItsDiagonalIsTheAccuracy()
    {
        var sample = Realistic();
        var page = Parse(TrainingReport.ToHtml(sample.Data));
        var cells = Elements(SectionOf(page, "confusion"), "td").Where(td => (string?)td.Attribute("class") == "count").ToList();
        Assert.That(cells, Has.Count.EqualTo(100));
        Assert.That(cells.Sum(td => int.Parse(td.Value)), Is.EqualTo(sample.Targets.Cols));
        int diagonal = cells.Where(td => td.Attribute("data-actual")!.Value == td.Attribute("data-predicted")!.Value).Sum(td => int.Parse(td.Value));
        string shown = Elements(page, "strong").Single(e => (string?)e.Attribute("id") == "accuracy").Value;
        Assert.That(shown, Is.EqualTo(ConfusionMatrix.Percent((double)diagonal / sample.Targets.Cols, 2)));
        Assert.That((double)diagonal / sample.Targets.Cols, Is.EqualTo(Dataset.Accuracy(sample.Outputs, sample.Targets)), "the accuracy train prints");
    }

    [Test]
    public void ThereIsOneWeightTilePerHiddenUnit()
    {
        var page = Parse(TrainingReport.ToHtml(Realistic().Data));
        var tiles = Elements(SectionOf(page, "weights"), "g").Where(g => (string?)g.Attribute("class") == "tile").ToList();
        Assert.That(tiles, Has.Count.EqualTo(30));
        Assert.That(tiles.Select(t => Elements(t, "image").Single().Attribute("href")!.Value), Has.All.StartWith("data:image/png;base64,"));
    }

    [Test]
    public void TheMisclassifiedSamplesShownAreMisclassified()
    {
        var sample = Realistic();
        int[] predicted = ConfusionMatrix.ClassesOf(sample.Outputs), actual = ConfusionMatrix.ClassesOf(sample.Targets);
        var page = Parse(TrainingReport.ToHtml(sample.Data));
        var shown = Elements(SectionOf(page, "misclassified"), "g").Where(g => (string?)g.Attribute("class") == "miss").ToList();
        Assert.That(shown, Has.Count.EqualTo(36));
        foreach (var g in shown)
        {
            int s = int.Parse(g.Attribute("data-index")!.Value);
            Assert.That(predicted[s], Is.Not.EqualTo(actual[s]), $"sample {s} is misclassified");
            Assert.That((int.Parse(g.Attribute("data-true")!.Value), int.Parse(g.Attribute("data-predicted")!.Value)), Is.EqualTo((actual[s], predicted[s])));
            Assert.That(g.Value, Does.Contain(ClassNames.Fashion[actual[s]]).And.Contain(ClassNames.Fashion[predicted[s]]));
        }
        // The most confident mistakes come first.
        double[] confidence = [.. sample.Data.Misclassified.Select(m => m.Confidence)];
        Assert.That(confidence, Is.Ordered.Descending);
        Assert.That(confidence[0], Is.EqualTo(Enumerable.Range(0, predicted.Length).Where(s => predicted[s] != actual[s]).Max(s => sample.Outputs[predicted[s], s])));
    }

    [Test]
    public void EveryCurveHasOnePointPerEpoch()
    {
        var page = Parse(TrainingReport.ToHtml(Realistic(epochs: 12).Data));
        var curves = Elements(SectionOf(page, "curves"), "polyline").ToList();
        Assert.That(curves.Select(c => (string?)c.Attribute("data-name")), Is.EqualTo(new[] { "train (during the epoch)", "test", "train (during the epoch)", "test" }), "loss, then accuracy");
        var norms = Elements(SectionOf(page, "gradients"), "polyline").ToList();
        Assert.That(norms.Select(c => (string?)c.Attribute("data-name")), Is.EqualTo(new[] { "‖dW1‖", "‖dW2‖" }));
        foreach (var curve in curves.Concat(norms))
            Assert.That(curve.Attribute("points")!.Value.Split(' '), Has.Length.EqualTo(12));
    }

    [Test]
    public void AnEpochNotMeasuredIsLeftOutOfItsCurve()
    {
        double[] accuracy = [0.5, double.NaN, double.NaN, 0.7, double.NaN, 0.8];
        var data = new ReportData { Title = "t", TrainLoss = [1, 0.9, 0.8, 0.7, 0.6, 0.5], TrainAccuracy = accuracy };
        var curves = Elements(Parse(TrainingReport.ToHtml(data)), "polyline").Select(c => c.Attribute("points")!.Value.Split(' ').Length);
        Assert.That(curves, Is.EqualTo(new[] { 6, 3 }));
    }

    [Test]
    public void ClassNamesAndTextAreEscaped()
    {
        var data = Realistic(names: HostileNames).Data with { Title = "a <script>alert(1)</script> & \u001b[2J" };
        string html = TrainingReport.ToHtml(data);
        Assert.That(html, Does.Not.Contain("<b>").And.Not.Contain("<script").And.Not.Contain("\u001b"));
        var page = Parse(html);
        Assert.That(Elements(page, "h1").Single().Value, Is.EqualTo("a <script>alert(1)</script> & \uFFFD[2J"), "read back as written, the control character replaced");
        var heads = Elements(SectionOf(page, "confusion"), "th").Select(th => th.Value).ToList();
        Assert.That(heads, Is.SupersetOf(HostileNames));
    }

    [Test]
    public void ThePageReferencesNothingOutsideItself()
    {
        string html = TrainingReport.ToHtml(Realistic().Data);
        var page = Parse(html);
        Assert.That(Elements(page, "script"), Is.Empty);
        var links = page.Descendants().Attributes().Where(a => a.Name.LocalName is "href" or "src").Select(a => a.Value).ToList();
        Assert.That(links, Has.Count.EqualTo(30 + 36).And.All.Match("^data:image/png;base64,[A-Za-z0-9+/=]+$"), "the tiles and the samples, embedded");
        // Without the embedded images (whose base64 could spell anything), the only address is SVG's namespace name, never fetched.
        string text = System.Text.RegularExpressions.Regex.Replace(html, "data:image/png;base64,[A-Za-z0-9+/=]+", "")
            .Replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        Assert.That(text, Does.Not.Contain("http").And.Not.Contain("url(").And.Not.Contain("@import").And.Not.Contain("src=").And.Not.Contain("file:"));
    }

    [Test]
    public void ARealisticReportIsWellUnderTwoMegabytes()
    {
        string html = TrainingReport.ToHtml(Realistic().Data);
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(html), Is.LessThan(2_000_000));
        TestContext.Out.WriteLine($"784-30-10, 10 epochs, 36 misclassified: {html.Length / 1024} KiB");
    }

    [Test]
    public void SectionsWithoutDataSayWhy()
    {
        var data = new ReportData { Title = "xor", TrainLoss = [0.7, 0.5, 0.2], FirstLayerWeights = new Matrix(4, 2) };
        var page = Parse(TrainingReport.ToHtml(data));
        string Skipped(string id) => Elements(SectionOf(page, id), "p").Single(p => (string?)p.Attribute("class") == "skipped").Value;
        Assert.That(Skipped("weights"), Does.Contain("the 2 inputs are not a square image"));
        Assert.That(Skipped("confusion"), Does.Contain("No confusion matrix"));
        Assert.That(Skipped("gradients"), Does.Contain("not recorded"));
        Assert.That(Elements(page, "image"), Is.Empty);
        Assert.That(Elements(SectionOf(page, "curves"), "svg").Count(), Is.EqualTo(1), "loss only: no accuracy was measured");
    }

    [Test]
    public void NonImageInputsListTheMisclassifiedSamplesInATable()
    {
        var data = new ReportData
        {
            Title = "csv",
            TrainLoss = [0.7],
            Misclassified = [new MisclassifiedSample(4, [0.5, 0.1], 1, 0, 0.8)],
            ClassNames = ["no", "yes & maybe"],
        };
        var rows = Elements(SectionOf(Parse(TrainingReport.ToHtml(data)), "misclassified"), "tr").Where(tr => (string?)tr.Attribute("class") == "miss");
        Assert.That(rows.Select(r => r.Value), Is.EqualTo(new[] { "#4yes & maybeno80%" }));
    }

    [TestCase(15.44, "15.4 s")]
    [TestCase(192, "3 min 12 s")]
    [TestCase(3900, "1 h 05 min")]
    public void TrainingTimeIsWrittenAsAPersonSaysIt(double seconds, string expected) =>
        Assert.That(TrainingReport.Duration(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void PerEpochListsOfTheWrongLengthAreRefused()
    {
        var data = new ReportData { Title = "t", TrainLoss = [1, 0.5], ValidationLoss = [1] };
        Assert.That(() => TrainingReport.ToHtml(data), Throws.ArgumentException.With.Message.Contains("ValidationLoss has 1 entries but TrainLoss has 2"));
    }

    [Test]
    public void TheCurvePanelIsAStandaloneSvgWithALegendAndLabelledAxes()
    {
        CurveSeries[] runs = [new("lr 0.1", [1, 0.5, 0.25]), new("lr 1", [1, 0.1, 0.01, 0.001], [1, 2, 4, 8]) { Dashed = true }];
        var svg = XDocument.Parse(CurvePanel.Draw("Loss of three runs", "loss", runs, logScale: true)).Root!;
        Assert.That(svg.Name, Is.EqualTo(XName.Get("svg", "http://www.w3.org/2000/svg")));
        string[] texts = [.. Elements(svg, "text").Select(t => t.Value)];
        Assert.That(texts, Is.SupersetOf(new[] { "Loss of three runs", "lr 0.1", "lr 1", "epoch", "loss (log scale)", "0.001", "0.01", "0.1", "1" }));
        Assert.That(texts, Does.Contain("8"), "the x axis reaches the last epoch of the longest run");
        Assert.That(Elements(svg, "polyline").Select(p => p.Attribute("points")!.Value.Split(' ').Length), Is.EqualTo(new[] { 3, 4 }));
    }

    [Test]
    public void ALinearAxisIsWidenedToWholeTicksAndLabelsBothEnds()
    {
        // 0.66 widens to 0.6, where 0.6 / 0.1 is 5.999… in floating point: the bottom tick must not be lost.
        var svg = XDocument.Parse(CurvePanel.Draw("loss", "loss", [new("train", [1.32, 0.9, 0.66])])).Root!;
        string[] labels = [.. Elements(svg, "text").Where(t => (string?)t.Attribute("text-anchor") == "end").Select(t => t.Value)];
        Assert.That(labels, Is.EqualTo(new[] { "0.6", "0.7", "0.8", "0.9", "1", "1.1", "1.2", "1.3", "1.4" }));
    }
}
