using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FromScratch.Tests;

// README section 10 sets the corrected numpy program (Demo/samples/seed_numpy.py) beside `Demo seed`.
// Both must print the same predictions; the numpy half needs numpy and is skipped without it.
public partial class SeedBesideNumpyTests
{
    [GeneratedRegex(@"-?\d+\.\d+e[+-]\d+")]
    private static partial Regex Number();

    [Test]
    public void DemoSeedFitsTheQuestionsTargets()
    {
        var result = DemoRunner.Run("seed");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        double[] predictions = [.. Number().Matches(result.Output).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];
        // Row by row, as printed: Y is [[0, 1], [1, 0], [0, 0], [0, 0]].
        double[] targets = [0, 1, 1, 0, 0, 0, 0, 0];
        Assert.That(predictions, Has.Length.EqualTo(8), result.Output);
        for (int i = 0; i < 8; i++)
            Assert.That(predictions[i], Is.EqualTo(targets[i]).Within(0.01), result.Output);
    }

    [Test]
    public void NumpyPrintsWhatDemoSeedPrints()
    {
        string? python = PythonWith("numpy");
        if (python is null)
            Assert.Ignore("needs python3 with numpy (Debian: apt-get install python3-numpy)");
        var (code, numpy) = RunProcess(python!, Path.Combine(ReadmeTests.Root, "Demo", "samples", "seed_numpy.py"));
        Assert.That(code, Is.Zero, numpy);
        string csharp = DemoRunner.Run("seed").Output;
        Assert.That(csharp, Is.EqualTo("Matrix (4, 2)\n" + numpy.Replace("\r\n", "\n")), "the same predictions to numpy's printed precision");
    }

    /// <summary>A python3 that can import <paramref name="module"/> (the first on PATH, or Debian's), or null.</summary>
    internal static string? PythonWith(string module) => new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(python => Imports(python, module));

    private static bool Imports(string python, string module)
    {
        try
        {
            return RunProcess(python, "-c", $"import {module}").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such program
        }
    }

    internal static (int ExitCode, string Output) RunProcess(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            return (-1, "timed out after 60 s");
        }
        return (process.ExitCode, output);
    }
}
