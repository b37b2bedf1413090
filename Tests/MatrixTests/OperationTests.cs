namespace FromScratch.Tests;

// Every expected value here was worked out by hand.
public class OperationTests
{
    [Test]
    public void DotOfTwoByTwo()
    {
        var product = Matrix.FromRows([1, 2], [3, 4]).Dot(Matrix.FromRows([5, 6], [7, 8]));
        // [1·5 + 2·7, 1·6 + 2·8; 3·5 + 4·7, 3·6 + 4·8]
        MatrixAssert.Close(product, Matrix.FromRows([19, 22], [43, 50]), 0);
    }

    [Test]
    public void DotOfMatrixAndColumnIsAColumn()
    {
        var product = Matrix.FromRows([1, 2, 3], [4, 5, 6]).Dot(Matrix.Column(1, 0, -1));
        MatrixAssert.Close(product, Matrix.Column(-2, -2), 0);
    }

    [Test]
    public void DotOfRowAndColumnIsOneByOne()
    {
        var product = Matrix.FromRows([1, 2, 3]).Dot(Matrix.Column(4, 5, 6));
        MatrixAssert.Close(product, Matrix.FromRows([32]), 0);
    }

    [Test]
    public void TransposeSwapsRowsAndColumns()
    {
        var t = Matrix.FromRows([1, 2, 3], [4, 5, 6]).Transpose();
        MatrixAssert.Close(t, Matrix.FromRows([1, 4], [2, 5], [3, 6]), 0);
    }

    [Test]
    public void AddAndSubtractAreElementwise()
    {
        var a = Matrix.FromRows([1, 2], [3, 4]);
        var b = Matrix.FromRows([10, 20], [30, 40]);
        MatrixAssert.Close(a + b, Matrix.FromRows([11, 22], [33, 44]), 0);
        MatrixAssert.Close(b - a, Matrix.FromRows([9, 18], [27, 36]), 0);
        MatrixAssert.Close(-a, Matrix.FromRows([-1, -2], [-3, -4]), 0);
    }

    [Test]
    public void AddingAColumnBroadcastsItToEveryColumn()
    {
        var z = Matrix.FromRows([1, 2, 3], [4, 5, 6]) + Matrix.Column(10, 20);
        MatrixAssert.Close(z, Matrix.FromRows([11, 12, 13], [24, 25, 26]), 0);
    }

    [Test]
    public void HadamardMultipliesEntryByEntry()
    {
        var h = Matrix.FromRows([1, 2], [3, 4]).Hadamard(Matrix.FromRows([5, 6], [7, 8]));
        MatrixAssert.Close(h, Matrix.FromRows([5, 12], [21, 32]), 0);
    }

    [Test]
    public void ScalarMultiplyAndDivide()
    {
        var a = Matrix.FromRows([1, -2]);
        MatrixAssert.Close(2 * a, Matrix.FromRows([2, -4]), 0);
        MatrixAssert.Close(a * 3, Matrix.FromRows([3, -6]), 0);
        MatrixAssert.Close(a / 4, Matrix.FromRows([0.25, -0.5]), 0);
    }

    [Test]
    public void MapAppliesTheFunctionToEveryEntry()
    {
        var squared = Matrix.FromRows([1, -2], [3, 0.5]).Map(v => v * v);
        MatrixAssert.Close(squared, Matrix.FromRows([1, 4], [9, 0.25]), 0);
    }

    [Test]
    public void MeanOverColumnsKeepsAColumn()
    {
        var mean = Matrix.FromRows([1, 2, 3], [4, 5, 9]).MeanOverColumns();
        MatrixAssert.Close(mean, Matrix.Column(2, 6), 0);
    }

    [Test]
    public void SumAndNorm()
    {
        Assert.That(Matrix.FromRows([1, 2, 3], [4, 5, 9]).Sum(), Is.EqualTo(24));
        Assert.That(Matrix.FromRows([3, 4]).Norm(), Is.EqualTo(5));
    }

    [Test]
    public void IsFiniteSpotsNaNAndInfinityButNotHugeValues()
    {
        var m = Matrix.FromRows([1e308, -1e308]);
        Assert.That(m.IsFinite(), Is.True);
        m[0, 1] = double.NaN;
        Assert.That(m.IsFinite(), Is.False);
        m[0, 1] = double.NegativeInfinity;
        Assert.That(m.IsFinite(), Is.False);
    }

    [Test]
    public void AddScaledInPlaceIsTheGradientStep()
    {
        var w = Matrix.FromRows([1, 2], [3, 4]);
        w.AddScaledInPlace(-0.5, Matrix.FromRows([2, 0], [-2, 4]));
        MatrixAssert.Close(w, Matrix.FromRows([0, 2], [4, 2]), 0);
        Assert.Throws<ShapeMismatchException>(() => w.AddScaledInPlace(1, Matrix.Zeros(2, 1)));
    }

    [Test]
    [TestCase(1)]
    [TestCase(8)]
    [TestCase(10)] // more than one block of eight rows
    [TestCase(17)]
    public void CopyRowsIntoColumnsGathersSamplesAsColumns(int k)
    {
        var random = new Random(k);
        var samples = MatrixAssert.RandomMatrix(random, 40, 13); // 40 samples of 13 values, one per row
        int[] chosen = [.. Enumerable.Range(0, k).Select(_ => random.Next(40))];
        var batch = Matrix.Random(13, k, -9, 9, random); // garbage to overwrite
        samples.CopyRowsIntoColumns(chosen, batch);
        for (int j = 0; j < k; j++)
            for (int c = 0; c < 13; c++)
                Assert.That(batch[c, j], Is.EqualTo(samples[chosen[j], c]), $"sample {j}, value {c}");
        var error = Assert.Throws<ArgumentException>(() => samples.CopyRowsIntoColumns([0, 40], new Matrix(13, 2)));
        Assert.That(error!.Message, Does.Contain("row 40 (position 1)").And.Contain("(40, 13)"));
    }

    [Test]
    public void SelectColumnsTakesThemInTheGivenOrder()
    {
        var picked = Matrix.FromRows([1, 2, 3], [4, 5, 6]).SelectColumns([2, 0, 2]);
        MatrixAssert.Close(picked, Matrix.FromRows([3, 1, 3], [6, 4, 6]), 0);
        var error = Assert.Throws<ArgumentException>(() => Matrix.Zeros(2, 3).SelectColumns([0, 3]));
        Assert.That(error!.Message, Does.Contain("column 3").And.Contain("(2, 3)"));
    }

    [Test]
    public void ConsecutiveColumnsAreCopiedAsBlocksWithTheSameResultAsOneByOne()
    {
        // A run of columns takes the block copy; the same columns with one out of order take the gather. Both
        // must equal a copy by hand, at the edges of the matrix too.
        var random = new Random(3);
        var m = Matrix.Random(7, 50, -1, 1, random);
        foreach (int[] columns in new[] { [10, 11, 12, 13], [0], [46, 47, 48, 49], [.. Enumerable.Range(0, 50)], new[] { 10, 12, 11, 13 } })
        {
            var copied = new Matrix(7, columns.Length);
            m.CopyColumnsInto(columns, copied);
            for (int r = 0; r < 7; r++)
                for (int j = 0; j < columns.Length; j++)
                    Assert.That(copied[r, j], Is.EqualTo(m[r, columns[j]]), $"row {r}, column {columns[j]}");
        }
        Assert.That(() => m.CopyColumnsInto([48, 49, 50], new Matrix(7, 3)), Throws.ArgumentException.With.Message.Contains("column 50"));
    }

    [Test]
    public void ArgMaxPerColumnPicksTheFirstLargest()
    {
        var m = Matrix.FromRows([1, 5, 2], [3, 0, 2]);
        Assert.That(m.ArgMaxPerColumn(), Is.EqualTo(new[] { 1, 0, 0 }));
        Assert.That(m.ArgMaxOfColumn(2), Is.EqualTo(0), "a tie goes to the first row");
        Assert.That(() => m.ArgMaxOfColumn(3), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("column 3 is out of bounds for a matrix of shape (2, 3)"));
    }

    [Test]
    public void AllCloseUsesNumpysTolerances()
    {
        var a = Matrix.FromRows([1.0, 1000.0]);
        Assert.That(a.AllClose(Matrix.FromRows([1.0 + 1e-9, 1000.0 + 1e-3])), Is.True);
        Assert.That(a.AllClose(Matrix.FromRows([1.0 + 1e-4, 1000.0])), Is.False);
        Assert.That(a.AllClose(Matrix.FromRows([1.0], [1000.0])), Is.False, "different shapes are never close");
        Assert.That(a.MaxAbsDifference(Matrix.FromRows([1.5, 998])), Is.EqualTo(2));
    }

    [TestCase(0.0, 0.5)]
    [TestCase(2.0, 0.88079707797788231)] // 1 / (1 + e^-2)
    [TestCase(-2.0, 0.11920292202211769)]
    [TestCase(1000.0, 1.0)]
    [TestCase(-1000.0, 0.0)]
    public void SigmoidKnownValues(double z, double expected)
    {
        double s = Matrix.SigmoidOf(z);
        Assert.That(s, Is.EqualTo(expected).Within(1e-15));
        Assert.That(double.IsFinite(s), Is.True);
    }

    [Test]
    public void SigmoidOfLogThreeIsThreeQuarters()
    {
        // σ(ln 3) = 1 / (1 + 1/3) = 3/4 and σ(−ln 3) = 1/4.
        var s = Matrix.FromRows([Math.Log(3), -Math.Log(3)]).Sigmoid();
        MatrixAssert.Close(s, Matrix.FromRows([0.75, 0.25]), 1e-15);
    }

    [Test]
    public void SigmoidOfExtremesHasNoNaN()
    {
        var s = Matrix.FromRows([-1000, -745, 0, 745, 1000]).Sigmoid();
        Assert.That(s.ToRows()[0], Has.All.Matches<double>(double.IsFinite));
        Assert.That((s[0, 0], s[0, 4]), Is.EqualTo((0.0, 1.0)));
    }
}
