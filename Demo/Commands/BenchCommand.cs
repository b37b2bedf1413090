using System.Diagnostics;
using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// <c>bench</c> (<c>make bench</c>): the machine's multiply-add peak (<see cref="FmaPeak"/>), and the speed of
/// <see cref="Matrix.Dot(Matrix, Matrix?, double)"/> and of training, as medians of several timed runs after a warm-up.
/// The numbers go in the README beside the numpy peer's.
/// </summary>
internal static class BenchCommand
{
    public static readonly string[] ValuedOptions = ["idx", "epochs", "runs", "only", "shapes"];

    /// <summary>The parts <c>--only</c> names, in the order they run.</summary>
    private static readonly string[] Parts = ["peak", "dot", "seed", "fashion"];

    public const string Help =
        """
        Demo bench — measure the FMA peak and Dot (GFLOP/s), training (s/epoch, bytes allocated per step).

        usage: Demo bench [--only PARTS] [--shapes LIST] [--idx DIR] [--epochs N] [--runs N]
          --only PARTS   run only these parts, e.g. dot or seed,fashion (default peak,dot,seed,fashion);
                         peak: fp64 multiply-adds in registers on 1 thread and on all cores, the
                         GFLOP/s no product can pass
          --shapes LIST  the Dot shapes, MxKxN separated by commas: (M×K)·(K×N); a T after N reads
                         the right operand transposed in place from an N×K matrix, as dW1 = dZ1·Xᵀ
                         does, e.g. 512x512x512,30x784x100,30x100x784T (default: five training shapes)
          --idx DIR      Fashion-MNIST IDX folder (default /usr/share/datasets/fashion-mnist);
                         a generated set of the same size is used when it is missing
          --epochs N     timed epochs per Fashion-MNIST configuration (default 3, after 1 warm-up)
          --runs N       timed runs per Dot shape and for the seed network (default 7)
        Compare with the numpy peer on the same machine: make compare (Demo/peer/compare.py), or
          /usr/bin/python3 Demo/peer/numpy_network.py train --hidden 30 --batch 10 --lr 0.5 --epochs 3
        """;

    public static int Run(Options options, TextWriter output)
    {
        string idx = options.Text("idx") ?? "/usr/share/datasets/fashion-mnist";
        int epochs = options.Int("epochs", 3, minimum: 1), runs = options.Int("runs", 7, minimum: 1);
        string[] only = options.Text("only") is string text ? text.Split(',', StringSplitOptions.TrimEntries) : Parts;
        if (only.FirstOrDefault(part => !Parts.Contains(part)) is string unknown)
            throw options.Usage($"--only takes {string.Join(", ", Parts)} separated by commas; got {Echo.Quote(unknown)}");
        var shapes = Shapes(options);
        if (options.Text("shapes") is not null && !only.Contains("dot"))
            throw options.Usage("--shapes goes with the dot part; add dot to --only");
        output.WriteLine($"FromScratch bench: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                         $"vectors: {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512" : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "AVX2" : "none wider than 128 bits")}");
        output.WriteLine($"medians of {runs} runs after a warm-up");
        output.WriteLine();
        if (only.Contains("peak"))
            Peak(output);
        if (only.Contains("dot"))
            DotSpeed(output, runs, shapes);
        if (only.Contains("seed"))
            SeedNetwork(output, runs);
        if (only.Contains("fashion"))
            Fashion(output, idx, epochs);
        return 0;
    }

    /// <summary>One product to time: (M×K)·(K×N), the right operand read transposed from an N×K matrix when <c>Transposed</c>.</summary>
    private readonly record struct Shape(int M, int K, int N, bool Transposed, string What);

    private static Shape[] Shapes(Options options)
    {
        if (options.Text("shapes") is not string text)
            return
            [
                new(30, 784, 10, false, "W1 · X, batch 10"),
                new(30, 10, 784, true, "dZ1 · Xᵀ, batch 10"),
                new(30, 784, 100, false, "W1 · X, batch 100"),
                new(100, 784, 10, false, "W1 · X, 100 hidden, batch 10"),
                new(512, 512, 512, false, "square, 512³"),
            ];
        var shapes = new List<Shape>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            string[] sizes = part.TrimEnd('T').Split('x');
            int[] dims = [.. sizes.Select(size => int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d is > 0 and <= 10_000 ? d : 0)];
            if (dims.Length != 3 || dims.Contains(0) || part.Count(c => c == 'T') > 1)
                throw options.Usage($"--shapes expects MxKxN or MxKxNT separated by commas, each size 1 to 10000 (e.g. 512x512x512,30x100x784T); got {Echo.Quote(part)}");
            // The spec as given stands in the "what it is" column, for a script to find its line.
            shapes.Add(new(dims[0], dims[1], dims[2], part.EndsWith('T'), $"{dims[0]}x{dims[1]}x{dims[2]}{(part.EndsWith('T') ? "T" : "")}"));
        }
        return [.. shapes];
    }

    private static void Peak(TextWriter output)
    {
        int cores = Environment.ProcessorCount;
        double one = FmaPeak.GigaflopsPerSecond(1), all = FmaPeak.GigaflopsPerSecond(cores);
        string threads = cores == 1 ? "1 thread" : $"{cores} threads";
        // One line, for compare.py to find: "peak: 1 thread 62.1 GFLOP/s, 2 threads 118.4 GFLOP/s (…)".
        output.WriteLine(Invariant($"peak: 1 thread {one:0.0} GFLOP/s, {threads} {all:0.0} GFLOP/s ({FmaPeak.Name}, 2 flops per lane, {FmaPeak.Chains} independent chains per thread, best of {FmaPeak.Runs} runs of {FmaPeak.Seconds} s)"));
        output.WriteLine();
    }

    private static void DotSpeed(TextWriter output, int runs, Shape[] shapes)
    {
        output.WriteLine("Dot, GFLOP/s (2·m·k·n floating-point operations per product)");
        output.WriteLine("  shape                         what it is                       1 thread  all cores");
        var random = new Random(1);
        foreach (var (m, k, n, transposed, what) in shapes)
        {
            var a = Matrix.Random(m, k, -1, 1, random);
            // A transposed operand is stored N×K and read in place through .T, as Backward reads Xᵀ.
            var b = transposed ? Matrix.Random(n, k, -1, 1, random) : Matrix.Random(k, n, -1, 1, random);
            var c = new Matrix(m, n);
            Action product = transposed ? () => a.Dot(b.T, into: c) : () => a.Dot(b, into: c);
            double[] rates = [.. new[] { 1, Environment.ProcessorCount }.Select(threads =>
            {
                Matrix.MaxThreads = threads;
                double seconds = MedianSeconds(runs, product, minimumSeconds: 0.05);
                return 2.0 * m * k * n / seconds / 1e9;
            })];
            Matrix.MaxThreads = Environment.ProcessorCount;
            string shape = transposed ? $"({m}×{k})·({n}×{k})ᵀ" : $"({m}×{k})·({k}×{n})";
            output.WriteLine(Invariant($"  {shape,-30}{what,-33}{rates[0],8:0.0}  {rates[1],9:0.0}"));
        }
        output.WriteLine();
    }

    private static void SeedNetwork(TextWriter output, int runs)
    {
        var seed = ToyData.Seed();
        const int epochs = 10_000;
        var options = new TrainingOptions { Epochs = epochs, LearningRate = 0.5, Patience = 0 };
        double seconds = MedianSeconds(runs, () => new Network([5, 4, 4], seed: 0).Train(seed.X, seed.Y, options));
        output.WriteLine(Invariant($"seed network [5, 4, 4], 2 samples, full batch, ce: {seconds / epochs * 1e6:0.00} µs per epoch ({epochs} epochs in {seconds:0.000} s)"));
        output.WriteLine();
    }

    private static void Fashion(TextWriter output, string idx, int epochs)
    {
        Dataset train;
        try
        {
            train = IdxReader.ReadDirectory(idx).Train;
            if (train.Features != 784 || train.Y.Rows != 10)
                throw new DataFormatException($"{idx} holds images of {train.Features} pixels in {train.Y.Rows} classes; the benchmark's networks are [784, …, 10]");
            output.WriteLine($"Fashion-MNIST from {idx}: {train.Count} images of {train.Features} pixels");
        }
        catch (DataFormatException problem)
        {
            output.WriteLine($"Fashion-MNIST not available ({problem.Message});");
            output.WriteLine("using a generated set of the same size (60000 random 784-pixel images, 10 classes): same work per epoch");
            var random = new Random(1);
            var labels = Enumerable.Range(0, 60_000).Select(_ => random.Next(10)).ToArray();
            train = new Dataset(Matrix.Random(784, 60_000, 0, 1, random), Dataset.OneHot(labels, 10));
        }
        output.WriteLine("  network          batch   seconds per epoch   bytes allocated per step");
        foreach (var (hidden, batch) in new[] { (30, 10), (30, 100), (100, 10) })
        {
            var network = new Network([784, hidden, 10], seed: 0);
            var times = new List<double>();
            var allocated = new List<long>();
            TimeSpan previous = TimeSpan.Zero;
            network.Train(train, new TrainingOptions
            {
                Epochs = epochs + 1,
                LearningRate = 0.5,
                BatchSize = batch,
                Patience = 0,
                ReportEvery = 1,
                Progress = report =>
                {
                    times.Add((report.Elapsed - previous).TotalSeconds);
                    allocated.Add(GC.GetTotalAllocatedBytes(precise: true));
                    previous = report.Elapsed;
                },
            });
            // Epoch 1 is the warm-up (and copies X once into sample-per-row order).
            double median = Median(times.Skip(1));
            long steps = (long)epochs * ((train.Count + batch - 1) / batch);
            double bytesPerStep = (allocated[^1] - allocated[0]) / (double)steps;
            string layers = $"[784, {hidden}, 10]";
            output.WriteLine(Invariant($"  {layers,-17}{batch,5}   {median,17:0.000}   {bytesPerStep,24:0}"));
        }
    }

    private static double MedianSeconds(int runs, Action action, double minimumSeconds = 0)
    {
        action(); // warm-up: compiles and touches everything once
        var clock = Stopwatch.StartNew();
        int repeats = 1;
        while (clock.Elapsed.TotalSeconds < minimumSeconds / 4 && repeats < 1 << 20)
        {
            action();
            repeats++;
        }
        repeats = Math.Max(1, (int)(repeats * minimumSeconds / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        var samples = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            clock.Restart();
            for (int i = 0; i < repeats; i++)
                action();
            samples.Add(clock.Elapsed.TotalSeconds / repeats);
        }
        return Median(samples);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
