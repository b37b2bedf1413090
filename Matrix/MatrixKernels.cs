using System.Numerics;

namespace FromScratch;

/// <summary>The hot loops behind <see cref="Matrix"/>, kept apart so the class itself stays readable.</summary>
internal static class MatrixKernels
{
    /// <summary>result = left · right, with result already sized (left.Rows × right.Cols) and zeroed.</summary>
    public static void Multiply(Matrix left, Matrix right, Matrix result)
    {
        int n = right.Cols, inner = left.Cols;
        // i-k-j order: the inner loop walks a row of `right` and a row of `result`, both contiguous,
        // so it streams through memory and vectorises: result row i += left[i, k] · right row k.
        for (int i = 0; i < left.Rows; i++)
        {
            Span<double> resultRow = result.Data.AsSpan(i * n, n);
            for (int k = 0; k < inner; k++)
                AddScaled(resultRow, left.Data[i * inner + k], right.Data.AsSpan(k * n, n));
        }
    }

    /// <summary>destination += scale · source, elementwise, Vector&lt;double&gt; lanes at a time.</summary>
    public static void AddScaled(Span<double> destination, double scale, ReadOnlySpan<double> source)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<double>.Count)
        {
            var s = new Vector<double>(scale);
            for (; i <= destination.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var d = new Vector<double>(destination[i..]);
                (d + s * new Vector<double>(source[i..])).CopyTo(destination[i..]);
            }
        }
        for (; i < destination.Length; i++)
            destination[i] += scale * source[i];
    }
}
