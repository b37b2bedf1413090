using System.Buffers.Binary;
using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// Reads MNIST-style IDX files, plain or gzip-compressed (told apart by their first bytes, not the name; a gzip file's
/// trailer is checked too, see <see cref="CheckedGzipStream"/>).
/// Layout: two zero bytes, a type byte (0x08 = unsigned bytes), a dimension count, each dimension as a
/// big-endian 32-bit integer, then the data.
/// </summary>
/// <remarks>
/// The header is read first and every size it promises is checked, with arithmetic that cannot overflow,
/// against <see cref="MaxValues"/> and against the bytes really there, before anything big is allocated:
/// a file (or a small gzip that would decompress to gigabytes) cannot make the demo take more memory than
/// the limit allows.
/// </remarks>
internal static class IdxReader
{
    /// <summary>
    /// The most values one IDX file may hold: 64 Mi (67,108,864). MNIST's and Fashion-MNIST's 60,000
    /// training images of 28 × 28 pixels are 47,040,000 values (70% of it). The same limit holds for a set's
    /// images and its one-hot labels (10 values per label) together, and for the training and test sets
    /// together. Pixels are kept as bytes and one-hot labels as 8-byte doubles, so the largest accepted folder
    /// takes at most 512 MiB in memory (64 MiB when it is all pixels).
    /// </summary>
    public const int MaxValues = 64 * 1024 * 1024;

    /// <summary>Labels name one of ten classes, 0 to 9.</summary>
    public const int MaxLabel = 9;

    /// <summary>
    /// The train and test sets in <paramref name="directory"/>: images kept as the file's 8-bit pixels
    /// (<see cref="ImageInputs"/>, read as columns of X scaled to [0, 1]), labels one-hot as Y (10 × m). With <paramref name="trainLimit"/> above 0 only the
    /// first that many training images are kept (the whole file is still checked).
    /// </summary>
    public static (Dataset Train, Dataset Test) ReadDirectory(string directory, int trainLimit = 0)
    {
        CheckDirectory(directory);
        // All four headers first: a wrong size or count in any file is reported before reading any data.
        using var trainImages = Open(Find(directory, "train-images-idx3-ubyte"));
        using var trainLabels = Open(Find(directory, "train-labels-idx1-ubyte"));
        using var testImages = Open(Find(directory, "t10k-images-idx3-ubyte"));
        using var testLabels = Open(Find(directory, "t10k-labels-idx1-ubyte"));
        long values = CheckPair(trainImages, trainLabels) + CheckPair(testImages, testLabels);
        // Both sets are held at once, so the limit is on both together: a hostile folder takes no more
        // memory than one real data set of the limit's size (Fashion-MNIST's two sets are 55,580,000 values).
        if (values > MaxValues)
            throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                $"--idx: the training and test sets in '{directory}' hold {values:N0} values together (pixels and one-hot labels), more than the limit of {MaxValues:N0}"));
        if (trainImages.ImageSize != testImages.ImageSize)
            throw new DataFormatException(
                $"--idx: training images have {trainImages.ImageSize} pixels ({trainImages.Path}) but test images have {testImages.ImageSize} ({testImages.Path})");

        int keep = trainLimit > 0 ? Math.Min(trainLimit, trainImages.Dimensions[0]) : trainImages.Dimensions[0];
        int[] trainY = ReadLabels(trainLabels, keep), testY = ReadLabels(testLabels, testLabels.Dimensions[0]);
        ImageInputs trainX = ReadImages(trainImages, keep), testX = ReadImages(testImages, testImages.Dimensions[0]);
        // Both sets get the same number of one-hot rows, even if one lacks the highest label.
        int classes = Math.Max(trainLabels.HighestLabel, testLabels.HighestLabel) + 1;
        return (new Dataset(trainX, Dataset.OneHot(trainY, classes)), new Dataset(testX, Dataset.OneHot(testY, classes)));
    }

    /// <summary>The images of one IDX set with their labels as numbers, and the images' size from the header.</summary>
    public sealed record LabelledImages(ImageInputs X, int[] Labels, int Height, int Width)
    {
        public int Count => Labels.Length;
    }

    /// <summary>
    /// The test set alone (the t10k- pair in <paramref name="directory"/>), for looking at single samples: the
    /// training files are not opened. The same checks as <see cref="ReadDirectory"/>, for these two files.
    /// </summary>
    public static LabelledImages ReadTestSet(string directory)
    {
        CheckDirectory(directory);
        using var images = Open(Find(directory, "t10k-images-idx3-ubyte"));
        using var labels = Open(Find(directory, "t10k-labels-idx1-ubyte"));
        CheckPair(images, labels); // both headers before any data
        int[] y = ReadLabels(labels, labels.Dimensions[0]);
        ImageInputs x = ReadImages(images, images.Dimensions[0]);
        return new LabelledImages(x, y, images.Dimensions[1], images.Dimensions[2]);
    }

    private static void CheckDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DataFormatException(File.Exists(directory)
                ? $"--idx: '{directory}' is a file, not a directory; give the directory holding the IDX files"
                : $"--idx: directory '{directory}' not found");
        string? first;
        try
        {
            first = Directory.EnumerateFileSystemEntries(directory).FirstOrDefault();
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException($"--idx: directory '{directory}': permission denied (it cannot be listed)");
        }
        catch (IOException problem)
        {
            throw new DataFormatException($"--idx: directory '{directory}' cannot be read: {problem.Message}");
        }
        // Listing a folder needs its read (r) permission; looking at anything in it, its search (x) permission.
        try
        {
            if (first is not null)
                File.GetAttributes(first);
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException($"--idx: directory '{directory}': permission denied (its names can be listed, but it cannot be entered: no x permission)");
        }
        catch (IOException)
        {
            // Gone since it was listed: looking for the files says what is missing.
        }
    }

    // The file `name` or `name.gz` in the directory: whichever exists (as anything: opening it says what is wrong).
    private static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (Path.Exists(path))
                return path;
        }
        throw new DataFormatException($"--idx: '{directory}' has neither {name} nor {name}.gz");
    }

    // The values one set holds (pixels and one-hot labels), after checking that its two files agree.
    private static long CheckPair(IdxFile images, IdxFile labels)
    {
        if (images.Dimensions.Length != 3)
            throw new DataFormatException($"{images.Path}: expected 3 dimensions (count, rows, cols), found {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1)
            throw new DataFormatException($"{labels.Path}: expected 1 dimension (count), found {labels.Dimensions.Length}");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new DataFormatException($"{images.Path} has {images.Dimensions[0]} images but {labels.Path} has {labels.Dimensions[0]} labels");
        // Each label becomes a one-hot column of up to 10 values, held beside the images.
        long values = images.Count + (long)(MaxLabel + 1) * labels.Count;
        if (values > MaxValues)
            throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{labels.Path}: {labels.Count:N0} labels make {(MaxLabel + 1L) * labels.Count:N0} one-hot values; with the {images.Count:N0} pixels of {images.Path} that is more than the limit of {MaxValues:N0} values"));
        return values;
    }

    // Every label of the file is read and checked; the first `keep` are returned.
    private static int[] ReadLabels(IdxFile file, int keep)
    {
        var labels = new int[keep];
        var chunk = new byte[1 << 16];
        int sample = 0;
        for (int read; (read = file.Read(chunk)) > 0;)
            for (int i = 0; i < read; i++, sample++)
            {
                if (chunk[i] > MaxLabel)
                    throw new DataFormatException(
                        $"{file.Path}: sample {sample} (counting from 0) has label {chunk[i]}; labels must be 0 to {MaxLabel}, one per class");
                file.HighestLabel = Math.Max(file.HighestLabel, chunk[i]);
                if (sample < keep)
                    labels[sample] = chunk[i];
            }
        return labels;
    }

    // The first `keep` images as the file holds them, 8-bit pixels one image after another, read straight into
    // the array training gathers its batches from (no conversion, no second copy). Images past `keep` are
    // still read (and so checked), but not stored.
    private static ImageInputs ReadImages(IdxFile file, int keep)
    {
        var pixels = new byte[(long)keep * file.ImageSize];
        int filled = 0;
        for (int read; filled < pixels.Length && (read = file.Read(pixels.AsSpan(filled))) > 0;)
            filled += read;
        var rest = new byte[1 << 16];
        while (file.Read(rest) > 0)
        {
        }
        return new ImageInputs(pixels, keep, file.Dimensions[1], file.Dimensions[2]);
    }

    /// <summary>Opens the file and reads and checks its header; the data is read later, by <see cref="IdxFile.Read"/>.</summary>
    private static IdxFile Open(string path)
    {
        FileStream stream = DataFile.Open(path);
        try
        {
            return new IdxFile(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private sealed class IdxFile : IDisposable
    {
        private readonly FileStream file;
        private readonly Stream data;   // the file itself, or a CheckedGzipStream decompressing it
        private readonly bool gzip;
        private int done;   // values read so far

        public string Path { get; }

        /// <summary>The sizes the header promises, e.g. [60000, 28, 28].</summary>
        public int[] Dimensions { get; }

        /// <summary>How many values the header promises: the product of the dimensions, at most <see cref="MaxValues"/>.</summary>
        public int Count { get; }

        /// <summary>The values per image (all dimensions but the first).</summary>
        public int ImageSize => Count / Math.Max(1, Dimensions[0]);

        public int HighestLabel { get; set; }

        public IdxFile(string path, FileStream file)
        {
            Path = path;
            this.file = file;
            data = file;
            Span<byte> magic = stackalloc byte[2];
            gzip = Fill(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            file.Position = 0;
            if (gzip)
                data = new CheckedGzipStream(file, path);

            Span<byte> start = stackalloc byte[4];
            if (Fill(start) < 4 || start[0] != 0 || start[1] != 0)
                throw new DataFormatException($"{path}: not an IDX file (the magic number must start with two zero bytes)");
            if (start[2] != 0x08)
                throw new DataFormatException($"{path}: IDX type 0x{start[2]:x2} is not supported; only unsigned bytes (0x08)");
            int dimensionCount = start[3];
            var sizes = new byte[4 * dimensionCount];
            if (dimensionCount == 0 || Fill(sizes) < sizes.Length)
                throw new DataFormatException($"{path}: the header is truncated or declares {dimensionCount} dimensions");

            Dimensions = new int[dimensionCount];
            for (int d = 0; d < dimensionCount; d++)
            {
                Dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * d));
                if (Dimensions[d] <= 0)
                    throw new DataFormatException($"{path}: dimension {d} is {Dimensions[d]}");
            }
            long count = 1;
            foreach (int size in Dimensions)
            {
                // count ≤ MaxValues (2^26) and a size < 2^31, so the product stays below 2^57: no overflow.
                count *= size;
                if (count > MaxValues)
                    throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: the header promises {string.Join(" × ", Dimensions)} values, more than the limit of {MaxValues:N0} values per IDX file"));
            }
            Count = (int)count;
            if (!gzip && file.Length - file.Position != Count)
                throw Mismatch(file.Length - file.Position);
        }

        /// <summary>
        /// Reads the next of the promised values into <paramref name="chunk"/> and says how many it read:
        /// 0 once all are read, after checking the file holds no more. Fails if the file ends early.
        /// </summary>
        public int Read(Span<byte> chunk)
        {
            try
            {
                if (done == Count)
                {
                    // One byte more than promised means the header lies (or a gzip hides more than it says).
                    if (data.ReadByte() != -1)
                        throw new DataFormatException(string.Create(CultureInfo.InvariantCulture,
                            $"{Path}: the header promises {Count:N0} values ({string.Join(" × ", Dimensions)}) but the {(gzip ? "decompressed " : "")}file holds more; it is corrupt"));
                    return 0;
                }
                int read = data.Read(chunk[..Math.Min(chunk.Length, Count - done)]);
                if (read == 0)
                    throw Mismatch(done);
                done += read;
                return read;
            }
            catch (InvalidDataException problem)
            {
                throw new DataFormatException($"{Path}: looks gzip-compressed but cannot be decompressed: {problem.Message}");
            }
            catch (IOException problem)
            {
                throw new DataFormatException($"{Path}: cannot be read: {problem.Message}");
            }
        }

        private DataFormatException Mismatch(long holds) => new(string.Create(CultureInfo.InvariantCulture,
            $"{Path}: the header promises {Count:N0} values ({string.Join(" × ", Dimensions)}) but the {(gzip ? "decompressed " : "")}file holds {holds:N0}; it is truncated or corrupt"));

        // Reads into `into` until it is full or the data ends; a failure names the file.
        private int Fill(Span<byte> into)
        {
            try
            {
                return data.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException problem)
            {
                throw new DataFormatException($"{Path}: looks gzip-compressed but cannot be decompressed: {problem.Message}");
            }
            catch (IOException problem)
            {
                throw new DataFormatException($"{Path}: cannot be read: {problem.Message}");
            }
        }

        public void Dispose()
        {
            data.Dispose();
            file.Dispose();
        }
    }
}
