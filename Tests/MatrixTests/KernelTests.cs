namespace FromScratch.Tests;

// The fast product against the plain triple loop, on shapes chosen to hit every path of Gemm:
// tiny (no packing), packed with partial edge blocks, K longer than one 256-deep slice,
// more rows than one 96-row block, and products big enough to run on several cores.
public class KernelTests
{
    private static readonly int[] Awkward = [1, 3, 7, 17, 33, 65, 257];

    private static IEnumerable<TestCaseData> Shapes()
    {
        foreach (int m in Awkward)
            foreach (int k in Awkward)
                foreach (int n in new[] { 1, 7, 17, 65 })
                    yield return new TestCaseData(m, k, n);
        yield return new TestCaseData(300, 600, 70).SetName("Parallel_300x600x70");
        yield return new TestCaseData(30, 784, 10).SetName("Training_30x784x10");
        yield return new TestCaseData(10, 30, 10).SetName("Training_10x30x10");
        yield return new TestCaseData(30, 784, 1000).SetName("ParallelWide_30x784x1000");
    }

    [TestCaseSource(nameof(Shapes))]
    public void DotMatchesTheReferenceTripleLoop(int m, int k, int n)
    {
        var random = new Random(m * 1_000_000 + k * 1000 + n);
        var a = MatrixAssert.RandomMatrix(random, m, k);
        var b = MatrixAssert.RandomMatrix(random, k, n);
        // Sums of k products of numbers in [-1, 1]; only the rounding order differs.
        MatrixAssert.Close(a.Dot(b), a.ReferenceDot(b), 1e-12 * k);
    }

    [TestCase(1, 1, 1)]
    [TestCase(4, 5, 2)]
    [TestCase(17, 33, 7)]
    [TestCase(65, 257, 33)]
    [TestCase(100, 300, 300)]
    [TestCase(37, 129, 11)]  // the dot-product path's edges: m, n not multiples of 4, k not of 8
    [TestCase(30, 784, 10)]  // W1 · Xᵀ with a batch of 10 stored one sample per row
    [TestCase(30, 784, 100)] // and of 100
    [TestCase(10, 30, 100)]
    public void TransposedOperandsAreReadInPlace(int m, int k, int n)
    {
        var random = new Random(m + k + n);
        var a = MatrixAssert.RandomMatrix(random, m, k);
        var b = MatrixAssert.RandomMatrix(random, k, n);
        var expected = a.ReferenceDot(b);
        foreach (var (transposeLeft, transposeRight) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            // Aᵀ stored, then read back through the view .T: (Aᵀ).T is A without a copy.
            Matrix storedLeft = transposeLeft ? a.Transpose() : a, storedRight = transposeRight ? b.Transpose() : b;
            var result = Matrix.Random(m, n, -5, 5, random); // garbage that must be overwritten
            Matrix returned = (transposeLeft, transposeRight) switch
            {
                (false, false) => storedLeft.Dot(storedRight, into: result),
                (true, false) => storedLeft.T.Dot(storedRight, into: result),
                (false, true) => storedLeft.Dot(storedRight.T, into: result),
                (true, true) => storedLeft.T.Dot(storedRight.T, into: result),
            };
            Assert.That(returned, Is.SameAs(result));
            MatrixAssert.Close(result, expected, 1e-12 * k);
        }
    }

    [TestCase(1, 1, 1)]
    [TestCase(4, 5, 2)]
    [TestCase(30, 10, 784)]
    [TestCase(65, 257, 33)]
    [TestCase(37, 129, 11)]
    [TestCase(200, 300, 300)]
    public void AScaleIsFoldedIntoTheProduct(int m, int k, int n)
    {
        var random = new Random(m * 7 + k * 3 + n);
        var a = MatrixAssert.RandomMatrix(random, m, k);
        var b = MatrixAssert.RandomMatrix(random, k, n);
        var expected = (-0.37) * a.ReferenceDot(b);
        MatrixAssert.Close(a.Dot(b, scale: -0.37), expected, 1e-12 * k);
        MatrixAssert.Close(a.Transpose().T.Dot(b, scale: -0.37), expected, 1e-12 * k);
        MatrixAssert.Close(a.Dot(b.Transpose().T, scale: -0.37), expected, 1e-12 * k);
    }

    [Test]
    public void DotIntoChecksShapes()
    {
        var a = Matrix.Zeros(4, 5);
        var error = Assert.Throws<ShapeMismatchException>(() => a.Dot(Matrix.Zeros(4, 2), into: Matrix.Zeros(4, 2)));
        Assert.That(error!.Message, Does.Contain("(4, 5)").And.Contain("(4, 2)").And.Contain("5 (dim 1) != 4 (dim 0)"));
        Assert.That(Assert.Throws<ShapeMismatchException>(() => a.T.Dot(Matrix.Zeros(4, 2), into: Matrix.Zeros(4, 2)))!.Message,
            Does.StartWith("Dot: shapes (5, 4) and (4, 2)").And.Contain("give a (5, 2) product, but the into matrix is (4, 2)"));
        Assert.That(a.T.Dot(Matrix.Zeros(4, 2), into: Matrix.Zeros(5, 2)).Shape, Is.EqualTo("(5, 2)"));
        Assert.Throws<ArgumentException>(() => a.Dot(Matrix.Zeros(5, 5), into: a));
        Assert.That(a.T.Shape, Is.EqualTo("(5, 4)"));
        MatrixAssert.Close(Matrix.FromRows([1, 2, 3], [4, 5, 6]).T.Copy(), Matrix.FromRows([1, 4], [2, 5], [3, 6]), 0);
    }
}
