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

    [Test]
    public void AFileWhereThePartialGoesIsLeftAloneUnlessReplacingWasAsked()
    {
        // Left by a killed run, or the user's own file with that name: not touched without --force.
        string path = Path.Combine(directory, "net.json");
        string partial = Path.Combine(directory, ".net.json.partial");
        Assert.That(SafeFile.PartialPathFor(path), Is.EqualTo(partial));
        File.WriteAllText(partial, "{ half a netw");
        var error = Assert.Throws<IOException>(() => Save(new Network([2, 2, 1]), path));
        Assert.That(error!.Message, Is.EqualTo($"--save: cannot write '{path}': '{partial}' is in the way (left by an interrupted save?); remove it, or add --force to replace it"));
        Assert.That(File.ReadAllText(partial), Is.EqualTo("{ half a netw"));
        Save(new Network([2, 2, 1]), path, force: true);
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }));
    }

    [Test]
    public void ALinkWhereThePartialGoesIsNeverFollowedEvenWithForce()
    {
        // A link named .net.json.partial to the user's notes: opening it to write would empty the notes.
        string notes = Path.Combine(directory, "notes.txt");
        File.WriteAllText(notes, "mine");
        string path = Path.Combine(directory, "net.json");
        File.CreateSymbolicLink(Path.Combine(directory, ".net.json.partial"), notes);
        foreach (bool force in new[] { false, true })
        {
            var error = Assert.Throws<IOException>(() => Save(new Network([2, 2, 1]), path, force));
            Assert.That(error!.Message, Does.EndWith("is in the way (a link); remove it"));
        }
        Assert.That(File.ReadAllText(notes), Is.EqualTo("mine"));
        Assert.That(File.Exists(path), Is.False);
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
            Assert.That(File.Exists(SafeFile.PartialPathFor(path)), "written beside the target first");
            throw new InvalidOperationException("the disk is full");
        }, force: true, "--save"));
        Assert.That(thrown!.Message, Is.EqualTo("the disk is full"));
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
                Assert.That(File.Exists(SafeFile.PartialPathFor(path)), Is.False, "removed at once");
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
