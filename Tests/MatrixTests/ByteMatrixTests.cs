namespace FromScratch.Tests;

// Matrix.OfBytes: 8-bit values read in place, each through a table, as training reads images. A product must read
// exactly the doubles a copy would hold, on every kernel and split, so training on bytes gives the same bits.
public class ByteMatrixTests
{
    private static readonly double[] Over255 = [.. Enumerable.Range(0, 256).Select(v => v / 255.0)];

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0;
        bytes[^1] = 255;
        return bytes;
    }

    [Test]
    public void EachEntryIsItsSamplesByteThroughTheTable()
    {
        byte[] bytes = RandomBytes(6 * 4, seed: 1); // 6 samples of 4 bytes
        int[] samples = [5, 0, 5, 2];
        var x = Matrix.OfBytes(bytes, 4, samples, Over255);
        Assert.That(x.Shape, Is.EqualTo("(4, 4)"));
        Assert.That(x.ReadsBytes, Is.True);
        Matrix copy = x.ToDoubles();
        Assert.That(copy.ReadsBytes, Is.False);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < samples.Length; c++)
            {
                Assert.That(x[r, c], Is.EqualTo(bytes[samples[c] * 4 + r] / 255.0), $"entry [{r}, {c}]");
                Assert.That(copy[r, c], Is.EqualTo(x[r, c]));
            }
        Assert.That(x.IsFinite(), Is.True);
        Assert.That(x.ToString(), Is.EqualTo("Matrix " + copy.ToString()[7..]), "printed as its copy is printed");
    }

    [Test]
    public void IntoPointsTheSameMatrixAtOtherSamplesWithoutAllocating()
    {
        byte[] bytes = RandomBytes(10 * 3, seed: 2);
        var x = Matrix.OfBytes(bytes, 3, [0, 1], Over255);
        int[] next = [9, 4];
        Matrix.OfBytes(bytes, 3, next, Over255, into: x); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        Matrix same = Matrix.OfBytes(bytes, 3, next, Over255, into: x);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(same, Is.SameAs(x));
        Assert.That(x[2, 0], Is.EqualTo(bytes[9 * 3 + 2] / 255.0));
        bytes[4 * 3] = 17; // the bytes are read, not copied
        Assert.That(x[0, 1], Is.EqualTo(17 / 255.0));
    }

    // Every kernel and split of KernelPathTests, on shapes with the same edges: W·X (X plain) and dZ·Xᵀ (X transposed)
    // with X as bytes must give the same bits as with X as doubles, and the sums of the triple loop.
    private static readonly (int M, int Features, int Samples, string Why)[] Shapes =
    [
        (1, 1, 1, "one entry"),
        (7, 17, 9, "a partial strip of rows and a partial panel"),
        (30, 300, 40, "30 hidden units, more features than one slice of k"),
        (100, 33, 21, "rows past one block: B packed a slice at a time"),
        (30, 20, 600, "more samples than one slice of k in dZ·Xᵀ"),
        (30, 20, 4_400, "W·X past Gemm.LargeC (30 × 4,400: 1.06 MB): packed a panel at a time, panel by panel"),
    ];

    private static IEnumerable<TestCaseData> Paths()
    {
        foreach (var (kernel, splits) in new[] { ("Vector512", new[] { 1, 2, 3 }), ("Vector256", [1, 2, 3]), ("Scalar", [1]) })
            foreach (int parts in splits)
                yield return new TestCaseData(kernel, parts).SetName($"ProductsOfBytesAreThoseOfTheirDoubles({kernel}, {parts} part{(parts > 1 ? "s" : "")})");
    }

    [TestCaseSource(nameof(Paths))]
    public void ProductsOfBytesAreThoseOfTheirDoubles(string kernelName, int parts)
    {
        using var failures = Assert.EnterMultipleScope();
        foreach (var (m, features, samples, why) in Shapes)
        {
            var random = new Random(m * 1000 + features + samples);
            byte[] bytes = RandomBytes(features * (samples + 3), seed: m + samples);
            int[] chosen = [.. Enumerable.Range(0, samples).Select(_ => random.Next(samples + 3))];
            Matrix x = Matrix.OfBytes(bytes, features, chosen, Over255);
            // The same values as doubles, written from the bytes here, not by ToDoubles.
            var doubles = new Matrix(features, samples);
            for (int f = 0; f < features; f++)
                for (int s = 0; s < samples; s++)
                    doubles[f, s] = bytes[chosen[s] * features + f] / 255.0;
            var w = MatrixAssert.RandomMatrix(random, m, features);
            var dZ = MatrixAssert.RandomMatrix(random, m, samples);
            string shape = $"{m} × {features} × {samples} ({why})";
            using (Gemm.Force(Enum.Parse<Gemm.Kernel>(kernelName), parts))
            {
                Assert.That(w.Dot(x, scale: 0.3).MaxAbsDifference(w.Dot(doubles, scale: 0.3)), Is.Zero, $"W·X, {shape}");
                Assert.That(dZ.Dot(x.T, scale: 0.3).MaxAbsDifference(dZ.Dot(doubles.T, scale: 0.3)), Is.Zero, $"dZ·Xᵀ, {shape}");
            }
            Assert.That(w.Dot(x).MaxAbsDifference(w.ReferenceDot(doubles)), Is.LessThan(1e-12 * features), $"W·X against the triple loop, {shape}");
            Assert.That(w.ReferenceDot(x).MaxAbsDifference(w.ReferenceDot(doubles)), Is.Zero, $"the triple loop reads bytes too, {shape}");
        }
    }

    [Test]
    public void AnythingButReadingIsRefusedWithTheWayOut()
    {
        byte[] bytes = RandomBytes(12, seed: 3);
        var x = Matrix.OfBytes(bytes, 3, [0, 1, 2, 3], Over255);
        var w = new Matrix(2, 3);
        const string WayOut = "ToDoubles() makes a copy";
        Assert.That(() => x.Sum(), Throws.InvalidOperationException.With.Message.Contains("a (3, 4) matrix of bytes (Matrix.OfBytes) is read in place").And.Message.Contains(WayOut));
        Assert.That(() => x[0, 0] = 1, Throws.InvalidOperationException.With.Message.Contains(WayOut));
        Assert.That(() => x.Copy(), Throws.InvalidOperationException.With.Message.Contains(WayOut));
        Assert.That(() => x.T.Dot(new Matrix(3, 2)), Throws.ArgumentException.With.Message.Contains("only as the right operand").And.Message.Contains("copy for the left operand"));
        Assert.That(() => w.Dot(new Matrix(3, 4), into: Matrix.OfBytes(bytes, 2, [0, 1, 2, 3], Over255)), Throws.ArgumentException.With.Message.Contains("copy for the result"));
        Assert.That(w.Dot(x).Shape, Is.EqualTo("(2, 4)"), "while a product reads it");
    }

    [Test]
    public void BadArgumentsNameWhatIsWrong()
    {
        byte[] bytes = RandomBytes(12, seed: 4);
        Assert.That(() => Matrix.OfBytes(bytes, 3, [0, 4], Over255), Throws.ArgumentException.With.Message.EqualTo("OfBytes: sample 4 is out of range; 12 bytes hold 4 samples of 3"));
        Assert.That(() => Matrix.OfBytes(bytes, 3, [-1], Over255), Throws.ArgumentException.With.Message.Contains("sample -1 is out of range"));
        Assert.That(() => Matrix.OfBytes(bytes, 0, [0], Over255), Throws.ArgumentException.With.Message.Contains("at least 1 byte per sample"));
        Assert.That(() => Matrix.OfBytes(bytes, 3, [], Over255), Throws.ArgumentException.With.Message.Contains("and 1 sample, got 3 and 0"));
        Assert.That(() => Matrix.OfBytes(bytes, 3, [0], new double[255]), Throws.ArgumentException.With.Message.Contains("256 values; got 255"));
        double[] withNaN = [.. Over255];
        withNaN[7] = double.NaN;
        Assert.That(() => Matrix.OfBytes(bytes, 3, [0], withNaN), Throws.ArgumentException.With.Message.Contains("value for byte 7 is NaN"));
        var x = Matrix.OfBytes(bytes, 3, [0, 1], Over255);
        Assert.That(() => Matrix.OfBytes(bytes, 3, [0, 1, 2], Over255, into: x), Throws.ArgumentException.With.Message.Contains("3 rows and 3 columns; it is (3, 2)"));
        Assert.That(() => Matrix.OfBytes(RandomBytes(12, seed: 5), 3, [0, 1], Over255, into: x), Throws.ArgumentException.With.Message.Contains("a matrix of these bytes"));
        Assert.That(() => Matrix.OfBytes(bytes, 3, [0, 1], Over255, into: new Matrix(3, 2)), Throws.ArgumentException.With.Message.Contains("it is (3, 2) of doubles"));
        Assert.That(() => Matrix.OfBytes(bytes, 3, [0, 1], [.. Enumerable.Range(0, 256).Select(v => v / 256.0)], into: x), Throws.ArgumentException.With.Message.Contains("another table"));
        Assert.That(() => Matrix.OfBytes(bytes, 3, [3, 9], Over255, into: x), Throws.ArgumentException.With.Message.Contains("sample 9 is out of range"));
        Assert.That(x[0, 0], Is.EqualTo(bytes[0] / 255.0), "a refused call leaves the matrix at its samples");
    }
}
