namespace FromScratch;

/// <summary>
/// Records the matrix operations that run while it is active, each with the names and shapes of its
/// operands, e.g. <c>Z1 = W1 (4, 5) · X (5, 2) -> (4, 2)</c>. <c>Demo --shapes</c> uses it to show what a
/// real forward and backward pass did, instead of re-typing the formulas. Off by default; when off, an
/// operation pays one check of <see cref="Current"/>.
/// </summary>
/// <example>
/// <code>
/// using var log = OperationLog.Start();
/// log.Name(x, "X");
/// network.Forward(x);
/// foreach (string line in log.Lines) Console.WriteLine(line);
/// </code>
/// </example>
public sealed class OperationLog : IDisposable
{
    [ThreadStatic]
    private static OperationLog? current;

    private readonly OperationLog? outer;
    private bool disposed;
    private readonly Dictionary<Matrix, string> names = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> lines = [];

    private OperationLog(OperationLog? outer) => this.outer = outer;

    /// <summary>The log recording on this thread, or null when none is.</summary>
    public static OperationLog? Current
    {
        get
        {
            // Logs disposed out of order (or on another thread) are skipped, never revived.
            while (current is { disposed: true })
                current = current.outer;
            return current;
        }
    }

    /// <summary>Starts recording this thread's matrix operations until the log is disposed.</summary>
    public static OperationLog Start() => current = new OperationLog(Current);

    /// <summary>The recorded operations, in the order they ran.</summary>
    public IReadOnlyList<string> Lines => lines;

    /// <summary>Gives <paramref name="matrix"/> a name (e.g. <c>W1</c>) for the lines that mention it.</summary>
    public void Name(Matrix matrix, string name)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        names[matrix] = name;
    }

    /// <summary>The name given to <paramref name="matrix"/>, or its shape when it has none.</summary>
    public string Name(Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return names.GetValueOrDefault(matrix) ?? matrix.Shape;
    }

    /// <summary>The name and shape, e.g. <c>W1 (4, 5)</c>, or of the transpose, e.g. <c>A1ᵀ (2, 4)</c>.</summary>
    public string Describe(Matrix matrix, bool transposed = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        string shape = transposed ? Matrix.FormatShape(matrix.Cols, matrix.Rows) : matrix.Shape;
        return names.TryGetValue(matrix, out string? name) ? $"{name}{(transposed ? "ᵀ" : "")} {shape}" : shape;
    }

    /// <summary>Adds one line; operations call this while the log is <see cref="Current"/>.</summary>
    public void Add(string line)
    {
        if (!disposed)
            lines.Add(line);
    }

    /// <summary>Stops recording (the log that was active before, if any and not disposed, records again).</summary>
    public void Dispose() => disposed = true;
}
