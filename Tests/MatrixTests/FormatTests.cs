namespace FromScratch.Tests;

// Expected strings are what numpy 1.24 printed for the same arrays with print(np.array(...)).
public class FormatTests
{
    [Test]
    public void AlignsDecimalPointsLikeNumpy()
    {
        var m = Matrix.FromRows([1, 0.5, -2], [0.25, 3, 4]);
        Assert.That(m.FormatValues(), Is.EqualTo("[[ 1.    0.5  -2.  ]\n [ 0.25  3.    4.  ]]"));
    }

    [Test]
    public void ToStringStartsWithTheShape()
    {
        var m = Matrix.FromRows([1, 2], [3, 4]);
        Assert.That(m.ToString(), Is.EqualTo("Matrix (2, 2)\n[[1. 2.]\n [3. 4.]]"));
    }

    [Test]
    public void RoundsToEightDecimalsAndPadsFractions()
    {
        var m = Matrix.FromRows([0.1 + 0.2, 1.0 / 3]);
        Assert.That(m.FormatValues(), Is.EqualTo("[[0.3        0.33333333]]"));
    }

    [Test]
    public void SwitchesToScientificForTinyOrHugeValues()
    {
        Assert.That(Matrix.FromRows([1e-5, 1]).FormatValues(), Is.EqualTo("[[1.e-05 1.e+00]]"));
        Assert.That(Matrix.FromRows([123456789.0, 1]).FormatValues(), Is.EqualTo("[[1.23456789e+08 1.00000000e+00]]"));
    }

    [Test]
    public void PrintsNaNAndInfinityLikeNumpy()
    {
        var m = Matrix.Zeros(1, 3);
        m[0, 0] = -1.5;
        m[0, 1] = double.NaN;
        m[0, 2] = double.PositiveInfinity;
        Assert.That(m.FormatValues(), Is.EqualTo("[[-1.5  nan  inf]]"));
    }

    [Test]
    public void AbbreviatesLargeMatricesWithEllipses()
    {
        var m = Matrix.Zeros(40, 50);
        for (int r = 0; r < 40; r++)
            for (int c = 0; c < 50; c++)
                m[r, c] = r * 50 + c;
        const string numpy =
            "[[0.000e+00 1.000e+00 2.000e+00 ... 4.700e+01 4.800e+01 4.900e+01]\n" +
            " [5.000e+01 5.100e+01 5.200e+01 ... 9.700e+01 9.800e+01 9.900e+01]\n" +
            " [1.000e+02 1.010e+02 1.020e+02 ... 1.470e+02 1.480e+02 1.490e+02]\n" +
            " ...\n" +
            " [1.850e+03 1.851e+03 1.852e+03 ... 1.897e+03 1.898e+03 1.899e+03]\n" +
            " [1.900e+03 1.901e+03 1.902e+03 ... 1.947e+03 1.948e+03 1.949e+03]\n" +
            " [1.950e+03 1.951e+03 1.952e+03 ... 1.997e+03 1.998e+03 1.999e+03]]";
        Assert.That(m.FormatValues(), Is.EqualTo(numpy));
    }
}
