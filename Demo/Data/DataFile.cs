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
        // SafeFile tells a folder, a device or a pipe from a file (it checks output files and --load too).
        switch (SafeFile.KindOf(path))
        {
            case SafeFile.FileKind.Folder:
                throw new DataFormatException($"{path}: is a directory, not a file");
            case not (SafeFile.FileKind.Regular or SafeFile.FileKind.Missing) and var kind:
                throw new DataFormatException($"{path}: is {SafeFile.Describe(kind)}, not a regular file; give a file stored on disk");
        }
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
}
