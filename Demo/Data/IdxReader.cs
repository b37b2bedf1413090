using System.Buffers.Binary;
using System.IO.Compression;

namespace FromScratch.Demo;

/// <summary>
/// Reads MNIST-style IDX files, plain or gzip-compressed (told apart by their first bytes, not the name).
/// Layout: two zero bytes, a type byte (0x08 = unsigned bytes), a dimension count, each dimension as a
/// big-endian 32-bit integer, then the data.
/// </summary>
internal static class IdxReader
{
    /// <summary>
    /// The train and test sets in <paramref name="directory"/>: images scaled to [0, 1] as columns of X
    /// (pixels × m), labels one-hot as Y (10 × m).
    /// </summary>
    public static (Dataset Train, Dataset Test) ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DataFormatException($"--idx: directory '{directory}' does not exist");
        var (trainX, trainLabels) = ReadPair(directory, "train");
        var (testX, testLabels) = ReadPair(directory, "t10k");
        if (trainX.Rows != testX.Rows)
            throw new DataFormatException($"--idx: training images have {trainX.Rows} pixels but test images have {testX.Rows}");
        // Both sets get the same number of one-hot rows, even if one lacks the highest label.
        int classes = Math.Max(trainLabels.Max(), testLabels.Max()) + 1;
        return (new Dataset(trainX, Dataset.OneHot(trainLabels, classes)), new Dataset(testX, Dataset.OneHot(testLabels, classes)));
    }

    private static (Matrix X, int[] Labels) ReadPair(string directory, string prefix)
    {
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var (imageDims, pixels) = Read(imagesPath);
        var (labelDims, labels) = Read(labelsPath);
        if (imageDims.Length != 3)
            throw new DataFormatException($"{imagesPath}: expected 3 dimensions (count, rows, cols), found {imageDims.Length}");
        if (labelDims.Length != 1)
            throw new DataFormatException($"{labelsPath}: expected 1 dimension (count), found {labelDims.Length}");
        if (imageDims[0] != labelDims[0])
            throw new DataFormatException($"{imagesPath} has {imageDims[0]} images but {labelsPath} has {labelDims[0]} labels");
        int count = imageDims[0], size = imageDims[1] * imageDims[2];

        // Image s becomes column s of X, its pixels scaled from 0..255 to [0, 1].
        var x = new Matrix(size, count);
        for (int s = 0; s < count; s++)
            for (int p = 0; p < size; p++)
                x[p, s] = pixels[s * size + p] / 255.0;
        return (x, [.. labels.Select(b => (int)b)]);
    }

    private static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
                return path;
        }
        throw new DataFormatException($"--idx: '{directory}' has neither {name} nor {name}.gz");
    }

    /// <summary>The dimensions and the unsigned-byte data of one IDX file.</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
            }
            catch (InvalidDataException error)
            {
                throw new DataFormatException($"{path}: looks gzip-compressed but cannot be decompressed: {error.Message}");
            }
        }
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException($"{path}: not an IDX file (the magic number must start with two zero bytes)");
        if (bytes[2] != 0x08)
            throw new DataFormatException($"{path}: IDX type 0x{bytes[2]:x2} is not supported; only unsigned bytes (0x08)");
        int dimensionCount = bytes[3];
        if (dimensionCount == 0 || bytes.Length < 4 + 4 * dimensionCount)
            throw new DataFormatException($"{path}: the header is truncated or declares {dimensionCount} dimensions");
        var dims = new int[dimensionCount];
        long expected = 1;
        for (int d = 0; d < dimensionCount; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] <= 0)
                throw new DataFormatException($"{path}: dimension {d} is {dims[d]}");
            expected *= dims[d];
        }
        int offset = 4 + 4 * dimensionCount;
        if (bytes.Length - offset != expected)
            throw new DataFormatException(
                $"{path}: the header promises {expected} values ({string.Join(" × ", dims)}) but the file holds {bytes.Length - offset}; it is truncated or corrupt");
        return (dims, bytes[offset..]);
    }
}
