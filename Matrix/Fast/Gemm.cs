using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FromScratch;

/// <summary>
/// The fast matrix product C = α · op(A) · op(B), where op may transpose: what <see cref="Matrix.Dot(Matrix, Matrix?, double)"/>
/// runs. It computes the sums that <see cref="Matrix.ReferenceDot"/> defines, in another order: the vector kernels keep
/// several partial sums, so the last bits can differ; a split across threads never changes a bit.
/// </summary>
/// <remarks>
/// This file is the kernel switch: which kernel runs (by the machine's vectors and the product's size) and
/// into how many parts a product is split (by its size and the cores). The packed product is in
/// Gemm.Packed.cs, its register kernels in Gemm.MicroKernels.cs, the threads that run the parts in Workers.cs.
/// <para>Every method on the hot path is compiled fully optimised from its first call (<c>Hot</c>): left to
/// tiered, profile-guided compilation, the kernels would be re-optimised for whichever shapes ran first, and
/// run slower on the others.</para>
/// <para><see cref="Force"/> lets a test choose the kernel and the split, so that every path is tested on any machine.</para>
/// </remarks>
internal static partial class Gemm
{
    // Shorthand for the attribute on every method of the hot path.
    private const MethodImplOptions Hot = MethodImplOptions.AggressiveOptimization;

    private const long TinyProduct = 4_096; // m·n·k below this: the plain loop, as packing would not pay
    // m·n·k from this (W1·X at batch 100): split across the cores. A smaller product would end before the
    // part handed to another thread paid for the handing over. One that finds the workers asleep also pays
    // to wake one, which a loop of products, such as training, pays once.
    private const long ParallelProduct = 1_000_000;

    /// <summary>The ways to compute a product.</summary>
    internal enum Kernel
    {
        /// <summary>One dot product per entry of C: tiny products, and machines without 256-bit vectors.</summary>
        Scalar,
        /// <summary>Packed, with 256-bit vectors (AVX2): 6 × 8 blocks of C in registers.</summary>
        Vector256,
        /// <summary>Packed, with 512-bit vectors (AVX-512): 6 × 16 blocks of C in registers.</summary>
        Vector512,
    }

    // The widest kernel this machine runs in hardware; a JIT-time constant, as it is static readonly.
    private static readonly Kernel Best = Vector512.IsHardwareAccelerated ? Kernel.Vector512
        : Vector256.IsHardwareAccelerated ? Kernel.Vector256 : Kernel.Scalar;

    // A test's choice of kernel and split (see Force). Per thread, so that tests running side by side do
    // not see each other's choice; only the calling thread reads it, once per product (see Multiply).
    [ThreadStatic] private static (Kernel Kernel, int Parts)? forced;

    /// <summary>
    /// Until the returned scope is disposed, products started on this thread use <paramref name="kernel"/>,
    /// split into <paramref name="parts"/> parts, whatever the machine, the size and the cores would choose.
    /// For tests: it reaches every path on any machine. A vector width the hardware lacks still runs, slowly:
    /// .NET then does each Vector512 (or Vector256) operation in software, equal up to rounding, so the
    /// kernel's logic (its edges, blocks and splits) is tested even where its instructions cannot be.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 part, or more than 1 for the scalar kernel (which never splits).</exception>
    internal static ForcedScope Force(Kernel kernel, int parts)
    {
        if (parts < 1 || (kernel == Kernel.Scalar && parts > 1))
            throw new ArgumentOutOfRangeException(nameof(parts), parts, "1 or more parts; the scalar kernel never splits");
        var scope = new ForcedScope(forced);
        forced = (kernel, parts);
        return scope;
    }

    /// <summary>The kernel and split forced on this thread, or null: chosen by machine, size and cores.</summary>
    internal static (Kernel Kernel, int Parts)? Forced => forced;

    /// <summary>Puts back the choice that was in force before <see cref="Force"/>, so that scopes nest.</summary>
    internal readonly struct ForcedScope((Kernel Kernel, int Parts)? previous) : IDisposable
    {
        public void Dispose() => forced = previous;
    }

    /// <summary>
    /// An operand: element (i, k) of op(M) is <c>Data[i * RowStride + k * ColStride]</c>; for a matrix of bytes
    /// (<see cref="Matrix.OfBytes"/>, only ever B), <see cref="ByteView"/> holds them, read transposed when <see cref="Transposed"/>.
    /// </summary>
    internal readonly record struct Operand(double[] Data, int RowStride, int ColStride, Matrix.ByteSamples? ByteView = null, bool Transposed = false)
    {
        public static Operand Of(Matrix m, bool transpose) =>
            m.ByteView is { } bytes ? new([], 0, 0, bytes, transpose)
            : transpose ? new(m.Data, 1, m.Cols) : new(m.Data, m.Cols, 1);

        // Element (i, k) of op(M) for a matrix of bytes: column k of M, row i (transposed: column i, row k).
        public double ByteAt(int i, int k) => Transposed ? ByteView!.At(k, i) : ByteView!.At(i, k);
    }

    /// <summary>c (m × n, row-major) = alpha · a (m × k) · b (k × n), overwriting c.</summary>
    [MethodImpl(Hot)]
    public static void Multiply(double alpha, Operand a, Operand b, double[] c, int m, int n, int k)
    {
        // Decided here, once, and handed down as arguments: the parts of a split product run on other
        // threads, which would not see this thread's forced choice.
        var (kernel, parts) = forced ?? Choose((long)m * n * k);
        if (kernel == Kernel.Scalar)
        {
            Array.Clear(c, 0, m * n); // the scalar loop adds into C; the packed kernels write their first slice of k over it
            if (b.ByteView is null)
                Simple(alpha, a, b, c, m, n, k);
            else
                SimpleFromBytes(alpha, a, b, c, m, n, k);
            return;
        }
        if (kernel == Kernel.Vector512)
            MultiplyPacked<Width512>(alpha, a, b, c, m, n, k, parts);
        else
            MultiplyPacked<Width256>(alpha, a, b, c, m, n, k, parts);
    }

    // The kernel and the number of parts for a product of m·n·k multiply-adds, on this machine.
    private static (Kernel Kernel, int Parts) Choose(long work)
    {
        if (Best == Kernel.Scalar || work < TinyProduct)
            return (Kernel.Scalar, 1);
        return (Best, work >= ParallelProduct ? Math.Min(Matrix.MaxThreads, Environment.ProcessorCount) : 1);
    }

    // Tiny products, and hardware without wide vectors: one dot product per entry of C, four entries of a row at a
    // time. Each entry's sum is still added up on its own and in order, so the bits are those of one at a time; four
    // sums in flight keep the adder busy, where one sum waits for each addition to finish before the next.
    [MethodImpl(Hot)]
    private static void Simple(double alpha, Operand a, Operand b, double[] c, int m, int n, int k)
    {
        double[] left = a.Data, right = b.Data;
        int step = b.ColStride; // from one column of B to the next
        for (int i = 0; i < m; i++)
        {
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                double sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
                for (int p = 0, ai = i * a.RowStride, bj = j * step; p < k; p++, ai += a.ColStride, bj += b.RowStride)
                {
                    double x = left[ai];
                    sum0 += x * right[bj];
                    sum1 += x * right[bj + step];
                    sum2 += x * right[bj + 2 * step];
                    sum3 += x * right[bj + 3 * step];
                }
                c[i * n + j] += alpha * sum0;
                c[i * n + j + 1] += alpha * sum1;
                c[i * n + j + 2] += alpha * sum2;
                c[i * n + j + 3] += alpha * sum3;
            }
            for (; j < n; j++)
            {
                double sum = 0;
                for (int p = 0, ai = i * a.RowStride, bj = j * step; p < k; p++, ai += a.ColStride, bj += b.RowStride)
                    sum += left[ai] * right[bj];
                c[i * n + j] += alpha * sum;
            }
        }
    }

    // The same, with B a matrix of bytes (Matrix.OfBytes): each value looked up as it is read.
    [MethodImpl(Hot)]
    private static void SimpleFromBytes(double alpha, Operand a, Operand b, double[] c, int m, int n, int k)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0, ai = i * a.RowStride; p < k; p++, ai += a.ColStride)
                    sum += a.Data[ai] * b.ByteAt(p, j);
                c[i * n + j] += alpha * sum;
            }
    }
}
