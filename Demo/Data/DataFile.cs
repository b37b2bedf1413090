using System.Runtime.InteropServices;

namespace FromScratch.Demo;

/// <summary>
/// Opens a data file the user named, refusing what is not a regular file before reading a byte: a
/// directory, a device such as /dev/zero (its bytes never end), a named pipe (opening one waits for a
/// writer, possibly forever) or a socket. Every refusal is a <see cref="DataFormatException"/> naming the file.
/// </summary>
internal static class DataFile
{
    /// <summary>The file, opened for reading; it is a regular file (on Unix, where others exist).</summary>
    public static FileStream Open(string path)
    {
        if (path.Length == 0)
            throw new DataFormatException("'': an empty file name");
        if (Directory.Exists(path))
            throw new DataFormatException($"{path}: is a directory, not a file");
        if (NotRegular(path) is string kind)
            throw new DataFormatException($"{path}: is {kind}, not a regular file; give a file stored on disk");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception problem) when (problem is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException($"{path}: not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException($"{path}: permission denied (the file cannot be read)");
        }
        catch (Exception problem) when (problem is IOException or ArgumentException or NotSupportedException)
        {
            throw new DataFormatException($"{path}: cannot be opened: {problem.Message}");
        }
    }

    /// <summary>
    /// What the file is when it is neither a regular file nor a directory ("a character device", "a named
    /// pipe (FIFO)", …), or null when it is one of those, does not exist, or cannot be told.
    /// </summary>
    /// <remarks>
    /// .NET has no public call that tells a device or a pipe from a file (FileInfo calls all of them
    /// Normal, with length 0), so this asks stat(2) through the runtime's own native library, whose
    /// FileStatus record starts with two 32-bit fields, Flags and Mode, on every Unix .NET runs on. Where
    /// that is not available (Windows) the readers still stop at their size limits.
    /// </remarks>
    public static string? NotRegular(string path)
    {
        if (OperatingSystem.IsWindows())
            return null;
        var status = new byte[256];   // FileStatus is about 120 bytes; room to spare
        try
        {
            if (SystemNativeStat(path, status) != 0)
                return null;   // missing or unreachable: opening the file says which
        }
        catch (Exception problem) when (problem is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        int type = BitConverter.ToInt32(status, 4) & 0xF000;
        return type switch
        {
            0x8000 or 0x4000 => null,   // a regular file or a directory
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            _ => $"a special file (type 0x{type:x4})",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int SystemNativeStat(string path, byte[] status);
}
