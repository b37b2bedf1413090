using System.Text.RegularExpressions;

namespace FromScratch.Tests;

// The README is the tutorial: its links to code, its commands and its make targets must stay true.
public partial class ReadmeTests
{
    internal static readonly string Root = FindRoot();
    private static readonly string Readme = File.ReadAllText(Path.Combine(Root, "README.md"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FromScratch.sln")))
                return dir.FullName;
        throw new InvalidOperationException("FromScratch.sln not found above the test directory");
    }

    [GeneratedRegex(@"\[`(?<code>[^`]+)`\]\((?<file>[^)#\s]+)#L(?<line>\d+)\)")]
    private static partial Regex CodeLink();

    [GeneratedRegex(@"\]\((?<target>[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    [Test]
    public void EveryLinkToALineShowsTheCodeOnThatLine()
    {
        var links = CodeLink().Matches(Readme);
        Assert.That(links, Has.Count.GreaterThanOrEqualTo(10), "the formula table links each formula to its line");
        foreach (Match link in links)
        {
            string[] lines = File.ReadAllLines(Path.Combine(Root, link.Groups["file"].Value));
            int number = int.Parse(link.Groups["line"].Value);
            Assert.That(number, Is.InRange(1, lines.Length), link.Value);
            Assert.That(lines[number - 1], Does.Contain(link.Groups["code"].Value),
                $"{link.Groups["file"].Value} line {number} no longer holds it; if the code only moved, `make readme-links` renumbers the links");
        }
    }

    [Test]
    public void EveryRelativeLinkExists()
    {
        foreach (Match link in RelativeLink().Matches(Readme))
        {
            string target = link.Groups["target"].Value;
            if (target.StartsWith("http", StringComparison.Ordinal))
                continue;
            string path = Path.Combine(Root, target);
            Assert.That(File.Exists(path) || Directory.Exists(path), Is.True, $"README links to {target}, which does not exist");
        }
    }

    [Test]
    public void EveryDemoCommandTheReadmeNamesRuns()
    {
        // `make run ARGS="COMMAND …"` and the per-command targets `make xor`, `make fashion` (train), ….
        var commands = Regex.Matches(Readme, @"make run ARGS=[""'](?<command>[a-z]+)\b|make (?<command>xor|moons|spiral|gradcheck|seed|bench)\b")
            .Select(m => m.Groups["command"].Value)
            .ToHashSet();
        if (Readme.Contains("make fashion", StringComparison.Ordinal))
            commands.Add("train");
        Assert.That(commands, Is.SupersetOf(new[] { "xor", "moons", "train", "gradcheck", "predict", "seed" }));
        foreach (string command in commands)
        {
            var result = DemoRunner.Run(command, "--help");
            Assert.That(result.ExitCode, Is.Zero, $"README names 'Demo {command}', which fails: {result.Error}");
        }
    }

    [Test]
    public void EveryMakeTargetTheReadmeNamesExists()
    {
        string makefile = File.ReadAllText(Path.Combine(Root, "Makefile"));
        foreach (Match use in Regex.Matches(Readme, @"make (?<target>[a-z-]+)"))
            Assert.That(makefile, Does.Match($"(?m)^(?:[a-z-]+ )*{Regex.Escape(use.Groups["target"].Value)}(?: [a-z-]+)*:"), $"README names 'make {use.Groups["target"].Value}'");
    }

    [Test]
    public void MakeHelpListsEveryTargetOnceWithALineForEach()
    {
        string makefile = File.ReadAllText(Path.Combine(Root, "Makefile"));
        var phony = Regex.Match(makefile, @"(?m)^\.PHONY:(?<targets>.*)$").Groups["targets"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var listed = Regex.Matches(makefile, @"(?m)^\t@echo 'make (?<target>[a-z-]+) +\S").Select(m => m.Groups["target"].Value).ToList();
        Assert.That(phony, Has.Length.GreaterThan(10));
        Assert.That(listed, Is.EquivalentTo(phony), "make help's lines and the .PHONY targets");
        foreach (string target in phony)
            Assert.That(makefile, Does.Match($"(?m)^(?:[a-z-]+ )*{Regex.Escape(target)}(?: [a-z-]+)*:"), $"make help lists '{target}', which has no rule");
    }

    [Test]
    public void TheShapesSampleIsWhatTheDemoPrints()
    {
        var result = DemoRunner.Run("--shapes");
        string sample = Regex.Match(Readme, @"\$ make demo ARGS=--shapes\n(?<output>(?:.+\n)+?)```").Groups["output"].Value;
        Assert.That(sample, Is.Not.Empty);
        Assert.That(result.Output, Is.EqualTo(sample));
    }

    // The exercises' section, found by its title whatever its number; its ```csharp blocks, each with the marker before
    // it (<!-- exercise N: … -->, read by .ci/exercises) when it has one.
    private static List<(string Where, string Code)> ExerciseBlocks()
    {
        string section = Regex.Match(Readme, @"\n## \d+\. Exercises\n(?<body>.*?)(?=\n## |$)", RegexOptions.Singleline).Groups["body"].Value;
        Assert.That(section, Is.Not.Empty, "README has a section \"## N. Exercises\"");
        return [.. Regex.Matches(section, @"(?:<!-- (?<where>exercise \d+: [^\n]*?) -->[ \t]*\n[ \t]*)?```csharp\n(?<code>.*?)```", RegexOptions.Singleline)
            .Select(m => (m.Groups["where"].Value, m.Groups["code"].Value))];
    }

    [GeneratedRegex(@"^exercise \d+: (?:insert into (?<file>\S+) (?:after|before) the line starting ""(?<first>.*)""|replace in (?<file>\S+) the line starting ""(?<first>.*)""|replace in (?<file>\S+) the lines between ""(?<first>.*)"" and ""(?<second>.*)"")$")]
    private static partial Regex ExerciseMarker();

    [Test]
    public void EveryExercisesCodeIsItsTestedReferenceSolution()
    {
        // The exercises' code blocks, line by line without indentation, must appear in the reference solutions, which the
        // tests run; so an exercise as written that cannot work fails here or there. A block that replaces one line (a
        // name added to the list in Activation.All or Loss.All) is no solution of its own: .ci/exercises types it in.
        var blocks = ExerciseBlocks();
        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(4), "leaky ReLU, Swish, Adam, weighted cross-entropy");
        static string Flatten(string code) => string.Join("\n", code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
        string solutions = Flatten(File.ReadAllText(Path.Combine(Root, "Tests", "Exercises", "ExerciseSolutions.cs")));
        foreach (var (where, code) in blocks.Where(b => !Regex.IsMatch(b.Where, @": replace in \S+ the line starting ")))
            Assert.That(solutions, Does.Contain(Flatten(code)), $"README exercise code not found in Tests/Exercises/ExerciseSolutions.cs:\n{code}");
    }

    [Test]
    public void EveryExerciseMarkerNamesALineThatIsThere()
    {
        // .ci/exercises puts each block where its marker says; the place must be in the code as it is now, on exactly one
        // line (a later exercise may name a line an earlier one added; those are checked when .ci/exercises runs).
        var marked = ExerciseBlocks().Where(b => b.Where != "").ToList();
        if (marked.Count == 0)
            Assert.Ignore("the README's exercises have no <!-- exercise N: … --> markers, so .ci/exercises cannot type them in");
        foreach (var (where, _) in marked)
        {
            var marker = ExerciseMarker().Match(where);
            Assert.That(marker.Success, Is.True, $"not a marker .ci/exercises can read: {where}");
            string path = Path.Combine(Root, marker.Groups["file"].Value);
            Assert.That(File.Exists(path), Is.True, where);
            string[] lines = File.ReadAllLines(path);
            foreach (Group text in new[] { marker.Groups["first"], marker.Groups["second"] }.Where(g => g.Success))
                Assert.That(lines.Count(line => line.StartsWith(text.Value, StringComparison.Ordinal)), Is.EqualTo(1),
                    $"{where}: \"{text.Value}\" must start exactly one line of {marker.Groups["file"].Value}");
        }
    }
}
