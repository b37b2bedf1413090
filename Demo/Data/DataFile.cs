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
    /// pipe (FIFO)", …), or null when it is one of those or does not exist (opening it then says which).
    /// The library's <see cref="SafeFile"/> tells them apart, for saving and loading networks too.
    /// </summary>
    public static string? NotRegular(string path) => SafeFile.KindOf(path) switch
    {
        SafeFile.FileKind.Regular or SafeFile.FileKind.Folder or SafeFile.FileKind.Missing => null,
        var kind => SafeFile.Describe(kind),
    };
}
