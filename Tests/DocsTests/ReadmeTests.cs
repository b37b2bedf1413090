using System.Text;
using System.Text.RegularExpressions;

namespace FromScratch.Tests;

// The READMEs are the tutorial: README.md at the root, and one per folder for the details (Demo/README.md,
// Matrix/README.md, …). Their links to code, their commands and their make targets must stay true. Every
// README*.md in the repository gets the same checks; a relative link is read from the README's own folder.
public partial class ReadmeTests
{
    internal static readonly string Root = FindRoot();
    private const string Main = "README.md";
    private static readonly string Readme = Read(Main);

    /// <summary>At most this many lines: the main README is read in one sitting; details go to the folders' READMEs.</summary>
    private const int MaxMainLines = 460;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FromScratch.sln")))
                return dir.FullName;
        throw new InvalidOperationException("FromScratch.sln not found above the test directory");
    }

    /// <summary>Every README*.md in the repository (not in build output), relative to the root with '/', the main one first.</summary>
    public static IEnumerable<string> Readmes() =>
        Directory.EnumerateFiles(Root, "README*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj" or ".git" or "node_modules"))
            .OrderBy(path => path == Main ? "" : path, StringComparer.Ordinal);

    private static string Read(string readme) => File.ReadAllText(Path.Combine(Root, readme)).Replace("\r\n", "\n");

    /// <summary>The folder a README's relative links start from.</summary>
    private static string FolderOf(string readme) => Path.GetDirectoryName(Path.Combine(Root, readme))!;

    [GeneratedRegex(@"\[`(?<code>[^`]+)`\]\((?<file>[^)#\s]+)#L(?<line>\d+)\)")]
    private static partial Regex CodeLink();

    [GeneratedRegex(@"\]\((?<target>[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"\]\((?<target>[^)#\s]*)#(?<anchor>[^)\s]+)\)")]
    private static partial Regex AnchorLink();

    [GeneratedRegex(@"(?ms)^```.*?^```")]
    private static partial Regex FencedBlock();

    [Test]
    public void TheReadmesAreFound()
    {
        var readmes = Readmes().ToList();
        Assert.That(readmes[0], Is.EqualTo(Main));
        Assert.That(readmes, Is.SupersetOf(new[] { "Demo/README.md", "Matrix/README.md", "Network/README.md" }));
    }

    [TestCaseSource(nameof(Readmes))]
    public void EveryLinkToALineShowsTheCodeOnThatLine(string readme)
    {
        var links = CodeLink().Matches(Read(readme));
        if (readme == Main)
            Assert.That(links, Has.Count.GreaterThanOrEqualTo(10), "the formula table links each formula to its line");
        foreach (Match link in links)
        {
            string file = link.Groups["file"].Value;
            string path = Path.Combine(FolderOf(readme), file);
            Assert.That(File.Exists(path), Is.True, $"{readme} links to {file}, which does not exist");
            string[] lines = File.ReadAllLines(path);
            int number = int.Parse(link.Groups["line"].Value);
            Assert.That(number, Is.InRange(1, lines.Length), $"{readme}: {link.Value}");
            Assert.That(lines[number - 1], Does.Contain(link.Groups["code"].Value),
                $"{readme}: {file} line {number} no longer holds it; if the code only moved, `make readme-links` renumbers the links");
        }
    }

    [TestCaseSource(nameof(Readmes))]
    public void EveryRelativeLinkExists(string readme)
    {
        foreach (Match link in RelativeLink().Matches(Read(readme)))
        {
            string target = link.Groups["target"].Value;
            if (target.StartsWith("http", StringComparison.Ordinal))
                continue;
            string path = Path.Combine(FolderOf(readme), target);
            Assert.That(File.Exists(path) || Directory.Exists(path), Is.True,
                $"{readme} links to {target}, which does not exist (relative links start from the README's folder)");
        }
    }

    [TestCaseSource(nameof(Readmes))]
    public void EveryLinkToASectionFindsItsHeading(string readme)
    {
        foreach (Match link in AnchorLink().Matches(Read(readme)))
        {
            string target = link.Groups["target"].Value;
            if (target.StartsWith("http", StringComparison.Ordinal) || (target.Length > 0 && !target.EndsWith(".md", StringComparison.Ordinal)))
                continue;
            string file = target.Length == 0 ? Path.Combine(Root, readme) : Path.Combine(FolderOf(readme), target);
            if (!File.Exists(file))
                continue; // EveryRelativeLinkExists reports it
            Assert.That(AnchorsOf(File.ReadAllText(file)), Does.Contain(link.Groups["anchor"].Value),
                $"{readme}: {link.Value} names no heading of {(target.Length == 0 ? readme : target)}");
        }
    }

    /// <summary>The anchors GitHub gives a markdown file's headings (lower case, punctuation dropped, spaces as '-',
    /// a repeated one numbered), and those set with &lt;a id="…"&gt;.</summary>
    internal static HashSet<string> AnchorsOf(string markdown)
    {
        string text = FencedBlock().Replace(markdown.Replace("\r\n", "\n"), "");
        var anchors = new HashSet<string>(Regex.Matches(text, @"<a id=""(?<id>[^""]+)""").Select(m => m.Groups["id"].Value));
        var seen = new Dictionary<string, int>();
        foreach (Match heading in Regex.Matches(text, @"(?m)^#{1,6} (?<title>.+?)\s*$"))
        {
            var slug = new StringBuilder();
            foreach (char c in heading.Groups["title"].Value.ToLowerInvariant())
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                    slug.Append(c);
                else if (c == ' ')
                    slug.Append('-');
            string anchor = slug.ToString();
            int count = seen.GetValueOrDefault(anchor);
            seen[anchor] = count + 1;
            anchors.Add(count == 0 ? anchor : $"{anchor}-{count}");
        }
        return anchors;
    }

    [Test]
    public void AnchorsAreGitHubs()
    {
        Assert.That(AnchorsOf("## 1. The story\n## Your numpy beside this C#\n## Real data: Fashion-MNIST\n### Your first five minutes: `make starter`\n## A, b\n## A, b\n```sh\n# not a heading\n```\n<a id=\"old-name\"></a>\n"),
            Is.EquivalentTo(new[] { "1-the-story", "your-numpy-beside-this-c", "real-data-fashion-mnist", "your-first-five-minutes-make-starter", "a-b", "a-b-1", "old-name" }));
    }

    [Test]
    public void EveryReadmeIsLinkedFromTheMainOne()
    {
        var linked = RelativeLink().Matches(Readme).Select(m => m.Groups["target"].Value).ToHashSet();
        foreach (string readme in Readmes().Skip(1))
            Assert.That(linked, Does.Contain(readme), $"the main README should link to {readme}, so a reader finds it");
    }

    [Test]
    public void EveryDemoCommandTheReadmesNameRuns()
    {
        // `make run ARGS="COMMAND …"` and the per-command targets `make xor`, `make fashion` (train), ….
        var named = new Dictionary<string, string>();
        foreach (string readme in Readmes())
        {
            string text = Read(readme);
            var commands = Regex.Matches(text, @"make run ARGS=[""'](?<command>[a-z]+)\b|make (?<command>xor|moons|spiral|gradcheck|seed|bench|sweep)\b")
                .Select(m => m.Groups["command"].Value)
                .ToHashSet();
            if (text.Contains("make fashion", StringComparison.Ordinal))
                commands.Add("train");
            if (readme == Main)
                Assert.That(commands, Is.SupersetOf(new[] { "xor", "moons", "train", "gradcheck", "predict", "seed" }));
            foreach (string command in commands)
                named.TryAdd(command, readme);
        }
        foreach (var (command, readme) in named)
        {
            var result = DemoRunner.Run(command, "--help");
            Assert.That(result.ExitCode, Is.Zero, $"{readme} names 'Demo {command}', which fails: {result.Error}");
        }
    }

    [TestCaseSource(nameof(Readmes))]
    public void EveryMakeTargetTheReadmeNamesExists(string readme)
    {
        // A rule's line names its targets before the colon: `xor moons spiral gradcheck seed bench sweep:`.
        var targets = Regex.Matches(File.ReadAllText(Path.Combine(Root, "Makefile")), @"(?m)^(?<targets>[a-z][a-z -]*):")
            .SelectMany(rule => rule.Groups["targets"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet();
        var missing = Regex.Matches(Read(readme), @"make (?<target>[a-z-]+)").Select(use => use.Groups["target"].Value)
            .Where(target => !targets.Contains(target)).Distinct().Select(target => $"make {target}");
        Assert.That(missing, Is.Empty, $"{readme} names targets the Makefile does not have");
    }

    [Test]
    public void TheMainReadmeIsReadInOneSitting()
    {
        int lines = Readme.TrimEnd('\n').Split('\n').Length;
        Assert.That(lines, Is.AtMost(MaxMainLines), "move details to the README of the folder they describe, and link to it");
    }

    [Test]
    public void TheMaintainersToolsComeAfterTheExercises()
    {
        // A student reads from the top: the tools for keeping the repository in order come last.
        int exercises = Regex.Match(Readme, @"(?m)^## .*Exercises").Index;
        Assert.That(exercises, Is.GreaterThan(0), "the main README has an Exercises section");
        foreach (string tool in new[] { "make readme-links", "make format", "make compare" })
        {
            int first = Readme.IndexOf(tool, StringComparison.Ordinal);
            Assert.That(first, Is.EqualTo(-1).Or.GreaterThan(exercises), $"'{tool}' is for maintainers; name it after the exercises");
        }
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
        string sample = Regex.Match(Read("Demo/README.md"), @"\$ make demo ARGS=--shapes\n(?<output>(?:.+\n)+?)```").Groups["output"].Value;
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
        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(4), "leaky ReLU, Swish, AdamW, weighted cross-entropy");
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
        var blocks = ExerciseBlocks();
        Assert.That(blocks.Where(b => b.Where == "").Select(b => b.Code), Is.Empty,
            "every exercise's code block needs its <!-- exercise N: … --> marker just before it, so .ci/exercises can type it in");
        foreach (var (where, _) in blocks)
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
