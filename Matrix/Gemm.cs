using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FromScratch;

/// <summary>
/// The fast matrix product C = op(A) · op(B), where op may transpose. Same maths as
/// <see cref="Matrix.ReferenceDot"/>; only the order of the memory accesses differs.
/// </summary>
/// <remarks>
/// The blocking, from the outside in (after Goto and van de Geijn's GEMM):
/// <list type="number">
/// <item>K is cut into slices of <see cref="KC"/>: one slice of B, packed, stays in the L2 cache.</item>
/// <item>B's slice is packed into panels NR columns wide, laid out in exactly the order the micro-kernel
/// reads it. Packing reads through (row stride, column stride), so a transposed B costs no more.</item>
/// <item>The micro-kernel keeps an MR × NR block of C in vector registers and, for each k, adds the
/// outer product of an A column (MR values, broadcast one by one) and a B row (NR values, in vectors).
/// A is only ever broadcast, so it can be read in place through its strides. Only when a block of A is
/// reused across many B panels is it packed too (MR values per k, contiguous), which keeps it in cache.</item>
/// </list>
/// A large product is split once, one part per core (by rows, or by B panels when it is short), and
/// each part packs only its own panels; tiny products skip packing altogether.
/// <para>The kernels are compiled fully optimised from the first call (<c>Hot</c>): left to tiered,
/// profile-guided compilation, their code was re-optimised for whichever shapes ran first and the
/// training loop slowed by half after a large product.</para>
/// </remarks>
internal static class Gemm
{
    // Shorthand for the attribute on every method of the hot path.
    private const MethodImplOptions Hot = MethodImplOptions.AggressiveOptimization;

    private const int KC = 256;      // depth of one packed slice
    private const int MC = 96;       // rows of C per block (a multiple of MR)
    private const long TinyProduct = 4_096;         // m·n·k below this: plain loop, packing would not pay
    // m·n·k above this: use every core. Lower (1M) was measured slower in training at batch 100: the
    // workers fall asleep between products and waking them costs more than the split saves.
    private const long ParallelProduct = 4_000_000;
    private const int PackAFromPanels = 16;         // pack A when one block of it meets this many B panels

    private static readonly bool Wide = Vector512.IsHardwareAccelerated;
    private static readonly bool Packed = Wide || Vector256.IsHardwareAccelerated;
    private const int MR = 4;
    private static readonly int NR = Wide ? 16 : 8;

    /// <summary>An operand: element (i, k) of op(M) is <c>Data[i * RowStride + k * ColStride]</c>.</summary>
    internal readonly record struct Operand(double[] Data, int RowStride, int ColStride)
    {
        public static Operand Of(Matrix m, bool transpose) =>
            transpose ? new(m.Data, 1, m.Cols) : new(m.Data, m.Cols, 1);
    }

    /// <summary>c (m × n, row-major) = alpha · a (m × k) · b (k × n), overwriting c.</summary>
    [MethodImpl(Hot)]
    public static void Multiply(double alpha, Operand a, Operand b, double[] c, int m, int n, int k)
    {
        Array.Clear(c, 0, m * n); // the kernels add their blocks into C
        long work = (long)m * n * k;
        if (!Packed || work < TinyProduct)
        {
            Simple(alpha, a, b, c, m, n, k);
            return;
        }
        int panels = (n + NR - 1) / NR;
        int threads = work >= ParallelProduct ? Math.Min(Matrix.MaxThreads, Environment.ProcessorCount) : 1;
        if (threads == 1)
        {
            MultiplyPart(alpha, a, b, c, n, k, 0, m, 0, panels);
            return;
        }
        MultiplyInParallel(alpha, a, b, c, m, n, k, panels, threads);
    }

    // Split once, into one part per thread: by rows when there are enough, else by B panels. A method of
    // its own so that the lambda's captured state is only allocated when a product really is split.
    private static void MultiplyInParallel(double alpha, Operand a, Operand b, double[] c, int m, int n, int k, int panels, int threads)
    {
        bool byRows = m >= threads * MC;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            if (byRows)
            {
                int blocks = (m + MC - 1) / MC;
                int first = part * blocks / threads * MC, end = Math.Min(m, (part + 1) * blocks / threads * MC);
                MultiplyPart(alpha, a, b, c, n, k, first, end, 0, panels);
            }
            else
            {
                MultiplyPart(alpha, a, b, c, n, k, 0, m, part * panels / threads, (part + 1) * panels / threads);
            }
        });
    }

    // C[rows firstRow..endRow, B panels firstPanel..endPanel] += alpha · A · B, one thread's share.
    [MethodImpl(Hot)]
    private static void MultiplyPart(double alpha, Operand a, Operand b, double[] c, int n, int k,
        int firstRow, int endRow, int firstPanel, int endPanel)
    {
        if (firstRow >= endRow || firstPanel >= endPanel)
            return;
        double[] packedB = ArrayPool<double>.Shared.Rent((endPanel - firstPanel) * NR * KC);
        for (int pc = 0; pc < k; pc += KC)
        {
            int kc = Math.Min(KC, k - pc);
            PackB(b, pc, kc, n, firstPanel, endPanel, packedB);
            for (int ic = firstRow; ic < endRow; ic += MC)
                Block(alpha, a, c, n, pc, kc, ic, Math.Min(MC, endRow - ic), firstPanel, endPanel, packedB);
        }
        ArrayPool<double>.Shared.Return(packedB);
    }

    // C[ic..ic+mc, panels] += alpha · A[ic..ic+mc, pc..pc+kc] · packed B.
    [MethodImpl(Hot)]
    private static void Block(double alpha, Operand a, double[] c, int n, int pc, int kc, int ic, int mc, int firstPanel, int endPanel, double[] packedB)
    {
        double[]? packedA = endPanel - firstPanel >= PackAFromPanels ? PackA(a, ic, mc, pc, kc) : null;
        // The kernel reads A from the packed copy (MR values per k) or in place through A's own strides.
        double[] data = packedA ?? a.Data;
        int colStride = packedA is null ? a.ColStride : MR;
        Span<int> rowStarts = stackalloc int[MR];
        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int jr = panel * NR, cols = Math.Min(NR, n - jr);
            var bPanel = packedB.AsSpan((panel - firstPanel) * NR * kc, NR * kc);
            for (int ir = 0; ir < mc; ir += MR)
            {
                int rows = Math.Min(MR, mc - ir);
                // Where row i of this MR-row strip starts, and the step from one k to the next. Rows past
                // the edge repeat the last real row; their results are never stored.
                for (int i = 0; i < MR; i++)
                    rowStarts[i] = packedA is null
                        ? (ic + ir + Math.Min(i, rows - 1)) * a.RowStride + pc * a.ColStride
                        : ir * kc + i;
                var cBlock = c.AsSpan((ic + ir) * n + jr);
                if (Wide)
                    Kernel512(kc, data, rowStarts, colStride, bPanel, alpha, cBlock, n, rows, cols);
                else
                    Kernel256(kc, data, rowStarts, colStride, bPanel, alpha, cBlock, n, rows, cols);
            }
        }
        if (packedA is not null)
            ArrayPool<double>.Shared.Return(packedA);
    }

    // A[ic..ic+mc, pc..pc+kc] as strips of MR rows: strip q holds, for each k, its MR values (zero-padded).
    [MethodImpl(Hot)]
    private static double[] PackA(Operand a, int ic, int mc, int pc, int kc)
    {
        double[] packed = ArrayPool<double>.Shared.Rent(MC * KC);
        int index = 0;
        for (int ir = 0; ir < mc; ir += MR)
            for (int p = 0; p < kc; p++)
                for (int i = 0; i < MR; i++)
                    packed[index++] = ir + i < mc ? a.Data[(ic + ir + i) * a.RowStride + (pc + p) * a.ColStride] : 0;
        return packed;
    }

    // B[pc..pc+kc, the columns of panels firstPanel..endPanel] as panels of NR columns: each panel holds,
    // for each k, its NR values (zero-padded past column n).
    [MethodImpl(Hot)]
    private static void PackB(Operand b, int pc, int kc, int n, int firstPanel, int endPanel, double[] packed)
    {
        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int jr = panel * NR, cols = Math.Min(NR, n - jr);
            Span<double> destination = packed.AsSpan((panel - firstPanel) * NR * kc, NR * kc);
            if (cols < NR) // zero the padding lanes of a partial panel
                for (int p = 0; p < kc; p++)
                    destination.Slice(p * NR + cols, NR - cols).Clear();
            ref double source = ref MemoryMarshal.GetArrayDataReference(b.Data); // ranges were checked by Multiply
            ref double target = ref MemoryMarshal.GetReference(destination);
            if (b.ColStride == 1)
            {
                // Plain B: for each k, the panel's NR values are a contiguous run of one row.
                for (int p = 0; p < kc; p++)
                {
                    ref double from = ref Unsafe.Add(ref source, (pc + p) * b.RowStride + jr);
                    ref double to = ref Unsafe.Add(ref target, p * NR);
                    if (cols == NR && Wide)
                    {
                        Vector512.LoadUnsafe(ref from).StoreUnsafe(ref to);
                        Vector512.LoadUnsafe(ref from, 8).StoreUnsafe(ref to, 8);
                    }
                    else if (cols == NR)
                    {
                        Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
                        Vector256.LoadUnsafe(ref from, 4).StoreUnsafe(ref to, 4);
                    }
                    else
                    {
                        for (int j = 0; j < cols; j++)
                            Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
                    }
                }
            }
            else
            {
                // Transposed B: walk each column of the panel along k, where it is contiguous in memory.
                for (int j = 0; j < cols; j++)
                {
                    ref double from = ref Unsafe.Add(ref source, pc * b.RowStride + (jr + j) * b.ColStride);
                    for (int p = 0; p < kc; p++)
                        Unsafe.Add(ref target, p * NR + j) = Unsafe.Add(ref from, p * b.RowStride);
                }
            }
        }
    }

    // C[0..rows, 0..cols] += alpha · (4 rows of A, kc deep) · (kc × 16 panel of B), holding the 4 × 16 block in 8 registers.
    // Row i of A starts at a[rowStarts[i]] and steps by colStride; bounds were checked by Multiply.
    [MethodImpl(Hot)]
    private static void Kernel512(int kc, double[] a, ReadOnlySpan<int> rowStarts, int colStride, ReadOnlySpan<double> b, double alpha, Span<double> c, int ldc, int rows, int cols)
    {
        ref double pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref double r0 = ref Unsafe.Add(ref pa, rowStarts[0]), r1 = ref Unsafe.Add(ref pa, rowStarts[1]);
        ref double r2 = ref Unsafe.Add(ref pa, rowStarts[2]), r3 = ref Unsafe.Add(ref pa, rowStarts[3]);
        ref double pb = ref MemoryMarshal.GetReference(b);
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<double> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref pb, (nuint)(p * 16));
            var b1 = Vector512.LoadUnsafe(ref pb, (nuint)(p * 16 + 8));
            nint offset = (nint)p * colStride;
            var a0 = Vector512.Create(Unsafe.Add(ref r0, offset));
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref r1, offset));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref r2, offset));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref r3, offset));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
        }
        if (rows == 4 && cols == 16)
        {
            // A full block: add the registers straight into C's four rows.
            ref double c0 = ref MemoryMarshal.GetReference(c);
            var scale = Vector512.Create(alpha);
            AddTo(ref c0, scale, c00, c01);
            AddTo(ref Unsafe.Add(ref c0, ldc), scale, c10, c11);
            AddTo(ref Unsafe.Add(ref c0, 2 * ldc), scale, c20, c21);
            AddTo(ref Unsafe.Add(ref c0, 3 * ldc), scale, c30, c31);
            return;
        }
        Span<double> block = stackalloc double[64];
        c00.CopyTo(block); c01.CopyTo(block[8..]); c10.CopyTo(block[16..]); c11.CopyTo(block[24..]);
        c20.CopyTo(block[32..]); c21.CopyTo(block[40..]); c30.CopyTo(block[48..]); c31.CopyTo(block[56..]);
        AddBlock(block, 16, alpha, c, ldc, rows, cols);
    }

    // The same with 256-bit vectors: a 4 × 8 block in 8 registers.
    [MethodImpl(Hot)]
    private static void Kernel256(int kc, double[] a, ReadOnlySpan<int> rowStarts, int colStride, ReadOnlySpan<double> b, double alpha, Span<double> c, int ldc, int rows, int cols)
    {
        ref double pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref double r0 = ref Unsafe.Add(ref pa, rowStarts[0]), r1 = ref Unsafe.Add(ref pa, rowStarts[1]);
        ref double r2 = ref Unsafe.Add(ref pa, rowStarts[2]), r3 = ref Unsafe.Add(ref pa, rowStarts[3]);
        ref double pb = ref MemoryMarshal.GetReference(b);
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<double> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref pb, (nuint)(p * 8));
            var b1 = Vector256.LoadUnsafe(ref pb, (nuint)(p * 8 + 4));
            nint offset = (nint)p * colStride;
            var a0 = Vector256.Create(Unsafe.Add(ref r0, offset));
            c00 = Vector256.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref r1, offset));
            c10 = Vector256.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector256.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref r2, offset));
            c20 = Vector256.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector256.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref r3, offset));
            c30 = Vector256.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector256.MultiplyAddEstimate(a3, b1, c31);
        }
        if (rows == 4 && cols == 8)
        {
            // A full block: add the registers straight into C's four rows.
            ref double c0 = ref MemoryMarshal.GetReference(c);
            var scale = Vector256.Create(alpha);
            AddTo(ref c0, scale, c00, c01);
            AddTo(ref Unsafe.Add(ref c0, ldc), scale, c10, c11);
            AddTo(ref Unsafe.Add(ref c0, 2 * ldc), scale, c20, c21);
            AddTo(ref Unsafe.Add(ref c0, 3 * ldc), scale, c30, c31);
            return;
        }
        Span<double> block = stackalloc double[32];
        c00.CopyTo(block); c01.CopyTo(block[4..]); c10.CopyTo(block[8..]); c11.CopyTo(block[12..]);
        c20.CopyTo(block[16..]); c21.CopyTo(block[20..]); c30.CopyTo(block[24..]); c31.CopyTo(block[28..]);
        AddBlock(block, 8, alpha, c, ldc, rows, cols);
    }

    // row[0..2W] += scale · (left, right), with one fused multiply-add per vector.
    [MethodImpl(Hot)]
    private static void AddTo(ref double row, Vector512<double> scale, Vector512<double> left, Vector512<double> right)
    {
        Vector512.FusedMultiplyAdd(scale, left, Vector512.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        Vector512.FusedMultiplyAdd(scale, right, Vector512.LoadUnsafe(ref row, 8)).StoreUnsafe(ref row, 8);
    }

    [MethodImpl(Hot)]
    private static void AddTo(ref double row, Vector256<double> scale, Vector256<double> left, Vector256<double> right)
    {
        Vector256.MultiplyAddEstimate(scale, left, Vector256.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        Vector256.MultiplyAddEstimate(scale, right, Vector256.LoadUnsafe(ref row, 4)).StoreUnsafe(ref row, 4);
    }

    // Adds alpha times the valid rows × cols corner of the register block into C (edge blocks are partial).
    [MethodImpl(Hot)]
    private static void AddBlock(ReadOnlySpan<double> block, int width, double alpha, Span<double> c, int ldc, int rows, int cols)
    {
        for (int i = 0; i < rows; i++)
            MatrixKernels.AddScaled(c.Slice(i * ldc, cols), alpha, block.Slice(i * width, cols));
    }

    // Tiny products, and hardware without wide vectors: one dot product per entry of C.
    [MethodImpl(Hot)]
    private static void Simple(double alpha, Operand a, Operand b, double[] c, int m, int n, int k)
    {
        double[] left = a.Data, right = b.Data;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0, ai = i * a.RowStride, bj = j * b.ColStride; p < k; p++, ai += a.ColStride, bj += b.RowStride)
                    sum += left[ai] * right[bj];
                c[i * n + j] += alpha * sum;
            }
    }
}
