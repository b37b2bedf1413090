namespace FromScratch;

/// <summary>
/// The inputs X of m samples, (features × m) with one sample per column, as
/// <see cref="Network.Train(Inputs, Matrix, TrainingOptions?)"/> reads them: a batch of columns at a time.
/// How they are stored is up to the data: as a <see cref="Matrix"/> (<see cref="Of"/>), one sample per row
/// (<see cref="FromRows"/>), or in a class of your own, e.g. 8-bit pixels one image after another, which then
/// never needs a copy as doubles of the whole set (the demo's Fashion-MNIST images are held so).
/// </summary>
public abstract class Inputs
{
    /// <summary>n, the inputs of each sample: the rows of X.</summary>
    public abstract int Features { get; }

    /// <summary>m, the samples: the columns of X.</summary>
    public abstract int Count { get; }

    /// <summary>
    /// Writes sample <c>samples[j]</c> into column j of <paramref name="into"/> (<see cref="Features"/> × samples.Length),
    /// for every j, without allocating: this gathers each mini-batch of training. A sample must read the same
    /// every time (a full batch is gathered only once), so this is no place for random augmentation.
    /// </summary>
    public abstract void CopyColumns(ReadOnlySpan<int> samples, Matrix into);

    /// <summary>The samples at <paramref name="samples"/>, in that order, as a new (features × k) matrix.</summary>
    public Matrix SelectColumns(ReadOnlySpan<int> samples)
    {
        var x = new Matrix(Features, samples.Length);
        CopyColumns(samples, x);
        return x;
    }

    /// <summary>
    /// The samples at <paramref name="samples"/> as a (features × k) matrix that products read where the inputs are,
    /// with no copy as doubles, e.g. <see cref="Matrix.OfBytes"/> over 8-bit pixels; null (the default) when the inputs
    /// cannot be read so, and training then copies each batch with <see cref="CopyColumns"/>. Given
    /// <paramref name="into"/>, a matrix this returned before for as many samples, it points that one at these samples
    /// instead, allocating nothing. Training asks at every batch, with its batch's X as <paramref name="into"/>: null means
    /// copy.
    /// </summary>
    public virtual Matrix? ReadInPlace(ReadOnlySpan<int> samples, Matrix? into = null) => null;

    /// <summary>X itself, when the inputs are held as one (features × m) matrix; otherwise null.</summary>
    public virtual Matrix? AsMatrix => null;

    /// <summary>
    /// The first sample (counting from 0) holding NaN or ±∞, with the feature and the value, or null when every value is
    /// finite. <see cref="Network.Train(Inputs, Matrix, TrainingOptions?)"/> calls it once, before training. This one
    /// gathers the samples a block at a time through <see cref="CopyColumns"/>; inputs that cannot hold such values
    /// (8-bit pixels) may override it to return null at once.
    /// </summary>
    public virtual (int Sample, int Feature, double Value)? FirstNonFinite()
    {
        int block = Math.Clamp((1 << 16) / Math.Max(1, Features), 1, Math.Max(1, Count)); // at most 64 Ki values (512 KB) at a time
        var gathered = new Matrix(Features, block);
        int[] samples = [.. Enumerable.Range(0, block)];
        for (int first = 0; first < Count; first += block)
        {
            if (Count - first < block)
                (gathered, samples) = (new Matrix(Features, Count - first), samples[..(Count - first)]);
            for (int j = 0; j < samples.Length; j++)
                samples[j] = first + j;
            CopyColumns(samples, gathered);
            if (FirstNonFiniteIn(gathered) is var (sample, feature, value))
                return (first + sample, feature, value);
        }
        return null;
    }

    /// <summary>The first column of <paramref name="x"/> (features × m) holding NaN or ±∞, with its row and value; null when there is none.</summary>
    internal static (int Sample, int Feature, double Value)? FirstNonFiniteIn(Matrix x)
    {
        if (x.IsFinite()) // the usual case: one pass, no bookkeeping
            return null;
        (int Sample, int Feature, double Value)? first = null;
        for (int f = 0; f < x.Rows; f++)
            for (int s = 0; s < (first?.Sample ?? x.Cols); s++)
                if (!double.IsFinite(x[f, s]))
                {
                    first = (s, f, x[f, s]);
                    break;
                }
        return first;
    }

    /// <summary>The columns of <paramref name="x"/> (features × m), read in place: nothing is copied.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is a matrix of bytes (<see cref="Matrix.OfBytes"/>), which a batch cannot be copied from.</exception>
    public static Inputs Of(Matrix x)
    {
        if (x is null)
            throw new ArgumentNullException(nameof(x), "Inputs.Of: x is null");
        if (x.ReadsBytes)
            throw new ArgumentException($"Inputs.Of: x is a {x.Shape} matrix of bytes (Matrix.OfBytes), which only products read; give inputs whose ReadInPlace returns such matrices, or x.ToDoubles()", nameof(x));
        return new Columns(x);
    }

    /// <summary>
    /// The rows of <paramref name="samples"/> (m × features), one sample per row as a CSV file or numpy's usual
    /// layout holds them. A mini-batch then reads each sample as one contiguous run of memory.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    public static Inputs FromRows(Matrix samples) => new Rows(samples ?? throw new ArgumentNullException(nameof(samples), "Inputs.FromRows: samples is null"));

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}: {Count} samples of {Features} inputs";

    private sealed class Columns(Matrix x) : Inputs
    {
        public override int Features => x.Rows;
        public override int Count => x.Cols;
        public override Matrix AsMatrix => x;
        public override void CopyColumns(ReadOnlySpan<int> samples, Matrix into) => x.CopyColumnsInto(samples, into);
        public override (int Sample, int Feature, double Value)? FirstNonFinite() => FirstNonFiniteIn(x);
    }

    private sealed class Rows(Matrix samples) : Inputs
    {
        public override int Features => samples.Cols;
        public override int Count => samples.Rows;
        public override void CopyColumns(ReadOnlySpan<int> chosen, Matrix into) => samples.CopyRowsIntoColumns(chosen, into);
        public override (int Sample, int Feature, double Value)? FirstNonFinite()
        {
            ReadOnlySpan<double> values = samples.AsSpan(); // one sample per row: the first bad value is in the first bad sample
            for (int i = 0; i < values.Length; i++)
                if (!double.IsFinite(values[i]))
                    return (i / samples.Cols, i % samples.Cols, values[i]);
            return null;
        }
    }
}
