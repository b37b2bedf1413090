using System.Diagnostics;

namespace FromScratch.Tests;

/// <summary>
/// Demo/starter, the program a student copies (<c>make starter</c>): run as it is built, the question's backprop fails the
/// gradient check first at W2 and the corrected one passes; the exercise checks say when the student's code is missing.
/// </summary>
public class StarterTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    internal static (int ExitCode, string Output, string Error) RunStarter(params string[] args)
    {
        // Tests.csproj references Starter.csproj (without its assembly), so it is built beside the tests, in their configuration.
        string dll = Path.Combine(ReadmeTests.Root, "Demo", "starter", "bin", Configuration, "net10.0", "Starter.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is not built");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Replace("\r\n", "\n"), error.Result);
    }

    [Test]
    public void TheQuestionsBackpropFailsFirstAtW2AndTheCorrectedOnePasses()
    {
        var (code, output, error) = RunStarter();
        Assert.That(code, Is.Zero, output + error);
        string[] halves = output.Split("The corrected backprop");
        Assert.That(halves, Has.Length.EqualTo(2), output);
        Assert.That(halves[0], Does.Match(@"\nW2     \(4, 4\)\s+9\.\d\de-01  FAIL "), "the question's dW2 is off by about 0.9");
        Assert.That(halves[0], Does.Contain("first FAIL going back from the output: W2, off by a relative difference of 9."));
        Assert.That(halves[0], Does.Contain(": FAIL\n"));
        Assert.That(halves[1], Does.Match(@"\nW2     \(4, 4\)\s+\d\.\d\de-1\d  pass "));
        Assert.That(halves[1], Does.Contain(": PASS\n"));
        Assert.That(halves[1], Does.Not.Contain("FAIL"));
    }

    [TestCase("Demo/starter/README.md")]
    [TestCase("README.md")]
    public void TheReadmesShowWhatItPrints(string readmePath)
    {
        string readme = File.ReadAllText(Path.Combine(ReadmeTests.Root, readmePath));
        string sample = System.Text.RegularExpressions.Regex.Match(readme, @"\$ make starter\n(?<output>.*?)```",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups["output"].Value;
        Assert.That(sample, Is.Not.Empty);
        Assert.That(RunStarter().Output, Is.EqualTo(sample));
    }

    [TestCase("per-sample", "exercise 4 is not written yet")]
    [TestCase("adamw", "exercise 5 is not written yet")]
    public void AnExerciseCheckSaysWhenTheStubIsStillThere(string check, string expected)
    {
        // Demo/starter/Exercises.cs holds stubs until the student writes the code; .ci/exercises checks the README's code there.
        var (code, output, error) = RunStarter(check);
        if (!output.Contains("not written yet", StringComparison.Ordinal))
            Assert.Ignore($"Demo/starter/Exercises.cs holds an answer to {check}, not the stub");
        Assert.That((code, output), Is.EqualTo((1, $"{expected}: replace the stub in Demo/starter/Exercises.cs with your code\n")), error);
    }

    [Test]
    public void AnUnknownCheckIsAUsageError()
    {
        var (code, _, error) = RunStarter("frobnicate");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("unknown check 'frobnicate'; the checks are: make starter ARGS=per-sample"));
    }

    [Test]
    public void TheDemoDoesNotCompileTheStarter()
    {
        // Demo.csproj globs Demo/**/*.cs; a Program.cs of the starter compiled into the demo would give it two entry points.
        Assert.That(typeof(Demo.Cli).Assembly.GetTypes().Select(t => t.Name), Has.None.EqualTo("Checks").And.None.EqualTo("Exercises"));
    }
}
