using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FromScratch.Demo;

namespace FromScratch.Tests;

// A cross-implementation check of the saved file and the forward pass: the numpy peer
// (Demo/peer/numpy_network.py) loads a network that `Demo train --save` wrote and predicts raw inputs, and
// every output must equal Network.Load + Scaling.Apply + Predict here to 1e−12. The peer reads the JSON,
// applies the scaling and runs the formulas on its own, so a field saved wrong, a transposed W or a
// scaling applied differently shows up. A few training steps are compared too (the peer's `steps`), for the
// regression losses. Skipped without numpy (Debian: apt-get install python3-numpy).
public class PeerTests
{
    private const double Tolerance = 1e-12;
    private static readonly string Iris = Path.Combine(ReadmeTests.Root, "Demo", "samples", "iris.csv");
    private static readonly string Peer = Path.Combine(ReadmeTests.Root, "Demo", "peer", "numpy_network.py");
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    // Each saved field that changes the outputs: the scaling (standardize, normalize, none), the hidden
    // activation, one or two hidden layers, and both output activations.
    [TestCase("--standardize", "--hidden", "8")]
    [TestCase("--normalize", "--output", "softmax", "--activation", "tanh", "--hidden", "8,6")]
    [TestCase("--output", "softmax", "--activation", "relu", "--hidden", "5", "--lr", "0.05")]
    public void TheNumpyPeerPredictsASavedCsvNetworkAlike(params string[] options) => DemoRunner.InTemporaryDirectory(dir =>
    {
        string python = NumpyOrIgnore();
        string saved = Path.Combine(dir, "iris.json");
        var trained = DemoRunner.Run(["train", "--csv", Iris, "--label", "species", "--epochs", "300", "--save", saved, .. options]);
        Assert.That(trained.ExitCode, Is.Zero, trained.Error);

        var network = Network.Load(saved);
        Matrix raw = IrisInputs(network.InputNames!);
        Matrix ours = network.Predict(network.Scaling is { } scaling ? scaling.Apply(raw) : raw);
        double difference = LargestDifference(ours, PeerPredictions(python, dir, saved, "--csv", Iris));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peer check: iris.csv with {string.Join(' ', options)}: max |difference| {difference:g3} over {ours.Rows * ours.Cols} outputs"));
    });

    // Fashion-MNIST's 10,000 test images through a network trained on them: the network `make compare` trained
    // (FROMSCRATCH_PEER_NETWORK, with FROMSCRATCH_PEER_IDX), or else one trained here on 1000 images.
    [Test]
    public void TheNumpyPeerPredictsAFashionMnistNetworkAlike() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string python = NumpyOrIgnore();
        string idx = Environment.GetEnvironmentVariable("FROMSCRATCH_PEER_IDX") ?? FashionMnist;
        if (!Directory.Exists(idx))
            Assert.Ignore($"needs Fashion-MNIST in {idx} (Debian: apt-get install dataset-fashion-mnist)");
        string? saved = Environment.GetEnvironmentVariable("FROMSCRATCH_PEER_NETWORK");
        if (saved is null)
        {
            saved = Path.Combine(dir, "fashion.json");
            var trained = DemoRunner.Run("train", "--idx", idx, "--limit", "1000", "--epochs", "1", "--save", saved);
            Assert.That(trained.ExitCode, Is.Zero, trained.Error);
        }

        var network = Network.Load(saved);
        Inputs test = IdxReader.ReadDirectory(idx, trainLimit: 1).Test.Inputs;
        Matrix x = test.SelectColumns([.. Enumerable.Range(0, test.Count)]); // pixel / 255, as the peer reads them
        Matrix ours = network.Predict(x);
        double difference = LargestDifference(ours, PeerPredictions(python, dir, saved, "--idx", idx));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peer check: Fashion-MNIST, {x.Cols} test images through [{string.Join(", ", network.LayerSizes)}]: max |difference| {difference:g3} over {ours.Rows * ours.Cols} outputs"));
    });

    // A few full-batch training steps of each update rule and each schedule: `Demo train --load` and the peer's `steps`
    // start from the same saved network, take the same options, and must end with the same W and b to 1e−12.
    [TestCase("--optimizer", "sgd", "--lr", "0.5")]
    [TestCase("--optimizer", "momentum", "--momentum", "0.8", "--lr", "0.3")]
    [TestCase("--optimizer", "nesterov", "--momentum", "0.7", "--lr", "0.3")]
    [TestCase("--optimizer", "adagrad", "--epsilon", "1e-6", "--lr", "0.2")]
    [TestCase("--optimizer", "rmsprop", "--rho", "0.8", "--epsilon", "1e-6", "--lr", "0.02")]
    [TestCase("--optimizer", "adam", "--beta1", "0.8", "--beta2", "0.99", "--epsilon", "1e-6", "--lr", "0.05")]
    [TestCase("--optimizer", "adam")]
    [TestCase("--momentum", "0.9", "--lr", "0.3", "--lr-decay", "step:2:0.5")]
    [TestCase("--optimizer", "rmsprop", "--lr", "0.02", "--lr-decay", "exp:0.8")]
    [TestCase("--optimizer", "nesterov", "--lr", "0.3", "--lr-decay", "inverse:0.5")]
    [TestCase("--optimizer", "adam", "--lr", "0.05", "--lr-decay", "cosine")]
    [TestCase("--optimizer", "adagrad", "--lr", "0.2", "--lr-decay", "cosine:3")]
    public void TheNumpyPeerTakesTheSameTrainingStepsWithEachRuleAndSchedule(params string[] rule) => DemoRunner.InTemporaryDirectory(dir =>
    {
        string python = NumpyOrIgnore();
        string start = Path.Combine(dir, "start.json"), ours = Path.Combine(dir, "ours.json"), theirs = Path.Combine(dir, "peer.json"), csv = Path.Combine(dir, "data.csv");
        var network = new Network([4, 5, 3], hiddenActivation: Activation.Tanh, loss: Loss.SoftmaxCrossEntropy, seed: 3);
        network.Save(start);
        var random = new Random(4);
        File.WriteAllText(csv, "a,b,c,d,y1,y2,y3\n" + string.Concat(Enumerable.Range(0, 12).Select(s =>
            string.Join(',', Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture))) + (s % 3) switch { 0 => ",1,0,0\n", 1 => ",0,1,0\n", _ => ",0,0,1\n" })));
        string[] steps = ["--csv", csv, "--targets", "3", "--epochs", "5", .. rule];

        var trained = DemoRunner.Run(["train", "--load", start, "--batch", "0", "--save", ours, .. steps]);
        Assert.That(trained.ExitCode, Is.Zero, trained.Error);
        var (code, output) = Run(python, [Peer, "steps", "--load", start, "--out", theirs, .. steps]);
        Assert.That(code, Is.Zero, output);

        Network mine = Network.Load(ours), peer = Network.Load(theirs), before = Network.Load(start);
        double largest = 0, moved = 0;
        for (int l = 0; l < mine.LayerCount; l++)
            foreach (var (a, b, s) in new[] { (mine.Weights[l], peer.Weights[l], before.Weights[l]), (mine.Biases[l], peer.Biases[l], before.Biases[l]) })
            {
                largest = Math.Max(largest, a.MaxAbsDifference(b));
                moved = Math.Max(moved, a.MaxAbsDifference(s));
            }
        Assert.That(moved, Is.GreaterThan(1e-3), "the steps moved the parameters");
        Assert.That(largest, Is.LessThanOrEqualTo(Tolerance), "the largest |ours − numpy| over every W and b");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peer check: 5 full-batch steps with {string.Join(' ', rule)}: max |difference| {largest:g3}, largest move {moved:g3}"));
    });

    // L1 and L2 saved in the file: both take their penalty's gradient in each of 5 full-batch steps.
    [TestCase(0.0, 0.3, "sgd")]
    [TestCase(0.2, 0.0, "sgd")]
    [TestCase(0.2, 0.3, "adam")]
    public void TheNumpyPeerTakesTheSameStepsWithL1AndL2(double l2, double l1, string rule) => DemoRunner.InTemporaryDirectory(dir =>
    {
        string python = NumpyOrIgnore();
        string start = Path.Combine(dir, "start.json"), ours = Path.Combine(dir, "ours.json"), theirs = Path.Combine(dir, "peer.json"), csv = Path.Combine(dir, "data.csv");
        new Network([4, 5, 1], Initialization.He, Activation.Relu, seed: 5) { L2 = l2, L1 = l1 }.Save(start);
        var random = new Random(6);
        File.WriteAllText(csv, "a,b,c,d,y\n" + string.Concat(Enumerable.Range(0, 10).Select(s =>
            string.Join(',', Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture))) + $",{s % 2}\n")));
        string[] steps = ["--csv", csv, "--targets", "1", "--epochs", "5", "--optimizer", rule, "--lr", "0.1"];
        Assert.That(DemoRunner.Run(["train", "--load", start, "--batch", "0", "--save", ours, .. steps]).ExitCode, Is.Zero);
        var (code, output) = Run(python, [Peer, "steps", "--load", start, "--out", theirs, .. steps]);
        Assert.That(code, Is.Zero, output);
        Network mine = Network.Load(ours), peer = Network.Load(theirs), without = Network.Load(start);
        without.L1 = without.L2 = 0;
        without.Train(ReadX(csv), ReadY(csv), new TrainingOptions { Epochs = 5, UpdateRule = rule == "sgd" ? new GradientDescent(0.1) : new Adam(0.1), Patience = 0 });
        double largest = 0, penalty = 0;
        for (int l = 0; l < mine.LayerCount; l++)
        {
            largest = Math.Max(largest, Math.Max(mine.Weights[l].MaxAbsDifference(peer.Weights[l]), mine.Biases[l].MaxAbsDifference(peer.Biases[l])));
            penalty = Math.Max(penalty, mine.Weights[l].MaxAbsDifference(without.Weights[l]));
        }
        Assert.That(penalty, Is.GreaterThan(1e-3), "the penalties changed the steps");
        Assert.That(largest, Is.LessThanOrEqualTo(Tolerance), "the largest |ours − numpy| over every W and b");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peer check: 5 full-batch {rule} steps with L2 {l2} and L1 {l1}: max |difference| {largest:g3}, penalty's effect {penalty:g3}"));
    });

    private static Matrix ReadX(string csv) => Matrix.FromRows([.. File.ReadLines(csv).Skip(1).Select(line => line.Split(',')[..4].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())]).Transpose();

    private static Matrix ReadY(string csv) => Matrix.FromRows([.. File.ReadLines(csv).Skip(1).Select(line => new[] { double.Parse(line.Split(',')[4], CultureInfo.InvariantCulture) })]).Transpose();

    // A regression network on iris (petal width from the other measurements) with each regression loss, L2 on (the
    // default λ = 5 of --target): the peer predicts alike, and five full-batch steps give the same losses and parameters
    // as Forward, LossOf, Backward and Update here. Huber's k = 1 is one standard deviation: some errors lie beyond it.
    [TestCase("mse")]
    [TestCase("mae")]
    [TestCase("huber")]
    public void TheNumpyPeerTakesTheSameStepsWithALinearOutputAndEachRegressionLoss(string loss) => DemoRunner.InTemporaryDirectory(dir =>
    {
        string python = NumpyOrIgnore();
        string saved = Path.Combine(dir, "petals.json"), measurements = Path.Combine(dir, "measurements.csv");
        File.WriteAllLines(measurements, File.ReadAllLines(Iris).Select(line => line[..line.LastIndexOf(',')])); // without the species
        var trained = DemoRunner.Run("train", "--csv", measurements, "--target", "petal_width", "--loss", loss, "--hidden", "6", "--activation", "tanh",
            "--standardize", "--epochs", "3", "--batch", "0", "--save", saved);
        Assert.That(trained.ExitCode, Is.Zero, trained.Error);
        var network = Network.Load(saved);
        Assert.That((network.Loss.Output.Name, network.Loss.Name, network.L2), Is.EqualTo(("linear", loss, 5.0)));

        Matrix x = network.Scaling!.Apply(IrisInputs(network.InputNames!));
        Matrix y = network.TargetScaling!.Apply(IrisInputs(["petal_width"]));
        LargestDifference(network.Predict(x), PeerPredictions(python, dir, saved, "--csv", measurements));
        if (loss == "huber")
            Assert.That((network.Predict(x) - y).ToRows()[0].Select(Math.Abs), Has.Some.GreaterThan(Loss.HuberThreshold).And.Some.LessThan(Loss.HuberThreshold));

        const int Steps = 5;
        const double Rate = 0.1;
        string written = Path.Combine(dir, "after.json"), lossesFile = Path.Combine(dir, "losses.json");
        var (code, output) = Run(python, Peer, "steps", "--load", saved, "--csv", measurements, "--target", "petal_width",
            "--lr", Rate.ToString(CultureInfo.InvariantCulture), "--steps", Steps.ToString(CultureInfo.InvariantCulture), "--out", written, "--losses", lossesFile);
        Assert.That(code, Is.Zero, output);
        using var losses = JsonDocument.Parse(File.ReadAllText(lossesFile));
        double[] peerLosses = [.. losses.RootElement.EnumerateArray().Select(v => v.GetDouble())];
        Network peer = Network.Load(written);
        for (int step = 0; step < Steps; step++)
        {
            var pass = network.Forward(x);
            double ours = network.LossOf(pass, y);
            Assert.That(Math.Abs(ours - peerLosses[step]), Is.LessThanOrEqualTo(Tolerance), $"the loss before step {step + 1}: ours {ours:R}, numpy {peerLosses[step]:R}");
            network.Update(network.Backward(pass, y), Rate);
        }
        for (int l = 0; l < network.LayerCount; l++)
        {
            LargestDifference(network.Weights[l], peer.Weights[l], distinctColumns: false);
            LargestDifference(network.Biases[l], peer.Biases[l], distinctColumns: false);
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peer check: iris petal_width, linear + {loss}, L2 λ 5: {Steps} steps alike, losses {string.Join(", ", peerLosses.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)))}"));
    });

    [Test]
    public void TheNumpyPeerRefusesAnUnknownActivation() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string python = NumpyOrIgnore();
        string saved = Path.Combine(dir, "odd.json");
        new Network([2, 3, 1]).Save(saved);
        File.WriteAllText(saved, File.ReadAllText(saved).Replace("\"hiddenActivation\": \"sigmoid\"", "\"hiddenActivation\": \"swish\""));
        var (code, output) = Run(python, Peer, "predict", "--load", saved, "--csv", Iris);
        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("unknown hidden activation 'swish'; this peer knows sigmoid, tanh, relu"));
    });

    private static string NumpyOrIgnore()
    {
        if (SeedBesideNumpyTests.PythonWith("numpy") is not string python)
        {
            Assert.Ignore("needs python3 with numpy (Debian: apt-get install python3-numpy)");
            throw new UnreachableException();
        }
        return python;
    }

    // The CSV's columns named by the network, one sample per column, read here rather than by the demo's reader.
    private static Matrix IrisInputs(IReadOnlyList<string> names)
    {
        string[] lines = File.ReadAllLines(Iris);
        string[] header = lines[0].Split(',');
        int[] columns = [.. names.Select(name => Array.IndexOf(header, name))];
        Assert.That(columns, Has.None.Negative, "every input of the network is a column of iris.csv");
        var x = new Matrix(columns.Length, lines.Length - 1);
        for (int s = 0; s < x.Cols; s++)
        {
            string[] cells = lines[s + 1].Split(',');
            for (int i = 0; i < columns.Length; i++)
                x[i, s] = double.Parse(cells[columns[i]], CultureInfo.InvariantCulture);
        }
        return x;
    }

    // The peer's predictions as (outputs × m): it writes one line per sample.
    private static Matrix PeerPredictions(string python, string dir, string saved, string dataOption, string data)
    {
        string written = Path.Combine(dir, "peer.txt");
        var (code, output) = Run(python, Peer, "predict", "--load", saved, dataOption, data, "--out", written);
        Assert.That(code, Is.Zero, output);
        double[][] samples = [.. File.ReadAllLines(written).Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
        return Matrix.FromRows(samples).Transpose();
    }

    // The largest |ours − numpy| over every output (or parameter), checked against the tolerance (a NaN counts as ∞).
    private static double LargestDifference(Matrix ours, Matrix peer, bool distinctColumns = true)
    {
        Assert.That(peer.Shape, Is.EqualTo(ours.Shape), "one output per output unit and sample");
        if (distinctColumns)
            Assert.That(Enumerable.Range(0, ours.Cols).Select(c => ours[0, c]).Distinct().Count(), Is.GreaterThan(1),
                "a network that answers every sample alike (e.g. dead ReLUs) checks little: train it differently");
        double largest = 0;
        (int Row, int Col) at = (0, 0);
        for (int r = 0; r < ours.Rows; r++)
            for (int c = 0; c < ours.Cols; c++)
            {
                double difference = Math.Abs(ours[r, c] - peer[r, c]);
                if (double.IsNaN(difference))
                    difference = double.PositiveInfinity;
                if (difference > largest)
                    (largest, at) = (difference, (r, c));
            }
        Assert.That(largest, Is.LessThanOrEqualTo(Tolerance), string.Create(CultureInfo.InvariantCulture,
            $"output {at.Row} of sample {at.Col}: ours {ours[at.Row, at.Col]:R}, numpy {peer[at.Row, at.Col]:R}"));
        return largest;
    }

    private static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            return (-1, "timed out after 120 s");
        }
        return (process.ExitCode, output + error.Result);
    }
}
