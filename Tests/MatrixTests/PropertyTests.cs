namespace FromScratch.Tests;

// Algebraic laws on random shapes from fixed seeds: independent of any hand-computed value.
public class PropertyTests
{
    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 20);

    private static (int, int, int) RandomShape(Random random) => (random.Next(1, 9), random.Next(1, 9), random.Next(1, 9));

    [TestCaseSource(nameof(Seeds))]
    public void TransposeOfProductIsProductOfTransposesReversed(int seed)
    {
        var random = new Random(seed);
        var (n, k, m) = RandomShape(random);
        var a = MatrixAssert.RandomMatrix(random, n, k);
        var b = MatrixAssert.RandomMatrix(random, k, m);
        MatrixAssert.Close(a.Dot(b).Transpose(), b.Transpose().Dot(a.Transpose()));
    }

    [TestCaseSource(nameof(Seeds))]
    public void ProductDistributesOverAddition(int seed)
    {
        var random = new Random(seed);
        var (n, k, m) = RandomShape(random);
        var a = MatrixAssert.RandomMatrix(random, n, k);
        var b = MatrixAssert.RandomMatrix(random, k, m);
        var c = MatrixAssert.RandomMatrix(random, k, m);
        MatrixAssert.Close(a.Dot(b + c), a.Dot(b) + a.Dot(c));
    }

    [TestCaseSource(nameof(Seeds))]
    public void TransposeTwiceIsIdentity(int seed)
    {
        var random = new Random(seed);
        var (n, k, _) = RandomShape(random);
        var a = MatrixAssert.RandomMatrix(random, n, k);
        MatrixAssert.Close(a.Transpose().Transpose(), a, 0);
    }

    [TestCaseSource(nameof(Seeds))]
    public void BroadcastEqualsAddingATiledMatrix(int seed)
    {
        var random = new Random(seed);
        var (n, m, _) = RandomShape(random);
        var z = MatrixAssert.RandomMatrix(random, n, m);
        var b = MatrixAssert.RandomMatrix(random, n, 1);
        var tiled = b.Dot(Matrix.FromRows(Enumerable.Repeat(1.0, m).ToArray())); // b · 1ᵀ repeats b m times
        MatrixAssert.Close(z + b, z + tiled, 0);
    }

    [TestCaseSource(nameof(Seeds))]
    public void MeanOverColumnsIsTheProductWithAColumnOfOneOverM(int seed)
    {
        var random = new Random(seed);
        var (n, m, _) = RandomShape(random);
        var a = MatrixAssert.RandomMatrix(random, n, m);
        var average = Matrix.Column(Enumerable.Repeat(1.0 / m, m).ToArray());
        MatrixAssert.Close(a.MeanOverColumns(), a.Dot(average));
    }
}
