namespace FromScratch.Demo;

/// <summary><c>bench</c>: placeholder until the speed work lands.</summary>
internal static class BenchCommand
{
    public static readonly string[] ValuedOptions = [];

    public const string Help = "Demo bench — measure Dot and training speed.\n\nusage: Demo bench\n";

    public static int Run(Options options, TextWriter output)
    {
        output.WriteLine("bench: not written yet");
        return 0;
    }
}
