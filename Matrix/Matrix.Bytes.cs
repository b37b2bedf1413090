using System.Runtime.CompilerServices;

namespace FromScratch;

public sealed partial class Matrix
{
    /// <summary>
    /// A (<paramref name="bytesPerSample"/> × k) matrix read in place from 8-bit values stored one sample after another,
    /// as an image file holds its pixels: column j is sample <c>samples[j]</c>, the <paramref name="bytesPerSample"/> bytes
    /// from <c>samples[j] · bytesPerSample</c> on, each byte v read as <c>valueOf[v]</c> (e.g. v / 255). numpy's
    /// <c>pixels[samples].T / 255</c>, without the array of doubles: a product packs the values it needs as it goes.
    /// </summary>
    /// <remarks>
    /// Such a matrix is only read: by its indexer, by printing, by <see cref="IsFinite"/>, and as the right operand of a
    /// product, plain or transposed (<c>W1.Dot(X)</c>, <c>dZ1.Dot(X.T)</c>), which reads the same doubles a copy would
    /// hold and so gives the same bits. Anything else refuses it; <see cref="ToDoubles"/> makes a copy that can.
    /// The bytes are read, not copied: change them and the matrix changes.
    /// </remarks>
    /// <param name="bytes">The samples' bytes, one sample after another.</param>
    /// <param name="bytesPerSample">The rows: bytes per sample (784 for a 28 × 28 image).</param>
    /// <param name="samples">Which samples, in order: the columns.</param>
    /// <param name="valueOf">The value of each byte 0 … 255: 256 finite numbers.</param>
    /// <param name="into">
    /// A matrix from an earlier call on the same bytes, with as many samples, to point at these samples instead of
    /// making a new one: a training batch after another, allocating nothing. Its old samples are forgotten.
    /// </param>
    /// <returns>The matrix: <paramref name="into"/> when given.</returns>
    /// <exception cref="ArgumentException">No samples, a sample past the bytes, a table that is not 256 finite values, or an <paramref name="into"/> that does not fit.</exception>
    public static Matrix OfBytes(byte[] bytes, int bytesPerSample, ReadOnlySpan<int> samples, double[] valueOf, Matrix? into = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(valueOf);
        if (bytesPerSample < 1 || samples.IsEmpty)
            throw new ArgumentException($"OfBytes: need at least 1 byte per sample and 1 sample, got {bytesPerSample} and {samples.Length}");
        ByteSamples view;
        if (into is null)
            view = new ByteSamples(bytes, bytesPerSample, new int[samples.Length], ByteSamples.Table(valueOf));
        else if (into.ByteView is not { } reused || reused.Bytes != bytes || into.Rows != bytesPerSample || into.Cols != samples.Length)
            throw new ArgumentException($"OfBytes: the into matrix must be a matrix of these bytes with {bytesPerSample} rows and {samples.Length} columns; it is {into.Shape}{(into.ByteView is null ? " of doubles" : "")}");
        else if (!reused.ValueOf.AsSpan().SequenceEqual(valueOf))
            throw new ArgumentException("OfBytes: the into matrix reads its bytes through another table of values");
        else
            view = reused;
        view.Select(samples);
        return into ?? new Matrix(bytesPerSample, samples.Length, view);
    }

    /// <summary>A copy of the values as an ordinary matrix of doubles: for a matrix of bytes (<see cref="OfBytes"/>), the one to compute with.</summary>
    public Matrix ToDoubles()
    {
        if (ByteView is null)
            return Copy();
        var copy = new Matrix(Rows, Cols);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                copy.data![r * Cols + c] = ByteView.At(r, c);
        return copy;
    }

    /// <summary>True for a matrix that reads bytes in place (<see cref="OfBytes"/>), false for an ordinary one.</summary>
    public bool ReadsBytes => ByteView is not null;

    private Matrix(int rows, int cols, ByteSamples bytes)
    {
        Rows = rows;
        Cols = cols;
        ByteView = bytes;
    }

    // The entries behind a matrix of bytes; null for an ordinary matrix. Read by the indexer and by the product's packing.
    internal readonly ByteSamples? ByteView;

    // The ordinary matrices' storage, for every operation but the few that read bytes. Small enough to be inlined into
    // every loop that reads it; the refusal is a call of its own.
    internal double[] Data => data ?? NotStoredAsDoubles();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double[] NotStoredAsDoubles() => throw new InvalidOperationException(
        $"a {Shape} matrix of bytes (Matrix.OfBytes) is read in place: only indexing, printing and products (as the right operand) read it; ToDoubles() makes a copy to compute with");

    /// <summary>
    /// The bytes behind a matrix made by <see cref="OfBytes"/>: entry (r, c) is <c>ValueOf[Bytes[Starts[c] + r]]</c>.
    /// Every start is checked when set, so a product reads <c>Starts[c] + r</c> for r below the rows without a check.
    /// </summary>
    internal sealed class ByteSamples(byte[] bytes, int bytesPerSample, int[] starts, double[] valueOf)
    {
        public byte[] Bytes { get; } = bytes;

        public int[] Starts { get; } = starts;

        public double[] ValueOf { get; } = valueOf;

        public double At(int row, int col) => ValueOf[Bytes[Starts[col] + row]];

        public void Select(ReadOnlySpan<int> samples)
        {
            int count = Bytes.Length / bytesPerSample;
            foreach (int sample in samples) // all checked before any is taken: a refused call changes nothing
                if ((uint)sample >= (uint)count)
                    throw new ArgumentException($"OfBytes: sample {sample} is out of range; {Bytes.Length} bytes hold {count} samples of {bytesPerSample}");
            for (int j = 0; j < samples.Length; j++)
                Starts[j] = samples[j] * bytesPerSample;
        }

        public static double[] Table(double[] valueOf)
        {
            if (valueOf.Length != 256)
                throw new ArgumentException($"OfBytes: the table needs a value for each byte 0 … 255, 256 values; got {valueOf.Length}");
            for (int v = 0; v < 256; v++)
                if (!double.IsFinite(valueOf[v]))
                    throw new ArgumentException($"OfBytes: the table's value for byte {v} is {valueOf[v]}; only finite numbers are allowed");
            return (double[])valueOf.Clone();
        }
    }
}
