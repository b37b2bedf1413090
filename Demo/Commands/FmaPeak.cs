using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FromScratch.Demo;

/// <summary>
/// The machine's fp64 peak (<c>bench --only peak</c>): the GFLOP/s of fused multiply-adds, a·b + c in one
/// instruction (2 flops per lane), when they wait on nothing, neither memory nor each other. No product can
/// go faster, so Dot's rates and <c>make compare</c>'s training times are read as a share of it.
/// </summary>
internal static class FmaPeak
{
    /// <summary>What the loop runs: "Vector512 FMA", "Vector256 FMA", "scalar FMA" or, without FMA, "scalar multiply and add".</summary>
    public static string Name => Widest.Name;

    // The widest multiply-add this machine runs in hardware, as for Dot's kernels (Gemm.Best): its name, lanes and loop.
    private static readonly (string Name, int Lanes, Func<int, double> Loop) Widest =
        Vector512.IsHardwareAccelerated ? ("Vector512 FMA", 8, Steps512)
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? ("Vector256 FMA", 4, Steps256)
        : ScalarFma ? ("scalar FMA", 1, StepsScalar) : ("scalar multiply and add", 1, StepsScalar);

    // Without the instruction, Math.FusedMultiplyAdd is a slow library call: the scalar loop multiplies and adds instead.
    private static bool ScalarFma => Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    // 12 independent chains, each a_i ← a_i·m + c. An FMA's result comes some 4 cycles after it starts and a core
    // starts up to 2 per cycle, so 4 × 2 = 8 must be in flight at once for the units never to wait; a single chain
    // would measure the latency, not the throughput. 12 chains, the multiplier and the addend fit AVX2's 16 registers.
    public const int Chains = 12;

    // Steps of the 12 chains per call: ~50 µs, so that checking the clock between calls costs nothing.
    private const int Steps = 1 << 14;

    // A peak is a best: a busy machine only ever lowers a run, so the fastest of a few short runs is kept.
    public const int Runs = 3;
    public const double Seconds = 0.25;

    /// <summary>The best of <see cref="Runs"/> runs of ~<see cref="Seconds"/> s, in GFLOP/s, with one chain loop
    /// per thread on <paramref name="threads"/> threads started together.</summary>
    public static double GigaflopsPerSecond(int threads) => Enumerable.Range(0, Runs).Max(_ => Measure(threads, Seconds));

    private static double Measure(int threads, double seconds)
    {
        long[] calls = new long[threads], starts = new long[threads], ends = new long[threads];
        double[] results = new double[threads]; // kept, so that the JIT cannot drop the work
        using var ready = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            ready.SignalAndWait(); // all start together
            starts[t] = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(starts[t]).TotalSeconds < seconds)
            {
                results[t] += Widest.Loop(Steps);
                calls[t]++;
            }
            ends[t] = Stopwatch.GetTimestamp();
        })).ToArray();
        foreach (var worker in workers)
            worker.Start();
        foreach (var worker in workers)
            worker.Join();
        // All the threads' flops over the wall time from the first start to the last end.
        double flops = 2.0 * Widest.Lanes * Chains * Steps * calls.Sum();
        return flops / Stopwatch.GetElapsedTime(starts.Min(), ends.Max()).TotalSeconds / 1e9;
    }

    // The three loops are the same but for the width. AggressiveOptimization compiles them optimised at once:
    // a first, unoptimised version would keep the 12 chains in memory instead of registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Steps512(int steps)
    {
        Vector512<double> m = Vector512.Create(0.5), c = Vector512.Create(1.0); // a ← a/2 + 1 stays finite: it tends to 2
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector512<double> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        for (int i = 0; i < steps; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c); a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c); a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c); a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c); a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Steps256(int steps)
    {
        Vector256<double> m = Vector256.Create(0.5), c = Vector256.Create(1.0);
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector256<double> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        for (int i = 0; i < steps; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c); a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c); a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c); a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c); a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double StepsScalar(int steps)
    {
        const double m = 0.5, c = 1.0;
        static double MultiplyAdd(double a, double m, double c) => ScalarFma ? Math.FusedMultiplyAdd(a, m, c) : a * m + c;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0;
        for (int i = 0; i < steps; i++)
        {
            a0 = MultiplyAdd(a0, m, c); a1 = MultiplyAdd(a1, m, c); a2 = MultiplyAdd(a2, m, c);
            a3 = MultiplyAdd(a3, m, c); a4 = MultiplyAdd(a4, m, c); a5 = MultiplyAdd(a5, m, c);
            a6 = MultiplyAdd(a6, m, c); a7 = MultiplyAdd(a7, m, c); a8 = MultiplyAdd(a8, m, c);
            a9 = MultiplyAdd(a9, m, c); a10 = MultiplyAdd(a10, m, c); a11 = MultiplyAdd(a11, m, c);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
