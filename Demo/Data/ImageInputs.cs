namespace FromScratch.Demo;

/// <summary>
/// Images as an IDX file holds them, one after another as 8-bit pixels, read by training and evaluation as
/// columns of X with each pixel scaled to [0, 1] (pixel / 255): in place (<see cref="ReadInPlace"/>), by the
/// products as they pack X, or copied (<see cref="CopyColumns"/>). Fashion-MNIST's 60,000 training images take
/// 47 MB so, where X as doubles would take 376 MB.
/// </summary>
internal sealed class ImageInputs : Inputs
{
    // pixel / 255 for each byte value: the same doubles as dividing, without a division per pixel.
    private static readonly double[] Scaled = [.. Enumerable.Range(0, 256).Select(v => v / 255.0)];

    // Samples gathered side by side: their pixels (Block × 784 bytes for Fashion-MNIST) stay in the cache
    // while each row of the batch receives Block neighbouring values, whole cache lines at a time.
    private const int Block = 64;

    private readonly byte[] pixels;

    /// <param name="pixels">count × height × width bytes, image after image, each row by row.</param>
    /// <param name="count">How many images.</param>
    /// <param name="height">Rows of pixels per image.</param>
    /// <param name="width">Pixels per row.</param>
    public ImageInputs(byte[] pixels, int count, int height, int width)
    {
        if (count < 1 || height < 1 || width < 1 || (long)count * height * width != pixels.Length)
            throw new ArgumentException($"ImageInputs: {pixels.Length} bytes are not {count} images of {height} × {width} pixels");
        (this.pixels, Count, Height, Width) = (pixels, count, height, width);
    }

    public override int Count { get; }

    public override int Features => Height * Width;

    public int Height { get; }

    public int Width { get; }

    /// <summary>Pixel <paramref name="feature"/> of image <paramref name="sample"/>, scaled to [0, 1].</summary>
    public double this[int feature, int sample] => (uint)feature < (uint)Features && (uint)sample < (uint)Count
        ? Scaled[pixels[sample * Features + feature]]
        : throw new IndexOutOfRangeException($"ImageInputs: pixel {feature} of image {sample} is out of range; there are {Count} images of {Features} pixels");

    public override void CopyColumns(ReadOnlySpan<int> samples, Matrix into)
    {
        int n = Features, k = samples.Length;
        if (into.Rows != n || into.Cols != k)
            throw new ShapeMismatchException(nameof(CopyColumns), Matrix.FormatShape(n, Count), into.Shape, $"do not fit: {k} images need a {Matrix.FormatShape(n, k)} destination");
        RequireInRange(samples, nameof(CopyColumns));
        // Locals, not fields: the loop then reads the arrays without reloading them from the object.
        double[] scaled = Scaled;
        byte[] bytes = pixels;
        Span<double> x = into.AsSpan();
        Span<int> starts = stackalloc int[Block];
        for (int first = 0; first < k; first += Block)
        {
            int count = Math.Min(Block, k - first);
            for (int i = 0; i < count; i++)
                starts[i] = samples[first + i] * n;
            for (int p = 0; p < n; p++)
            {
                Span<double> row = x.Slice(p * k + first, count);
                for (int i = 0; i < count; i++)
                    row[i] = scaled[bytes[starts[i] + p]];
            }
        }
    }

    /// <summary>
    /// The images at <paramref name="samples"/> as a matrix of their bytes (<see cref="Matrix.OfBytes"/>): the products of
    /// training read each pixel / 255 as they pack it, so no batch, not even all 60,000 images at once, is copied as doubles.
    /// </summary>
    public override Matrix ReadInPlace(ReadOnlySpan<int> samples, Matrix? into = null)
    {
        RequireInRange(samples, nameof(ReadInPlace));
        return Matrix.OfBytes(pixels, Features, samples, Scaled, into);
    }

    /// <summary>Null: a pixel is a byte scaled to [0, 1], never NaN or ∞, so Train need not gather all the images to look.</summary>
    public override (int Sample, int Feature, double Value)? FirstNonFinite() => null;

    /// <summary>The images at <paramref name="samples"/>, in that order: a new, smaller set of bytes.</summary>
    public ImageInputs Select(ReadOnlySpan<int> samples)
    {
        RequireInRange(samples, nameof(Select));
        int n = Features;
        var chosen = new byte[checked(samples.Length * n)];
        for (int i = 0; i < samples.Length; i++)
            pixels.AsSpan(samples[i] * n, n).CopyTo(chosen.AsSpan(i * n, n));
        return new ImageInputs(chosen, samples.Length, Height, Width);
    }

    // Every offset sample · Features is then below pixels.Length, which fits an int.
    private void RequireInRange(ReadOnlySpan<int> samples, string operation)
    {
        foreach (int sample in samples)
            if ((uint)sample >= (uint)Count)
                throw new ArgumentException($"{operation}: image {sample} is out of range; there are {Count}");
    }
}
