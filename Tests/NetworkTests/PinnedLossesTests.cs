namespace FromScratch.Tests;

/// <summary>
/// Per-epoch losses of short runs, pinned bit for bit before the training loop was reorganised into named pieces
/// (commit d167d67): the reorganisation must not change a single rounding. The values were printed by that commit's
/// Train, with this test's kernel choice; the README's Fashion-MNIST transcripts and the numpy peer's agreement hold them to the maths.
/// Each run is pinned with the products forced onto the 256-bit kernel and onto the scalar loop, as the last digits
/// of a product depend on the kernel: the scalar pins hold on every machine, the 256-bit ones where the hardware has
/// 256-bit vectors (done in software, a fused multiply-add rounds differently), and are skipped elsewhere.
/// </summary>
public class PinnedLossesTests
{
    private static (TrainingHistory History, double FinalLoss) Run(int inputs, int samples, int batchSize, bool withScore, int patience)
    {
        var sizes = new[] { inputs, 24, 6 };
        var (x, y) = SeedData.Random(sizes, samples, seed: 11, loss: Loss.SoftmaxCrossEntropy);
        var network = new Network(sizes, Initialization.Xavier, Activation.Tanh, Loss.SoftmaxCrossEntropy, seed: 3) { L2 = 0.1 };
        var (vx, vy) = SeedData.Random(sizes, 60, seed: 12, loss: Loss.SoftmaxCrossEntropy);
        var history = network.Train(x, y, new TrainingOptions
        {
            Epochs = 6,
            LearningRate = 0.3,
            Momentum = 0.5,
            BatchSize = batchSize,
            Seed = 5,
            Patience = patience,
            Score = withScore ? () => -network.LossOf(vx, vy) : null,
        });
        return (history, network.LossOf(x, y)); // after training: the kept (best) epoch's parameters, with a score
    }

    // Small products at batch 10 and full batch, with and without a score (best-epoch keeping); products large
    // enough for the packed kernels (24 × 300 × 1000 at full batch), on one part and split into 2 or 3, which
    // must give the same bits; a batch size that leaves a smaller last batch; early stopping with a score.
    [TestCase("Vector256", 1, 40, 250, 10, false, 0, "4000033d7e200d48 3ffc5d0527b703bc 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4d 3ff8de89a76c1e8f best  early False final 3ff39c0e1be29f94")]
    [TestCase("Scalar", 1, 40, 250, 10, false, 0, "4000033d7e200d48 3ffc5d0527b703ba 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4e 3ff8de89a76c1e8e best  early False final 3ff39c0e1be29f93")]
    [TestCase("Vector256", 1, 40, 250, 0, false, 0, "3fffd9a6a7567caa 3fff5b0dc66bfd08 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best  early False final 3ffc432a1d0f9968")]
    [TestCase("Scalar", 1, 40, 250, 0, false, 0, "3fffd9a6a7567cac 3fff5b0dc66bfd07 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best  early False final 3ffc432a1d0f9966")]
    [TestCase("Vector256", 1, 40, 250, 10, true, 0, "4000033d7e200d48 3ffc5d0527b703bc 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4d 3ff8de89a76c1e8f best 1 early False final 3ff98da6edff70b7")]
    [TestCase("Scalar", 1, 40, 250, 10, true, 0, "4000033d7e200d48 3ffc5d0527b703ba 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4e 3ff8de89a76c1e8e best 1 early False final 3ff98da6edff70ba")]
    [TestCase("Vector256", 1, 40, 250, 0, true, 0, "3fffd9a6a7567caa 3fff5b0dc66bfd08 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best 6 early False final 3ffc432a1d0f9968")]
    [TestCase("Scalar", 1, 40, 250, 0, true, 0, "3fffd9a6a7567cac 3fff5b0dc66bfd07 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best 6 early False final 3ffc432a1d0f9966")]
    [TestCase("Vector256", 1, 300, 1000, 100, false, 0, "3fff46635c49484f 3ff9e4d67533354a 3ff72822cda651b5 3ff4dacb64f80383 3ff2a56477fe747f 3ff091dae08d232c best  early False final 3fea0fcdb3d6eeaf")]
    [TestCase("Scalar", 1, 300, 1000, 100, false, 0, "3fff46635c49484f 3ff9e4d67533354a 3ff72822cda651b4 3ff4dacb64f80383 3ff2a56477fe747f 3ff091dae08d232c best  early False final 3fea0fcdb3d6eeae")]
    [TestCase("Vector256", 1, 300, 1000, 0, true, 0, "400017b267c12833 3fff8bcf0a78147c 3ffead5eb88f7bc1 3ffdc96812771ebf 3ffcf5679c0319ca 3ffc371e90407d5a best 6 early False final 3ffb8dc09bcd58cf")]
    [TestCase("Scalar", 1, 300, 1000, 0, true, 0, "400017b267c12833 3fff8bcf0a78147c 3ffead5eb88f7bc1 3ffdc96812771ebd 3ffcf5679c0319c9 3ffc371e90407d5a best 6 early False final 3ffb8dc09bcd58cf")]
    [TestCase("Vector256", 2, 300, 1000, 100, false, 0, "3fff46635c49484f 3ff9e4d67533354a 3ff72822cda651b5 3ff4dacb64f80383 3ff2a56477fe747f 3ff091dae08d232c best  early False final 3fea0fcdb3d6eeaf")]
    [TestCase("Vector256", 3, 300, 1000, 0, true, 0, "400017b267c12833 3fff8bcf0a78147c 3ffead5eb88f7bc1 3ffdc96812771ebf 3ffcf5679c0319ca 3ffc371e90407d5a best 6 early False final 3ffb8dc09bcd58cf")]
    [TestCase("Vector256", 1, 40, 250, 16, false, 0, "3fffd119b8e2c371 3ffbdbf5072142ee 3ffa6fce174c8721 3ff969821b3cf1dc 3ff888bdf28c7d1c 3ff81334a406aef3 best  early False final 3ff447caa25faf81")]
    [TestCase("Scalar", 1, 40, 250, 16, false, 0, "3fffd119b8e2c371 3ffbdbf5072142ee 3ffa6fce174c8721 3ff969821b3cf1dc 3ff888bdf28c7d1f 3ff81334a406aef3 best  early False final 3ff447caa25faf81")]
    [TestCase("Vector256", 1, 40, 250, 10, true, 2, "4000033d7e200d48 3ffc5d0527b703bc 3ffb5dde8200f505 best 1 early True final 3ff98da6edff70b7")]
    public void LossesAreBitForBitThoseBeforeTheLoopWasReorganised(string kernelName, int parts, int inputs, int samples, int batchSize, bool withScore, int patience, string expected)
    {
        if (kernelName == nameof(Gemm.Kernel.Vector256) && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            Assert.Ignore("this machine has no 256-bit vectors; the scalar cases pin the same runs here");
        using var kernel = Gemm.Force(Enum.Parse<Gemm.Kernel>(kernelName), parts);
        var (history, finalLoss) = Run(inputs, samples, batchSize, withScore, patience);
        static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("x16");
        string actual = string.Join(" ", history.Losses.Select(Bits)) + $" best {history.BestEpoch} early {history.StoppedEarly} final {Bits(finalLoss)}";
        Assert.That(actual, Is.EqualTo(expected));
    }
}
