using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// Data files made to hurt: gzip bombs, lying headers, devices, pipes, directories, unreadable files,
/// endless lines and escape sequences. Each must end in one line naming the file (and the limit), fast
/// and in bounded memory.
/// </summary>
public class HostileDataTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("fromscratch-hostile-").FullName;

    [TearDown]
    public void RemoveDirectory()
    {
        // What a test made unreadable must become readable again to be removed.
        foreach (string path in unreadable)
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        unreadable.Clear();
        Directory.Delete(dir, recursive: true);
    }

    private readonly List<string> unreadable = [];

    // ---- helpers ----

    private static byte[] IdxHeader(params int[] dims)
    {
        var bytes = new byte[4 + 4 * dims.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        return bytes;
    }

    private static byte[] Idx(int[] dims, byte[] data) => [.. IdxHeader(dims), .. data];

    // The bytes, gzip-compressed, followed by `zeros` zero bytes inside the same gzip stream.
    private static byte[] Gzip(byte[] bytes, long zeros = 0)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
            var block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.Length)
                gzip.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return buffer.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    // A small valid set of 2×2 images: labels 0, 1, 0, 1, …; `suffix` ".gz" writes it compressed.
    private void WriteSet(string prefix, int count, string suffix = "")
    {
        var pixels = new byte[4 * count];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 2);
            pixels[4 * i] = (byte)(labels[i] * 200);
        }
        byte[] images = Idx([count, 2, 2], pixels), labelBytes = Idx([count], labels);
        Write($"{prefix}-images-idx3-ubyte{suffix}", suffix == ".gz" ? Gzip(images) : images);
        Write($"{prefix}-labels-idx1-ubyte{suffix}", suffix == ".gz" ? Gzip(labelBytes) : labelBytes);
    }

    // Runs the demo and returns its result with the bytes it allocated on this thread.
    private static (DemoRunner.Result Result, long Allocated) Measure(params string[] args)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = DemoRunner.Run(args);
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertOneErrorLine(DemoRunner.Result result, params string[] parts)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Error);
        Assert.That(result.Error, Does.StartWith("error: "));
        Assert.That(result.Error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), result.Error);
        foreach (string part in parts)
            Assert.That(result.Error, Does.Contain(part));
        Assert.That(result.Error, Does.Not.Contain("unexpected"), "a known problem, not a bug");
    }

    private static void SkipUnlessUnix()
    {
        if (OperatingSystem.IsWindows())
            Assert.Ignore("devices, pipes and file modes as on Unix");
    }

    private static string DevZero()
    {
        SkipUnlessUnix();
        if (!File.Exists("/dev/zero"))
            Assert.Ignore("no /dev/zero here");
        return "/dev/zero";
    }

    private string Fifo(string name)
    {
        SkipUnlessUnix();
        string path = Path.Combine(dir, name);
        try
        {
            using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0)
                Assert.Ignore("mkfifo failed");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("no mkfifo here");
        }
        return path;
    }

    // Makes the path unreadable; skips the test where that does not stop reading (root reads anything).
    private void MakeUnreadable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("file modes as on Unix");
            return;
        }
        File.SetUnixFileMode(path, UnixFileMode.UserWrite);
        unreadable.Add(path);
        try
        {
            if (Directory.Exists(path))
                _ = Directory.GetFileSystemEntries(path);
            else
                File.OpenRead(path).Dispose();
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }
        Assert.Ignore("this user can read anything (root?), so permissions cannot be tested");
    }

    // Opening a pipe waits for a writer: run the demo on another thread, and if it hangs, open the pipe
    // for writing so it goes on, then fail.
    private static DemoRunner.Result RunOnPipe(string fifo, params string[] args)
    {
        var run = Task.Run(() => DemoRunner.Run(args));
        if (!run.Wait(TimeSpan.FromSeconds(20)))
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail("the demo opened the pipe and waited for a writer");
        }
        return run.Result;
    }

    // ---- CSV ----

    [Test]
    public void DevZeroAsACsvIsRefusedWithoutReadingIt()
    {
        string zero = DevZero();
        var (result, allocated) = Measure("train", "--csv", zero);
        AssertOneErrorLine(result, "/dev/zero: is a character device, not a regular file");
        Assert.That(allocated, Is.LessThan(8 << 20));
    }

    [Test]
    public void ANamedPipeAsACsvIsRefusedWithoutWaitingOnIt()
    {
        string fifo = Fifo("data.csv");
        AssertOneErrorLine(RunOnPipe(fifo, "train", "--csv", fifo), fifo + ": is a named pipe (FIFO), not a regular file");
    }

    [Test]
    public void EveryCsvOptionRefusesADirectoryAMissingFileAndDevZero()
    {
        string good = WriteText("good.csv", "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        string model = Path.Combine(dir, "model.json");
        new Network([2, 3, 1]).Save(model);
        string missing = Path.Combine(dir, "missing.csv");
        string[][] runs =
        [
            ["train", "--csv", dir],
            ["train", "--csv", good, "--test-csv", dir, "--epochs", "1"],
            ["predict", "--load", model, "--csv", dir],
            ["predict", "--load", model, "--csv", dir, "--targets", "1"],
        ];
        foreach (string[] run in runs)
            AssertOneErrorLine(DemoRunner.Run(run), dir + ": is a directory, not a file");
        AssertOneErrorLine(DemoRunner.Run("train", "--csv", missing), missing + ": not found");
        AssertOneErrorLine(DemoRunner.Run("predict", "--load", model, "--csv", missing), missing + ": not found");
        if (!OperatingSystem.IsWindows() && File.Exists("/dev/zero"))
            AssertOneErrorLine(DemoRunner.Run("predict", "--load", model, "--csv", "/dev/zero"), "/dev/zero: is a character device");
    }

    [Test]
    public void AnUnreadableCsvIsPermissionDeniedNotMissing()
    {
        string path = WriteText("secret.csv", "a,y\n1,1\n");
        MakeUnreadable(path);
        AssertOneErrorLine(DemoRunner.Run("train", "--csv", path), path + ": permission denied");
    }

    [Test]
    public void ATenMegabyteCellStopsAtTheLineLimitInBoundedMemory()
    {
        string path = WriteText("big.csv", "a,y\n" + new string('7', 10 << 20) + ",1\n");
        var (result, allocated) = Measure("train", "--csv", path);
        AssertOneErrorLine(result, path + ":2: the line is longer than the limit of 1,048,576 characters");
        Assert.That(result.Error, Has.Length.LessThan(300));
        Assert.That(allocated, Is.LessThan(16 << 20), "the 10 MB line is never held whole");
    }

    [Test]
    public void ABinaryFileWithoutLineBreaksStopsAtTheLineLimit()
    {
        var bytes = new byte[3 << 20];
        new Random(7).NextBytes(bytes);
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] is (byte)'\n' or (byte)'\r')
                bytes[i] = 0x1b;
        string path = Write("random.csv", bytes);
        var (result, allocated) = Measure("train", "--csv", path);
        AssertOneErrorLine(result, path + ":1: the line is longer than the limit of 1,048,576 characters");
        Assert.That(allocated, Is.LessThan(16 << 20));
    }

    [Test]
    public void AFileLargerThanTheLimitIsRefusedBeforeReading()
    {
        string path = Path.Combine(dir, "huge.csv");
        using (var file = File.Create(path))
            file.SetLength(CsvReader.MaxFileBytes + 1);   // sparse: takes no disk space
        var (result, allocated) = Measure("train", "--csv", path);
        AssertOneErrorLine(result, path + ": the file has 268,435,457 bytes, more than the limit of 268,435,456 bytes (256 MiB)");
        Assert.That(allocated, Is.LessThan(8 << 20));
    }

    [Test]
    public void ALongCellIsEchoedCutWithItsLength()
    {
        string path = WriteText("long.csv", "a,y\n" + new string('x', 1_000_000) + ",1\n");
        var result = DemoRunner.Run("train", "--csv", path);
        AssertOneErrorLine(result, path + ":2: field 1 ('a') is 'xxxxx", "…' (1000000 characters), not a finite number");
        Assert.That(result.Error, Has.Length.LessThan(300));
    }

    [Test]
    public void EscapeSequencesInCellsAndHeadersNeverReachTheTerminal()
    {
        string cell = WriteText("cell.csv", "a,b,y\n0,\u001b[2J\u001b[Hboom\u0007,1\n");
        var result = DemoRunner.Run("train", "--csv", cell);
        AssertOneErrorLine(result, cell + @":2: field 2 ('b') is '\x1b[2J\x1b[Hboom\x07', not a finite number");
        Assert.That(result.Error, Does.Not.Contain("\u001b").And.Not.Contain("\u0007"));

        string header = WriteText("header.csv", "a,b,\u001b[31mtarget\0\n0,0,7\n");
        result = DemoRunner.Run("train", "--csv", header);
        AssertOneErrorLine(result, header + @":2: target column '\x1b[31mtarget\0' is 7; targets must be in [0, 1]");
        Assert.That(result.Error, Does.Not.Contain("\u001b").And.Not.Contain("\0"));
    }

    [TestCase("a,b,y\n0,0,0\n0,1,1\n1,0,1\n")]
    [TestCase("a,b,y\r\n0,0,0\r\n0,1,1\r\n1,0,1\r\n")]
    [TestCase("a,b,y\r0,0,0\r0,1,1\r1,0,1")]
    [TestCase("\ufeffa,b,y\n\n0,0,0\n  \n0,1,1\r\n\r\n1,0,1")]
    public void LineBreaksOfEveryKindReadTheSame(string text)
    {
        var data = CsvReader.Read(WriteText("data.csv", text), targets: 1);
        Assert.That(data.X.ToString(), Is.EqualTo(Matrix.FromRows([0, 0, 1], [0, 1, 0]).ToString()));
        Assert.That(data.Y.ToString(), Is.EqualTo(Matrix.FromRows([0, 1, 1]).ToString()));
    }

    [Test]
    public void LineNumbersCountBlankLinesAndEveryKindOfLineBreak()
    {
        string path = WriteText("data.csv", "a,b,y\r\n\r\n0,0,0\r\r\n0,x,1\n");
        AssertOneErrorLine(DemoRunner.Run("train", "--csv", path), path + ":5: field 2 ('b') is 'x'");
    }

    [Test]
    public void CsvLimitKeepsTheFirstRowsAndStillChecksEveryRow()
    {
        string path = WriteText("data.csv", "a,y\n1,0\n2,1\n3,0\n4,1\n");
        var data = CsvReader.Read(path, targets: 1, limit: 2);
        Assert.That(data.X.ToString(), Is.EqualTo(Matrix.FromRows([1, 2]).ToString()));
        WriteText("data.csv", "a,y\n1,0\n2,1\n3,0\n4,5\n");
        Assert.That(() => CsvReader.Read(path, targets: 1, limit: 2),
            Throws.TypeOf<DataFormatException>().With.Message.Contains(":5: target column 'y' is 5"));
    }

    // ---- IDX ----

    [Test]
    public void AGzipBombWithAHugeHeaderFailsFastInBoundedMemory()
    {
        WriteSet("t10k", 4);
        Write("train-labels-idx1-ubyte", Idx([60000], new byte[60000]));
        // 64 MiB of zeros compress to about 64 KB; the header promises 6 × 10^12 values.
        string images = Write("train-images-idx3-ubyte.gz", Gzip(IdxHeader(60000, 10000, 10000), zeros: 64 << 20));
        var (result, allocated) = Measure("train", "--idx", dir);
        AssertOneErrorLine(result, images, "promises 60000 × 10000 × 10000 values", "limit of 67,108,864 values per IDX file");
        Assert.That(allocated, Is.LessThan(8 << 20), "the data after the header is never read");
    }

    [Test]
    public void AGzipHoldingFarMoreThanItsHeaderPromisesIsStoppedAfterOneByteMore()
    {
        WriteSet("t10k", 4);
        Write("train-labels-idx1-ubyte", Idx([4], [0, 1, 0, 1]));
        string images = Write("train-images-idx3-ubyte.gz", Gzip(IdxHeader(4, 2, 2), zeros: 64 << 20));
        var (result, allocated) = Measure("train", "--idx", dir);
        AssertOneErrorLine(result, images, "promises 16 values (4 × 2 × 2) but the decompressed file holds more");
        Assert.That(allocated, Is.LessThan(8 << 20), "not decompressed whole");
    }

    [TestCase(new[] { 256, 40977001, 1758488720 }, "256 × 40977001 × 1758488720")]
    [TestCase(new[] { 65536, 65536, 1 }, "65536 × 65536 × 1")]         // 2^32: 0 in 32-bit arithmetic
    [TestCase(new[] { 2147483647, 2147483647, 2147483647 }, "2147483647 × 2147483647 × 2147483647")]
    [TestCase(new[] { 70000, 32, 32 }, "70000 × 32 × 32")]              // 71,680,000: just over the limit
    public void HeaderSizesAreMultipliedWithoutOverflowAndCapped(int[] dims, string shown)
    {
        WriteSet("t10k", 4);
        Write("train-labels-idx1-ubyte", Idx([256], new byte[256]));
        string images = Write("train-images-idx3-ubyte", Idx(dims, new byte[256 * 784]));
        var result = DemoRunner.Run("train", "--idx", dir);
        AssertOneErrorLine(result, images, $"promises {shown} values, more than the limit of 67,108,864");
    }

    [TestCase("", -1, "the header promises 40 values (10 × 2 × 2) but the file holds 39")]
    [TestCase("", +1, "the header promises 40 values (10 × 2 × 2) but the file holds 41")]
    [TestCase(".gz", -1, "the header promises 40 values (10 × 2 × 2) but the decompressed file holds 39")]
    [TestCase(".gz", +1, "the header promises 40 values (10 × 2 × 2) but the decompressed file holds more")]
    public void TooFewOrTooManyValuesAreRefused(string suffix, int extra, string expected)
    {
        WriteSet("train", 10, suffix);
        WriteSet("t10k", 10, suffix);
        byte[] images = Idx([10, 2, 2], new byte[40 + extra]);
        string path = Write($"t10k-images-idx3-ubyte{suffix}", suffix == ".gz" ? Gzip(images) : images);
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", dir), path, expected);
    }

    // A gzip file damaged after it was written: each refused naming the file and what is wrong. `expected` is given
    // the good file's stored CRC-32 (written by .NET's GZipStream, not by the code under test) and the data's length.
    private static IEnumerable<TestCaseData> DamagedGzips()
    {
        static TestCaseData Case(string name, Func<byte[], byte[]> damage, Func<uint, int, int, string> expected) =>
            new TestCaseData(damage, expected).SetName(name);
        static byte[] Flipped(byte[] gz, Index at)
        {
            byte[] copy = [.. gz];
            copy[at] ^= 1;
            return copy;
        }
        yield return Case("LengthCutOff", gz => gz[..^4], (_, _, _) => "the file is cut short: its gzip trailer (CRC-32 and length, 8 bytes) has only 4");
        yield return Case("LastByteCutOff", gz => gz[..^1], (_, _, _) => "the file is cut short: its gzip trailer (CRC-32 and length, 8 bytes) has only 7");
        yield return Case("TrailerCutOff", gz => gz[..^8], (crc, length, _) => $"does not match the data, which decompressed to CRC-32 0x{crc:x8}, {length} bytes; the file is cut short or corrupt");
        yield return Case("WrongCrc", gz => Flipped(gz, ^8), (crc, _, _) => $"the gzip trailer gives CRC-32 0x{crc ^ 1:x8}, but the data decompressed to 0x{crc:x8}; the file is corrupt");
        yield return Case("WrongLength", gz => Flipped(gz, ^4), (_, length, _) => $"the gzip trailer gives a length of {length ^ 1} bytes, but the data decompressed to {length}; the file is corrupt");
        yield return Case("BytesAfterTheEnd", gz => [.. gz, .. "junk"u8], (_, _, size) => $"4 bytes follow the end of the gzip data (at byte {size}); the file is corrupt");
        yield return Case("ZerosAfterTheEnd", gz => [.. gz, .. new byte[100]], (_, _, size) => $"100 bytes follow the end of the gzip data (at byte {size}); the file is corrupt");
        yield return Case("ASecondStream", gz => [.. gz, .. Gzip("more"u8.ToArray())], (_, _, size) => $"a second gzip stream follows the first at byte {size} (as `cat a.gz b.gz` makes)");
    }

    [TestCaseSource(nameof(DamagedGzips))]
    public void ADamagedGzipIsRefusedNamingTheFile(Func<byte[], byte[]> damage, Func<uint, int, int, string> expected)
    {
        WriteSet("train", 10, ".gz");
        WriteSet("t10k", 10, ".gz");
        byte[] images = Idx([10, 2, 2], new byte[40]), gz = Gzip(images);
        string path = Write("t10k-images-idx3-ubyte.gz", damage(gz));
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(gz.Length - 8));
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", dir), $"error: {path}: ", expected(crc, images.Length, gz.Length));
    }

    [Test]
    public void ADataSetSplitOverTwoGzipStreamsIsRefusedSayingSo()
    {
        // Legal gzip, which gunzip joins; refused because each stream's own trailer covers only its part.
        WriteSet("train", 10, ".gz");
        WriteSet("t10k", 10, ".gz");
        byte[] images = Idx([10, 2, 2], new byte[40]), first = Gzip(images[..20]);
        string path = Write("t10k-images-idx3-ubyte.gz", [.. first, .. Gzip(images[20..])]);
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", dir), $"error: {path}: a second gzip stream follows the first at byte {first.Length} (as `cat a.gz b.gz` makes); only single-stream files are read: recompress it whole (gunzip -c FILE | gzip > NEW)");
    }

    // 4 labels 0, 1, 0, 1 gzip-compressed with every optional header field (extra field, file name, comment, the
    // header's CRC-16), made with Python's zlib and checked with its gzip module, as `gzip` and other tools write them.
    private static byte[] GzipWithEveryHeaderField() => Convert.FromHexString(
        "1f8b081e00000000000306004142020068696c6162656c73006d6164652062792068616e6400a35a6360e06064606060616064600400b96e3cfc0c000000");

    [Test]
    public void Crc32GivesTheStandardCheckValue()
    {
        // The check value every CRC-32 (IEEE) implementation gives for the ASCII digits 1 to 9, split anywhere.
        Assert.That(Crc32.Update(0, "123456789"u8), Is.EqualTo(0xCBF43926));
        Assert.That(Crc32.Update(Crc32.Update(0, "1234"u8), "56789"u8), Is.EqualTo(0xCBF43926));
        Assert.That(Crc32.Update(0, []), Is.Zero);
    }

    [Test]
    public void AGzipWithEveryOptionalHeaderFieldIsRead()
    {
        WriteSet("train", 4, ".gz");
        WriteSet("t10k", 4, ".gz");
        Write("t10k-labels-idx1-ubyte.gz", GzipWithEveryHeaderField());
        var result = DemoRunner.Run("train", "--idx", dir, "--epochs", "1", "--hidden", "2");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
    }

    [Test]
    public void AGzipHeaderWhoseCrcIsWrongIsRefused()
    {
        WriteSet("train", 4, ".gz");
        WriteSet("t10k", 4, ".gz");
        byte[] gz = GzipWithEveryHeaderField();
        gz[38] ^= 0xff; // the low byte of the header's CRC-16, after 10 + 2 + 6 + 7 + 13 bytes
        string path = Write("t10k-labels-idx1-ubyte.gz", gz);
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", dir), $"error: {path}: the gzip header's CRC-16 is 0x5a5c, but its bytes give 0x5aa3; the file is corrupt");
    }

    [Test]
    public void ManyTinyImagesCountTheirOneHotLabelsAgainstTheLimit()
    {
        // 16 million 1×1 images are within the limit, but their one-hot labels would be 160 million values.
        WriteSet("t10k", 4);
        Write("train-images-idx3-ubyte.gz", Gzip(IdxHeader(16_000_000, 1, 1)));
        string labels = Write("train-labels-idx1-ubyte.gz", Gzip(IdxHeader(16_000_000)));
        var (result, allocated) = Measure("train", "--idx", dir);
        AssertOneErrorLine(result, labels, "16,000,000 labels make 160,000,000 one-hot values", "more than the limit of 67,108,864 values");
        Assert.That(allocated, Is.LessThan(8 << 20));
    }

    [TestCase(10)]
    [TestCase(255)]
    public void LabelsOutsideZeroToNineAreRefusedNamingTheSample(int label)
    {
        WriteSet("train", 6);
        WriteSet("t10k", 6);
        string labels = Write("train-labels-idx1-ubyte", Idx([6], [0, 1, 0, (byte)label, 0, 1]));
        var result = DemoRunner.Run("train", "--idx", dir);
        AssertOneErrorLine(result, labels, $"sample 3 (counting from 0) has label {label}; labels must be 0 to 9");
    }

    [Test]
    public void DevZeroAsAnIdxFileIsRefusedWithoutReadingIt()
    {
        string zero = DevZero();
        WriteSet("t10k", 4);
        WriteSet("train", 4);
        File.Delete(Path.Combine(dir, "train-images-idx3-ubyte"));
        string link = Path.Combine(dir, "train-images-idx3-ubyte");
        File.CreateSymbolicLink(link, zero);
        var (result, allocated) = Measure("train", "--idx", dir);
        AssertOneErrorLine(result, link, "is a character device, not a regular file");
        Assert.That(allocated, Is.LessThan(8 << 20));
    }

    [Test]
    public void ANamedPipeAsAnIdxFileIsRefusedWithoutWaitingOnIt()
    {
        WriteSet("t10k", 4);
        WriteSet("train", 4);
        File.Delete(Path.Combine(dir, "train-labels-idx1-ubyte"));
        string fifo = Fifo("train-labels-idx1-ubyte");
        AssertOneErrorLine(RunOnPipe(fifo, "train", "--idx", dir), fifo, "is a named pipe (FIFO), not a regular file");
    }

    [Test]
    public void ADirectoryInPlaceOfAnIdxFileIsNamed()
    {
        WriteSet("t10k", 4);
        WriteSet("train", 4);
        File.Delete(Path.Combine(dir, "t10k-images-idx3-ubyte"));
        string folder = Directory.CreateDirectory(Path.Combine(dir, "t10k-images-idx3-ubyte")).FullName;
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", dir), folder + ": is a directory, not a file");
    }

    [Test]
    public void AnUnreadableIdxFileIsPermissionDeniedNotMissing()
    {
        WriteSet("t10k", 4);
        WriteSet("train", 4);
        string labels = Path.Combine(dir, "train-labels-idx1-ubyte");
        MakeUnreadable(labels);
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", dir), labels + ": permission denied");
    }

    [Test]
    public void AnUnreadableIdxFolderIsPermissionDeniedNotMissing()
    {
        string folder = Directory.CreateDirectory(Path.Combine(dir, "mnist")).FullName;
        MakeUnreadable(folder);
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", folder), $"--idx: directory '{folder}': permission denied");
    }

    [Test]
    public void AnIdxFolderThatCannotBeEnteredIsPermissionDeniedNotEmpty()
    {
        // Read (r) but no search (x) permission: its names can be listed, but no file in it can be opened or even
        // looked at, so the files seem missing to anything that does not ask why.
        WriteSet("train", 4);
        WriteSet("t10k", 4);
        string folder = Directory.CreateDirectory(Path.Combine(dir, "mnist")).FullName;
        foreach (string file in Directory.GetFiles(dir))
            File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("file modes as on Unix");
            return;
        }
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        unreadable.Add(folder);
        var result = WithFilePermissionsEnforced(() => DemoRunner.Run("train", "--idx", folder));
        AssertOneErrorLine(result, $"error: --idx: directory '{folder}': permission denied (its names can be listed, but it cannot be entered: no x permission)");
    }

    // Runs `work` where file permissions apply, even to root: on a thread of its own that has dropped the two
    // capabilities that let root past them (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH; Linux keeps capabilities per
    // thread, so the rest of the process keeps them). Other users run it as it is.
    private static T WithFilePermissionsEnforced<T>(Func<T> work)
    {
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsLinux())
            Assert.Ignore("running as root, and only Linux lets one thread give up root's access to every file");
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        bool dropped = true;
        int error = 0;
        var thread = new Thread(() =>
        {
            try
            {
                if (Environment.IsPrivilegedProcess && !(dropped = DropFileAccessCapabilities()))
                {
                    error = Marshal.GetLastPInvokeError();
                    return;
                }
                result = work();
            }
            catch (Exception thrown)
            {
                failure = ExceptionDispatchInfo.Capture(thrown);
            }
        });
        thread.Start();
        thread.Join();
        if (!dropped)
            Assert.Ignore($"running as root, and capset(2) could not drop CAP_DAC_OVERRIDE (error {error})");
        failure?.Throw();
        return result;
    }

    // capget/capset on the calling thread (pid 0): its effective set loses CAP_DAC_OVERRIDE (1) and CAP_DAC_READ_SEARCH (2).
    private static bool DropFileAccessCapabilities()
    {
        var header = new CapabilityHeader { Version = 0x20080522 }; // _LINUX_CAPABILITY_VERSION_3: two data words
        var data = new CapabilityData[2];
        if (CapGet(ref header, data) != 0)
            return false;
        data[0].Effective &= ~((1u << 1) | (1u << 2));
        return CapSet(ref header, data) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityData
    {
        public uint Effective, Permitted, Inheritable;
    }

    [DllImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static extern int CapGet(ref CapabilityHeader header, [In, Out] CapabilityData[] data);

    [DllImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static extern int CapSet(ref CapabilityHeader header, CapabilityData[] data);

    [Test]
    public void AFileGivenAsTheIdxFolderIsNamedAsAFile()
    {
        string file = WriteText("notes.txt", "hello");
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", file), $"--idx: '{file}' is a file, not a directory");
        AssertOneErrorLine(DemoRunner.Run("train", "--idx", Path.Combine(dir, "nowhere")), "' not found");
    }

    [Test]
    public void TrainLimitKeepsTheFirstImagesAndStillChecksTheWholeFile()
    {
        WriteSet("train", 10);
        WriteSet("t10k", 4);
        var (train, test) = IdxReader.ReadDirectory(dir, trainLimit: 3);
        Assert.That(train.Count, Is.EqualTo(3));
        Assert.That(test.Count, Is.EqualTo(4));
        Assert.That(((ImageInputs)train.Inputs)[0, 1], Is.EqualTo(200 / 255.0), "image 1 (label 1) has its bright pixel");
        Assert.That(train.Y[1, 1], Is.EqualTo(1));
        Write("train-labels-idx1-ubyte", Idx([10], [0, 1, 0, 1, 0, 1, 0, 1, 0, 12]));
        Assert.That(() => IdxReader.ReadDirectory(dir, trainLimit: 3),
            Throws.TypeOf<DataFormatException>().With.Message.Contains("sample 9 (counting from 0) has label 12"));
    }

    [Test]
    public void TheTrainingAndTestSetsShareOneLimit()
    {
        // Each set is 36,000,010 values, under the limit on its own; both together are over it, and are
        // refused from the headers (the gzip streams hold the promised zeros, never read).
        foreach (string prefix in new[] { "train", "t10k" })
        {
            Write($"{prefix}-images-idx3-ubyte.gz", Gzip(IdxHeader(1, 6000, 6000), zeros: 36_000_000));
            Write($"{prefix}-labels-idx1-ubyte.gz", Gzip(Idx([1], [3])));
        }
        var (result, allocated) = Measure("train", "--idx", dir);
        AssertOneErrorLine(result, $"--idx: the training and test sets in '{dir}' hold 72,000,020 values together", "more than the limit of 67,108,864");
        Assert.That(allocated, Is.LessThan(50_000_000), "refused before the pixels were read");
    }
}
