namespace FromScratch;

// The threads of a large product (see Workers.cs beside this file): how many it may use. They change only
// how fast Dot runs, never what it computes.
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
}
