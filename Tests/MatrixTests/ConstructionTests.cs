namespace FromScratch.Tests;

public class ConstructionTests
{
    [Test]
    public void ZerosHasTheShapeAndOnlyZeros()
    {
        var m = Matrix.Zeros(2, 3);
        Assert.That((m.Rows, m.Cols, m.Shape), Is.EqualTo((2, 3, "(2, 3)")));
        Assert.That(m.Sum(), Is.Zero);
        Assert.That(m.Norm(), Is.Zero);
    }

    [Test]
    public void FromRowsKeepsRowMajorOrder()
    {
        var m = Matrix.FromRows([1, 2, 3], [4, 5, 6]);
        Assert.That(m.Shape, Is.EqualTo("(2, 3)"));
        Assert.That((m[0, 0], m[0, 2], m[1, 0], m[1, 2]), Is.EqualTo((1.0, 3.0, 4.0, 6.0)));
    }

    [Test]
    public void FromArrayMatchesFromRows()
    {
        var fromArray = Matrix.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        MatrixAssert.Close(fromArray, Matrix.FromRows([1, 2], [3, 4], [5, 6]), 0);
    }

    [Test]
    public void ColumnIsNByOne()
    {
        var b = Matrix.Column(7, 8, 9);
        Assert.That(b.Shape, Is.EqualTo("(3, 1)"));
        Assert.That(b[2, 0], Is.EqualTo(9));
    }

    [Test]
    public void RaggedRowsAreRejectedNamingTheRow()
    {
        var error = Assert.Throws<ArgumentException>(() => Matrix.FromRows([1, 2], [3, 4], [5]));
        Assert.That(error!.Message, Does.Contain("row 2 has 1 values but row 0 has 2"));
    }

    [TestCase(0, 3, "rows must be positive, got 0")]
    [TestCase(2, -1, "cols must be positive, got -1")]
    public void NonPositiveSizesAreRejectedNamingTheSize(int rows, int cols, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Zeros(rows, cols));
        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void EmptyInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Matrix.FromRows());
        Assert.Throws<ArgumentException>(() => Matrix.FromRows([]));
        Assert.Throws<ArgumentException>(() => Matrix.Column());
        Assert.Throws<ArgumentException>(() => Matrix.FromArray(new double[0, 3]));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void NonFiniteValuesAreRejectedNamingThePosition(double bad)
    {
        var error = Assert.Throws<ArgumentException>(() => Matrix.FromRows([1, 2], [3, bad]));
        Assert.That(error!.Message, Does.Contain("[1, 1]"));
        Assert.Throws<ArgumentException>(() => Matrix.Column(1, bad));
    }

    [Test]
    public void RandomIsInRangeAndRepeatableFromASeed()
    {
        var a = Matrix.Random(20, 30, -1, 1, new Random(7));
        var b = Matrix.Random(20, 30, -1, 1, new Random(7));
        var c = Matrix.Random(20, 30, -1, 1, new Random(8));
        MatrixAssert.Close(a, b, 0);
        Assert.That(a.AllClose(c), Is.False);
        foreach (double v in a.ToRows().SelectMany(row => row))
            Assert.That(v, Is.InRange(-1.0, 1.0));
        // 600 uniform draws: the mean is near 0 and both halves of the range are used.
        Assert.That(a.Sum() / 600, Is.EqualTo(0).Within(0.1));
        Assert.Throws<ArgumentException>(() => Matrix.Random(2, 2, 1, 1, new Random(1)));
    }

    [Test]
    public void CopyIsIndependent()
    {
        var original = Matrix.FromRows([1, 2]);
        var copy = original.Copy();
        copy[0, 0] = 100;
        Assert.That(original[0, 0], Is.EqualTo(1));
    }

    [Test]
    public void IndexerChecksBoundsNamingIndexAndShape()
    {
        var m = Matrix.Zeros(2, 3);
        var error = Assert.Throws<IndexOutOfRangeException>(() => _ = m[2, 0]);
        Assert.That(error!.Message, Does.Contain("[2, 0]").And.Contain("(2, 3)"));
        Assert.Throws<IndexOutOfRangeException>(() => m[0, -1] = 1);
    }
}
