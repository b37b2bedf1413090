namespace FromScratch.Demo;

/// <summary>
/// The user's output files (--save, --svg), through the library's <see cref="SafeFile"/>. Every command calls
/// <see cref="Check"/> before it reads data or trains, so a bad path fails at once, not after an hour of training;
/// <see cref="Write"/> checks again and writes atomically. Errors name the option and the user's path.
/// </summary>
internal static class OutputFile
{
    /// <summary>
    /// Refuses, naming <paramref name="option"/>: an empty path, a missing or unwritable folder, a folder, a device
    /// or pipe (even with --force), a name too long for the file system, or an existing file without --force.
    /// </summary>
    public static void Check(string path, bool force, string option) => SafeFile.Check(path, force, option, "--force");

    /// <summary>Writes <paramref name="text"/> through <c>.NAME.partial</c> beside the file, renamed over it when complete.</summary>
    public static void Write(string path, string text, bool force, string option) => SafeFile.WriteText(path, text, force, option, "--force");
}
