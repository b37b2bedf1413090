using System.Diagnostics;

namespace FromScratch;

/// <summary>
/// The threads that run the other parts of a split product (<see cref="Gemm"/>), one per core beside the
/// caller's. They change only where the parts run: a product split into parts gives the same bits as in one.
/// </summary>
/// <remarks>
/// A part is handed over through one shared ticket (no delegate, no allocation), and the caller runs parts
/// too, so a product finishes even if no worker ever comes. A worker that has just run a part keeps looking
/// for the next one for about a millisecond (spinning, so that handing it a part costs about as much as a
/// cache miss), then sleeps. That bridges the gaps between the split products of a training step, so a loop
/// of products needs no setup, and it is not forever, so a loop whose products are all too small to split
/// (training at batch 10) costs no core.
/// </remarks>
internal static class Workers
{
    /// <summary>Work cut into parts that may run side by side, each part on one thread.</summary>
    internal interface IParts
    {
        void Run(int part);
    }

    // After its last part (or being woken), a worker keeps looking this long before it sleeps: about a
    // training step at batch 100, so it bridges the step's other work between two split products. Not much
    // longer: at batch 1000 a worker would spin through the gathering of each batch, taking a core that, on a
    // loaded machine, other work then takes from the training thread.
    private static readonly TimeSpan SpinBeforeSleep = TimeSpan.FromMilliseconds(1);

    private static readonly Worker[] Pool = StartWorkers(Environment.ProcessorCount - 1);

    // 1 while a product owns the workers: a second thread's product meanwhile runs all its parts itself.
    private static int owned;

    // The ticket: which product (high 32 bits), its next unclaimed part (bits 16-31) and its number of parts
    // (bits 0-15). A part is claimed by moving "next" on with one compare-exchange, which fails if the ticket
    // changed in between, so a claim can never land on another product's part. A product's work is only
    // replaced after all its parts are done, so a thread reads it safely once its claim succeeds.
    private static long ticket;
    private static IParts? work;
    private static int done;
    private static Exception? failure;

    /// <summary>How many worker threads there are: one per core beside the caller's.</summary>
    internal static int Count => Pool.Length;

    /// <summary>How many workers are asleep (not spinning) now.</summary>
    internal static int Sleeping => Pool.Count(worker => worker.IsAsleep);

    /// <summary>Runs parts 0..parts-1 of <paramref name="parts"/>, on the workers and this thread; returns when all are done.</summary>
    internal static void Run(IParts parts, int count)
    {
        if (count > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(count), count, "at most 65535 parts");
        if (count == 1 || Pool.Length == 0 || Interlocked.CompareExchange(ref owned, 1, 0) != 0)
        {
            // One part, no other core, or another thread's product holds the workers: run every part here.
            for (int part = 0; part < count; part++)
                parts.Run(part);
            return;
        }
        try
        {
            work = parts;
            done = 0;
            failure = null;
            long product = (ticket >> 32) + 1;
            Interlocked.Exchange(ref ticket, (product << 32) | (uint)count); // publishes the work above
            foreach (var worker in Pool)
                worker.Wake();
            RunParts();
            var wait = new SpinWait();
            while (Volatile.Read(ref done) < count)
                wait.SpinOnce(sleep1Threshold: -1); // never Sleep(1): a millisecond is longer than most products
            if (failure is { } error)
                throw new AggregateException("a part of a split matrix product failed", error);
        }
        finally
        {
            work = null;
            Volatile.Write(ref owned, 0);
        }
    }

    /// <summary>Wakes every sleeping worker, so that it looks for parts (for about a millisecond) from now on. For tests: a product wakes the workers it needs.</summary>
    internal static void WakeAll()
    {
        foreach (var worker in Pool)
            worker.Wake();
    }

    // Claims and runs parts of the current product until none is left; true if it ran any.
    private static bool RunParts()
    {
        bool ran = false;
        while (true)
        {
            long seen = Volatile.Read(ref ticket);
            int next = (int)(seen >> 16) & 0xFFFF, count = (int)seen & 0xFFFF;
            if (next >= count)
                return ran;
            if (Interlocked.CompareExchange(ref ticket, seen + (1 << 16), seen) != seen)
                continue; // another thread claimed it first
            try
            {
                work!.Run(next);
            }
            catch (Exception error)
            {
                failure = error;
            }
            Interlocked.Increment(ref done);
            ran = true;
        }
    }

    private static Worker[] StartWorkers(int count)
    {
        var pool = new Worker[count];
        for (int i = 0; i < count; i++)
            pool[i] = new Worker(i);
        return pool;
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim signal = new(0);
        private int sleeping;

        public bool IsAsleep => Volatile.Read(ref sleeping) == 1;

        public Worker(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"FromScratch product worker {index + 1}" }.Start();

        // Called after a product is published, or by WakeAll: a sleeping worker is woken, once.
        public void Wake()
        {
            if (Volatile.Read(ref sleeping) == 1 && Interlocked.Exchange(ref sleeping, 0) == 1)
                signal.Release();
        }

        private void Loop()
        {
            long idleSince = Stopwatch.GetTimestamp();
            var spinner = new SpinWait();
            while (true)
            {
                if (RunParts())
                {
                    idleSince = Stopwatch.GetTimestamp();
                    spinner.Reset();
                }
                else if (Stopwatch.GetElapsedTime(idleSince) < SpinBeforeSleep)
                {
                    // Spins a few times, then yields between looks: on a busy machine a worker that only
                    // spun would take time from the thread that is computing, ours included.
                    spinner.SpinOnce(sleep1Threshold: -1);
                }
                else
                {
                    // Sleep, unless work arrived since the last look (checked after saying so, so that a
                    // Wake in between is not lost: it then finds sleeping = 1 and releases us).
                    Interlocked.Exchange(ref sleeping, 1);
                    if (Claimable() && Interlocked.Exchange(ref sleeping, 0) == 1)
                        continue; // cleared it ourselves: no Release is coming
                    signal.Wait();
                    idleSince = Stopwatch.GetTimestamp();
                }
            }
        }

        private static bool Claimable()
        {
            long seen = Volatile.Read(ref ticket);
            return ((int)(seen >> 16) & 0xFFFF) < ((int)seen & 0xFFFF);
        }
    }
}
