namespace FromScratch;

// The threads of a large product (see Workers.cs beside this file): how many it may use, and a scope that
// keeps them ready. They change only how fast Dot runs, never what it computes.
public sealed partial class Matrix
{
    /// <summary>
    /// The most threads one large product may use; products below a few million multiply-adds always
    /// run on one. Defaults to the number of cores; set 1 to measure single-threaded speed.
    /// </summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1");
    }

    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Keeps the product's worker threads awake between products until the returned scope is disposed, so
    /// that products large enough to pay (a million multiply-adds, e.g. W1·X at batch 100) are split across
    /// the cores. Outside a scope the workers soon sleep after a product and only products of four million
    /// multiply-adds or more are split: waking a sleeping thread costs more than splitting a training-sized
    /// product saves.
    /// </summary>
    /// <remarks>
    /// While a scope is open, a worker that ran a part spins (yielding) for about a millisecond, looking for the
    /// next, so it keeps a core busy as long as split products keep coming: open a scope around a loop of
    /// products, such as training. Scopes nest and may be opened on several threads. Two threads' products
    /// never share the workers at once: while one holds them, the other's product runs on its own thread.
    /// </remarks>
    /// <example><c>using var workers = Matrix.KeepWorkersAwake();</c> at the top of a training loop.</example>
    public static WorkersAwake KeepWorkersAwake() => new();

    /// <summary>The scope of <see cref="KeepWorkersAwake"/>: dispose it to let the workers sleep.</summary>
    public sealed class WorkersAwake : IDisposable
    {
        private int disposed;

        internal WorkersAwake() => Workers.Open();

        /// <summary>Ends this scope; disposing it again does nothing.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                Workers.Close();
        }
    }
}
