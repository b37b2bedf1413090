using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// The demo's output files (<see cref="SafeFile"/>, here with what --save writes): checked first, written through one
/// named temporary file, replaced in one step; and the files --load reads, only regular ones.
/// </summary>
public class SafeFileTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("fromscratch-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    // What train --save does.
    private static void Save(Network network, string path, bool force = false) => SafeFile.Write(path, network.Save, force, "--save");

    [Test]
    public void AWriteReplacesTheFileInOneStep()
    {
        string path = Path.Combine(directory, "net.json");
        new Network([2, 2, 1], seed: 1).Save(path);
        byte[] old = File.ReadAllBytes(path);
        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            Save(new Network([2, 5, 1], seed: 2), path, force: true);
            var seen = new MemoryStream();
            reader.CopyTo(seen);
            Assert.That(seen.ToArray(), Is.EqualTo(old), "a reader that opened the old file still reads it, whole");
        }
        Assert.That(Network.Load(path).LayerSizes, Is.EqualTo(new[] { 2, 5, 1 }), "a fresh open reads the new file");
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }), "no temporary file is left");
    }

    // The temporary files of writes to `path` now in the folder: .NAME.PID-RANDOM.partial.
    private static string[] PartialsOf(string path) =>
        [.. Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*-*.partial").Select(f => Path.GetFileName(f)!)];

    [Test]
    public void EachWriteFillsATemporaryFileOfItsOwnNamedForThisProcess()
    {
        string path = Path.Combine(directory, "net.json");
        var seen = new List<string>();
        for (int write = 0; write < 2; write++)
            SafeFile.Write(path, stream =>
            {
                seen.AddRange(PartialsOf(path));
                stream.Write("{}"u8);
            }, force: true, "--save");
        Assert.That(seen, Has.Count.EqualTo(2).And.All.Match($@"^\.net\.json\.{Environment.ProcessId}-[0-9a-f]{{8}}\.partial$"), "one each, written beside the target");
        Assert.That(seen[0], Is.Not.EqualTo(seen[1]), "a new name for every write");
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }));
    }

    [Test]
    public void FilesLeftByKilledRunsAndLinksNamedLikeTemporaryFilesAreNeverTouched()
    {
        // Left by a run killed outright (kill -9), by an older version, or the user's own files with such names;
        // and links to the user's notes, which opening to write would empty. No write, even with --force, touches them.
        string path = Path.Combine(directory, "net.json");
        string notes = Path.Combine(directory, "notes.txt");
        File.WriteAllText(notes, "mine");
        string[] left = [".net.json.partial", $".net.json.{Environment.ProcessId}-00000000.partial", ".net.json.1-abcdef01.partial"];
        foreach (string name in left)
            File.WriteAllText(Path.Combine(directory, name), "{ half a netw");
        string[] links = [".net.json.link.partial", $".net.json.{Environment.ProcessId}-11111111.partial"];
        foreach (string name in links)
            File.CreateSymbolicLink(Path.Combine(directory, name), notes);
        foreach (bool force in new[] { false, true })
        {
            Save(new Network([2, 2, 1], seed: force ? 2 : 1), path, force);
            Assert.That(Network.Load(path).ToJson(), Is.EqualTo(new Network([2, 2, 1], seed: force ? 2 : 1).ToJson()));
        }
        Assert.That(left.Select(name => File.ReadAllText(Path.Combine(directory, name))), Is.All.EqualTo("{ half a netw"));
        Assert.That(links.Select(name => File.ResolveLinkTarget(Path.Combine(directory, name), false)?.FullName), Is.All.EqualTo(notes));
        Assert.That(File.ReadAllText(notes), Is.EqualTo("mine"));
    }

    [Test]
    public void AFailedWriteRemovesItsPartialFileAndNamesTheUsersFile()
    {
        string path = Path.Combine(directory, "net.json");
        File.WriteAllText(path, "old");
        // The write itself fails: the old file stays, the temporary file goes.
        var thrown = Assert.Throws<InvalidOperationException>(() => SafeFile.Write(path, stream =>
        {
            stream.Write("{ half"u8);
            Assert.That(PartialsOf(path), Has.Length.EqualTo(1), "written beside the target first");
            throw new InvalidOperationException("the disk is full");
        }, force: true, "--save"));
        Assert.That(thrown!.Message, Is.EqualTo("the disk is full"));
        Assert.That((FilesIn(directory), File.ReadAllText(path)), Is.EqualTo((new[] { "net.json" }, "old")));

        // Another program removes the temporary file during the write: the message says so, not "no new files".
        var removed = Assert.Throws<IOException>(() => SafeFile.Write(path, stream =>
        {
            stream.Write("{ half"u8);
            File.Delete(Path.Combine(directory, PartialsOf(path).Single()));
        }, force: true, "--save"));
        Assert.That(removed!.Message, Does.Match($@"^--save: cannot write '{path}': its temporary file '{directory}/\.net\.json\.\d+-[0-9a-f]{{8}}\.partial' was removed by another program before it was renamed$"));
        Assert.That((FilesIn(directory), File.ReadAllText(path)), Is.EqualTo((new[] { "net.json" }, "old")));

        // The final rename fails (a folder took the file's place meanwhile): the message names the user's file.
        File.Delete(path);
        var error = Assert.Throws<IOException>(() => SafeFile.Write(path, _ => Directory.CreateDirectory(path), force: true, "--save"));
        Assert.That(error!.Message, Does.StartWith($"--save: cannot write '{path}': ").And.Not.Contain(".partial"));
        Assert.That(Directory.GetFileSystemEntries(directory).Select(Path.GetFileName), Is.EqualTo(new[] { "net.json" }), "only the folder");
    }

    [Test]
    public void AbandoningWritesRemovesThePartialFileOfAWriteInProgress()
    {
        // What the demo's Ctrl-C / SIGTERM handler does while a save is half-written.
        string path = Path.Combine(directory, "net.json");
        File.WriteAllText(path, "old");
        try
        {
            var error = Assert.Throws<IOException>(() => SafeFile.Write(path, stream =>
            {
                stream.Write("{ half"u8);
                SafeFile.AbandonWrites();
                Assert.That(PartialsOf(path), Is.Empty, "removed at once");
            }, force: true, "--save"));
            Assert.That(error!.Message, Is.EqualTo($"--save: cannot write '{path}': the program is stopping"));
            Assert.That((FilesIn(directory), File.ReadAllText(path)), Is.EqualTo((new[] { "net.json" }, "old")));
            var later = Assert.Throws<IOException>(() => Save(new Network([2, 2, 1]), path, force: true));
            Assert.That(later!.Message, Is.EqualTo($"--save: cannot write '{path}': the program is stopping"));
        }
        finally
        {
            SafeFile.ResumeWrites();
        }
        Save(new Network([2, 2, 1]), path, force: true);
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }));
    }

    // Two writers to one path at once, as two `train --save same.json` runs: both are inside their write (each has made
    // its temporary file) before either goes on, so their writes overlap every round, whatever the machine's speed.
    private static (Exception? First, Exception? Second) WriteTwiceAtOnce(string path, byte[] first, byte[] second, bool force)
    {
        using var bothWriting = new Barrier(2);
        Exception? Writer(byte[] content)
        {
            bool met = false;
            try
            {
                SafeFile.Write(path, stream =>
                {
                    stream.Write(content, 0, content.Length / 2);
                    met = bothWriting.SignalAndWait(TimeSpan.FromMinutes(1));
                    if (!met)
                        throw new TimeoutException("the other writer never started its write");
                    stream.Write(content, content.Length / 2, content.Length - content.Length / 2);
                }, force, "--save");
                return null;
            }
            catch (Exception error)
            {
                if (!met)
                    bothWriting.RemoveParticipant(); // refused before its write: the other need not wait for it
                return error;
            }
        }
        var one = Task.Run(() => Writer(first));
        var other = Task.Run(() => Writer(second));
        return (one.Result, other.Result);
    }

    [Test]
    public void TwoWritersToOnePathWithForceBothSucceedAndTheLastRenameWinsWhole()
    {
        string path = Path.Combine(directory, "same.json");
        byte[] first = [.. Enumerable.Repeat((byte)'a', 100_000)], second = [.. Enumerable.Repeat((byte)'b', 150_000)];
        for (int round = 0; round < 20; round++)
        {
            var (one, other) = WriteTwiceAtOnce(path, first, second, force: true);
            Assert.That((one?.Message, other?.Message), Is.EqualTo(((string?)null, (string?)null)), $"round {round}: both writes succeed");
            byte[] written = File.ReadAllBytes(path);
            Assert.That(written.SequenceEqual(first) || written.SequenceEqual(second), $"round {round}: the file is one write, whole ({written.Length} bytes)");
            Assert.That(FilesIn(directory), Is.EqualTo(new[] { "same.json" }), $"round {round}: no temporary file is left");
        }
    }

    [Test]
    public void OfTwoWritersToANewPathWithoutForceOneSucceedsAndTheOtherSaysTheFileAppeared()
    {
        string path = Path.Combine(directory, "same.json");
        byte[] first = [.. Enumerable.Repeat((byte)'a', 100_000)], second = [.. Enumerable.Repeat((byte)'b', 150_000)];
        for (int round = 0; round < 10; round++)
        {
            File.Delete(path);
            var (one, other) = WriteTwiceAtOnce(path, first, second, force: false);
            Assert.That(one is null ^ other is null, $"round {round}: exactly one write succeeds ({one?.Message}; {other?.Message})");
            Assert.That((one ?? other)!.Message, Is.EqualTo(
                $"--save: cannot write '{path}': '{path}' appeared while this was written (another program saving there?); add --force to replace it"));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(one is null ? first : second), $"round {round}: the file is the successful write, whole");
            Assert.That(FilesIn(directory), Is.EqualTo(new[] { "same.json" }), $"round {round}: no temporary file is left");
        }
    }

    [Test]
    public void AWriteRefusesTargetsItCannotOrMustNotWrite()
    {
        var network = new Network([2, 2, 1]);
        string Refusal(string path, bool force = true) => Assert.Throws<IOException>(() => Save(network, path, force))!.Message;
        string missing = Path.Combine(directory, "no-such-folder", "net.json");
        Assert.That(Refusal(missing), Is.EqualTo($"--save: cannot write '{missing}': the folder '{Path.Combine(directory, "no-such-folder")}' does not exist"));
        Assert.That(Refusal(directory), Is.EqualTo($"--save: '{directory}' is a folder, not a file"));
        Assert.That(Refusal(""), Is.EqualTo("--save: the path is empty; give a file name"));
        Assert.That(Refusal("/dev/null"), Is.EqualTo("--save: '/dev/null' is a character device, not a regular file; --force replaces only regular files"));
        Assert.That(SafeFile.KindOf("/dev/null"), Is.EqualTo(SafeFile.FileKind.CharacterDevice), "left as it was");
        string existing = Path.Combine(directory, "kept.json");
        File.WriteAllText(existing, "kept");
        Assert.That(Refusal(existing, force: false), Is.EqualTo($"--save: '{existing}' already exists; add --force to replace it"));
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "kept.json" }), "the probes are gone");
    }

    private static string[] FilesIn(string folder) => [.. Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order()];

    [Test]
    public void OnlyRegularFilesAreLoaded()
    {
        // /dev/zero never ends and a pipe waits for a writer: both must be refused without being opened.
        string fifo = Path.Combine(directory, "pipe.json");
        OutputFileTests.MakeFifo(fifo);
        var refusals = Task.Run(() => new[] { "/dev/zero", fifo, directory, "" }
            .Select(path => Assert.Throws<NetworkFileException>(() => SavedNetwork.Load(path))!.Message).ToArray());
        Assert.That(refusals.Wait(TimeSpan.FromSeconds(30)), "Load returned");
        Assert.That(refusals.Result, Is.EqualTo(new[]
        {
            "Load '/dev/zero': is a character device, not a regular file",
            $"Load '{fifo}': is a named pipe (FIFO), not a regular file",
            $"Load '{directory}': is a folder, not a network file",
            "Load '': the path is empty; give a file name",
        }));
    }
}
