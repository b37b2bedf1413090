using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace FromScratch.Demo;

/// <summary>
/// Decompresses a gzip file (RFC 1952) and checks what .NET's <see cref="GZipStream"/> does not: that the file ends
/// with the 8-byte trailer, CRC-32 and length, of the data it decompressed to, and that nothing follows. Layout: a
/// header (<c>1f 8b</c>, the method 8 = deflate, flags, and the optional fields the flags announce), the deflate data,
/// then the trailer. A file of several gzip streams joined (as <c>cat a.gz b.gz</c> makes; legal gzip, which
/// <c>gunzip</c> joins) is refused: the trailer that covers each stream's data could not be checked separately.
/// Every problem is a <see cref="DataFormatException"/> naming the file, met when the data has been read to its end.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private const int TrailerBytes = 8;

    private readonly FileStream file;
    private readonly string path;
    private readonly DeflateStream deflate;
    private readonly long dataStart;   // where the deflate data begins in the file
    private uint crc;                  // the CRC-32 of the data so far
    private long length;               // its length in bytes
    private bool checkedEnd;

    /// <summary>Reads and checks the header of <paramref name="file"/> (from its start); <paramref name="path"/> names it in errors. The file stays open.</summary>
    public CheckedGzipStream(FileStream file, string path)
    {
        (this.file, this.path) = (file, path);
        file.Position = 0;
        dataStart = SkipHeader();
        deflate = new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true);
    }

    public override int Read(Span<byte> buffer)
    {
        int read = deflate.Read(buffer);
        crc = Crc32.Update(crc, buffer[..read]);
        length += read;
        if (read == 0 && buffer.Length > 0 && !checkedEnd)
        {
            CheckEnd();
            checkedEnd = true;
        }
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The header: 10 bytes, then what the flags announce (extra field, file name, comment, the header's own CRC-16).
    private long SkipHeader()
    {
        const int Text = 1, HeaderCrc = 2, Extra = 4, Name = 8, Comment = 16;
        uint headerCrc = 0;
        byte[] Next(int count)
        {
            var bytes = new byte[count];
            if (file.ReadAtLeast(bytes, count, throwOnEndOfStream: false) < count)
                throw Problem("the gzip header is cut short; the file is truncated");
            headerCrc = Crc32.Update(headerCrc, bytes);
            return bytes;
        }
        byte[] fixedPart = Next(10);
        if (fixedPart[2] != 8)
            throw Problem($"the gzip header names compression method {fixedPart[2]}, but gzip has only deflate (8); the file is corrupt");
        int flags = fixedPart[3];
        if ((flags & ~(Text | HeaderCrc | Extra | Name | Comment)) != 0)
            throw Problem($"the gzip header sets reserved flags (0x{flags:x2}); the file is corrupt");
        if ((flags & Extra) != 0)
            Next(BinaryPrimitives.ReadUInt16LittleEndian(Next(2)));
        foreach (int text in new[] { Name, Comment })
            if ((flags & text) != 0)
                while (Next(1)[0] != 0) // a zero-terminated string
                {
                }
        if ((flags & HeaderCrc) != 0)
        {
            uint expected = headerCrc & 0xFFFF;
            int stored = BinaryPrimitives.ReadUInt16LittleEndian(Next(2));
            if (stored != expected)
                throw Problem($"the gzip header's CRC-16 is 0x{stored:x4}, but its bytes give 0x{expected:x4}; the file is corrupt");
        }
        return file.Position;
    }

    // Once the deflate data has ended: the trailer must follow it, match the data, and end the file.
    private void CheckEnd()
    {
        var trailer = new byte[TrailerBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), (uint)length); // the length modulo 2^32
        // DeflateStream reads the file in chunks (8 KiB in .NET 10) and keeps the part past the deflate data, so the
        // trailer lies shortly before where the file has been read to: it is found there by its value.
        long end = file.Position, windowStart = Math.Max(dataStart, end - (64 << 10));
        byte[] window = ReadAt(windowStart, (int)(Math.Min(file.Length, end + TrailerBytes) - windowStart));
        int found = window.AsSpan().IndexOf(trailer);
        if (found >= 0)
        {
            long after = windowStart + found + TrailerBytes;
            if (after == file.Length)
                return;
            byte[] next = ReadAt(after, 2);
            throw next is [0x1f, 0x8b]
                ? Problem(string.Create(CultureInfo.InvariantCulture,
                    $"a second gzip stream follows the first at byte {after:N0} (as `cat a.gz b.gz` makes); only single-stream files are read: recompress it whole (gunzip -c FILE | gzip > NEW)"))
                : Problem(string.Create(CultureInfo.InvariantCulture,
                    $"{file.Length - after:N0} bytes follow the end of the gzip data (at byte {after:N0}); the file is corrupt"));
        }
        byte[] tail = ReadAt(Math.Max(dataStart, file.Length - TrailerBytes), TrailerBytes);
        if (tail.AsSpan().SequenceEqual(trailer))
            return;
        // The file's last 4 to 7 bytes are the start of the right trailer: the rest was cut off.
        for (int present = TrailerBytes - 1; present >= 4; present--)
            if (tail.AsSpan(Math.Max(0, tail.Length - present)).SequenceEqual(trailer.AsSpan(0, present)))
                throw Problem($"the file is cut short: its gzip trailer (CRC-32 and length, {TrailerBytes} bytes) has only {present}");
        if (tail.Length < TrailerBytes)
            throw Problem("the file is cut short: it ends without the gzip trailer (CRC-32 and length)");
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(tail), storedLength = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(4));
        throw (storedCrc == crc, storedLength == (uint)length) switch
        {
            (false, true) => Problem($"the gzip trailer gives CRC-32 0x{storedCrc:x8}, but the data decompressed to 0x{crc:x8}; the file is corrupt"),
            (true, false) => Problem(string.Create(CultureInfo.InvariantCulture,
                $"the gzip trailer gives a length of {storedLength:N0} bytes, but the data decompressed to {length:N0}; the file is corrupt")),
            _ => Problem(string.Create(CultureInfo.InvariantCulture,
                $"the gzip trailer (CRC-32 0x{storedCrc:x8}, {storedLength:N0} bytes) does not match the data, which decompressed to CRC-32 0x{crc:x8}, {length:N0} bytes; the file is cut short or corrupt")),
        };
    }

    private byte[] ReadAt(long position, int count)
    {
        file.Position = position;
        var bytes = new byte[Math.Max(0, count)];
        return bytes[..file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)];
    }

    private DataFormatException Problem(string problem) => new($"{path}: {problem}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            deflate.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
