namespace FromScratch.Tests;

public class ShapeErrorTests
{
    [Test]
    public void TheSeedsBugNamesBothShapesAndTheClash()
    {
        // The question multiplied W2 (4, 4) by X (2, 5): numpy said "shapes (4,4) and (2,5) not aligned".
        var w2 = Matrix.Zeros(4, 4);
        var x = Matrix.Zeros(2, 5);
        var error = Assert.Throws<ShapeMismatchException>(() => w2.Dot(x));
        Assert.That(error!.Message, Does.Contain("Dot").And.Contain("(4, 4)").And.Contain("(2, 5)"));
        Assert.That(error.Message, Does.Contain("4 (dim 1) != 2 (dim 0)"));
        Assert.That(error.Message, Does.Contain("left's 4 columns to equal the right's 2 rows"));
        Assert.That((error.Operation, error.LeftShape, error.RightShape), Is.EqualTo(("Dot", "(4, 4)", "(2, 5)")));
        var reference = Assert.Throws<ShapeMismatchException>(() => w2.ReferenceDot(x));
        Assert.That(reference!.Message, Is.EqualTo(error.Message.Replace("Dot:", "ReferenceDot:")));
    }

    [Test]
    public void ShapeMismatchIsAnArgumentException()
    {
        Assert.Throws(Is.InstanceOf<ArgumentException>(), () => Matrix.Zeros(2, 3).Dot(Matrix.Zeros(2, 3)));
    }

    private static IEnumerable<TestCaseData> ElementwiseMismatches()
    {
        var a = Matrix.Zeros(2, 3);
        var b = Matrix.Zeros(3, 2);
        yield return new TestCaseData(new TestDelegate(() => _ = a + b), "+").SetName("Add");
        yield return new TestCaseData(new TestDelegate(() => _ = a - b), "-").SetName("Subtract");
        yield return new TestCaseData(new TestDelegate(() => a.Hadamard(b)), "Hadamard").SetName("Hadamard");
        yield return new TestCaseData(new TestDelegate(() => a.MaxAbsDifference(b)), "MaxAbsDifference").SetName("MaxAbsDifference");
    }

    [TestCaseSource(nameof(ElementwiseMismatches))]
    public void ElementwiseMismatchNamesOperationAndBothShapes(TestDelegate operation, string name)
    {
        var error = Assert.Throws<ShapeMismatchException>(operation);
        Assert.That(error!.Operation, Is.EqualTo(name));
        Assert.That(error.Message, Does.StartWith(name + ":").And.Contain("(2, 3)").And.Contain("(3, 2)"));
    }

    [Test]
    public void OnlyAColumnOnTheRightIsBroadcast()
    {
        var z = Matrix.Zeros(4, 2);
        Assert.Throws<ShapeMismatchException>(() => _ = z + Matrix.Zeros(3, 1), "wrong column height");
        Assert.Throws<ShapeMismatchException>(() => _ = z + Matrix.Zeros(1, 2), "a row is not broadcast");
        Assert.Throws<ShapeMismatchException>(() => _ = Matrix.Zeros(4, 1) + z, "a column on the left is not broadcast");
        Assert.Throws<ShapeMismatchException>(() => _ = z - Matrix.Zeros(4, 1), "subtraction never broadcasts");
        var error = Assert.Throws<ShapeMismatchException>(() => _ = z + Matrix.Zeros(3, 1));
        Assert.That(error!.Message, Does.Contain("(4, 2)").And.Contain("(3, 1)").And.Contain("(4, 1) column"));
    }
}
