namespace FromScratch.Demo;

/// <summary>Writes the user's output files, never replacing an existing one without --force.</summary>
internal static class OutputFile
{
    public static void RefuseToOverwrite(string path, bool force, string option)
    {
        if (File.Exists(path) && !force)
            throw new IOException($"{option}: '{path}' already exists; add --force to replace it");
    }

    public static void Write(string path, string text, bool force, string option)
    {
        RefuseToOverwrite(path, force, option);
        File.WriteAllText(path, text);
    }
}
