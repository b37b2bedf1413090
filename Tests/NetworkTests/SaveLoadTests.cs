using System.Text.Json.Nodes;

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
    public void SaveReplacesAnExistingFileAsWriteAllTextDoes()
    {
        // A script may save to one path again and again; the demo's --save keeps a user's file unless --force.
        string path = Path.Combine(directory, "net.json");
        File.WriteAllText(path, "an older file, longer than the network's text will be" + new string('.', 2000));
        new Network([2, 2, 1], seed: 1).Save(path);
        new Network([2, 4, 1], seed: 2).Save(path);
        Assert.That(File.ReadAllText(path), Is.EqualTo(new Network([2, 4, 1], seed: 2).ToJson()), "the whole file, nothing of the old one after it");
        Assert.That(FilesIn(directory), Is.EqualTo(new[] { "net.json" }));
    }

    [Test]
    public void SaveNamesTheFileItCannotWrite()
    {
        var network = new Network([2, 2, 1]);
        string Refusal(string path) => Assert.Throws<IOException>(() => network.Save(path))!.Message;
        string missing = Path.Combine(directory, "no-such-folder", "net.json");
        Assert.That(Refusal(missing), Does.StartWith($"Save: cannot write '{missing}': ").And.Not.Contain("\n"));
        Assert.That(Refusal(directory), Is.EqualTo($"Save: '{directory}' is a folder, not a file"));
        Assert.That(Refusal(""), Is.EqualTo("Save: the path is empty; give a file name"));
        Assert.That(FilesIn(directory), Is.Empty);
    }

    [Test]
    public void LoadRefusesAFolderAndAnEmptyPathInOneLine()
    {
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(directory))!.Message, Is.EqualTo($"Load '{directory}': is a folder, not a network file"));
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(""))!.Message, Is.EqualTo("Load '': the path is empty; give a file name"));
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
        yield return new TestCaseData(System.Text.RegularExpressions.Regex.Replace(good, "\"version\": \\d+", "\"version\": 9"), "\"version\" is 9").SetName("FutureVersion");
        yield return new TestCaseData(good.Replace("FromScratch.Network", "SomethingElse"), "\"format\" is \"SomethingElse\"").SetName("WrongFormat");
        yield return new TestCaseData(good.Replace("\"biases\": [0, 0, 0]", "\"biases\": [0, 0]"), "layers[0].biases (b1) must have 3 values").SetName("ShortBias");
        yield return new TestCaseData(good.Replace("\"loss\": \"ce\",", "\"loss\": \"ce\", \"extra\": 1,"), "unknown field \"extra\"").SetName("UnknownField");
        yield return new TestCaseData("[]", "not a valid network file").SetName("NotAnObject");
    }

    [TestCaseSource(nameof(Corruptions))]
    public void ACorruptedFileIsRejectedSayingWhatIsWrong(string json, string expected)
    {
        string path = Path.Combine(directory, "bad.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(path));
        Assert.That(error!.Message, Does.StartWith($"Load '{path}'").And.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain("\n"), "one line");
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
    public void L1SurvivesSaveAndLoadAndIsWrittenOnlyWhenSet()
    {
        var network = new Network([3, 2, 1], seed: 2) { L1 = 0.125 };
        string json = network.ToJson();
        Assert.That(json, Does.Contain("\"l1\": 0.125"));
        Assert.That(Network.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "test").L1, Is.EqualTo(0.125));
        Assert.That(new Network([3, 2, 1]).ToJson(), Does.Not.Contain("l1"));
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

    // ---- Every version ever written still loads: each file as that version's ToJson wrote it ----

    private Network LoadFile(string json)
    {
        string path = Path.Combine(directory, "old.json");
        File.WriteAllText(path, json + "\n");
        return Network.Load(path);
    }

    [Test]
    public void AVersion1FileWithL2AndSoftmaxLoads()
    {
        // Version 1 as written once "l2" and the output choice came, before the version became 2.
        var network = LoadFile("""
            {
              "format": "FromScratch.Network",
              "version": 1,
              "layerSizes": [3, 2, 2],
              "hiddenActivation": "relu",
              "outputActivation": "softmax",
              "loss": "ce",
              "l2": 0.01,
              "layers": [
                {
                  "weights": [
                    [0.5, -0.25, 1E-05],
                    [-0.7316542958617209, 0.125, 2]
                  ],
                  "biases": [0, -0.5]
                },
                {
                  "weights": [
                    [1, -1],
                    [0.3333333333333333, 4]
                  ],
                  "biases": [0.25, -0.125]
                }
              ]
            }
            """);
        Assert.That(network.LayerSizes, Is.EqualTo(new[] { 3, 2, 2 }));
        Assert.That((network.HiddenActivation, network.Loss, network.L2), Is.EqualTo((Activation.Relu, Loss.SoftmaxCrossEntropy, 0.01)));
        Assert.That((network.Weights[0][0, 2], network.Weights[0][1, 0], network.Biases[1][1, 0]), Is.EqualTo((1e-5, -0.7316542958617209, -0.125)));
        Assert.That((network.InputNames, network.ClassNames, network.Scaling), Is.EqualTo(((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null, (FeatureScaling?)null)));
    }

    [Test]
    public void AVersion2FileLoads()
    {
        var network = LoadFile("""
            {
              "format": "FromScratch.Network",
              "version": 2,
              "layerSizes": [2, 3, 2],
              "hiddenActivation": "tanh",
              "outputActivation": "softmax",
              "loss": "ce",
              "l2": 0.0005,
              "layers": [
                {
                  "weights": [
                    [0.1, 0.2],
                    [-0.30000000000000004, 0.4],
                    [0.5, -0.6]
                  ],
                  "biases": [0.01, 0.02, -0.03]
                },
                {
                  "weights": [
                    [1.5, -2.5, 0.75],
                    [-1.5, 2.5, -0.75]
                  ],
                  "biases": [0, 0]
                }
              ]
            }
            """);
        Assert.That(network.LayerSizes, Is.EqualTo(new[] { 2, 3, 2 }));
        Assert.That((network.HiddenActivation, network.Loss, network.L2), Is.EqualTo((Activation.Tanh, Loss.SoftmaxCrossEntropy, 0.0005)));
        Assert.That((network.Weights[0][1, 0], network.Weights[1][0, 2], network.Biases[0][2, 0]), Is.EqualTo((-0.30000000000000004, 0.75, -0.03)));
        Assert.That((network.InputNames, network.ClassNames, network.Scaling), Is.EqualTo(((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null, (FeatureScaling?)null)));
        // Softmax of z2 = W2·tanh(W1·x + b1) + b2: the outputs sum to 1.
        double[] a1 = [Math.Tanh(0.1 + 0.4 + 0.01), Math.Tanh(-0.30000000000000004 + 0.8 + 0.02), Math.Tanh(0.5 - 1.2 - 0.03)];
        double z = 1.5 * a1[0] - 2.5 * a1[1] + 0.75 * a1[2];
        Assert.That(network.Predict(Matrix.Column(1, 2))[0, 0], Is.EqualTo(Math.Exp(z) / (Math.Exp(z) + Math.Exp(-z))).Within(1e-15));
    }

    [Test]
    public void AVersion3FileWithNamesAndStandardizingLoads()
    {
        // Version 3 as first written: names escaped as JsonSerializer does by default (é as \u00E9).
        var network = LoadFile("""
            {
              "format": "FromScratch.Network",
              "version": 3,
              "layerSizes": [2, 2, 3],
              "hiddenActivation": "sigmoid",
              "outputActivation": "softmax",
              "loss": "ce",
              "l2": 0,
              "inputNames": ["sepal_length", "s\u00E9pale"],
              "classNames": ["setosa", "versicolor", "virginica"],
              "scaling": { "method": "standardize", "mean": [5.8433333333333337, 3.0573333333333337], "std": [0.8253012917851409, 0.4344109677354946] },
              "layers": [
                {
                  "weights": [
                    [0.5, -1],
                    [2, 0.25]
                  ],
                  "biases": [0, 0.1]
                },
                {
                  "weights": [
                    [1, 1],
                    [-1, 1],
                    [0, -2]
                  ],
                  "biases": [0.5, 0, -0.5]
                }
              ]
            }
            """);
        Assert.That(network.LayerSizes, Is.EqualTo(new[] { 2, 2, 3 }));
        Assert.That((network.HiddenActivation, network.Loss, network.L2), Is.EqualTo((Activation.Sigmoid, Loss.SoftmaxCrossEntropy, 0.0)));
        Assert.That((network.Weights[1][2, 1], network.Biases[0][1, 0]), Is.EqualTo((-2.0, 0.1)));
        Assert.That(network.InputNames, Is.EqualTo(new[] { "sepal_length", "sépale" }));
        Assert.That(network.ClassNames, Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));
        Assert.That(network.Scaling!.Method, Is.EqualTo(FeatureScaling.StandardizeMethod));
        Assert.That((network.Scaling.First, network.Scaling.Second), Is.EqualTo((new[] { 5.8433333333333337, 3.0573333333333337 }, new[] { 0.8253012917851409, 0.4344109677354946 })));
        Assert.That(network.Scaling.Apply(Matrix.Column(5.1, 3.5))[1, 0], Is.EqualTo((3.5 - 3.0573333333333337) / 0.4344109677354946));
    }

    [Test]
    public void AVersion3FileWithClassNamesAndNormalizingLoads()
    {
        // Only what was set is written: here class names and the scaling, no input names.
        var network = LoadFile("""
            {
              "format": "FromScratch.Network",
              "version": 3,
              "layerSizes": [2, 1],
              "hiddenActivation": "sigmoid",
              "outputActivation": "sigmoid",
              "loss": "mse",
              "l2": 0.25,
              "classNames": ["spam"],
              "scaling": { "method": "normalize", "min": [-1, 0], "max": [1, 255] },
              "layers": [
                {
                  "weights": [
                    [3, -0.5]
                  ],
                  "biases": [0.125]
                }
              ]
            }
            """);
        Assert.That(network.LayerSizes, Is.EqualTo(new[] { 2, 1 }));
        Assert.That((network.HiddenActivation, network.Loss, network.L2), Is.EqualTo((Activation.Sigmoid, Loss.MeanSquaredError, 0.25)));
        Assert.That(network.Weights[0][0, 1], Is.EqualTo(-0.5));
        Assert.That((network.InputNames, network.ClassNames), Is.EqualTo(((IReadOnlyList<string>?)null, new[] { "spam" })));
        Assert.That((network.Scaling!.Method, network.Scaling.First, network.Scaling.Second), Is.EqualTo((FeatureScaling.NormalizeMethod, new[] { -1.0, 0 }, new[] { 1.0, 255 })));
        Assert.That(network.Scaling.Apply(Matrix.Column(0, 51))[1, 0], Is.EqualTo(0.2), "(51 − 0) / (255 − 0)");
    }

    // ---- Streams: the same text, the same checks, the stream named as the caller says ----

    [Test]
    public void SavingAndLoadingAFourTimesLargerNetworkTakesAboutFourTimesTheMemory()
    {
        // Work linear in the file's size, measured without a clock (timings depend on the machine's load): the
        // bytes allocated on this thread. Text built by adding strings, or a buffer grown by copying, makes them
        // grow with the square. (Indexing a JSON list of lists, which walks it from the start each time, costs
        // time but no memory, so this cannot see it: Load enumerates the lists instead.)
        static (long Save, long Load) Allocated(int hidden)
        {
            var network = new Network([100, hidden, 10], seed: 3);
            var file = new MemoryStream();
            long start = GC.GetAllocatedBytesForCurrentThread();
            network.Save(file);
            long saved = GC.GetAllocatedBytesForCurrentThread();
            file.Position = 0;
            var loaded = Network.Load(file, "net.json");
            long end = GC.GetAllocatedBytesForCurrentThread();
            Assert.That(loaded.ToJson(), Is.EqualTo(network.ToJson()));
            return (saved - start, end - saved);
        }
        Allocated(10); // the first call compiles the code, which allocates too
        var (small, large) = (Allocated(250), Allocated(1000));
        TestContext.Out.WriteLine($"save {small.Save:N0} → {large.Save:N0} bytes, load {small.Load:N0} → {large.Load:N0} bytes");
        Assert.That((double)large.Save / small.Save, Is.LessThanOrEqualTo(5.0), "Save: 4 times the parameters, at most 5 times the memory");
        Assert.That((double)large.Load / small.Load, Is.LessThanOrEqualTo(5.0), "Load: 4 times the file, at most 5 times the memory");
    }

    [Test]
    public void SaveAndLoadThroughAStream()
    {
        var network = new Network([5, 4, 4], loss: Loss.SoftmaxCrossEntropy, seed: 3) { L2 = 0.5, ClassNames = ["w", "x", "y", "z"] };
        var stream = new MemoryStream();
        stream.Write("before "u8);
        network.Save(stream);
        Assert.That(stream.ToArray()[7..], Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(network.ToJson())), "ToJson's text, no byte order mark");
        stream.Position = 7;
        var loaded = Network.Load(stream);
        Assert.That((loaded.ToString(), loaded.L2, loaded.ClassNames), Is.EqualTo((network.ToString(), 0.5, network.ClassNames)));
        MatrixAssert.Close(loaded.Predict(SeedData.X), network.Predict(SeedData.X), 0);
        stream.Write("after"u8);
        Assert.That(stream.Length, Is.GreaterThan(7), "both left the stream open");
    }

    [Test]
    public void AStreamIsNamedAsTheCallerSays()
    {
        static MemoryStream Text(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(Text("[]")))!.Message,
            Does.StartWith("Load 'stream': not a valid network file: the file is a list, not an object"));
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(Text("null"), "upload.json"))!.Message,
            Is.EqualTo("Load 'upload.json': the file holds null, not a network"));
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(new MemoryStream([0xFF]), "upload.json"))!.Message,
            Is.EqualTo("Load 'upload.json': not a valid network file: not UTF-8 text (byte 0, counting from 0, is not)"));
    }

    [Test]
    public void AStreamThatCannotBeReadIsANetworkFileError()
    {
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(new FailingStream(), "socket"));
        Assert.That(error!.Message, Is.EqualTo("Load 'socket': cannot read the stream: the connection was reset"));
        var writeOnly = new FileStream(Path.Combine(directory, "w.json"), FileMode.Create, FileAccess.Write);
        using (writeOnly)
            Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(writeOnly))!.Message, Does.StartWith("Load 'stream': cannot read the stream: "));
    }

    [Test]
    public void AStreamOverTheLimitIsRefusedBeforeItIsReadWhenItsLengthIsKnown()
    {
        var known = new EndlessStream(canSeek: true);
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(known))!.Message,
            Is.EqualTo("Load 'stream': network files over 64 MiB are refused (Network.MaxFileBytes), and this one is 64.0 MiB"));
        Assert.That(known.BytesRead, Is.Zero);
        // A stream that cannot tell (a pipe, a download) is read only up to the limit.
        var unknown = new EndlessStream(canSeek: false);
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(unknown, "download"))!.Message,
            Is.EqualTo("Load 'download': network files over 64 MiB are refused (Network.MaxFileBytes), and this one is larger"));
        Assert.That(unknown.BytesRead, Is.InRange(Network.MaxFileBytes + 1L, Network.MaxFileBytes + (1L << 16)));
    }

    [Test]
    public void SaveWritesNothingToAStreamWhenTheNetworkCannotBeSaved()
    {
        var stream = new MemoryStream();
        var broken = new Network([2, 2, 1]);
        broken.Biases[0][1, 0] = double.PositiveInfinity;
        Assert.That(() => broken.Save(stream), Throws.InvalidOperationException.With.Message.StartWith("Save: b1[0, 1] is ").And.Message.EndWith("; a network with NaN or infinite parameters cannot be saved"));
        var tooLarge = new Network([4000, 900, 1], seed: 1);
        Assert.That(() => tooLarge.Save(stream), Throws.TypeOf<IOException>().With.Message.Match(@"^Save: the stream would hold 7\d\.\d MiB, more than the 64 MiB that Load reads"));
        Assert.That(stream.Length, Is.Zero);
    }

    // Reads as spaces forever; with canSeek it says at once that it is one byte over the limit.
    private sealed class EndlessStream(bool canSeek) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => canSeek;
        public override bool CanWrite => false;
        public override long Length => canSeek ? Network.MaxFileBytes + 1L : throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // A network connection that drops.
    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("the connection was reset");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public void ASoftmaxFileWithOneOutputIsRejected()
    {
        string json = new Network([2, 3, 2], loss: Loss.SoftmaxCrossEntropy, seed: 1).ToJson()
            .Replace("\"layerSizes\": [2, 3, 2]", "\"layerSizes\": [2, 3, 1]");
        var error = Assert.Throws<NetworkFileException>(() => Network.FromJson(json, "one.json"));
        Assert.That(error!.Message, Does.StartWith("Load 'one.json'").And.Contain("softmax output needs at least 2 outputs"));
    }

    [Test]
    public void ANetworkThatCannotBeSavedCreatesNoFile()
    {
        var network = new Network([2, 2, 1]);
        network.Weights[1][0, 1] = double.NaN;
        Assert.Throws<InvalidOperationException>(() => network.Save(Path.Combine(directory, "net.json")));
        Assert.That(FilesIn(directory), Is.Empty);
    }

    private static string[] FilesIn(string folder) => [.. Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order()];

    // ---- Loading: a hostile file is refused with its name and the place, never an unexpected exception ----

    private static string Edited(Action<JsonObject> edit)
    {
        var file = JsonNode.Parse(new Network([2, 3, 1], seed: 1).ToJson())!.AsObject();
        edit(file);
        return file.ToJsonString();
    }

    private static IEnumerable<TestCaseData> HostileFiles()
    {
        static TestCaseData Case(string name, string json, string expected) => new TestCaseData(json, expected).SetName(name);
        yield return Case("NullLayer", Edited(f => f["layers"]![1] = null), "layers[1] is null, not an object with \"weights\" and \"biases\"");
        yield return Case("HugeWeight", Edited(f => f["layers"]![1]!["weights"]![0]![2] = JsonNode.Parse("1e400")), "layers[1].weights[0][2] (in W2) is 1e400, not a finite number");
        yield return Case("HugeBias", Edited(f => f["layers"]![0]!["biases"]![1] = JsonNode.Parse("-1e400")), "layers[0].biases[1] (in b1) is -1e400, not a finite number");
        yield return Case("HugeL2", Edited(f => f["l2"] = JsonNode.Parse("1e400")), "\"l2\" is 1e400, not a finite number");
        yield return Case("OneLayerTooFew", Edited(f => f["layers"]!.AsArray().RemoveAt(1)), "\"layers\" has 1 entry but layerSizes [2, 3, 1] needs 2, one per weight matrix");
        yield return Case("OneLayerTooMany", Edited(f => f["layers"]!.AsArray().Add(f["layers"]![1]!.DeepClone())),
            "\"layers\" has 3 entries but layerSizes [2, 3, 1] needs 2, one per weight matrix");
        yield return Case("OneLayerTooFewAndOneSizeTooFew", Edited(f => { f["layers"]!.AsArray().RemoveAt(1); f["layerSizes"] = new JsonArray(2, 1); }),
            "layers[0].weights (W1) must be (1, 2) to match layerSizes [2, 1], but has 3 rows");
        yield return Case("SizesDoNotChain", Edited(f => f["layers"]![1]!["weights"]![0]!.AsArray().Add(0.5)),
            "layers[1].weights (W2) must be (1, 3) to match layerSizes [2, 3, 1], but row 0 has 4 values");
        foreach (string field in new[] { "format", "version", "layerSizes", "hiddenActivation", "outputActivation", "loss", "layers" })
            yield return Case($"Missing_{field}", Edited(f => f.Remove(field)), $"\"{field}\" is missing");
        yield return Case("LayerWithoutWeights", Edited(f => f["layers"]![0]!.AsObject().Remove("weights")), "layers[0] has no \"weights\"");
        yield return Case("LayerWithAnExtraField", Edited(f => f["layers"]![0]!["note"] = "hi"), "layers[0]: unknown field \"note\"; the fields are weights, biases");
        yield return Case("SizesAsText", Edited(f => f["layerSizes"] = "2,3,1"), "\"layerSizes\" is \"2,3,1\", not a list of layer sizes");
        yield return Case("FractionalSize", Edited(f => f["layerSizes"]![1] = 2.5), "layerSizes[1] is 2.5, not a positive whole number");
        yield return Case("NumberAsText", Edited(f => f["layers"]![0]!["weights"]![2]![1] = "0.5"), "layers[0].weights[2][1] (in W1) is \"0.5\", not a number");
        yield return Case("RowIsANumber", Edited(f => f["layers"]![0]!["weights"]![1] = 3), "layers[0].weights[1] (row 1 of W1) is 3, not a list of numbers");
        yield return Case("VersionAsText", Edited(f => f["version"] = "3"), "\"version\" is \"3\"; this code reads versions 1 to 4");
        yield return Case("NegativeL1", Edited(f => { f["version"] = 4; f["l1"] = -0.5; }), "\"l1\" is -0.5; λ must be a finite number ≥ 0");
        yield return Case("L1InAVersion3File", Edited(f => { f["version"] = 3; f["l1"] = 0.5; }), "\"l1\" came with version 4, but \"version\" is 3");
        yield return Case("FieldTwice", Edited(_ => { })[..^1] + ",\"loss\":\"mse\"}", "\"loss\" appears twice");
        yield return Case("NullFile", "null", "the file holds null, not a network");
        yield return Case("DeepNesting", new string('[', 100_000) + new string(']', 100_000), "not a valid network file: The maximum configured depth of 8 has been exceeded");
        yield return Case("HalfASurrogatePair", Edited(f => f["loss"] = "x").Replace("\"x\"", "\"\\ud800\""), "\"loss\" is \"\\ud800\", not valid text");
        yield return Case("ControlCharactersInAName", Edited(f => f["hiddenActivation"] = "\u001b[2J\nok"), "unknown activation '\\u001b[2J\\u000aok'");
        yield return Case("AVeryLongName", Edited(f => f["hiddenActivation"] = new string('x', 100_000)), $"unknown activation '{new string('x', 40)}…'");
        // The data's description (version 3): names and scaling must fit the layer sizes [2, 3, 1].
        static JsonNode Scaling(string json) => JsonNode.Parse(json)!;
        yield return Case("InputNamesTooFew", Edited(f => f["inputNames"] = new JsonArray("a")), "\"inputNames\" has 1 name but the network has 2 inputs, one name each");
        yield return Case("ClassNameNotText", Edited(f => f["classNames"] = new JsonArray(7)), "\"classNames\"[0] is 7, not text");
        yield return Case("ScalingUnknownMethod", Edited(f => f["scaling"] = Scaling("""{"method": "log", "mean": [0, 0], "std": [1, 1]}""")),
            "scaling.method is \"log\"; the methods are standardize and normalize");
        yield return Case("ScalingNegativeDeviation", Edited(f => f["scaling"] = Scaling("""{"method": "standardize", "mean": [0, 0], "std": [1, -1]}""")),
            "scaling: feature 1 has mean 0 and std -1; σ cannot be negative");
        yield return Case("ScalingMaxBelowMin", Edited(f => f["scaling"] = Scaling("""{"method": "normalize", "min": [0, 5], "max": [1, 4]}""")),
            "scaling: feature 1 has min 5 and max 4; max cannot be below min");
        yield return Case("ScalingListTooShort", Edited(f => f["scaling"] = Scaling("""{"method": "standardize", "mean": [0], "std": [1, 1]}""")),
            "scaling.mean has 1 value but the network has 2 inputs, one value each");
        yield return Case("ScalingMissingList", Edited(f => f["scaling"] = Scaling("""{"method": "normalize", "min": [0, 0]}""")), "scaling has no \"max\"");
        yield return Case("ScalingWrongListForMethod", Edited(f => f["scaling"] = Scaling("""{"method": "normalize", "mean": [0, 0], "std": [1, 1]}""")),
            "scaling: unknown field \"mean\"; the fields are method, min, max");
        yield return Case("ScalingInfinite", Edited(f => f["scaling"] = Scaling("""{"method": "standardize", "mean": [0, 1e400], "std": [1, 1]}""")),
            "scaling.mean[1] is 1e400, not a finite number");
        // The targets' description (version 4): one name and one μ, σ per output.
        yield return Case("TargetNamesInVersion3", Edited(f => f["targetNames"] = new JsonArray("y")), "\"targetNames\" came with version 4, but \"version\" is 3");
        yield return Case("TargetNamesTooMany", Edited(f => { f["version"] = 4; f["targetNames"] = new JsonArray("y", "z"); }),
            "\"targetNames\" has 2 names but the network has 1 output, one name each");
        yield return Case("TargetScalingListTooLong", Edited(f => { f["version"] = 4; f["targetScaling"] = Scaling("""{"method": "standardize", "mean": [0, 0], "std": [1, 1]}"""); }),
            "targetScaling.mean has 2 values but the network has 1 output, one value each");
        yield return Case("TargetScalingNegativeDeviation", Edited(f => { f["version"] = 4; f["targetScaling"] = Scaling("""{"method": "standardize", "mean": [150], "std": [-70]}"""); }),
            "targetScaling: feature 0 has mean 150 and std -70; σ cannot be negative");
    }

    [TestCaseSource(nameof(HostileFiles))]
    public void AHostileFileIsRefusedNamingTheFileAndThePlace(string json, string expected)
    {
        string path = Path.Combine(directory, "net.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(path));
        Assert.That(error!.Message, Does.StartWith($"Load '{path}': {expected}"));
        Assert.That(error.Message, Does.Not.Contain("\n").And.Not.Contain("\u001b").And.Length.LessThan(400), "one short line, nothing echoed raw");
    }

    [Test]
    public void TextThatIsNotUtf8IsRefused()
    {
        string path = Path.Combine(directory, "net.json");
        File.WriteAllBytes(path, [.. "{\"format\": \""u8, 0xFF, .. "\"}"u8]);
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(path));
        Assert.That(error!.Message, Is.EqualTo($"Load '{path}': not a valid network file: not UTF-8 text (byte 12, counting from 0, is not)"));
    }

    [Test]
    public void AFileOverTheLimitIsRefusedBeforeItIsRead()
    {
        string path = Path.Combine(directory, "net.json");
        using (var file = File.Create(path))
            file.SetLength(Network.MaxFileBytes + 1L); // sparse: no disk space used
        var error = Assert.Throws<NetworkFileException>(() => Network.Load(path));
        Assert.That(error!.Message, Is.EqualTo($"Load '{path}': network files over 64 MiB are refused (Network.MaxFileBytes), and this one is 64.0 MiB"));
        File.WriteAllText(path, "");
        Assert.That(Assert.Throws<NetworkFileException>(() => Network.Load(path))!.Message, Does.StartWith($"Load '{path}': not a valid network file"));
    }
}
