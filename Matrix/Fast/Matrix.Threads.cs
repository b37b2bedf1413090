namespace FromScratch;

// The threads of a large product (see Workers.cs beside this file): how many it may use, and waking them
// ahead of a product. They change only how fast Dot runs, never what it computes.
public sealed partial class Matrix
{
    /// <summary>
    /// The most threads one large product may use; products below a million multiply-adds always
    /// run on one. Defaults to the number of cores; set 1 to measure single-threaded speed.
    /// </summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1");
    }

    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Wakes the product's worker threads now, so that the next large product finds them ready. Never needed
    /// for speed in a loop of products, such as training: a worker stays ready for about a millisecond after each part.
    /// </summary>
    /// <returns>A scope that changes nothing when disposed: the workers sleep again once no product comes.</returns>
    public static WorkersAwake KeepWorkersAwake()
    {
        Workers.WakeAll();
        return new();
    }

    /// <summary>What <see cref="KeepWorkersAwake"/> returns; disposing it does nothing.</summary>
    public sealed class WorkersAwake : IDisposable
    {
        internal WorkersAwake()
        {
        }

        /// <summary>Does nothing: the workers fall asleep by themselves once products stop coming.</summary>
        public void Dispose()
        {
        }
    }
}
