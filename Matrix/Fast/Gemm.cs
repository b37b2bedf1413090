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
/// <item>K is cut into slices of <see cref="KC"/>: one slice of B, packed, is reused by every block of
/// <see cref="MC"/> rows of A.</item>
/// <item>B's slice is packed into panels NR columns wide, laid out in exactly the order the micro-kernel
/// reads it. Packing reads through (row stride, column stride), so a transposed B costs no more. When A's
/// rows are a single block (a layer of up to 96 units), no panel is reused, so each is packed just
/// before its use, into a buffer that stays in L1, instead of the whole slice first.</item>
/// <item>The micro-kernel keeps an MR × NR block of C (6 × 2 vectors) in registers and, for each k, adds the
/// outer product of an A column (MR values, broadcast one by one) and a B row (NR values, in vectors).
/// A is only ever broadcast, so it can be read in place through its strides. Only when a block of A is
/// reused across many B panels is it packed too (MR values per k, contiguous), which keeps it in cache.</item>
/// </list>
/// A large product is split once, one part per core (by rows, or by B panels when it is short), and
/// each part packs only its own panels; tiny products skip packing altogether. The parts run on
/// <see cref="Workers"/>, threads that sleep between products unless a <see cref="Matrix.KeepWorkersAwake"/>
/// scope keeps them ready, which lets products as small as training's at batch 100 be split too.
/// <para>The kernels are compiled fully optimised from the first call (<c>Hot</c>): left to tiered,
/// profile-guided compilation, their code was re-optimised for whichever shapes ran first and the
/// training loop slowed by half after a large product.</para>
/// <para>Which kernel runs depends on the machine, and the split on its cores; <see cref="Force"/> lets a
/// test choose both, so that every path is tested on any machine.</para>
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
    // The same while a Matrix.KeepWorkersAwake scope holds the workers spinning, ready at once.
    private const long ParallelProductAwake = 1_000_000;
    private const int PackAFromPanels = 16;         // pack A when one block of it meets this many B panels
    private const int MR = 6;        // rows of the micro-kernel's block of C

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

    // The packed kernel's width as a type: the packed product is generic over it, so that the JIT compiles
    // one copy of it per width, with NR a constant and no test of the width left in the loops.
    private interface IWidth
    {
        // NR, the columns of one B panel and of the kernel's block of C: two vectors.
        static abstract int NR { get; }
    }

    private readonly struct Width256 : IWidth { public static int NR => 8; }

    private readonly struct Width512 : IWidth { public static int NR => 16; }

    // A test's choice of kernel and split (see Force). Per thread, so that tests running side by side do
    // not see each other's choice; only the calling thread reads it, once per product (see Multiply).
    [ThreadStatic] private static (Kernel Kernel, int Parts)? forced;

    /// <summary>
    /// Until the returned scope is disposed, products started on this thread use <paramref name="kernel"/>,
    /// split into <paramref name="parts"/> parts, whatever the machine, the size and the cores would choose.
    /// For tests: it reaches every path on any machine. A vector width the hardware lacks still runs, slowly:
    /// .NET then does each Vector512 (or Vector256) operation in software, with the same results, so the
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
        // Decided here, once, and handed down as arguments: the parts of a split product run on other
        // threads, which would not see this thread's forced choice.
        var (kernel, parts) = forced ?? Choose((long)m * n * k);
        if (kernel == Kernel.Scalar)
        {
            Simple(alpha, a, b, c, m, n, k);
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
        long parallel = Workers.Awake ? ParallelProductAwake : ParallelProduct;
        return (Best, work >= parallel ? Math.Min(Matrix.MaxThreads, Environment.ProcessorCount) : 1);
    }

    // The packed product, whole or in parts.
    [MethodImpl(Hot)]
    private static void MultiplyPacked<TWidth>(double alpha, Operand a, Operand b, double[] c, int m, int n, int k, int parts)
        where TWidth : struct, IWidth
    {
        int panels = (n + TWidth.NR - 1) / TWidth.NR;
        if (parts == 1)
            MultiplyPart<TWidth>(alpha, a, b, c, n, k, 0, m, 0, panels);
        else
            MultiplyInParallel<TWidth>(alpha, a, b, c, m, n, k, panels, parts);
    }

    // Split once, into parts run side by side on the workers (see Workers): by rows when there are enough,
    // else by B panels. The product is described in a per-thread object reused from product to product, so
    // that a split allocates nothing.
    private static void MultiplyInParallel<TWidth>(double alpha, Operand a, Operand b, double[] c, int m, int n, int k, int panels, int parts)
        where TWidth : struct, IWidth
    {
        var product = Split<TWidth>.OnThisThread ??= new Split<TWidth>();
        product.Set(alpha, a, b, c, m, n, k, panels, parts);
        try
        {
            Workers.Run(product, parts);
        }
        finally
        {
            product.Set(0, default, default, null!, 0, 0, 0, 0, 1); // hold no reference to the matrices
        }
    }

    // One product cut into parts: part p computes its own rows (or B panels) of C.
    private sealed class Split<TWidth> : Workers.IParts
        where TWidth : struct, IWidth
    {
        [ThreadStatic] internal static Split<TWidth>? OnThisThread;

        private double alpha;
        private Operand a, b;
        private double[] c = [];
        private int m, n, k, panels, parts;

        public void Set(double alpha, Operand a, Operand b, double[] c, int m, int n, int k, int panels, int parts) =>
            (this.alpha, this.a, this.b, this.c, this.m, this.n, this.k, this.panels, this.parts) = (alpha, a, b, c, m, n, k, panels, parts);

        [MethodImpl(Hot)]
        public void Run(int part)
        {
            if (m >= parts * MC)
            {
                // Whole strips of MR rows, as evenly as they go: 512 rows split 258 + 254 (cut at blocks of
                // MC rows, as before, they split 288 + 224 and the larger part set the time).
                int strips = (m + MR - 1) / MR;
                int first = part * strips / parts * MR, end = Math.Min(m, (part + 1) * strips / parts * MR);
                MultiplyPart<TWidth>(alpha, a, b, c, n, k, first, end, 0, panels);
            }
            else
            {
                MultiplyPart<TWidth>(alpha, a, b, c, n, k, 0, m, part * panels / parts, (part + 1) * panels / parts);
            }
        }
    }

    // C[rows firstRow..endRow, B panels firstPanel..endPanel] += alpha · A · B, one part's share.
    [MethodImpl(Hot)]
    private static void MultiplyPart<TWidth>(double alpha, Operand a, Operand b, double[] c, int n, int k,
        int firstRow, int endRow, int firstPanel, int endPanel)
        where TWidth : struct, IWidth
    {
        if (firstRow >= endRow || firstPanel >= endPanel)
            return;
        // When the rows are one block, as for a layer of 30 or 96 units, each packed panel of B is used once:
        // packing a whole slice would write it out past the L2 cache (2 MB at batch 1000) and read it back.
        // Then each panel is packed just before its use, into a buffer that stays in L1.
        bool panelByPanel = endRow - firstRow <= MC;
        // One slice of this part's panels (or one panel): at most KC deep, and no deeper than K (a wide B with a
        // short K, such as dZ1·Xᵀ for one sample of millions of inputs, must not ask for KC times its size).
        int packedPanels = panelByPanel ? 1 : endPanel - firstPanel;
        double[] packedB = ArrayPool<double>.Shared.Rent(checked((int)((long)packedPanels * TWidth.NR * Math.Min(KC, k))));
        for (int pc = 0; pc < k; pc += KC)
        {
            int kc = Math.Min(KC, k - pc);
            if (!panelByPanel)
                PackB<TWidth>(b, pc, kc, n, firstPanel, endPanel, packedB);
            for (int ic = firstRow; ic < endRow; ic += MC)
                Block<TWidth>(alpha, a, c, n, pc, kc, ic, Math.Min(MC, endRow - ic), firstPanel, endPanel, packedB, panelByPanel ? b : null);
        }
        ArrayPool<double>.Shared.Return(packedB);
    }

    // C[ic..ic+mc, panels] += alpha · A[ic..ic+mc, pc..pc+kc] · packed B. With unpackedB given, packedB holds one
    // panel, packed from it just before use; otherwise it holds the slice's panels, packed by the caller.
    [MethodImpl(Hot)]
    private static void Block<TWidth>(double alpha, Operand a, double[] c, int n, int pc, int kc, int ic, int mc, int firstPanel, int endPanel,
        double[] packedB, Operand? unpackedB)
        where TWidth : struct, IWidth
    {
        double[]? packedA = endPanel - firstPanel >= PackAFromPanels ? PackA(a, ic, mc, pc, kc) : null;
        // The kernel reads A from the packed copy (MR values per k) or in place through A's own strides.
        double[] data = packedA ?? a.Data;
        int colStride = packedA is null ? a.ColStride : MR;
        int nr = TWidth.NR;
        Span<int> rowStarts = stackalloc int[MR];
        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int jr = panel * nr, cols = Math.Min(nr, n - jr);
            if (unpackedB is { } b)
                PackB<TWidth>(b, pc, kc, n, panel, panel + 1, packedB);
            var bPanel = packedB.AsSpan((unpackedB is null ? panel - firstPanel : 0) * nr * kc, nr * kc);
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
                if (nr == 16) // a constant in each copy of Block: no test is left
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
    private static void PackB<TWidth>(Operand b, int pc, int kc, int n, int firstPanel, int endPanel, double[] packed)
        where TWidth : struct, IWidth
    {
        int nr = TWidth.NR;
        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int jr = panel * nr, cols = Math.Min(nr, n - jr);
            Span<double> destination = packed.AsSpan((panel - firstPanel) * nr * kc, nr * kc);
            if (cols < nr) // zero the padding lanes of a partial panel
                for (int p = 0; p < kc; p++)
                    destination.Slice(p * nr + cols, nr - cols).Clear();
            ref double source = ref MemoryMarshal.GetArrayDataReference(b.Data); // ranges were checked by Multiply
            ref double target = ref MemoryMarshal.GetReference(destination);
            if (b.ColStride == 1)
            {
                // Plain B: for each k, the panel's NR values are a contiguous run of one row.
                for (int p = 0; p < kc; p++)
                {
                    ref double from = ref Unsafe.Add(ref source, (pc + p) * b.RowStride + jr);
                    ref double to = ref Unsafe.Add(ref target, p * nr);
                    // A full panel in two vectors, else value by value. nr is a constant in each copy of PackB.
                    if (cols == nr && nr == 16)
                    {
                        Vector512.LoadUnsafe(ref from).StoreUnsafe(ref to);
                        Vector512.LoadUnsafe(ref from, 8).StoreUnsafe(ref to, 8);
                    }
                    else if (cols == nr && nr == 8)
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
                // Transposed B: walk each column of the panel along k, where it is contiguous in memory. Four
                // columns at a time are gathered into one vector per k: a quarter of the stores, one at a time,
                // that made packing cost a quarter as much as the product of (30 × 1000) · (1000 × 784).
                int j = 0;
                for (; j + 4 <= cols; j += 4)
                {
                    ref double x0 = ref Unsafe.Add(ref source, pc * b.RowStride + (jr + j) * b.ColStride);
                    ref double x1 = ref Unsafe.Add(ref x0, b.ColStride);
                    ref double x2 = ref Unsafe.Add(ref x1, b.ColStride);
                    ref double x3 = ref Unsafe.Add(ref x2, b.ColStride);
                    for (int p = 0; p < kc; p++)
                    {
                        nint at = (nint)p * b.RowStride;
                        Vector256.Create(Unsafe.Add(ref x0, at), Unsafe.Add(ref x1, at), Unsafe.Add(ref x2, at), Unsafe.Add(ref x3, at))
                            .StoreUnsafe(ref target, (nuint)(p * nr + j));
                    }
                }
                for (; j < cols; j++)
                {
                    ref double from = ref Unsafe.Add(ref source, pc * b.RowStride + (jr + j) * b.ColStride);
                    for (int p = 0; p < kc; p++)
                        Unsafe.Add(ref target, p * nr + j) = Unsafe.Add(ref from, p * b.RowStride);
                }
            }
        }
    }

    // C[0..rows, 0..cols] += alpha · (6 rows of A, kc deep) · (kc × 16 panel of B), holding the 6 × 16 block in 12
    // registers. Six rows, not four: each B row loaded then feeds 12 multiply-adds instead of 8, and 30 hidden
    // units are five full strips. 12 accumulators, 2 B vectors and 1 broadcast fill 15 of AVX2's 16 registers.
    // Row i of A starts at a[rowStarts[i]] and steps by colStride; bounds were checked by Multiply.
    [MethodImpl(Hot)]
    private static void Kernel512(int kc, double[] a, ReadOnlySpan<int> rowStarts, int colStride, ReadOnlySpan<double> b, double alpha, Span<double> c, int ldc, int rows, int cols)
    {
        ref double pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref double r0 = ref Unsafe.Add(ref pa, rowStarts[0]), r1 = ref Unsafe.Add(ref pa, rowStarts[1]);
        ref double r2 = ref Unsafe.Add(ref pa, rowStarts[2]), r3 = ref Unsafe.Add(ref pa, rowStarts[3]);
        ref double r4 = ref Unsafe.Add(ref pa, rowStarts[4]), r5 = ref Unsafe.Add(ref pa, rowStarts[5]);
        ref double pb = ref MemoryMarshal.GetReference(b);
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
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
            var a4 = Vector512.Create(Unsafe.Add(ref r4, offset));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref r5, offset));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
        }
        if (rows == MR && cols == 16)
        {
            // A full block: add the registers straight into C's six rows.
            ref double c0 = ref MemoryMarshal.GetReference(c);
            var scale = Vector512.Create(alpha);
            AddTo(ref c0, scale, c00, c01);
            AddTo(ref Unsafe.Add(ref c0, ldc), scale, c10, c11);
            AddTo(ref Unsafe.Add(ref c0, 2 * ldc), scale, c20, c21);
            AddTo(ref Unsafe.Add(ref c0, 3 * ldc), scale, c30, c31);
            AddTo(ref Unsafe.Add(ref c0, 4 * ldc), scale, c40, c41);
            AddTo(ref Unsafe.Add(ref c0, 5 * ldc), scale, c50, c51);
            return;
        }
        Span<double> block = stackalloc double[MR * 16];
        c00.CopyTo(block); c01.CopyTo(block[8..]); c10.CopyTo(block[16..]); c11.CopyTo(block[24..]);
        c20.CopyTo(block[32..]); c21.CopyTo(block[40..]); c30.CopyTo(block[48..]); c31.CopyTo(block[56..]);
        c40.CopyTo(block[64..]); c41.CopyTo(block[72..]); c50.CopyTo(block[80..]); c51.CopyTo(block[88..]);
        AddBlock(block, 16, alpha, c, ldc, rows, cols);
    }

    // The same with 256-bit vectors: a 6 × 8 block in 12 registers.
    [MethodImpl(Hot)]
    private static void Kernel256(int kc, double[] a, ReadOnlySpan<int> rowStarts, int colStride, ReadOnlySpan<double> b, double alpha, Span<double> c, int ldc, int rows, int cols)
    {
        ref double pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref double r0 = ref Unsafe.Add(ref pa, rowStarts[0]), r1 = ref Unsafe.Add(ref pa, rowStarts[1]);
        ref double r2 = ref Unsafe.Add(ref pa, rowStarts[2]), r3 = ref Unsafe.Add(ref pa, rowStarts[3]);
        ref double r4 = ref Unsafe.Add(ref pa, rowStarts[4]), r5 = ref Unsafe.Add(ref pa, rowStarts[5]);
        ref double pb = ref MemoryMarshal.GetReference(b);
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
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
            var a4 = Vector256.Create(Unsafe.Add(ref r4, offset));
            c40 = Vector256.MultiplyAddEstimate(a4, b0, c40);
            c41 = Vector256.MultiplyAddEstimate(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref r5, offset));
            c50 = Vector256.MultiplyAddEstimate(a5, b0, c50);
            c51 = Vector256.MultiplyAddEstimate(a5, b1, c51);
        }
        if (rows == MR && cols == 8)
        {
            // A full block: add the registers straight into C's six rows.
            ref double c0 = ref MemoryMarshal.GetReference(c);
            var scale = Vector256.Create(alpha);
            AddTo(ref c0, scale, c00, c01);
            AddTo(ref Unsafe.Add(ref c0, ldc), scale, c10, c11);
            AddTo(ref Unsafe.Add(ref c0, 2 * ldc), scale, c20, c21);
            AddTo(ref Unsafe.Add(ref c0, 3 * ldc), scale, c30, c31);
            AddTo(ref Unsafe.Add(ref c0, 4 * ldc), scale, c40, c41);
            AddTo(ref Unsafe.Add(ref c0, 5 * ldc), scale, c50, c51);
            return;
        }
        Span<double> block = stackalloc double[MR * 8];
        c00.CopyTo(block); c01.CopyTo(block[4..]); c10.CopyTo(block[8..]); c11.CopyTo(block[12..]);
        c20.CopyTo(block[16..]); c21.CopyTo(block[20..]); c30.CopyTo(block[24..]); c31.CopyTo(block[28..]);
        c40.CopyTo(block[32..]); c41.CopyTo(block[36..]); c50.CopyTo(block[40..]); c51.CopyTo(block[44..]);
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
