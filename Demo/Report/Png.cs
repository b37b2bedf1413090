using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// A minimal PNG writer (8-bit grey or RGB, no interlacing), so the report can embed small images as
/// <c>data:</c> URIs: one weight tile as a PNG is about 2 KB, where one SVG rectangle per pixel would be 40 KB.
/// </summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The PNG file of a <paramref name="width"/> × <paramref name="height"/> image whose pixels are given
    /// row by row, top row first: one byte each for grey (<paramref name="channels"/> 1), three (R, G, B) for colour (3).
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, channels is not 1 or 3, or the pixels do not fill the image.</exception>
    public static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"Png.Encode: the image must be at least 1 × 1, got {width} × {height}");
        if (channels is not (1 or 3))
            throw new ArgumentException($"Png.Encode: channels must be 1 (grey) or 3 (RGB), got {channels}");
        int rowBytes = width * channels;
        if (pixels.Length != (long)rowBytes * height)
            throw new ArgumentException($"Png.Encode: a {width} × {height} image with {channels} channel(s) needs {(long)rowBytes * height} bytes, got {pixels.Length}");

        var file = new MemoryStream();
        file.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = channels == 1 ? (byte)0 : (byte)2; // colour type: 0 grey, 2 RGB
        // header[10..12]: deflate compression, adaptive filtering, no interlace, all 0
        WriteChunk(file, "IHDR", header);

        // Each row starts with its filter byte; 0 (none) keeps the writer short and a 28 × 28 tile small anyway.
        var image = new MemoryStream();
        using (var zlib = new ZLibStream(image, CompressionLevel.SmallestSize, leaveOpen: true))
            for (int row = 0; row < height; row++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels.Slice(row * rowBytes, rowBytes));
            }
        WriteChunk(file, "IDAT", image.ToArray());
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>The PNG as a URI that a page can embed: <c>data:image/png;base64,…</c>.</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    // A chunk: its length, its type, the data, and the CRC of type and data.
    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        file.Write(number);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.Update(0, typeAndData)); // the CRC-32 of gzip, over type and data
        file.Write(number);
    }
}
