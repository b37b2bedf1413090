namespace FromScratch.Tests;

/// <summary>
/// Per-epoch losses of short runs, pinned bit for bit before the training loop was reorganised into named pieces
/// (commit d167d67): the reorganisation must not change a single rounding. The values were printed by that commit's
/// Train, with this test's kernel choice; the README's Fashion-MNIST transcripts and the numpy peer's agreement hold them to the maths.
/// Each run is pinned with the products on the 256-bit kernel and on the scalar loop, forced whatever the machine
/// (in software where it lacks AVX2): the last digits of a product depend on the kernel, and the pins must hold on
/// every machine.
/// </summary>
public class PinnedLossesTests
{
    private static (TrainingHistory History, double FinalLoss) Run(int inputs, int samples, int batchSize, bool withScore)
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
            Patience = 0,
            Score = withScore ? () => -network.LossOf(vx, vy) : null,
        });
        return (history, network.LossOf(x, y)); // after training: the kept (best) epoch's parameters, with a score
    }

    // Small products at batch 10 and full batch, with and without a score (best-epoch keeping); then products
    // large enough for the packed kernels and the split across cores (24 × 300 × 1000 at full batch).
    [TestCase("Vector256", 40, 250, 10, false, "4000033d7e200d48 3ffc5d0527b703bc 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4d 3ff8de89a76c1e8f best  final 3ff39c0e1be29f94")]
    [TestCase("Scalar", 40, 250, 10, false, "4000033d7e200d48 3ffc5d0527b703ba 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4e 3ff8de89a76c1e8e best  final 3ff39c0e1be29f93")]
    [TestCase("Vector256", 40, 250, 0, false, "3fffd9a6a7567caa 3fff5b0dc66bfd08 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best  final 3ffc432a1d0f9968")]
    [TestCase("Scalar", 40, 250, 0, false, "3fffd9a6a7567cac 3fff5b0dc66bfd07 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best  final 3ffc432a1d0f9966")]
    [TestCase("Vector256", 40, 250, 10, true, "4000033d7e200d48 3ffc5d0527b703bc 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4d 3ff8de89a76c1e8f best 1 final 3ff98da6edff70b7")]
    [TestCase("Scalar", 40, 250, 10, true, "4000033d7e200d48 3ffc5d0527b703ba 3ffb5dde8200f505 3ffa38ec7668e314 3ff95c910f7def4e 3ff8de89a76c1e8e best 1 final 3ff98da6edff70ba")]
    [TestCase("Vector256", 40, 250, 0, true, "3fffd9a6a7567caa 3fff5b0dc66bfd08 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best 6 final 3ffc432a1d0f9968")]
    [TestCase("Scalar", 40, 250, 0, true, "3fffd9a6a7567cac 3fff5b0dc66bfd07 3ffeae3873e9ac23 3ffdfca4af3ebc68 3ffd57b7fe62de78 3ffcc49cf30e1dbc best 6 final 3ffc432a1d0f9966")]
    [TestCase("Vector256", 300, 1000, 100, false, "3fff46635c49484f 3ff9e4d67533354a 3ff72822cda651b5 3ff4dacb64f80383 3ff2a56477fe747f 3ff091dae08d232c best  final 3fea0fcdb3d6eeaf")]
    [TestCase("Scalar", 300, 1000, 100, false, "3fff46635c49484f 3ff9e4d67533354a 3ff72822cda651b4 3ff4dacb64f80383 3ff2a56477fe747f 3ff091dae08d232c best  final 3fea0fcdb3d6eeae")]
    [TestCase("Vector256", 300, 1000, 0, true, "400017b267c12833 3fff8bcf0a78147c 3ffead5eb88f7bc1 3ffdc96812771ebf 3ffcf5679c0319ca 3ffc371e90407d5a best 6 final 3ffb8dc09bcd58cf")]
    [TestCase("Scalar", 300, 1000, 0, true, "400017b267c12833 3fff8bcf0a78147c 3ffead5eb88f7bc1 3ffdc96812771ebd 3ffcf5679c0319c9 3ffc371e90407d5a best 6 final 3ffb8dc09bcd58cf")]
    public void LossesAreBitForBitThoseBeforeTheLoopWasReorganised(string kernelName, int inputs, int samples, int batchSize, bool withScore, string expected)
    {
        using var kernel = Gemm.Force(Enum.Parse<Gemm.Kernel>(kernelName), parts: 1);
        var (history, finalLoss) = Run(inputs, samples, batchSize, withScore);
        static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("x16");
        string actual = string.Join(" ", history.Losses.Select(Bits)) + $" best {history.BestEpoch} final {Bits(finalLoss)}";
        Assert.That(actual, Is.EqualTo(expected));
    }
}
