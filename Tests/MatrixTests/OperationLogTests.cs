namespace FromScratch.Tests;

public class OperationLogTests
{
    [Test]
    public void RecordsOperationsWithTheNamesGiven()
    {
        var w = Matrix.FromRows([1, 2], [3, 4]);
        var x = Matrix.Column(1, 1);
        var z = new Matrix(2, 1);
        using (var log = OperationLog.Start())
        {
            log.Name(w, "W");
            log.Name(x, "X");
            log.Name(z, "Z");
            w.Dot(x, into: z);
            w.T.Dot(x, into: z, scale: 0.25);
            Assert.That(log.Lines, Is.EqualTo(new[] { "Z = W (2, 2) · X (2, 1) -> (2, 1)", "Z = (1/4) · Wᵀ (2, 2) · X (2, 1) -> (2, 1)" }));
        }
        Assert.That(OperationLog.Current, Is.Null);
        MatrixAssert.Close(z, Matrix.Column(1, 1.5), 0); // (1/4)·Wᵀ·X = (1/4)·[4, 6]
    }

    [Test]
    public void ALogDisposedOutOfOrderNeverRecordsAgain()
    {
        var first = OperationLog.Start();
        var second = OperationLog.Start();
        first.Dispose();
        second.Dispose();
        Assert.That(OperationLog.Current, Is.Null, "the disposed first log must not come back");
        Matrix.Zeros(2, 2).Dot(Matrix.Zeros(2, 2));
        Assert.That(first.Lines, Is.Empty);
        using var third = OperationLog.Start();
        Matrix.Zeros(1, 1).ScaleInPlace(2);
        Assert.That(third.Lines, Has.Count.EqualTo(1));
    }
}
