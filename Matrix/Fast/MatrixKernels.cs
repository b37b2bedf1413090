using System.Numerics;
using System.Runtime.CompilerServices;

namespace FromScratch;

/// <summary>
/// The elementwise loops behind <see cref="Matrix.AddScaledInPlace"/> and <see cref="Matrix.ScaleInPlace"/>, a vector of
/// lanes at a time: each computes exactly the plain loop of its summary, which the tests check it against at every length.
/// </summary>
internal static class MatrixKernels
{
    /// <summary>destination += scale · source, elementwise, Vector&lt;double&gt; lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>values *= scale, elementwise, Vector&lt;double&gt; lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<double> values, double scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            var s = new Vector<double>(scale);
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
                (s * new Vector<double>(values[i..])).CopyTo(values[i..]);
        }
        for (; i < values.Length; i++)
            values[i] *= scale;
    }
}
