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
}
