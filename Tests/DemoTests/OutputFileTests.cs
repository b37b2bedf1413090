using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace FromScratch.Tests;

/// <summary>
/// --save and --svg: the path is checked before any data is read or any training starts, and the file is
/// written through one named temporary file beside it, renamed over it when complete.
/// </summary>
public class OutputFileTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("fromscratch-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    private static string XorCsv => Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv");

    // Every command that writes a file: the option, and the command line of its work.
    private static IEnumerable<TestCaseData> Writers()
    {
        yield return new TestCaseData("--save", new[] { "train", "--csv", XorCsv }).SetName("TrainSave");
        yield return new TestCaseData("--svg", new[] { "xor" }).SetName("XorSvg");
        yield return new TestCaseData("--svg", new[] { "moons" }).SetName("MoonsSvg");
        yield return new TestCaseData("--svg", new[] { "spiral" }).SetName("SpiralSvg");
        yield return new TestCaseData("--svg", new[] { "--shapes" }).SetName("WalkthroughShapesSvg");
    }

    [TestCaseSource(nameof(Writers))]
    public void AnOutputInAMissingFolderFailsBeforeAnyWork(string option, string[] command)
    {
        string path = Path.Combine(dir, "no-such-folder", "out.file");
        var result = DemoRunner.Run([.. command, option, path]);
        Assert.That((result.ExitCode, result.Error), Is.EqualTo((1,
            $"error: {option}: cannot write '{path}': the folder '{Path.Combine(dir, "no-such-folder")}' does not exist\n")));
        Assert.That(result.Output, Is.Empty, "no data read, no epoch, no trace: refused first");
    }

    [Test]
    public void TrainChecksSaveBeforeItReadsTheData()
    {
        var result = DemoRunner.Run("train", "--csv", Path.Combine(dir, "unread.csv"), "--save", "/nonexistent/dir/x.json");
        Assert.That((result.ExitCode, result.Error, result.Output), Is.EqualTo((1,
            "error: --save: cannot write '/nonexistent/dir/x.json': the folder '/nonexistent/dir' does not exist\n", "")));
    }

    private static IEnumerable<TestCaseData> BadTargets()
    {
        // The path (in the test's folder unless absolute), whether --force is given, the error after "error: --svg: ".
        static TestCaseData Case(string name, string path, bool force, string expected) => new TestCaseData(path, force, expected).SetName(name);
        yield return Case("Folder", "{dir}", true, "'{dir}' is a folder, not a file");
        yield return Case("NullDevice", "/dev/null", true, "'/dev/null' is a character device, not a regular file; --force replaces only regular files");
        yield return Case("Pipe", "pipe", true, "'{dir}/pipe' is a named pipe (FIFO), not a regular file; --force replaces only regular files");
        yield return Case("Empty", "", false, "the path is empty; give a file name");
        yield return Case("InsideAFile", "notes.txt/out.svg", false, "cannot write '{dir}/notes.txt/out.svg': '{dir}/notes.txt' is not a folder");
        yield return Case("EndsInASlash", "new/", false, "'{dir}/new/' names a folder, not a file");
        yield return Case("Exists", "notes.txt", false, "'{dir}/notes.txt' already exists; add --force to replace it");
        yield return Case("NameTooLong", new string('n', 300) + ".svg", false, $"cannot write '{{dir}}/{new string('n', 300)}.svg': the name is too long for the file system");
        // .NAME.PID-RANDOM.partial: the dots, the process number, a dash and 8 hexadecimal digits, and ".partial".
        yield return Case("NameTooLongWithItsPartialFile", new string('n', 240), false,
            $"cannot write '{{dir}}/{new string('n', 240)}': the name is too long for the file system, counting the {2 + Environment.ProcessId.ToString().Length + 1 + 8 + 8} characters more of the temporary '.NAME.PID-RANDOM.partial' written first");
    }

    [TestCaseSource(nameof(BadTargets))]
    public void ABadTargetIsRefusedNamingTheOptionAndThePath(string path, bool force, string expected)
    {
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "kept");
        MakeFifo(Path.Combine(dir, "pipe"));
        string[] before = Directory.GetFileSystemEntries(dir);
        string given = path is "" or ['/', ..] ? path : path == "{dir}" ? dir : Path.Combine(dir, path);
        var result = DemoRunner.Run(["xor", "--epochs", "1", "--svg", given, .. force ? new[] { "--force" } : []]);
        Assert.That((result.ExitCode, result.Error), Is.EqualTo((1, $"error: --svg: {expected.Replace("{dir}", dir)}\n")));
        Assert.That(result.Output, Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(dir), Is.EquivalentTo(before), "nothing created, nothing removed");
        Assert.That(File.ReadAllText(Path.Combine(dir, "notes.txt")), Is.EqualTo("kept"));
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public void AFolderThatTakesNoNewFileIsFoundByTryingOne()
    {
        // Permissions do not stop root, so root tries /proc, where no one can create a file.
        string folder = Environment.IsPrivilegedProcess ? "/proc" : Path.Combine(dir, "read-only");
        if (!Environment.IsPrivilegedProcess)
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        string path = Path.Combine(folder, "model.json");
        try
        {
            var result = DemoRunner.Run("train", "--csv", XorCsv, "--save", path);
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Is.EqualTo(Environment.IsPrivilegedProcess
                ? $"error: --save: cannot write '{path}': the folder '/proc' takes no new files\n"
                : $"error: --save: cannot write '{path}': no permission to create a file in the folder '{folder}'\n"));
            Assert.That(result.Output, Is.Empty);
        }
        finally
        {
            // Writable again, or TearDown could not remove it (and would hide a failure above).
            if (!Environment.IsPrivilegedProcess)
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void AWrittenFileLeavesNoTemporaryFileBeside()
    {
        string model = Path.Combine(dir, "model.json"), svg = Path.Combine(dir, "xor.svg"), picture = Path.Combine(dir, "network.svg");
        var trained = DemoRunner.Run("train", "--csv", XorCsv, "--epochs", "5", "--save", model);
        Assert.That(trained.ExitCode, Is.Zero, trained.Error);
        Assert.That(DemoRunner.Run("train", "--csv", XorCsv, "--epochs", "5", "--save", model, "--force").ExitCode, Is.Zero);
        Assert.That(DemoRunner.Run("xor", "--epochs", "50", "--svg", svg).ExitCode, Is.Zero);
        Assert.That(DemoRunner.Run("--shapes", "--svg", picture).ExitCode, Is.Zero);
        Assert.That(Directory.GetFileSystemEntries(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "model.json", "xor.svg", "network.svg" }));
        Assert.That(Network.Load(model).LayerSizes, Is.EqualTo(new[] { 2, 30, 1 }));
        Assert.That(File.ReadAllText(picture), Does.StartWith("<svg"));
    }

    [Test]
    public void LoadRefusesADeviceInOneLine()
    {
        var result = DemoRunner.Run("predict", "--load", "/dev/zero", "--input", "0,1");
        Assert.That((result.ExitCode, result.Error, result.Output), Is.EqualTo((1, "error: Load '/dev/zero': is a character device, not a regular file\n", "")));
    }

    /// <summary>Makes a named pipe (FIFO) at <paramref name="path"/>; .NET has no call for it.</summary>
    internal static void MakeFifo(string path)
    {
        if (MakeFifo(path, Convert.ToUInt32("644", 8)) != 0)
            throw new IOException($"mkfifo {path} failed: error {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
