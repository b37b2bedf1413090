namespace FromScratch.Demo;

/// <summary>
/// The user's output files (--save, --report, --svg), through <see cref="SafeFile"/>. Every command calls
/// <see cref="Check"/> before it reads data or trains, so a bad path fails at once, not after an hour of training;
/// <see cref="Write(string, string, bool, string)"/> checks again and writes atomically. Errors name the option and the user's path.
/// </summary>
internal static class OutputFile
{
    /// <summary>
    /// Refuses, naming <paramref name="option"/>: an empty path, a missing or unwritable folder, a folder, a device
    /// or pipe (even with --force), a name too long for the file system, or an existing file without --force.
    /// </summary>
    public static void Check(string path, bool force, string option) => SafeFile.Check(path, force, option);

    /// <summary>Refuses an output file that is one of the command's input files: <c>--force</c> would replace the data with the output.</summary>
    public static void RefuseInput(Options options, string? output, string option, params string[] inputOptions)
    {
        if (output is null || output.Length == 0 || output.Contains('\0'))
            return; // Check refuses these, naming the problem
        foreach (string input in inputOptions)
            if (options.Text(input) is string path && path.Length > 0 && !path.Contains('\0') && Path.GetFullPath(path) == Path.GetFullPath(output))
                throw options.Usage($"{option} names the same file as --{input}; the output would replace the data");
    }

    /// <summary>Writes <paramref name="text"/> through a temporary <c>.NAME.PID-RANDOM.partial</c> beside the file, renamed over it when complete.</summary>
    public static void Write(string path, string text, bool force, string option) => SafeFile.WriteText(path, text, force, option);

    /// <summary>As above, for what <paramref name="write"/> writes to a stream, e.g. <c>network.Save</c>.</summary>
    public static void Write(string path, Action<Stream> write, bool force, string option) => SafeFile.Write(path, write, force, option);
}
