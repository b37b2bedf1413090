using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>The 8-bit images training reads as columns of X: pixel / 255, against a plain loop over the bytes.</summary>
public class ImageInputsTests
{
    private const int Height = 3, Width = 5, Images = 40;

    private static byte[] RandomPixels(int seed)
    {
        var pixels = new byte[Images * Height * Width];
        new Random(seed).NextBytes(pixels);
        pixels[0] = 0;
        pixels[1] = 255;
        return pixels;
    }

    // count random images of side × side pixels (seeded), their bytes, and one-hot targets of 3 classes (sample s in class s % 3).
    private static (ImageInputs Images, byte[] Pixels, Matrix Y) RandomImages(int side, int count, int seed)
    {
        var pixels = new byte[count * side * side];
        new Random(seed).NextBytes(pixels);
        return (new ImageInputs(pixels, count, side, side), pixels, Dataset.OneHot([.. Enumerable.Range(0, count).Select(s => s % 3)], 3));
    }

    // Every batch width around the gather's block of 64 samples, with repeats and any order.
    [TestCase(1)]
    [TestCase(10)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(130)]
    public void CopyColumnsIsEachPixelOver255(int batch)
    {
        byte[] pixels = RandomPixels(batch);
        var images = new ImageInputs(pixels, Images, Height, Width);
        int[] samples = [.. Enumerable.Range(0, batch).Select(j => (j * 7 + batch) % Images)];
        var x = new Matrix(Height * Width, batch);
        x.AsSpan().Fill(double.NaN);
        images.CopyColumns(samples, x);
        for (int p = 0; p < Height * Width; p++)
            for (int j = 0; j < batch; j++)
                Assert.That(x[p, j], Is.EqualTo(pixels[samples[j] * Height * Width + p] / 255.0), $"pixel {p} of batch column {j}");
        Assert.That(images.Features, Is.EqualTo(15));
        Assert.That(images[1, 0], Is.EqualTo(1.0));
    }

    [Test]
    public void SelectKeepsTheChosenImagesInThatOrder()
    {
        var images = new ImageInputs(RandomPixels(1), Images, Height, Width);
        var chosen = images.Select([39, 2, 2]);
        Assert.That((chosen.Count, chosen.Height, chosen.Width), Is.EqualTo((3, Height, Width)));
        MatrixAssert.Close(chosen.SelectColumns([0, 1, 2]), images.SelectColumns([39, 2, 2]), 0);
    }

    [Test]
    public void BadRequestsNameWhatIsWrong()
    {
        var images = new ImageInputs(RandomPixels(2), Images, Height, Width);
        Assert.That(() => images.CopyColumns([0, 40], new Matrix(15, 2)),
            Throws.ArgumentException.With.Message.EqualTo("CopyColumns: image 40 is out of range; there are 40"));
        Assert.That(() => images.CopyColumns([0, 1], new Matrix(14, 2)), Throws.TypeOf<ShapeMismatchException>().With.Message.Contains("(15, 2)"));
        Assert.That(() => new ImageInputs(new byte[10], 1, 3, 3), Throws.ArgumentException.With.Message.Contains("10 bytes are not 1 images of 3 × 3"));
        Assert.That(() => new ImageInputs(new byte[2], -2, -1, 1), Throws.ArgumentException, "sizes must be positive, whatever their product");
        Assert.That(() => images.Select([3, -1]), Throws.ArgumentException.With.Message.EqualTo("Select: image -1 is out of range; there are 40"));
        Assert.That(() => images[15, 0], Throws.TypeOf<IndexOutOfRangeException>().With.Message.Contains("pixel 15 of image 0"));
    }

    [TestCase(10)]
    [TestCase(0)]
    public void TrainingOnTheBytesGivesTheNetworkTrainingOnTheDoublesGives(int batchSize)
    {
        var images = new ImageInputs(RandomPixels(3), Images, Height, Width);
        Matrix x = images.SelectColumns([.. Enumerable.Range(0, Images)]);
        var y = Dataset.OneHot([.. Enumerable.Range(0, Images).Select(s => s % 3)], 3);
        var options = new TrainingOptions { Epochs = 3, BatchSize = batchSize, Seed = 4, Patience = 0 };
        var fromDoubles = new Network([15, 6, 3], seed: 5);
        var fromBytes = new Network([15, 6, 3], seed: 5);
        var expected = fromDoubles.Train(x, y, options);
        var actual = fromBytes.Train(images, y, options);
        Assert.That(actual.Losses, Is.EqualTo(expected.Losses));
        Assert.That(fromBytes.Weights[0].MaxAbsDifference(fromDoubles.Weights[0]), Is.Zero);
    }

    // Training reads the images' bytes in place (Inputs.ReadInPlace): the products pack pixel / 255 from the bytes. With
    // images large enough for the packed kernels (400 pixels: two slices of k), at every batch size (64 leaves a last
    // batch of 2; 0 is the full batch, never copied as doubles) and on every kernel and split, the bits must be those of
    // training on the same values as doubles, whose runs PinnedLossesTests pins.
    [TestCase("Vector512", 1, 10)]
    [TestCase("Vector512", 2, 64)]
    [TestCase("Vector512", 3, 0)]
    [TestCase("Vector256", 1, 64)]
    [TestCase("Vector256", 2, 0)]
    [TestCase("Vector256", 3, 10)]
    [TestCase("Scalar", 1, 64)]
    [TestCase("Scalar", 1, 0)]
    public void TrainingReadsTheBytesInPlaceWithTheBitsOfTheDoubles(string kernelName, int parts, int batchSize)
    {
        const int side = 20, count = 130;
        var (images, pixels, y) = RandomImages(side, count, seed: 7);
        var x = new Matrix(side * side, count); // the same values as doubles, from the bytes by a plain loop
        for (int p = 0; p < side * side; p++)
            for (int s = 0; s < count; s++)
                x[p, s] = pixels[s * side * side + p] / 255.0;
        var options = new TrainingOptions { Epochs = 3, BatchSize = batchSize, Seed = 4, Patience = 0, LearningRate = 0.5 };
        var fromDoubles = new Network([side * side, 30, 3], seed: 5);
        var fromBytes = new Network([side * side, 30, 3], seed: 5);
        using var kernel = Gemm.Force(Enum.Parse<Gemm.Kernel>(kernelName), parts);
        var expected = fromDoubles.Train(x, y, options);
        var actual = fromBytes.Train(images, y, options);
        Assert.That(actual.Losses, Is.EqualTo(expected.Losses));
        Assert.That(fromBytes.Weights[0].MaxAbsDifference(fromDoubles.Weights[0]), Is.Zero);
        Assert.That(images.ReadInPlace([0, 1])!.ReadsBytes, Is.True, "the images are read in place, not copied");
    }

    [Test]
    public void ReadInPlaceRefusesAnImageOutOfRange()
    {
        var images = new ImageInputs(RandomPixels(1), Images, Height, Width);
        Assert.That(() => images.ReadInPlace([0, 40]), Throws.ArgumentException.With.Message.EqualTo("ReadInPlace: image 40 is out of range; there are 40"));
        Matrix x = images.ReadInPlace([3, 1])!;
        Assert.That(x[2, 1], Is.EqualTo(images[2, 1]));
        Assert.That(images.ReadInPlace([5, 6], into: x), Is.SameAs(x));
        Assert.That(x[2, 1], Is.EqualTo(images[2, 6]));
    }

    // A mini-batch of images is the batch's matrix pointed at its samples (Matrix.OfBytes with into:), so a step allocates
    // nothing, as for a matrix (SinglePathTests): two more epochs (26 more steps) may add only the epoch losses.
    [Test]
    public void ATrainingStepOnImagesAllocatesNothing()
    {
        const int side = 5, count = 130;
        var (images, _, y) = RandomImages(side, count, seed: 9);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 10, Patience = 0 };
        long AllocatedBy(int epochs)
        {
            new Network([side * side, 8, 3], seed: 2).Train(images, y, options with { Epochs = epochs }); // warm-up: the same work once
            long before = GC.GetAllocatedBytesForCurrentThread();
            new Network([side * side, 8, 3], seed: 2).Train(images, y, options with { Epochs = epochs });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocatedBy(3) - AllocatedBy(1);
        int steps = 2 * ((count + 9) / 10);
        Assert.That(extra, Is.LessThan(8 * steps), $"{extra} bytes for {steps} more steps");
    }

    // The full batch, numpy's whole X, is read from the bytes: training allocates its buffers (Z, A and dZ of each layer,
    // the gradients), a fraction of the 12.8 MB that 1000 images of 40 × 40 pixels would take as doubles.
    [Test]
    public void AFullBatchOfImagesIsNeverCopiedAsDoubles()
    {
        const int side = 40, count = 1000;
        var (images, _, y) = RandomImages(side, count, seed: 8);
        var network = new Network([side * side, 10, 3], seed: 5);
        long copy = (long)side * side * count * sizeof(double);
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Train(images, y, new TrainingOptions { Epochs = 2, BatchSize = 0, Patience = 0 });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(copy / 4), $"{allocated} bytes allocated; the images as doubles are {copy}");
    }
}
