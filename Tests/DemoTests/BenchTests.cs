using System.Globalization;
using System.Text.RegularExpressions;

namespace FromScratch.Tests;

/// <summary>
/// <c>bench --only … --shapes …</c>, the parts <c>make compare</c> (Demo/peer/compare.py) asks for: the machine's peak on
/// one line, each shape on its own line with its spec and two rates, the seed network's time. Small shapes and one run: no
/// timing is judged, only the format (a loaded machine can print 0.0 GFLOP/s for a 3×4×5 product, so no test asks for a
/// positive speed).
/// </summary>
public partial class BenchTests
{
    [GeneratedRegex(@"^  (?<shape>\S+)\s+(?<spec>\d+x\d+x\d+T?)\s+(?<one>[\d.]+)\s+(?<all>[\d.]+)$", RegexOptions.Multiline)]
    private static partial Regex DotLine();

    [Test]
    public void OnlyDotTimesTheGivenShapesEachOnALineAScriptCanFind()
    {
        var result = DemoRunner.Run("bench", "--only", "dot", "--shapes", "3x4x5,2x3x4T", "--runs", "1");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var lines = DotLine().Matches(result.Output);
        Assert.That(lines.Select(m => m.Groups["spec"].Value), Is.EqualTo(new[] { "3x4x5", "2x3x4T" }), result.Output);
        // The transposed operand is stored N×K (4×3) and read as its transpose.
        Assert.That(lines.Select(m => m.Groups["shape"].Value), Is.EqualTo(new[] { "(3×4)·(4×5)", "(2×3)·(4×3)ᵀ" }), result.Output);
        foreach (Match line in lines)
        {
            Assert.That(double.Parse(line.Groups["one"].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0), result.Output);
            Assert.That(double.Parse(line.Groups["all"].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0), result.Output);
        }
        Assert.That(result.Output, Does.Not.Contain("seed network").And.Not.Contain("Fashion-MNIST"));
    }

    [Test]
    public void OnlySeedTimesTheSeedNetworkAlone()
    {
        var result = DemoRunner.Run("bench", "--only", "seed", "--runs", "1");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var time = Regex.Match(result.Output, @"^seed network \[5, 4, 4\].*: (?<us>[\d.]+) µs per epoch", RegexOptions.Multiline);
        Assert.That(time.Success, result.Output);
        Assert.That(double.Parse(time.Groups["us"].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0), result.Output);
        Assert.That(result.Output, Does.Not.Contain("Dot, GFLOP/s"));
    }

    [Test]
    public void OnlyPeakPrintsTheOneLineCompareReadsAndNothingElse()
    {
        var result = DemoRunner.Run("bench", "--only", "peak");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        // compare.py's pattern, with the all-cores count this process sees; the rates are not judged.
        string threads = Environment.ProcessorCount == 1 ? "1 thread" : $"{Environment.ProcessorCount} threads";
        Assert.That(result.Output, Does.Match($@"(?m)^peak: 1 thread [\d.]+ GFLOP/s, {threads} [\d.]+ GFLOP/s \((Vector512|Vector256|scalar) "), result.Output);
        Assert.That(result.Output, Does.Not.Contain("Dot, GFLOP/s").And.Not.Contain("seed network").And.Not.Contain("Fashion-MNIST"));
    }

    [Test]
    public void HelpNamesEveryPartOfOnly()
    {
        string help = DemoRunner.Run("bench", "--help").Output;
        Assert.That(help, Does.Contain("(default peak,dot,seed,fashion)").And.Contain("peak: fp64 multiply-adds"));
    }

    [TestCase(new[] { "--only", "dot,fast" }, "bench: --only takes peak, dot, seed, fashion separated by commas; got 'fast'")]
    [TestCase(new[] { "--only", "peaks" }, "bench: --only takes peak, dot, seed, fashion separated by commas; got 'peaks'")]
    [TestCase(new[] { "--only", "seed", "--shapes", "2x2x2" }, "bench: --shapes goes with the dot part")]
    [TestCase(new[] { "--only", "peak", "--shapes", "2x2x2" }, "bench: --shapes goes with the dot part")]
    [TestCase(new[] { "--only", "dot", "--shapes", "2x2" }, "bench: --shapes expects MxKxN or MxKxNT")]
    [TestCase(new[] { "--only", "dot", "--shapes", "2x0x2" }, "bench: --shapes expects MxKxN or MxKxNT")]
    [TestCase(new[] { "--only", "dot", "--shapes", "2x2x2TT" }, "bench: --shapes expects MxKxN or MxKxNT")]
    public void WrongPartsAndShapesAreUsageErrors(string[] args, string expected)
    {
        var result = DemoRunner.Run(["bench", .. args]);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Output);
        Assert.That(result.Error, Does.StartWith("error: " + expected));
    }
}
