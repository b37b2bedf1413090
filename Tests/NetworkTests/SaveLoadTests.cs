namespace FromScratch.Tests;

public class SaveLoadTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("fromscratch-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void SaveThenLoadGivesIdenticalPredictions()
    {
        var network = new Network([5, 4, 3, 4], hiddenActivation: Activation.Tanh, loss: Loss.MeanSquaredError, seed: 4);
        network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 100 });
        string path = Path.Combine(directory, "net.json");
        network.Save(path);
        var loaded = Network.Load(path);
        MatrixAssert.Close(loaded.Predict(SeedData.X), network.Predict(SeedData.X), 0);
        Assert.That(loaded.ToString(), Is.EqualTo(network.ToString()));
    }

    [Test]
    public void TheFileIsReadableJsonWithOneRowPerLine()
    {
        var json = new Network([2, 3, 1], seed: 1).ToJson();
        Assert.That(json, Does.Contain("\"layerSizes\": [2, 3, 1]").And.Contain("\"hiddenActivation\": \"sigmoid\"").And.Contain("\"loss\": \"ce\""));
        var rowLines = json.Split('\n').Where(line => line.TrimStart().StartsWith('[') && line.Contains(',')).ToList();
        Assert.That(rowLines, Has.Count.EqualTo(3 + 1), "W1 has 3 rows of 2, W2 one row of 3");
    }

    [Test]
    public void SaveRefusesToOverwriteUnlessAsked()
    {
        string path = Path.Combine(directory, "net.json");
        File.WriteAllText(path, "precious");
        var network = new Network([2, 2, 1]);
        var error = Assert.Throws<IOException>(() => network.Save(path));
        Assert.That(error!.Message, Does.Contain("already exists"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));
        network.Save(path, overwrite: true);
        Assert.That(Network.Load(path).LayerSizes, Is.EqualTo(new[] { 2, 2, 1 }));
    }

    [Test]
    public void SaveTouchesNoOtherFile()
    {
        string path = Path.Combine(directory, "net.json");
        File.WriteAllText(path + ".tmp", "mine");
        new Network([2, 2, 1]).Save(path);
        Assert.That(File.ReadAllText(path + ".tmp"), Is.EqualTo("mine"));
        Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "net.json", "net.json.tmp" }));
    }

    private static IEnumerable<TestCaseData> Corruptions()
    {
        string good = new Network([2, 3, 1], seed: 1).ToJson();
        yield return new TestCaseData(good[..(good.Length / 2)], "not a valid network file").SetName("Truncated");
        yield return new TestCaseData(good.Replace("\"layerSizes\": [2, 3, 1]", "\"layerSizes\": [2, 4, 1]"), "layers[0].weights (W1) must be (4, 2)").SetName("SizesDisagree");
        yield return new TestCaseData(good.Replace("\"hiddenActivation\": \"sigmoid\"", "\"hiddenActivation\": \"no-such-activation\""), "unknown activation 'no-such-activation'").SetName("UnknownActivation");
        yield return new TestCaseData(good.Replace("\"loss\": \"ce\"", "\"loss\": \"hinge\""), "no loss 'hinge' with a sigmoid output").SetName("UnknownLoss");
        yield return new TestCaseData(good.Replace("\"version\": 2", "\"version\": 9"), "\"version\" is 9").SetName("FutureVersion");
        yield return new TestCaseData(good.Replace("FromScratch.Network", "SomethingElse"), "\"format\" is \"SomethingElse\"").SetName("WrongFormat");
        yield return new TestCaseData(good.Replace("\"biases\": [0, 0, 0]", "\"biases\": [0, 0]"), "layers[0].biases (b1) must have 3 values").SetName("ShortBias");
        yield return new TestCaseData(good.Replace("\"loss\": \"ce\",", "\"loss\": \"ce\", \"extra\": 1,"), "not a valid network file").SetName("UnknownField");
        yield return new TestCaseData("[]", "not a valid network file").SetName("NotAnObject");
    }

    [TestCaseSource(nameof(Corruptions))]
    public void ACorruptedFileIsRejectedSayingWhatIsWrong(string json, string expected)
    {
        string path = Path.Combine(directory, "bad.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(path));
        Assert.That(error!.Message, Does.StartWith($"Load '{path}'").And.Contain(expected));
    }

    [Test]
    public void AMissingFileIsANetworkFileError()
    {
        string path = Path.Combine(directory, "nope.json");
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(path));
        Assert.That(error!.Message, Does.Contain("cannot read the file"));
    }

    [Test]
    public void SoftmaxAndL2SurviveSaveAndLoad()
    {
        var network = new Network([5, 4, 4], loss: Loss.SoftmaxCrossEntropy, seed: 2) { L2 = 0.25 };
        network.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 50 });
        string path = Path.Combine(directory, "softmax.json");
        network.Save(path);
        Assert.That(File.ReadAllText(path), Does.Contain("\"outputActivation\": \"softmax\"").And.Contain("\"l2\": 0.25"));
        var loaded = Network.Load(path);
        Assert.That((loaded.Loss, loaded.L2), Is.EqualTo((Loss.SoftmaxCrossEntropy, 0.25)));
        MatrixAssert.Close(loaded.Predict(SeedData.X), network.Predict(SeedData.X), 0);
        Assert.That(loaded.Predict(SeedData.X).MeanOverColumns().Sum(), Is.EqualTo(1).Within(1e-12), "softmax columns sum to 1");
    }

    [Test]
    public void AFileSavedBeforeSoftmaxAndL2StillLoads()
    {
        // Written by the version before the output layer became a choice: no "l2", always sigmoid.
        const string old = """
            {
              "format": "FromScratch.Network",
              "version": 1,
              "layerSizes": [2, 2, 1],
              "hiddenActivation": "tanh",
              "outputActivation": "sigmoid",
              "loss": "mse",
              "layers": [
                {
                  "weights": [
                    [0.5, -0.25],
                    [1, 2]
                  ],
                  "biases": [0, 0.5]
                },
                {
                  "weights": [
                    [1.5, -1]
                  ],
                  "biases": [0.125]
                }
              ]
            }
            """;
        var network = Network.FromJson(old);
        Assert.That((network.HiddenActivation, network.Loss, network.L2), Is.EqualTo((Activation.Tanh, Loss.MeanSquaredError, 0.0)));
        double a1 = Math.Tanh(0.5 * 1 - 0.25 * 2), a2 = Math.Tanh(1 * 1 + 2 * 2 + 0.5);
        double expected = 1 / (1 + Math.Exp(-(1.5 * a1 - a2 + 0.125)));
        Assert.That(network.Predict(Matrix.Column(1, 2))[0, 0], Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void ASoftmaxFileWithOneOutputIsRejected()
    {
        string json = new Network([2, 3, 2], loss: Loss.SoftmaxCrossEntropy, seed: 1).ToJson()
            .Replace("\"layerSizes\": [2, 3, 2]", "\"layerSizes\": [2, 3, 1]");
        var error = Assert.Throws<NetworkFileException>(() => Network.FromJson(json, "one.json"));
        Assert.That(error!.Message, Does.StartWith("Load 'one.json'").And.Contain("softmax output needs at least 2 outputs"));
    }

    // ---- Saving: checked first, written through one named temporary file, replaced in one step ----

    [Test]
    public void SaveReplacesTheFileInOneStep()
    {
        string path = Path.Combine(directory, "net.json");
        new Network([2, 2, 1], seed: 1).Save(path);
        byte[] old = File.ReadAllBytes(path);
        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            new Network([2, 5, 1], seed: 2).Save(path, overwrite: true);
            var seen = new MemoryStream();
            reader.CopyTo(seen);
            Assert.That(seen.ToArray(), Is.EqualTo(old), "a reader that opened the old file still reads it, whole");
        }
        Assert.That(Network.Load(path).LayerSizes, Is.EqualTo(new[] { 2, 5, 1 }), "a fresh open reads the new file");
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }), "no temporary file is left");
    }

    [Test]
    public void ThePartialFileALeftOverRunLeavesIsReusedAndRemoved()
    {
        string path = Path.Combine(directory, "net.json");
        Assert.That(SafeFile.PartialPathFor(path), Is.EqualTo(Path.Combine(directory, ".net.json.partial")));
        File.WriteAllText(Path.Combine(directory, ".net.json.partial"), "{ half a netw"); // a run killed mid-write
        new Network([2, 2, 1]).Save(path);
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }));
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
        }, overwrite: true, "Save", "overwrite: true"));
        Assert.That(thrown!.Message, Is.EqualTo("the disk is full"));
        Assert.That((FilesIn(directory), File.ReadAllText(path)), Is.EqualTo((new[] { "net.json" }, "old")));

        // The final rename fails (a folder took the file's place meanwhile): the message names the user's file.
        File.Delete(path);
        var error = Assert.Throws<IOException>(() => SafeFile.Write(path, _ => Directory.CreateDirectory(path), overwrite: true, "Save", "overwrite: true"));
        Assert.That(error!.Message, Does.StartWith($"Save: cannot write '{path}': ").And.Not.Contain(".partial"));
        Assert.That(Directory.GetFileSystemEntries(directory).Select(Path.GetFileName), Is.EqualTo(new[] { "net.json" }), "only the folder");
    }

    [Test]
    public void ANetworkThatCannotBeSavedCreatesNoFile()
    {
        var network = new Network([2, 2, 1]);
        network.Weights[1][0, 1] = double.NaN;
        Assert.Throws<InvalidOperationException>(() => network.Save(Path.Combine(directory, "net.json")));
        Assert.That(FilesIn(directory), Is.Empty);
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
            }, overwrite: true, "Save", "overwrite: true"));
            Assert.That(error!.Message, Is.EqualTo($"Save: cannot write '{path}': the program is stopping"));
            Assert.That((FilesIn(directory), File.ReadAllText(path)), Is.EqualTo((new[] { "net.json" }, "old")));
            var later = Assert.Throws<IOException>(() => new Network([2, 2, 1]).Save(path, overwrite: true));
            Assert.That(later!.Message, Is.EqualTo($"Save: cannot write '{path}': the program is stopping"));
        }
        finally
        {
            SafeFile.ResumeWrites();
        }
        new Network([2, 2, 1]).Save(path, overwrite: true);
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }));
    }

    [Test]
    public void SaveRefusesTargetsItCannotOrMustNotWrite()
    {
        var network = new Network([2, 2, 1]);
        string Refusal(string path, bool overwrite = true) => Assert.Throws<IOException>(() => network.Save(path, overwrite))!.Message;
        string missing = Path.Combine(directory, "no-such-folder", "net.json");
        Assert.That(Refusal(missing), Is.EqualTo($"Save: cannot write '{missing}': the folder '{Path.Combine(directory, "no-such-folder")}' does not exist"));
        Assert.That(Refusal(directory), Is.EqualTo($"Save: '{directory}' is a folder, not a file"));
        Assert.That(Refusal(""), Is.EqualTo("Save: the path is empty; give a file name"));
        Assert.That(Refusal("/dev/null"), Is.EqualTo("Save: '/dev/null' is a character device, not a regular file; overwrite: true replaces only regular files"));
        Assert.That(SafeFile.KindOf("/dev/null"), Is.EqualTo(SafeFile.FileKind.CharacterDevice), "left as it was");
        string existing = Path.Combine(directory, "kept.json");
        File.WriteAllText(existing, "kept");
        Assert.That(Refusal(existing, overwrite: false), Is.EqualTo($"Save: '{existing}' already exists; add overwrite: true to replace it"));
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "kept.json" }), "the probes are gone");
    }

    private static string[] FilesIn(string folder) => [.. Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order()];
}
