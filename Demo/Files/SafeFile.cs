using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// Writes the user's output files safely (through <see cref="OutputFile"/>: --save, --report, --svg). <see cref="Check"/>
/// looks at the target before any work: the name is not empty, its folder exists and really takes a new file (a probe
/// is created and removed), it is not a folder, a device or a pipe, and an existing file is replaced only with --force.
/// <see cref="WriteText"/> checks again, writes to a temporary file beside the target, <c>.NAME.PID-RANDOM.partial</c>,
/// flushes it to the disk and renames it over the target in one step: a reader sees the old file or the new one,
/// never half of one. Every write has its own temporary file, made new (never through a link, never over a file), so
/// two programs saving to one name at once do not touch each other's: with --force both succeed and the last rename
/// wins, whole; without, the name is added only if still free (link(2), see <see cref="MoveWithoutReplacing"/>), so
/// the second to finish is refused.
/// A failed write removes its temporary file; an interrupted program calls <see cref="AbandonWrites"/>, which removes
/// those of writes in progress. A run killed outright (kill -9, power cut) may leave its <c>.NAME.PID-RANDOM.partial</c>
/// (PID is that run's process number); no later write touches it, as it cannot tell it from a live run's.
/// </summary>
internal static class SafeFile
{
    /// <summary>The ending of the temporary files writes use: <c>net.json</c> is written as <c>.net.json.PID-RANDOM.partial</c> first.</summary>
    public const string PartialSuffix = ".partial";

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> InProgress = [];
    private static bool abandoned;

    /// <summary>
    /// A new name for the temporary file beside <paramref name="full"/> (a full path) that a write fills before renaming
    /// it: <c>DIR/.NAME.PID-RANDOM.partial</c>, with this process's number and 32 random bits: no two writes, in this
    /// program or another, share one (and should two names ever meet, creating the second would fail).
    /// </summary>
    private static string NewPartialPath(string full) => Path.Combine(Path.GetDirectoryName(full) ?? full,
        $".{Path.GetFileName(full)}.{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}{PartialSuffix}");

    /// <summary>
    /// Throws an <see cref="IOException"/> naming <paramref name="option"/> (e.g. <c>--save</c>) and <paramref name="path"/>
    /// unless a file can be written there: see <see cref="SafeFile"/>. <paramref name="force"/> is whether --force was given.
    /// </summary>
    public static void Check(string path, bool force, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        IOException Refused(string problem) => new($"{option}: {problem}");
        IOException CannotWrite(string reason) => Refused($"cannot write '{path}': {reason}");
        if (path.Length == 0)
            throw Refused("the path is empty; give a file name");
        if (path.Contains('\0'))
            throw Refused($"'{path.Replace("\0", "\\0")}' contains a NUL character, which no file name can hold");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw CannotWrite(error.Message);
        }
        string name = Path.GetFileName(full);
        string folder = Path.GetDirectoryName(full) ?? full;
        string shownFolder = Path.GetDirectoryName(path) is { Length: > 0 } given ? given : folder;
        switch (KindOf(full))
        {
            case FileKind.Folder:
                throw Refused($"'{path}' is a folder, not a file");
            case FileKind.Regular when !force:
                throw Refused($"'{path}' already exists; add --force to replace it");
            case not (FileKind.Missing or FileKind.Regular) and var kind:
                throw Refused($"'{path}' is {Describe(kind)}, not a regular file; --force replaces only regular files");
            case FileKind.Missing when !force && DanglingLinkTarget(full) is string target:
                throw Refused($"'{path}' already exists (a link to '{target}', which is missing); add --force to replace it");
        }
        if (name.Length == 0 || Path.EndsInDirectorySeparator(path))
            throw Refused($"'{path}' names a folder, not a file");
        switch (KindOf(folder))
        {
            case FileKind.Missing:
                throw CannotWrite($"the folder '{shownFolder}' does not exist");
            case not FileKind.Folder:
                throw CannotWrite($"'{shownFolder}' is not a folder");
        }
        // A probe: create and remove a temporary file like the one the write will use. Only this shows that the
        // folder takes a new file (permissions, a read-only disk) and that the name is not too long for it.
        string probe = NewPartialPath(full);
        try
        {
            OpenPartial(probe).Dispose();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(Reason(error, path, probe, shownFolder));
        }
        finally
        {
            Release(probe);
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> safely; see <see cref="SafeFile"/>.</summary>
    /// <exception cref="IOException">The target is refused by <see cref="Check"/>, or writing fails; the message names <paramref name="path"/>.</exception>
    public static void WriteText(string path, string text, bool force, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)), force, option);
    }

    /// <summary>
    /// For a program being stopped (Ctrl-C, SIGTERM): removes the temporary files of writes in progress and
    /// makes any later write in this process fail, so that none is left behind. The files being replaced are
    /// untouched: only the final rename changes them.
    /// </summary>
    public static void AbandonWrites()
    {
        lock (Gate)
        {
            abandoned = true;
            foreach (string partial in InProgress)
                TryDelete(partial);
        }
    }

    // Tests only: undoes AbandonWrites, which a program never needs.
    internal static void ResumeWrites()
    {
        lock (Gate)
            abandoned = false;
    }

    /// <summary>Checks the target, then lets <paramref name="write"/> fill the temporary file, which replaces it when complete.</summary>
    /// <exception cref="IOException">The target is refused by <see cref="Check"/>, or writing fails; the message names <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write, bool force, string option)
    {
        Check(path, force, option);
        string full = Path.GetFullPath(path);
        string partial = NewPartialPath(full);
        bool written = false;
        try
        {
            using (var stream = OpenPartial(partial))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            written = true;
            if (force)
                File.Move(partial, full, overwrite: true); // rename(2): the target is replaced in one step, the last writer wins
            else
                MoveWithoutReplacing(partial, full);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            string folder = Path.GetDirectoryName(path) is { Length: > 0 } given ? given : ".";
            string reason = (written ? RenameFailure(path, full, partial, force) : null) ?? Reason(error, path, partial, folder);
            throw new IOException($"{option}: cannot write '{path}': {reason}", error);
        }
        finally
        {
            Release(partial); // nothing there after the rename; after a failure, the half-written file
        }
    }

    // Gives the temporary file the name full, refusing (IOException) a file another program saved there since the check.
    // File.Move(…, overwrite: false) does not do that on Unix: it looks whether the name is free, then renames, and a
    // file saved between the two is replaced. link(2) adds the name only if it is free, in one step (EEXIST otherwise);
    // the temporary name is then removed by Release. Windows' move without overwriting already refuses in one step.
    private static void MoveWithoutReplacing(string partial, string full)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                if (Link(partial, full) == 0)
                    return;
                if (Marshal.GetLastPInvokeError() == FileExistsError)
                    throw new IOException($"'{full}' already exists"); // RenameFailure says it appeared
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                // No link(2) to call: as below.
            }
            // link(2) refused for another reason, e.g. a file system without hard links (FAT): File.Move checks, then
            // renames, which is not atomic; its errors (a removed temporary file, no permission) say what went wrong.
        }
        File.Move(partial, full, overwrite: false);
    }

    // Why the final rename failed when another program changed the folder during the write; null otherwise (Reason says).
    private static string? RenameFailure(string path, string full, string partial, bool force) =>
        Volatile.Read(ref abandoned) ? null
        : !force && KindOf(full) != FileKind.Missing ? $"'{path}' appeared while this was written (another program saving there?); add --force to replace it"
        : KindOf(partial) == FileKind.Missing ? $"its temporary file '{partial}' was removed by another program before it was renamed"
        : null;

    // Creates the temporary file, new (O_EXCL: never through a link, never over a file), and registers it for
    // removal, unless writing was abandoned.
    private static FileStream OpenPartial(string partial)
    {
        lock (Gate)
        {
            if (abandoned)
                throw new IOException("the program is stopping"); // Reason says so
            var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            InProgress.Add(partial);
            return stream;
        }
    }

    // Removes the temporary file if this process made it (and it is still there).
    private static void Release(string partial)
    {
        bool ours;
        lock (Gate)
            ours = InProgress.Remove(partial);
        if (ours)
            TryDelete(partial);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (KindOf(path) == FileKind.Regular)
                File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the next write to the same name reuses the file.
        }
    }

    // Why a write failed, naming the user's file or folder rather than the temporary file.
    private static string Reason(Exception error, string path, string partial, string folder) => error switch
    {
        _ when Volatile.Read(ref abandoned) => "the program is stopping",
        PathTooLongException => "the name is too long for the file system" + (Encoding.UTF8.GetByteCount(Path.GetFileName(path)) <= 255
            ? $", counting the {Path.GetFileName(partial).Length - Path.GetFileName(path).Length} characters more of the temporary '.NAME.PID-RANDOM{PartialSuffix}' written first" : ""),
        UnauthorizedAccessException => $"no permission to create a file in the folder '{folder}'",
        DirectoryNotFoundException => $"the folder '{folder}' does not exist",
        FileNotFoundException => $"the folder '{folder}' takes no new files",
        // e.g. "No space left on device : '/data/.net.json.4242-0a1b2c3d.partial'"
        _ => error.Message.Replace($" : '{partial}'", "").Replace($"'{partial}'", $"'{path}'"),
    };

    internal enum FileKind { Missing, Regular, Folder, CharacterDevice, BlockDevice, Pipe, Socket, Other }

    internal static string Describe(FileKind kind) => kind switch
    {
        FileKind.Folder => "a folder",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Pipe => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    private static string? DanglingLinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What is at <paramref name="path"/>, following links.</summary>
    internal static FileKind KindOf(string path)
    {
        if (path.Contains('\0'))
            return FileKind.Missing; // no file has such a name, and stat would read only the part before it
        if (Directory.Exists(path))
            return FileKind.Folder;
        if (!File.Exists(path))
            return FileKind.Missing;
        if (OperatingSystem.IsWindows())
            return FileKind.Regular; // .NET does not open devices by path there
        // .NET's public API cannot tell a device or a pipe from a file (both "exist", with Length 0), so this
        // asks stat(2) through the runtime's own native library (its FileStatus keeps the mode second).
        var status = new byte[256];
        try
        {
            if (NativeStat(path, status) != 0)
                return FileKind.Missing;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return FileKind.Regular;
        }
        return (BitConverter.ToInt32(status, 4) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Folder,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Pipe,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    // EEXIST from link(2): the new name exists (17 on Linux, macOS and the BSDs).
    private const int FileExistsError = 17;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newName);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
