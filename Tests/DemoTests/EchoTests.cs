using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// What the demo echoes back of the user's input: escaped, cut when long, and written without crashing
/// even when the error or output stream is closed or full.
/// </summary>
public class EchoTests
{
    [TestCase("relu", "'relu'")]
    [TestCase("\u001b[2J\u001b[H", @"'\x1b[2J\x1b[H'")]
    [TestCase("a\nb\tc\rd\0e", @"'a\nb\tc\rd\0e'")]
    [TestCase("\u0007\u007f\u009b", @"'\x07\x7f\u009b'")]
    [TestCase("abc\u202edef", @"'abc\u202edef'")]
    [TestCase("naïve ✓ 😀", "'naïve ✓ 😀'")]
    public void QuoteEscapesControlAndInvisibleCharacters(string value, string expected) =>
        Assert.That(Echo.Quote(value), Is.EqualTo(expected));

    [Test]
    public void QuoteEscapesALoneSurrogate() =>
        // Not in a TestCase: an attribute cannot hold half a surrogate pair.
        Assert.That(Echo.Quote("a\ud800b"), Is.EqualTo(@"'a\ud800b'"));

    [Test]
    public void QuoteCutsLongValuesSayingTheirLength()
    {
        string sixty = new('x', Echo.MaxShown);
        Assert.That(Echo.Quote(sixty), Is.EqualTo($"'{sixty}'"), "60 characters are shown whole");
        Assert.That(Echo.Quote(sixty + "y"), Is.EqualTo($"'{sixty}…' (61 characters)"));
        string huge = Echo.Quote(new string('x', 10 * 1024 * 1024));
        Assert.That(huge, Does.EndWith("…' (10485760 characters)"));
        Assert.That(huge, Has.Length.LessThan(100));
    }

    [Test]
    public void QuoteCutsEscapedValuesWithoutBreakingAnEscape()
    {
        string quoted = Echo.Quote(string.Concat(Enumerable.Repeat("\u001b", 1000)));
        Assert.That(quoted, Does.Not.Contain("\u001b"));
        Assert.That(quoted, Does.Match(@"^'(\\x1b){15}…' \(1000 characters\)$"));
    }

    [Test]
    public void LineEscapesAWholeMessageAndCutsItAfterAThousandCharacters()
    {
        Assert.That(Echo.Line("error: \u001b]0;title\u0007.csv: not found"), Is.EqualTo(@"error: \x1b]0;title\x07.csv: not found"));
        string cut = Echo.Line(new string('x', 5000));
        Assert.That(cut, Is.EqualTo(new string('x', Echo.MaxLine) + "… (5000 characters)"));
    }

    [Test]
    public void AFiveMegabyteOptionValueIsCut()
    {
        var result = DemoRunner.Run("xor", "--activation", new string('x', 5 * 1024 * 1024));
        Assert.That(result.ExitCode, Is.EqualTo(2));
        // The list of names is Activation.All's, which a student extends (README exercises 1 and 2): not pinned here.
        string known = string.Join(", ", Activation.All.Select(a => a.Name));
        Assert.That(result.Error, Does.StartWith($"error: xor: --activation must be one of {known}; got 'xxxx"));
        Assert.That(result.Error, Does.Contain("…' (5242880 characters)"));
        Assert.That(result.Error, Has.Length.LessThan(300));
    }

    [TestCase(new[] { "xor", "--lr", "\u001b[31mred" }, @"xor: --lr expects a number, got '\x1b[31mred'")]
    [TestCase(new[] { "xor", "--epochs", "1\u001b[2J" }, @"xor: --epochs expects a whole number, got '1\x1b[2J'")]
    [TestCase(new[] { "xor", "--hidden", "4,\u001b" }, @"xor: --hidden expects positive whole numbers separated by commas (e.g. 4 or 4,4), got '4,\x1b'")]
    [TestCase(new[] { "xor", "--\u001b[2J" }, @"xor: unknown option '--\x1b[2J'")]
    [TestCase(new[] { "xor", "stray\n" }, @"xor: unexpected argument 'stray\n'")]
    [TestCase(new[] { "\u001b]0;title\u0007" }, @"unknown command '\x1b]0;title\x07'")]
    public void OptionValuesAreEchoedEscaped(string[] args, string expected)
    {
        var result = DemoRunner.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: " + expected));
        Assert.That(result.Error, Does.Not.Contain("\u001b").And.Not.Contain("\u0007"));
        Assert.That(result.Error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(2), "the error and the pointer to --help");
    }

    [Test]
    public void AFileNameWithAnEscapeSequenceIsEscapedInTheError()
    {
        var result = DemoRunner.Run("train", "--csv", "\u001b[2J\u001b[Hmissing.csv");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.StartWith(@"error: \x1b[2J\x1b[Hmissing.csv: ").And.EndWith("not found\n"));
        Assert.That(result.Error, Does.Not.Contain("\u001b"));
    }

    /// <summary>A writer whose every write fails, like stderr closed (2&gt;&amp;-) or full (2&gt;/dev/full).</summary>
    private sealed class FailingWriter(Exception failure) : TextWriter
    {
        public int Attempts { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Fail();

        public override void Write(string? value) => Fail();

        public override void Write(char[] buffer, int index, int count) => Fail();

        private void Fail()
        {
            Attempts++;
            throw failure;
        }
    }

    private static IEnumerable<Exception> WriteFailures() =>
    [
        new IOException("No space left on device"),
        new UnauthorizedAccessException("Access to the path is denied."),   // how .NET reports EBADF: a closed stream
        new ObjectDisposedException("stderr"),
    ];

    [TestCaseSource(nameof(WriteFailures))]
    public void AFailingErrorStreamDoesNotCrashAndTheExitCodeStillTells(Exception failure)
    {
        var error = new FailingWriter(failure);
        int runtime = Cli.Run(["train", "--csv", "/nonexistent/data.csv"], new StringWriter(), error, new Style(colour: false));
        Assert.That(runtime, Is.EqualTo(1));
        int usage = Cli.Run(["xor", "--speed", "3"], new StringWriter(), error, new Style(colour: false));
        Assert.That(usage, Is.EqualTo(2));
        Assert.That(error.Attempts, Is.GreaterThanOrEqualTo(2), "the errors were attempted");
    }

    [TestCaseSource(nameof(WriteFailures))]
    public void AFailingOutputIsReportedOnTheErrorStream(Exception failure)
    {
        var error = new StringWriter();
        int code = Cli.Run(["xor", "--help"], new FailingWriter(failure), error, new Style(colour: false));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("error: cannot write the output: "));
        Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void FailingOutputAndErrorStreamsTogetherDoNotCrash()
    {
        var output = new FailingWriter(new IOException("No space left on device"));
        var error = new FailingWriter(new UnauthorizedAccessException("closed"));
        Assert.That(Cli.Run(["xor"], output, error, new Style(colour: false)), Is.EqualTo(1));
        Assert.That(output.Attempts, Is.EqualTo(1), "the first failed write stops the command");
        Assert.That(error.Attempts, Is.EqualTo(1));
    }
}
