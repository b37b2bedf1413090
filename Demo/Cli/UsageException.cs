namespace FromScratch.Demo;

/// <summary>The command line itself is wrong (unknown command or option, a bad number): exit code 2.</summary>
internal sealed class UsageException(string message, string command) : Exception(message)
{
    /// <summary>The command whose help would explain the right usage, or "" for the top level.</summary>
    public string Command { get; } = command;
}
