namespace FromScratch.Tests;

/// <summary>Assertions on matrices that say which entry differs.</summary>
internal static class MatrixAssert
{
    public static void Close(Matrix actual, Matrix expected, double tolerance = 1e-12)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), "shape");
        for (int r = 0; r < expected.Rows; r++)
            for (int c = 0; c < expected.Cols; c++)
                Assert.That(actual[r, c], Is.EqualTo(expected[r, c]).Within(tolerance), $"entry [{r}, {c}]");
    }

    public static Matrix RandomMatrix(Random random, int rows, int cols) => Matrix.Random(rows, cols, -1, 1, random);
}
