using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FromScratch.Demo;

namespace FromScratch.Tests;

/// <summary>
/// <c>train --target</c>: numbers to predict. The metrics against sums worked out here, training on a CSV whose
/// target is a known function of its inputs (in units far from 0 and 1), the targets' scaling fitted on the training
/// part only and saved, predict in the CSV's units, the report's scatter plot, sweep, and the refusals that keep a
/// quantity from being taken for classes.
/// </summary>
public partial class RegressionTests
{
    private static readonly string Iris = Path.Combine(ReadmeTests.Root, "Demo", "samples", "iris.csv");

    [Test]
    public void TheMetricsAreTheirDefinitions()
    {
        // ŷ − y = 2, 0, −2, 4: Σ(ŷ − y)² = 24, so RMSE = √(24/4) = √6 and MAE = 8/4 = 2; ȳ = 4, SS_tot = 9 + 1 + 0 + 4 = 14,
        // R² = 1 − 24/14 < 0: worse than always predicting the mean.
        var worse = RegressionMetrics.Of([3, 5, 2, 10], [1, 5, 4, 6]);
        Assert.That(worse.Rmse, Is.EqualTo(Math.Sqrt(6)).Within(1e-15));
        Assert.That(worse.Mae, Is.EqualTo(2).Within(1e-15));
        Assert.That(worse.R2, Is.EqualTo(1 - 24.0 / 14).Within(1e-15));
        // ŷ − y = 1, −1, 1, 0.5: RMSE √(3.25/4), MAE 3.5/4; ȳ = 5, SS_tot = 16 + 0 + 1 + 9 = 26, R² = 1 − 3.25/26 = 0.875.
        var good = RegressionMetrics.Of([2, 4, 7, 8.5], [1, 5, 6, 8]);
        Assert.That((good.Rmse, good.Mae, good.R2), Is.EqualTo((Math.Sqrt(3.25 / 4), 3.5 / 4, 0.875)).Within(1e-15));
        Assert.That(RegressionMetrics.Of([1, 2, 3], [1, 2, 3]).R2, Is.EqualTo(1), "exact predictions");
        Assert.That(RegressionMetrics.Of([4, 4, 4, 4], [1, 5, 6, 4]).R2, Is.EqualTo(0).Within(1e-15), "the mean explains nothing");
        Assert.That(RegressionMetrics.Of([1, 2], [3, 3]).R2, Is.NaN, "no variance to explain");
        Assert.That(RegressionMetrics.R2Text(double.NaN), Is.EqualTo("R² undefined (every true value the same)"));
        // One row per target; several targets are judged by the mean of their R².
        var both = RegressionMetrics.PerTarget(Matrix.FromRows([3, 5, 2, 10], [2, 4, 7, 8.5]), Matrix.FromRows([1, 5, 4, 6], [1, 5, 6, 8]));
        Assert.That(both, Is.EqualTo(new[] { worse, good }));
        Assert.That(RegressionMetrics.MeanR2(both), Is.EqualTo((1 - 24.0 / 14 + 0.875) / 2).Within(1e-15));
        Assert.That(() => RegressionMetrics.Of([1, 2], [1]), Throws.ArgumentException);
    }

    // y = 300 + 40·a − 25·b + noise, with a and b in [0, 10] and a third input that says nothing: far from [0, 1].
    private static string Linear(string dir, string name, int rows, int seed, double shift = 0)
    {
        var random = new Random(seed);
        var lines = new List<string> { "a,b,noise,y" };
        for (int i = 0; i < rows; i++)
        {
            double a = 10 * random.NextDouble(), b = 10 * random.NextDouble(), noise = random.NextDouble();
            double y = 300 + shift + 40 * a - 25 * b + 5 * (random.NextDouble() - 0.5);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{noise:R},{y:R}"));
        }
        string path = Path.Combine(dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static double[] Column(string csv, string name)
    {
        string[] lines = File.ReadAllLines(csv);
        int column = Array.IndexOf(lines[0].Split(','), name);
        return [.. lines.Skip(1).Select(line => double.Parse(line.Split(',')[column], CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"final test RMSE ([\d.]+), MAE ([\d.]+), R² ([-\d.]+) after")]
    private static partial Regex FinalLine();

    [Test]
    public void TrainLearnsANumberInItsOwnUnitsWithTheTargetsScaledOnTheTrainingPartOnly() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 300, seed: 1), test = Linear(dir, "test.csv", 100, seed: 2);
        string saved = Path.Combine(dir, "net.json");
        var result = DemoRunner.Run("train", "--csv", train, "--test-csv", test, "--target", "y", "--standardize", "--save", saved);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("network [3, 30, 1] sigmoid hidden, linear output, mse loss, L2 λ = 5; rate 0.1, batch all, 5000 epochs"));
        var final = FinalLine().Match(result.Output);
        Assert.That(final.Success, Is.True, result.Output);
        double r2 = double.Parse(final.Groups[3].Value, CultureInfo.InvariantCulture), rmse = double.Parse(final.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(r2, Is.GreaterThan(0.99), "y is a plain function of a and b");
        Assert.That(rmse, Is.LessThan(15), "in y's units: its spread is about 140");

        var network = Network.Load(saved);
        double[] y = Column(train, "y");
        Assert.That(network.TargetNames, Is.EqualTo(new[] { "y" }));
        Assert.That(network.TargetScaling!.First[0], Is.EqualTo(y.Average()).Within(1e-9), "μ of the training file");
        Assert.That(network.TargetScaling.Second[0], Is.EqualTo(Math.Sqrt(y.Average(v => (v - y.Average()) * (v - y.Average())))).Within(1e-9), "σ with 1/m");
        Assert.That(File.ReadAllText(saved), Does.Contain("\"version\": 4"));

        // A test file whose targets are 1000 higher: μ fitted on both files would be far from the training file's.
        string higher = Linear(dir, "higher.csv", 100, seed: 2, shift: 1000);
        var measured = DemoRunner.Run("train", "--csv", train, "--test-csv", higher, "--target", "y", "--standardize", "--epochs", "1", "--batch", "0");
        Assert.That(measured.Output, Does.Contain("'y' μ " + y.Average().ToString("g4", CultureInfo.InvariantCulture) + ", σ"), "the note names the training mean");
    });

    [Test]
    public void PredictPrintsNumbersInTheCsvsUnitsAndItsMetricsWhenTheTargetColumnIsThere() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 200, seed: 3), fresh = Linear(dir, "fresh.csv", 40, seed: 4);
        string saved = Path.Combine(dir, "net.json");
        Assert.That(DemoRunner.Run("train", "--csv", train, "--target", "y", "--standardize", "--epochs", "2000", "--batch", "0", "--save", saved).ExitCode, Is.Zero);
        var result = DemoRunner.Run("predict", "--load", saved, "--csv", fresh);
        Assert.That(result.ExitCode, Is.Zero, result.Error);

        // The same numbers worked out here: raw inputs scaled, the output taken back through y = μ + σ·a.
        var network = Network.Load(saved);
        string[] lines = File.ReadAllLines(fresh);
        var x = Matrix.FromRows([.. lines.Skip(1).Select(line => line.Split(',')[..3].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())]).Transpose();
        var a = network.Predict(network.Scaling!.Apply(x));
        double[] predicted = [.. Enumerable.Range(0, a.Cols).Select(s => network.TargetScaling!.First[0] + network.TargetScaling.Second[0] * a[0, s])];
        double[] y = Column(fresh, "y");
        double mean = y.Average();
        double squares = predicted.Zip(y, (p, t) => (p - t) * (p - t)).Sum(), total = y.Sum(t => (t - mean) * (t - mean));
        string expected = string.Create(CultureInfo.InvariantCulture, $"RMSE {Math.Sqrt(squares / y.Length):G4}, MAE {predicted.Zip(y, (p, t) => Math.Abs(p - t)).Average():G4}, R² {1 - squares / total:0.000} on 40 samples ('y' in {fresh})");
        Assert.That(result.Output, Does.Contain(expected));
        Assert.That(result.Output, Does.Contain("predictions of 'y' in the training data's units, one column per sample:"));
        double first = double.Parse(Regex.Match(result.Output, @"\[\[\s*([-\d.e+]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(first, Is.EqualTo(predicted[0]).Within(1e-6 * Math.Abs(predicted[0])), "the first prediction, in y's units");

        // Without the target column: predictions only, said so.
        string inputsOnly = Path.Combine(dir, "inputs.csv");
        File.WriteAllLines(inputsOnly, lines.Select(line => string.Join(',', line.Split(',')[..3])));
        var bare = DemoRunner.Run("predict", "--load", saved, "--csv", inputsOnly);
        Assert.That(bare.Output, Does.Contain("has no column 'y' to measure the predictions against: predictions only").And.Not.Contain("RMSE"));
        // Training goes on from the saved network with its own scaling; without --target it is refused.
        var further = DemoRunner.Run("train", "--csv", fresh, "--target", "y", "--load", saved, "--epochs", "1", "--batch", "0");
        Assert.That(further.ExitCode, Is.Zero, further.Error);
        Assert.That(further.Output, Does.Contain("final train RMSE").And.Not.Contain("targets standardised"), "the saved scaling, not one fitted again");
        Assert.That(DemoRunner.Run("train", "--csv", fresh, "--load", saved).Error, Does.Contain($"train: the network in {saved} predicts numbers: give --target COLUMN"));
        Assert.That(DemoRunner.Run("predict", "--load", saved, "--csv", fresh, "--label", "y").Error,
            Does.Contain("--label: the network in " + saved + " predicts numbers ('y'); a CSV column of that name is found by itself"));
    });

    [Test]
    public void ValidationKeepsTheEpochOfTheBestR2AndTheProgressLineShowsTheMetrics() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 300, seed: 5);
        var result = DemoRunner.Run("train", "--csv", train, "--target", "y", "--standardize", "--test-fraction", "0.2", "--validation", "60", "--epochs", "300", "--batch", "0");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("data: 180 training samples of 3 inputs and 60 more held out for validation (at random), 60 test samples"));
        Assert.That(result.Output, Does.Contain("split: 240 training and 60 test samples (--test-fraction 0.2, at random, --seed 1)"));
        Assert.That(result.Output, Does.Match(@"epoch 300/300  loss [\d.]+  train RMSE [\d.]+ R² [-\d.]+  validation loss [\d.]+ RMSE [\d.]+ MAE [\d.]+ R² [-\d.]+"));
        Assert.That(result.Output, Does.Match(@"kept the network of epoch \d+, the best validation R² \([-\d.]+, loss [\d.]+\)"));
        Assert.That(result.Output, Does.Contain(", measured once, on the network kept"));
    });

    [Test]
    public void SeveralTargetsGetALineEach() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 200, seed: 6);
        var result = DemoRunner.Run("train", "--csv", train, "--target", "y,1", "--standardize", "--test-fraction", "0.25", "--epochs", "500");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("network [2, 30, 2]"), "inputs b and noise; targets y and a");
        Assert.That(result.Output, Does.Match(@"final test R² [-\d.]+ \(the mean over 2 targets\) after 500 epochs"));
        Assert.That(result.Output, Does.Match(@"\n  'y': RMSE [\d.]+, MAE [\d.]+, R² [-\d.]+\n  'a': RMSE"));
    });

    [Test]
    public void TheReportDrawsPredictedAgainstTrueInsteadOfTheConfusionMatrix() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 200, seed: 7), report = Path.Combine(dir, "report.html");
        var result = DemoRunner.Run("train", "--csv", train, "--target", "y", "--standardize", "--test-fraction", "0.25", "--epochs", "300", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var page = XDocument.Parse(File.ReadAllText(report).Replace("<!DOCTYPE html>", ""));
        string[] sections = [.. page.Descendants().Where(e => e.Name.LocalName == "section").Select(e => (string)e.Attribute("id")!)];
        Assert.That(sections, Does.Contain("scatter").And.Not.Contain("confusion").And.Not.Contain("misclassified"));
        var scatter = page.Descendants().Single(e => e.Name.LocalName == "svg" && (string?)e.Attribute("class") == "scatter");
        Assert.That(scatter.Descendants().Count(e => e.Name.LocalName == "circle"), Is.EqualTo(50), "one dot per test sample");
        Assert.That(scatter.Descendants().Count(e => (string?)e.Attribute("class") == "diagonal"), Is.EqualTo(1));
        string r2 = FinalLine().Match(result.Output).Groups[3].Value;
        Assert.That(page.Descendants().Single(e => (string?)e.Attribute("id") == "r2").Value, Is.EqualTo(r2), "the summary's R² is the one train printed");
        Assert.That(page.Descendants().Any(e => e.Name.LocalName == "text" && e.Value == "R² per epoch"), Is.True);
    });

    [Test]
    public void AnUndefinedR2IsSaidSoInTheReportAsInTheTerminal() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // Every true value of the test file the same: SS_tot = 0 and R² has no value, which the page says, not "NaN".
        string train = Linear(dir, "train.csv", 60, seed: 3), test = Path.Combine(dir, "test.csv"), report = Path.Combine(dir, "report.html");
        File.WriteAllLines(test, ["a,b,noise,y", "1,2,0.5,300", "3,1,0.2,300", "2,2,0.1,300"]);
        var result = DemoRunner.Run("train", "--csv", train, "--test-csv", test, "--target", "y", "--epochs", "20", "--report", report);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("R² undefined (every true value the same)"));
        var page = XDocument.Parse(File.ReadAllText(report).Replace("<!DOCTYPE html>", ""));
        Assert.That(page.Descendants().Single(e => (string?)e.Attribute("id") == "r2").Value, Is.EqualTo("undefined (every true value the same)"));
    });

    [Test]
    public void APredictionThatOverflowsInTheTargetsUnitsIsNamedNotAnInternalError() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 60, seed: 4), saved = Path.Combine(dir, "net.json");
        Assert.That(DemoRunner.Run("train", "--csv", train, "--target", "y", "--standardize", "--activation", "relu", "--epochs", "20", "--save", saved).ExitCode, Is.Zero);
        var result = DemoRunner.Run("predict", "--load", saved, "--input", "1e308,1,0.5");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Error, Does.StartWith("error: predict: the prediction of 'y' for sample 1 is ").And.Contain("overflows to ±∞ in the targets' units").And.Not.Contain("FeatureScaling"));
    });

    [Test]
    public void APredictCsvWithSomeOfTheTargetsNamesTheMissingOnes() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string train = Linear(dir, "train.csv", 60, seed: 5), saved = Path.Combine(dir, "net.json"), partial = Path.Combine(dir, "partial.csv");
        Assert.That(DemoRunner.Run("train", "--csv", train, "--target", "y,noise", "--standardize", "--epochs", "20", "--save", saved).ExitCode, Is.Zero);
        File.WriteAllLines(partial, File.ReadAllLines(train).Select(line => string.Join(',', line.Split(',') is var cells ? new[] { cells[0], cells[1], cells[3] } : [])));
        var result = DemoRunner.Run("predict", "--load", saved, "--csv", partial);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain($"{partial} has no column 'noise' (of the targets 'y', 'noise': all are needed) to measure the predictions against: predictions only"));
        Assert.That(result.Output, Does.Not.Contain("left out"), "y is a target, not an unknown column");
    });

    [Test]
    public void ASweepOfNumbersJudgesTheRatesByR2() => DemoRunner.InTemporaryDirectory(dir =>
    {
        var result = DemoRunner.Run("sweep", "--csv", Linear(dir, "train.csv", 200, seed: 8), "--target", "y", "--standardize", "--test-fraction", "0.25", "--lr", "0.01,0.1", "--epochs", "50", "--batch", "0");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("rate  final loss  test R²  verdict"));
        Assert.That(result.Output, Does.Match(@"η = 0\.1 +epoch   50/50  loss [\d.]+  test R² [-\d.]+\n"), "the progress line names R², as train's does");
    });

    // A class column of whole numbers, 30 values in 45 rows: most "classes" have a single sample.
    private static string Quantity(string dir, int values, int rowsPerValue)
    {
        var lines = new List<string> { "x,level" };
        for (int v = 0; v < values; v++)
            for (int r = 0; r < rowsPerValue; r++)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{v + 0.1 * r},{100 + 3 * v}"));
        string path = Path.Combine(dir, $"q{values}x{rowsPerValue}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void AQuantityGivenAsALabelIsRefusedNamingTargetUnlessInsistedOn() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string many = Quantity(dir, 30, 1);
        var refused = DemoRunner.Run("train", "--csv", many, "--label", "level");
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Error, Is.EqualTo($"error: {many}: the label column 'level' holds 30 different whole numbers, from 100 to 187, half of them in fewer than 5 rows each (median 1): " +
            "that looks like a quantity to predict, not classes; give --target 'level' to predict it as a number (or --label-anyway to take it as 30 classes all the same)\n"));
        var insisted = DemoRunner.Run("train", "--csv", many, "--label", "level", "--label-anyway", "--epochs", "1");
        Assert.That(insisted.ExitCode, Is.Zero, insisted.Error);
        Assert.That(insisted.Output, Does.Contain("30 outputs"));
        Assert.That(DemoRunner.Run("train", "--csv", many, "--target", "level", "--epochs", "1").ExitCode, Is.Zero);

        // The rule's edges: 20 values, or 30 values with 5 rows each, are classes.
        Assert.That(DemoRunner.Run("train", "--csv", Quantity(dir, 20, 1), "--label", "level", "--epochs", "1").ExitCode, Is.Zero);
        Assert.That(DemoRunner.Run("train", "--csv", Quantity(dir, 30, 5), "--label", "level", "--epochs", "1").ExitCode, Is.Zero);
        Assert.That(DemoRunner.Run("train", "--csv", Quantity(dir, 21, 4), "--label", "level", "--epochs", "1").Error, Does.Contain("holds 21 different whole numbers"));
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--label-anyway", "--epochs", "1").ExitCode, Is.Zero, "names are never a quantity");
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--target", "4", "--label-anyway").Error, Does.Contain("--label-anyway goes with --label COLUMN"));
    });

    [Test]
    public void AFractionalLabelAndAnOutOfRangeTargetNameTarget() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string path = Path.Combine(dir, "m.csv");
        File.WriteAllLines(path, ["x,size", "1,0.5", "2,1.25"]);
        Assert.That(DemoRunner.Run("train", "--csv", path, "--label", "size").Error,
            Does.Contain("a number that is not a whole one: this looks like a regression target (a measurement to predict), not a class; to predict it as a number, train with --target 'size' instead of --label"));
        Assert.That(DemoRunner.Run("train", "--csv", path).Error, Does.Contain("targets must be in [0, 1]; to predict it as a number, give --target 'size'"));
    });

    [TestCase(new[] { "--csv", "IRIS", "--label", "species", "--output", "linear" }, "--output linear predicts numbers: give --target COLUMN, the column to predict; for classes (--label), use --output sigmoid or softmax")]
    [TestCase(new[] { "--csv", "IRIS", "--target", "petal_width", "--output", "softmax" }, "--target predicts numbers, which need a linear output (the default with --target); --output softmax gives one class per sample")]
    [TestCase(new[] { "--csv", "IRIS", "--target", "petal_width", "--loss", "ce" }, "--target predicts numbers, which need a linear output (the default with --target); --loss ce takes a sigmoid output, which gives outputs in (0, 1)")]
    [TestCase(new[] { "--csv", "IRIS", "--target", "petal_width", "--output", "linear", "--loss", "ce" }, "--output linear --loss ce: no loss 'ce' with a linear output")]
    [TestCase(new[] { "--csv", "IRIS", "--target", "petal_width", "--label", "species" }, "--target COLUMN predicts numbers and --label COLUMN classes: give one of them")]
    [TestCase(new[] { "--csv", "IRIS", "--target", "sepal_length,,petal_width" }, "--target 'sepal_length,,petal_width': each target needs a column")]
    [TestCase(new[] { "--idx", "/nowhere", "--target", "1" }, "--target goes with --csv, not --idx")]
    [TestCase(new[] { "--csv", "IRIS", "--target", "petal_width", "--classes", "a" }, "--classes names classes, but --target predicts numbers")]
    public void OptionsThatCannotGoTogetherAreRefusedBeforeReading(string[] args, string expected)
    {
        var result = DemoRunner.Run(["train", .. args.Select(a => a == "IRIS" ? Iris : a)]);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Output);
        Assert.That(result.Error, Does.StartWith("error: train: " + expected));
    }

    // Writes scikit-learn's diabetes data to the CSV argv[1] (the target column "progression", whole numbers written as
    // 151.0) and prints the test R² of MLPRegressor(30) at seeds 1 to 5, on its own splits of our sizes (331 and 111).
    private const string ScikitLearnDiabetes =
        """
        import csv, sys, warnings
        from sklearn.datasets import load_diabetes
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.model_selection import train_test_split
        from sklearn.neural_network import MLPRegressor
        from sklearn.preprocessing import StandardScaler
        data = load_diabetes(scaled=False)
        with open(sys.argv[1], "w", newline="") as f:
            out = csv.writer(f)
            out.writerow([*data.feature_names, "progression"])
            for row, y in zip(data.data, data.target):
                out.writerow([*(repr(float(v)) for v in row), repr(float(y))])
        for seed in range(1, 6):
            x_train, x_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.25, random_state=seed)
            scaler = StandardScaler().fit(x_train)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                mlp = MLPRegressor(hidden_layer_sizes=(30,), max_iter=2000, random_state=seed).fit(scaler.transform(x_train), y_train)
            print(len(y_train), len(y_test), repr(mlp.score(scaler.transform(x_test), y_test)))
        """;

    // The issue's case: scikit-learn's diabetes data as an ordinary CSV. As a label it is refused naming --target; with
    // --target the mean test R² over seeds 1 to 5 is at least scikit-learn's MLPRegressor(30)'s on its own splits of the
    // same sizes (`make sklearn` prints both, and ours on its very splits). Skipped without scikit-learn.
    [Test]
    public void DiabetesIsRefusedAsClassesAndPredictedAtLeastAsWellAsScikitLearnsMlp() => DemoRunner.InTemporaryDirectory(dir =>
    {
        if (SeedBesideNumpyTests.PythonWith("sklearn") is not string python)
        {
            Assert.Ignore("needs python3 with scikit-learn (Debian: apt-get install python3-sklearn)");
            return;
        }
        string diabetes = Path.Combine(dir, "diabetes.csv");
        var (code, printed) = SeedBesideNumpyTests.RunProcess(python, "-c", ScikitLearnDiabetes, diabetes);
        Assert.That(code, Is.Zero, printed);
        string[][] theirs = [.. printed.Trim().Split('\n').Select(line => line.Split(' '))];

        var refused = DemoRunner.Run("train", "--csv", diabetes, "--label", "progression", "--standardize");
        Assert.That(refused.Error, Does.Contain("the label column 'progression' holds 214 different whole numbers").And.Contain("give --target 'progression' to predict it as a number"));

        var ours = new List<double>();
        foreach (int seed in Enumerable.Range(1, 5))
        {
            var result = DemoRunner.Run("train", "--csv", diabetes, "--target", "progression", "--standardize", "--test-fraction", "0.25", "--seed", seed.ToString(CultureInfo.InvariantCulture));
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output, Does.Contain($"split: {theirs[seed - 1][0]} training and {theirs[seed - 1][1]} test samples"), "splits of the same sizes");
            ours.Add(double.Parse(FinalLine().Match(result.Output).Groups[3].Value, CultureInfo.InvariantCulture));
        }
        double scikitLearn = theirs.Average(line => double.Parse(line[2], CultureInfo.InvariantCulture));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"diabetes test R², seeds 1 to 5: ours {string.Join(", ", ours)} (mean {ours.Average():0.000}); scikit-learn's MLPRegressor(30) mean {scikitLearn:0.000}"));
        Assert.That(ours.Average(), Is.GreaterThanOrEqualTo(scikitLearn));
    });

    [Test]
    public void ATargetThatIsNotANumberOrTheSameEverywhereIsRefusedNamingIt() => DemoRunner.InTemporaryDirectory(dir =>
    {
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--target", "species").Error,
            Does.Contain("field 5 ('species') is 'setosa', not a finite number; --target predicts numbers: if the column holds classes, give --label 'species'"));
        string flat = Path.Combine(dir, "flat.csv");
        File.WriteAllLines(flat, ["x,y", "1,7", "2,7", "3,7"]);
        Assert.That(DemoRunner.Run("train", "--csv", flat, "--target", "y").Error,
            Does.Contain("flat.csv: the target 'y' is 7 in every one of the 3 training samples: there is nothing to learn"));
        Assert.That(DemoRunner.Run("train", "--csv", flat, "--target", "x,y,x").Error, Does.Contain("names the column 'x' twice"));
        Assert.That(DemoRunner.Run("train", "--csv", flat, "--target", "x,y").Error, Does.Contain("no input columns besides the targets 'x', 'y'"));
    });
}
