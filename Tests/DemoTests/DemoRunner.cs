using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>Runs the demo's command line in-process and captures what it prints.</summary>
internal static class DemoRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(args, output, error, new Style(colour: false));
        return new Result(code, output.ToString().Replace("\r\n", "\n"), error.ToString());
    }

    /// <summary>Runs <paramref name="test"/> with a new empty folder, removed with everything in it afterwards.</summary>
    public static void InTemporaryDirectory(Action<string> test)
    {
        string dir = Directory.CreateTempSubdirectory("fromscratch-").FullName;
        try
        {
            test(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
