namespace FromScratch.Demo;

/// <summary>
/// The network file the user names with --load: refused before it is opened when it is not a regular file (a
/// device such as /dev/zero never ends, a named pipe waits for a writer), then read by <see cref="Network.Load(string)"/>.
/// </summary>
internal static class SavedNetwork
{
    /// <summary>The network saved in <paramref name="path"/>.</summary>
    /// <exception cref="NetworkFileException">The file is not a regular file, or cannot be loaded; the message names it.</exception>
    public static Network Load(string path)
    {
        var kind = SafeFile.KindOf(path);
        if (kind is not (SafeFile.FileKind.Regular or SafeFile.FileKind.Missing or SafeFile.FileKind.Folder))
            throw new NetworkFileException($"Load '{path}': is {SafeFile.Describe(kind)}, not a regular file");
        return Network.Load(path);
    }
}
