namespace FromScratch.Tests;

// Workers: the threads that run the other parts of a split product. Every thread's products share them,
// so these tests do not run beside others.
[NonParallelizable]
public class WorkerTests
{
    [Test]
    public void TheWorkersSleepOnceSplitProductsStopComing()
    {
        // No core stays busy after the last split product: every worker goes to sleep, with nothing to close.
        var random = new Random(6);
        var a = MatrixAssert.RandomMatrix(random, 30, 784);
        var b = MatrixAssert.RandomMatrix(random, 784, 100);
        using (Gemm.Force(Gemm.Kernel.Vector256, 2))
            a.Dot(b);
        WaitForWorkersToSleep();
        Assert.That(Workers.Sleeping, Is.EqualTo(Workers.Count), "every worker is asleep again");
    }

    [Test]
    public void WorkersWokenWithoutSplitProductsSleepAgain()
    {
        // Training at batch 10 splits nothing: woken workers must not spin all along.
        Workers.WakeAll();
        var small = Matrix.Random(30, 30, -1, 1, new Random(5));
        small.Dot(small);
        WaitForWorkersToSleep();
        Assert.That(Workers.Sleeping, Is.EqualTo(Workers.Count), "every worker fell asleep");
    }

    [Test]
    public void ProductsLargeEnoughToSplitMatchTheReferenceWithTheWorkersAsleepAndAwake()
    {
        // 120 × 100 × 128 = 1.5 million multiply-adds and 300 × 120 × 130 = 4.7 million: both split across
        // the cores. The first product wakes the sleeping workers; the second finds them looking for parts.
        var random = new Random(3);
        foreach (var (m, k, n) in new[] { (120, 100, 128), (300, 120, 130) })
        {
            var a = MatrixAssert.RandomMatrix(random, m, k);
            var b = MatrixAssert.RandomMatrix(random, k, n);
            var expected = a.ReferenceDot(b);
            WaitForWorkersToSleep();
            MatrixAssert.Close(a.Dot(b), expected, 1e-12 * k);
            MatrixAssert.Close(a.Dot(b), expected, 1e-12 * k);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ThreadsMultiplyingAtOnceEachGetTheirOwnProduct(bool awake)
    {
        // Four threads, each with its own split (and waking the workers first, or not), multiply side by side:
        // only one product holds the workers at a time and the others run their parts on their own thread.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            if (awake)
                Workers.WakeAll();
            using var forced = Gemm.Force(Gemm.Kernel.Vector256, 2 + t % 3);
            var random = new Random(t);
            for (int round = 0; round < 20; round++)
            {
                int m = 20 + random.Next(100), k = 1 + random.Next(60), n = 1 + random.Next(70);
                var a = MatrixAssert.RandomMatrix(random, m, k);
                var b = MatrixAssert.RandomMatrix(random, k, n);
                double error = MaxDifference(a.Dot(b), a.ReferenceDot(b));
                if (!(error <= 1e-12 * k))
                    failures.Add($"thread {t}, round {round}: {m}x{k}x{n} off by {error}");
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Assert.That(failures, Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ASplitProductAllocatesNothing(bool awake) => Assert.That(BytesAllocatedBySplitProducts(awake), Is.Zero);

    // The fewest bytes this thread's allocation counter moved over 10 split products, in up to 3 tries. The counter
    // is this thread's alone, but not exact: a background GC (started by any thread's large allocation, such as this
    // test's own 800 KB of matrices) retires the thread's allocation context while it runs, and the counter moves by
    // that context's unused part, several KB, with nothing allocated. Measured on fresh threads beside large
    // allocations: 2 % of windows that only spun moved (none with DOTNET_gcConcurrent=0), and the old single try
    // failed 5 % of the time; this way, 0 of 1,500. So each try starts after any such GC has finished, and a try that
    // still moved is tried again: a product that allocates moves every try.
    private static long BytesAllocatedBySplitProducts(bool awake)
    {
        var random = new Random(4);
        var a = MatrixAssert.RandomMatrix(random, 30, 784);
        var b = MatrixAssert.RandomMatrix(random, 784, 100);
        var c = new Matrix(30, 100);
        using (Gemm.Force(Gemm.Kernel.Vector256, 1))
            a.Dot(b, into: c); // this thread's packing buffer, whichever thread runs the parts of the warm-up below
        if (awake)
            Workers.WakeAll();
        using var forced = Gemm.Force(Gemm.Kernel.Vector256, 2);
        for (int i = 0; i < 3; i++)
            a.Dot(b, into: c); // warm-up: the per-thread description of a split is made once
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 3 && fewest > 0; attempt++)
        {
            GC.Collect(); // waits for a background GC in progress, so that it cannot end inside the window
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
                a.Dot(b, into: c);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }

    private static double MaxDifference(Matrix actual, Matrix expected)
    {
        double worst = 0;
        for (int r = 0; r < expected.Rows; r++)
            for (int c = 0; c < expected.Cols; c++)
                worst = Math.Max(worst, Math.Abs(actual[r, c] - expected[r, c])); // NaN stays NaN
        return worst;
    }

    // Waits up to 10 s for every worker to fall asleep: far above the millisecond they spin,
    // so a loaded machine does not fail a test, while a worker that never sleeps still does.
    private static void WaitForWorkersToSleep()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Workers.Sleeping < Workers.Count && DateTime.UtcNow < deadline)
            Thread.Sleep(1);
    }
}
