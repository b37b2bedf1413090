using System.Numerics;
using System.Runtime.Intrinsics;

namespace FromScratch.Tests;

// Every path of the product on any machine: Gemm.Force chooses the kernel (512-bit, 256-bit or scalar)
// and the number of parts a product is split into, which otherwise depend on the hardware, the size and
// the cores. Force is per thread and undone by its scope, so these tests need no [NonParallelizable].
public class KernelPathTests
{
    // Edges not multiples of the blocks (MR = 6 rows, NR = 8 or 16 columns, KC = 256 deep, MC = 96 rows).
    private static readonly (int M, int K, int N, string Why)[] Shapes =
    [
        (1, 1, 1, "one entry"),
        (3, 5, 2, "smaller than one block"),
        (7, 17, 9, "a partial strip of rows and a partial panel"),
        (30, 40, 16, "whole strips of six rows and whole panels, as for 30 hidden units"),
        (17, 257, 33, "k one past a slice"),
        (97, 33, 17, "m one row past a block of rows"),
        (33, 300, 70, "too few rows to split by rows: split by panels, some parts empty"),
        (100, 260, 257, "A packed (17 or 33 panels), over two slices of k"),
        (301, 20, 37, "split by rows into 2 or 3 parts: 51 strips, the last of 1 row"),
        (389, 20, 37, "split by rows into 2 or 3 parts: 65 strips, which neither divides evenly"),
        (1001, 20, 37, "split by rows into 8 parts: 167 strips, the last of 5 rows"),
    ];

    // Each kernel with each split, with the workers as they are (often asleep at the first product) and
    // woken first (a split hands its parts over differently then); the scalar kernel never splits. Test cases are the same on every machine.
    private static IEnumerable<TestCaseData> Paths()
    {
        foreach (var (kernel, splits) in new[] { ("Vector512", new[] { 1, 2, 3, 8 }), ("Vector256", [1, 2, 3, 8]), ("Scalar", [1]) })
            foreach (int parts in splits)
                foreach (bool awake in new[] { false, true })
                    yield return new TestCaseData(kernel, parts, awake).SetName(
                        $"ForcedPathMatchesTheReferenceTripleLoop({kernel}, {parts} part{(parts > 1 ? "s" : "")}{(awake ? ", workers kept awake" : "")})");
    }

    [TestCaseSource(nameof(Paths))]
    public void ForcedPathMatchesTheReferenceTripleLoop(string kernelName, int parts, bool awake)
    {
        if (awake)
            Workers.WakeAll();
        var kernel = Enum.Parse<Gemm.Kernel>(kernelName);
        // Without AVX-512 (or AVX2) the kernel still runs, its vectors done in software: its logic is
        // checked on every machine, its instructions only on one that has them.
        if (kernel == Gemm.Kernel.Vector512 && !Vector512.IsHardwareAccelerated)
            TestContext.Out.WriteLine("this machine has no AVX-512: the 512-bit kernel runs with vectors emulated in software");
        using var failures = Assert.EnterMultipleScope(); // report every shape that fails, not only the first
        foreach (var (m, k, n, why) in Shapes)
        {
            var random = new Random(m * 1_000_000 + k * 1000 + n);
            var a = MatrixAssert.RandomMatrix(random, m, k);
            var b = MatrixAssert.RandomMatrix(random, k, n);
            var expected = a.ReferenceDot(b);
            var scaled = -0.37 * expected;
            // Aᵀ and Bᵀ stored, then read back through the view .T: (Aᵀ).T is A without a copy.
            Matrix storedLeft = a.Transpose(), storedRight = b.Transpose();
            double tolerance = 1e-12 * k; // sums of k products of numbers in [-1, 1]; only the rounding order differs
            string shape = $"{m}x{k}x{n} ({why})";
            using (Gemm.Force(kernel, parts))
            {
                AssertClose(a.Dot(b), expected, tolerance, $"{shape}: A · B");
                foreach (var (transposeLeft, transposeRight) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    var into = Matrix.Random(m, n, -5, 5, random); // garbage that must be overwritten
                    Matrix returned = (transposeLeft, transposeRight) switch
                    {
                        (false, false) => a.Dot(b, into: into, scale: -0.37),
                        (true, false) => storedLeft.T.Dot(b, into: into, scale: -0.37),
                        (false, true) => a.Dot(storedRight.T, into: into, scale: -0.37),
                        (true, true) => storedLeft.T.Dot(storedRight.T, into: into, scale: -0.37),
                    };
                    Assert.That(returned, Is.SameAs(into));
                    AssertClose(into, scaled, tolerance,
                        $"{shape}: -0.37 · {(transposeLeft ? "(Aᵀ).T" : "A")} · {(transposeRight ? "(Bᵀ).T" : "B")} into");
                }
            }
            Assert.That(Gemm.Forced, Is.Null, "the scope put back the machine's own choice");
        }
    }

    // A C wider than Gemm.LargeC (here 32 × 4,099: 1.05 MB) is computed panel by panel, each panel through every slice of k
    // (257: two slices), instead of slice by slice: on every kernel and split, the triple loop's sums, and the same bits
    // as on one part. 32 rows are five full strips of 6 and a partial one, 4,099 columns end in a partial panel of 8 and
    // of 16. (Its own test, not a row of Shapes: at 34 million multiply-adds it would slow every path above.)
    [TestCase("Vector512")]
    [TestCase("Vector256")]
    [TestCase("Scalar")]
    public void AWideProductMatchesTheReferenceTripleLoopOnEverySplit(string kernelName)
    {
        const int m = 32, k = 257, n = 4_099;
        Assert.That((long)m * n * sizeof(double), Is.GreaterThan(Gemm.LargeC), "the shape reaches the panel-by-panel order");
        var random = new Random(5);
        var a = MatrixAssert.RandomMatrix(random, m, k);
        var b = MatrixAssert.RandomMatrix(random, k, n);
        var expected = a.ReferenceDot(b);
        var kernel = Enum.Parse<Gemm.Kernel>(kernelName);
        Matrix? onePart = null;
        foreach (int parts in kernel == Gemm.Kernel.Scalar ? new[] { 1 } : [1, 2, 3])
        {
            var into = Matrix.Random(m, n, -5, 5, random); // garbage that must be overwritten
            using (Gemm.Force(kernel, parts))
                a.Dot(b, into: into);
            AssertClose(into, expected, 1e-12 * k, $"{kernelName}, {parts} parts");
            onePart ??= into;
            Assert.That(into.MaxAbsDifference(onePart), Is.Zero, $"{kernelName}: {parts} parts give the bits of one");
        }
    }

    // A sum of 0 times a negative scale is −0, and C cleared then added to gives −0 + 0 = +0, as the scalar loop does. The
    // packed kernels write their first slice of k over C instead of adding it; that must give the same bits, +0, in full
    // blocks and at the edges (7 × 17: a partial strip, and a partial panel of 8 and of 16), and the next slice keeps it.
    [TestCase("Vector512")]
    [TestCase("Vector256")]
    [TestCase("Scalar")]
    public void AZeroSumTimesANegativeScaleIsPlusZeroOnEveryKernel(string kernelName)
    {
        var a = new Matrix(7, 300); // zeros: every sum is +0; 300 deep, two slices of k
        var b = Matrix.Random(300, 17, -1, 1, new Random(3));
        var into = Matrix.Random(7, 17, -5, 5, new Random(4)); // garbage that must be overwritten
        using (Gemm.Force(Enum.Parse<Gemm.Kernel>(kernelName), 1))
            a.Dot(b, into: into, scale: -0.37);
        Assert.That(into.AsSpan().ToArray().Count(double.IsNegative), Is.Zero, $"{kernelName}: entries that are −0 instead of +0");
    }

    [Test]
    public void ForceIsPerThreadNestsAndChecksItsArguments()
    {
        Assert.That(Gemm.Forced, Is.Null);
        using (Gemm.Force(Gemm.Kernel.Scalar, 1))
        {
            using (Gemm.Force(Gemm.Kernel.Vector256, 3))
                Assert.That(Gemm.Forced, Is.EqualTo((Gemm.Kernel.Vector256, 3)));
            Assert.That(Gemm.Forced, Is.EqualTo((Gemm.Kernel.Scalar, 1)), "the inner scope put back the outer choice");
            (Gemm.Kernel, int)? seenByAnotherThread = (Gemm.Kernel.Scalar, 0);
            var thread = new Thread(() => seenByAnotherThread = Gemm.Forced);
            thread.Start();
            thread.Join();
            Assert.That(seenByAnotherThread, Is.Null, "another thread's products are not forced");
        }
        Assert.That(Gemm.Forced, Is.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Force(Gemm.Kernel.Scalar, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Force(Gemm.Kernel.Scalar, 0));
        Assert.That(Gemm.Forced, Is.Null, "a refused Force changes nothing");
    }

    // The elementwise kernels run Vector<double>.Count lanes at a time and finish with a scalar tail:
    // lengths from 0 to past three vectors cover the tail alone, the vectors alone, and both. The span is
    // cut from the middle of a longer array, so that a write past either end shows.
    private static IEnumerable<int> Lengths => Enumerable.Range(0, 3 * Vector<double>.Count + 2);

    [Test]
    public void AddScaledMatchesAPlainLoopAtEveryLength()
    {
        var random = new Random(1);
        foreach (int length in Lengths)
        {
            double[] destination = RandomArray(random, length + 2), source = RandomArray(random, length);
            double[] expected = (double[])destination.Clone();
            for (int i = 0; i < length; i++)
                expected[i + 1] += 0.37 * source[i];
            MatrixKernels.AddScaled(destination.AsSpan(1, length), 0.37, source);
            Assert.That(destination, Is.EqualTo(expected).Within(1e-15), $"length {length} ({Vector<double>.Count} lanes per vector)");
        }
    }

    [Test]
    public void ScaleMatchesAPlainLoopAtEveryLength()
    {
        var random = new Random(2);
        foreach (int length in Lengths)
        {
            double[] values = RandomArray(random, length + 2);
            double[] expected = (double[])values.Clone();
            for (int i = 0; i < length; i++)
                expected[i + 1] *= -0.37;
            MatrixKernels.Scale(values.AsSpan(1, length), -0.37);
            Assert.That(values, Is.EqualTo(expected).Within(1e-15), $"length {length} ({Vector<double>.Count} lanes per vector)");
        }
    }

    private static double[] RandomArray(Random random, int length) =>
        [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1)];

    // One assertion on the worst entry: tens of thousands of entries, each in its own Assert.That, would be slow.
    private static void AssertClose(Matrix actual, Matrix expected, double tolerance, string what)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), what);
        (int Row, int Col, double Error) worst = (0, 0, -1);
        for (int r = 0; r < expected.Rows; r++)
            for (int c = 0; c < expected.Cols; c++)
            {
                double error = Math.Abs(actual[r, c] - expected[r, c]);
                if (double.IsNaN(error))
                    error = double.PositiveInfinity;
                if (error > worst.Error)
                    worst = (r, c, error);
            }
        Assert.That(actual[worst.Row, worst.Col], Is.EqualTo(expected[worst.Row, worst.Col]).Within(tolerance),
            $"{what}: entry [{worst.Row}, {worst.Col}], the furthest from the reference");
    }
}

public class WideProductTests
{
    [Test]
    public void AVeryWideProductWithAShortDepthNeedsNoMoreThanItsOwnSize()
    {
        // (1 × 1) · (1 × 17,000,000): dW1 = dZ1 · Xᵀ for one sample of 17 million inputs. Packing a full
        // 256-deep slice for it would be 4.4 billion entries, past what an int counts.
        const int n = 17_000_000;
        var wide = new Matrix(1, n);
        wide.AsSpan().Fill(0.5);
        var product = Matrix.FromRows([3.0]).Dot(wide);
        Assert.That(product.Cols, Is.EqualTo(n));
        Assert.That(product[0, 0], Is.EqualTo(1.5));
        Assert.That(product[0, n - 1], Is.EqualTo(1.5));
    }
}
