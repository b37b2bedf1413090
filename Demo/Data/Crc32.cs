namespace FromScratch.Demo;

/// <summary>CRC-32 as gzip (and zip, PNG, Ethernet) computes it: the reflected polynomial 0xEDB88320, one table lookup per byte.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = MakeTable();

    /// <summary>The CRC-32 of the bytes so far (<paramref name="crc"/>, 0 for none) followed by <paramref name="bytes"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        crc = ~crc;
        foreach (byte b in bytes)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    // Table[n]: the remainder of the byte n shifted through the 8 steps of the polynomial division.
    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int step = 0; step < 8; step++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
