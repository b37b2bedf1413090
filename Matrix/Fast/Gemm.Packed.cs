using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FromScratch;

// The packed product, after Goto and van de Geijn's GEMM: the same sums as Matrix.ReferenceDot, blocked so
// that the operands stay in cache. From the outside in:
//  1. K is cut into slices of KC: one slice of B, packed, is reused by every block of MC rows of A.
//  2. B's slice is packed into panels NR columns wide, in exactly the order the micro-kernel reads it.
//     Packing reads through (row stride, column stride), so a transposed B costs no more. When A's rows are
//     a single block (a layer of up to 96 units), no panel is reused, so each is packed just before its
//     use, into a buffer that stays in L1, instead of the whole slice first.
//  3. The micro-kernel (Gemm.MicroKernels.cs) keeps an MR × NR block of C in registers. A is only ever
//     broadcast, so it is read in place through its strides; only when a block of A meets many B panels
//     is it packed too (MR values per k, contiguous), which keeps it in cache.
// A large product is split once, one part per core (by rows, or by B panels when it is short); each part
// packs only its own panels and runs on a worker thread (Workers.cs) or the caller's.
internal static partial class Gemm
{
    private const int KC = 256;             // depth of one packed slice
    private const int MC = 96;              // rows of C per block (a multiple of MR)
    private const int MR = 6;               // rows of the micro-kernel's block of C
    private const int PackAFromPanels = 16; // pack A when one block of it meets this many B panels
    internal const long LargeC = 1 << 20;    // bytes of a part's rows of C (all n columns) past which they are computed panel by panel (half the 2 MB L2 it was measured on)

    // The packed kernel's width as a type: the packed product is generic over it, so that the JIT compiles
    // one copy of it per width, with NR a constant and no test of the width left in the loops.
    private interface IWidth
    {
        // NR, the columns of one B panel and of the kernel's block of C: two vectors.
        static abstract int NR { get; }
    }

    private readonly struct Width256 : IWidth { public static int NR => 8; }

    private readonly struct Width512 : IWidth { public static int NR => 16; }

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
                // Whole strips of MR rows, as evenly as they go (512 rows split 258 + 254, not 288 + 224 as
                // blocks of MC rows would): the largest part sets the time.
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
        if (panelByPanel && (long)(endRow - firstRow) * n * sizeof(double) > LargeC)
        {
            // A wide C (30 × 60,000 at full batch: 14 MB), panel by panel, each through every slice of k, so that the
            // panel's columns of C stay in cache from one slice to the next; slice by slice over all the panels, C would
            // be read and written back from memory once per slice. Each entry still adds up its slices in order. (Not
            // for a small C: there the slice of B that every panel reads, e.g. 256 images for dZ1·Xᵀ, stays in cache.)
            for (int panel = firstPanel; panel < endPanel; panel++)
                for (int pc = 0; pc < k; pc += KC)
                    Block<TWidth>(alpha, a, c, n, pc, Math.Min(KC, k - pc), firstRow, endRow - firstRow, panel, panel + 1, packedB, b, overwrite: pc == 0);
        }
        else
        {
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                if (!panelByPanel)
                    PackB<TWidth>(b, pc, kc, n, firstPanel, endPanel, packedB);
                for (int ic = firstRow; ic < endRow; ic += MC)
                    Block<TWidth>(alpha, a, c, n, pc, kc, ic, Math.Min(MC, endRow - ic), firstPanel, endPanel, packedB, panelByPanel ? b : null, overwrite: pc == 0);
            }
        }
        ArrayPool<double>.Shared.Return(packedB);
    }

    // C[ic..ic+mc, panels] += alpha · A[ic..ic+mc, pc..pc+kc] · packed B; for the first slice of k (overwrite), = instead
    // of +=, so that C needs no clearing first. With unpackedB given, packedB holds one panel, packed from it just
    // before use; otherwise it holds the slice's panels, packed by the caller.
    [MethodImpl(Hot)]
    private static void Block<TWidth>(double alpha, Operand a, double[] c, int n, int pc, int kc, int ic, int mc, int firstPanel, int endPanel,
        double[] packedB, Operand? unpackedB, bool overwrite)
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
                    Kernel512(kc, data, rowStarts, colStride, bPanel, alpha, cBlock, n, rows, cols, overwrite);
                else
                    Kernel256(kc, data, rowStarts, colStride, bPanel, alpha, cBlock, n, rows, cols, overwrite);
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
            if (b.ByteView is { } bytes)
            {
                PackBytes(bytes, b.Transposed, pc, kc, jr, cols, nr, destination);
                continue;
            }
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
                // columns at a time are gathered into one vector per k: a quarter of the stores: value by value,
                // packing would cost a large share of a product such as dZ1·Xᵀ.
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

    // One panel of B (rows pc..pc+kc, columns jr..jr+cols) when B is a matrix of bytes (Matrix.OfBytes): each byte
    // looked up in the table as it is packed, the doubles a copy of B would hold, so the product's bits are the same.
    // Plain B (X, one sample per column): column j of the panel is one sample's kc consecutive bytes; eight columns
    // are read side by side, so that each k stores one vector of eight values instead of eight scattered ones.
    // Transposed B (Xᵀ, one sample per row): row p of the panel is one sample's cols consecutive bytes.
    [MethodImpl(Hot)]
    private static void PackBytes(Matrix.ByteSamples bytes, bool transposed, int pc, int kc, int jr, int cols, int nr, Span<double> destination)
    {
        ref double valueOf = ref MemoryMarshal.GetArrayDataReference(bytes.ValueOf); // 256 entries: any byte indexes it
        ref byte data = ref MemoryMarshal.GetArrayDataReference(bytes.Bytes); // every start was checked when set
        ref double target = ref MemoryMarshal.GetReference(destination);
        int[] starts = bytes.Starts;
        if (!transposed)
        {
            int j = 0;
            for (; j + 8 <= cols; j += 8)
            {
                ref byte c0 = ref Unsafe.Add(ref data, starts[jr + j] + pc), c1 = ref Unsafe.Add(ref data, starts[jr + j + 1] + pc);
                ref byte c2 = ref Unsafe.Add(ref data, starts[jr + j + 2] + pc), c3 = ref Unsafe.Add(ref data, starts[jr + j + 3] + pc);
                ref byte c4 = ref Unsafe.Add(ref data, starts[jr + j + 4] + pc), c5 = ref Unsafe.Add(ref data, starts[jr + j + 5] + pc);
                ref byte c6 = ref Unsafe.Add(ref data, starts[jr + j + 6] + pc), c7 = ref Unsafe.Add(ref data, starts[jr + j + 7] + pc);
                for (int p = 0; p < kc; p++)
                {
                    // Two 256-bit stores rather than one 512-bit: the same speed where AVX-512 is, and fast where it is not.
                    Vector256.Create(Unsafe.Add(ref valueOf, Unsafe.Add(ref c0, p)), Unsafe.Add(ref valueOf, Unsafe.Add(ref c1, p)),
                                     Unsafe.Add(ref valueOf, Unsafe.Add(ref c2, p)), Unsafe.Add(ref valueOf, Unsafe.Add(ref c3, p)))
                        .StoreUnsafe(ref target, (nuint)(p * nr + j));
                    Vector256.Create(Unsafe.Add(ref valueOf, Unsafe.Add(ref c4, p)), Unsafe.Add(ref valueOf, Unsafe.Add(ref c5, p)),
                                     Unsafe.Add(ref valueOf, Unsafe.Add(ref c6, p)), Unsafe.Add(ref valueOf, Unsafe.Add(ref c7, p)))
                        .StoreUnsafe(ref target, (nuint)(p * nr + j + 4));
                }
            }
            for (; j < cols; j++)
            {
                ref byte column = ref Unsafe.Add(ref data, starts[jr + j] + pc);
                for (int p = 0; p < kc; p++)
                    Unsafe.Add(ref target, p * nr + j) = Unsafe.Add(ref valueOf, Unsafe.Add(ref column, p));
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                ref byte row = ref Unsafe.Add(ref data, starts[pc + p] + jr);
                ref double to = ref Unsafe.Add(ref target, p * nr);
                for (int j = 0; j < cols; j++)
                    Unsafe.Add(ref to, j) = Unsafe.Add(ref valueOf, Unsafe.Add(ref row, j));
            }
        }
    }
}
