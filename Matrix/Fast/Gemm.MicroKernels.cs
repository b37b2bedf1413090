using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FromScratch;

// The micro-kernels of the packed product (Gemm.Packed.cs): each adds α times one MR × NR block of A · B into
// C, the inner loop of Matrix.ReferenceDot for MR rows and NR columns at once, with the block held in registers.
internal static partial class Gemm
{
    // C[0..rows, 0..cols] += alpha · (6 rows of A, kc deep) · (kc × 16 panel of B), holding the 6 × 16 block in 12
    // registers. Six rows, not four: each B row loaded then feeds 12 multiply-adds instead of 8, and 30 hidden
    // units are five full strips. 12 accumulators, 2 B vectors and 1 broadcast: 15 registers, which AVX2's 16 hold too.
    // Row i of A starts at a[rowStarts[i]] and steps by colStride; bounds were checked by Multiply.
    [MethodImpl(Hot)]
    private static void Kernel512(int kc, double[] a, ReadOnlySpan<int> rowStarts, int colStride, ReadOnlySpan<double> b, double alpha, Span<double> c, int ldc, int rows, int cols, bool overwrite)
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
            // A full block: add the registers straight into C's six rows (write them, in the first slice of k).
            ref double c0 = ref MemoryMarshal.GetReference(c);
            var scale = Vector512.Create(alpha);
            AddTo(ref c0, scale, c00, c01, overwrite);
            AddTo(ref Unsafe.Add(ref c0, ldc), scale, c10, c11, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 2 * ldc), scale, c20, c21, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 3 * ldc), scale, c30, c31, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 4 * ldc), scale, c40, c41, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 5 * ldc), scale, c50, c51, overwrite);
            return;
        }
        Span<double> block = stackalloc double[MR * 16];
        c00.CopyTo(block); c01.CopyTo(block[8..]); c10.CopyTo(block[16..]); c11.CopyTo(block[24..]);
        c20.CopyTo(block[32..]); c21.CopyTo(block[40..]); c30.CopyTo(block[48..]); c31.CopyTo(block[56..]);
        c40.CopyTo(block[64..]); c41.CopyTo(block[72..]); c50.CopyTo(block[80..]); c51.CopyTo(block[88..]);
        AddBlock(block, 16, alpha, c, ldc, rows, cols, overwrite);
    }

    // The same with 256-bit vectors: a 6 × 8 block in 12 registers.
    [MethodImpl(Hot)]
    private static void Kernel256(int kc, double[] a, ReadOnlySpan<int> rowStarts, int colStride, ReadOnlySpan<double> b, double alpha, Span<double> c, int ldc, int rows, int cols, bool overwrite)
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
            // A full block: add the registers straight into C's six rows (write them, in the first slice of k).
            ref double c0 = ref MemoryMarshal.GetReference(c);
            var scale = Vector256.Create(alpha);
            AddTo(ref c0, scale, c00, c01, overwrite);
            AddTo(ref Unsafe.Add(ref c0, ldc), scale, c10, c11, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 2 * ldc), scale, c20, c21, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 3 * ldc), scale, c30, c31, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 4 * ldc), scale, c40, c41, overwrite);
            AddTo(ref Unsafe.Add(ref c0, 5 * ldc), scale, c50, c51, overwrite);
            return;
        }
        Span<double> block = stackalloc double[MR * 8];
        c00.CopyTo(block); c01.CopyTo(block[4..]); c10.CopyTo(block[8..]); c11.CopyTo(block[12..]);
        c20.CopyTo(block[16..]); c21.CopyTo(block[20..]); c30.CopyTo(block[24..]); c31.CopyTo(block[28..]);
        c40.CopyTo(block[32..]); c41.CopyTo(block[36..]); c50.CopyTo(block[40..]); c51.CopyTo(block[44..]);
        AddBlock(block, 8, alpha, c, ldc, rows, cols, overwrite);
    }

    // row[0..2W] += scale · (left, right), with one fused multiply-add per vector; to overwrite (the first slice of k),
    // scale · (left, right) + 0 instead of + row, the bits of adding to a cleared row: + 0 turns a −0 (a sum of 0 times
    // a negative scale) into +0, as the scalar loop's 0 + scale · sum does, where scale · x alone would leave −0.
    [MethodImpl(Hot)]
    private static void AddTo(ref double row, Vector512<double> scale, Vector512<double> left, Vector512<double> right, bool overwrite)
    {
        if (overwrite)
        {
            Vector512.FusedMultiplyAdd(scale, left, Vector512<double>.Zero).StoreUnsafe(ref row);
            Vector512.FusedMultiplyAdd(scale, right, Vector512<double>.Zero).StoreUnsafe(ref row, 8);
            return;
        }
        Vector512.FusedMultiplyAdd(scale, left, Vector512.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        Vector512.FusedMultiplyAdd(scale, right, Vector512.LoadUnsafe(ref row, 8)).StoreUnsafe(ref row, 8);
    }

    [MethodImpl(Hot)]
    private static void AddTo(ref double row, Vector256<double> scale, Vector256<double> left, Vector256<double> right, bool overwrite)
    {
        if (overwrite)
        {
            Vector256.MultiplyAddEstimate(scale, left, Vector256<double>.Zero).StoreUnsafe(ref row);
            Vector256.MultiplyAddEstimate(scale, right, Vector256<double>.Zero).StoreUnsafe(ref row, 4);
            return;
        }
        Vector256.MultiplyAddEstimate(scale, left, Vector256.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        Vector256.MultiplyAddEstimate(scale, right, Vector256.LoadUnsafe(ref row, 4)).StoreUnsafe(ref row, 4);
    }

    // Adds alpha times the valid rows × cols corner of the register block into C (edge blocks are partial); to overwrite,
    // into the corner cleared first (a few values), the bits of the full blocks' + 0.
    [MethodImpl(Hot)]
    private static void AddBlock(ReadOnlySpan<double> block, int width, double alpha, Span<double> c, int ldc, int rows, int cols, bool overwrite)
    {
        for (int i = 0; i < rows; i++)
        {
            Span<double> row = c.Slice(i * ldc, cols);
            if (overwrite)
                row.Clear();
            MatrixKernels.AddScaled(row, alpha, block.Slice(i * width, cols));
        }
    }
}
