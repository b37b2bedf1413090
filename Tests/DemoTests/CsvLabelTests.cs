using System.Globalization;
using System.Text.Json;
using FromScratch.Demo;

namespace FromScratch.Tests;

// CSV data as people have it: a class column, features on their own scales, one file split in two, and the
// preprocessing saved with the network so that predict takes raw rows.
public class CsvLabelTests
{
    private static readonly string Iris = Path.Combine(ReadmeTests.Root, "Demo", "samples", "iris.csv");

    // Writes `lines` to a CSV in `dir` and returns its path.
    private static string Csv(string dir, string name, params string[] lines)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static LabelledCsv ReadWithLabel(string path, string label, IReadOnlyList<string>? classes = null) =>
        CsvReader.ReadColumns(path, header => CsvColumns.AllBut(header, CsvColumns.LabelColumn(path, header, label)), classes);

    [Test]
    public void ClassesAreOrderedByValueOrTextAndBecomeOneHotRows() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // Whole numbers by value (2 before 10; 2.0 is class 2), text by ordinal order (upper case first), whatever the row order.
        var numbers = ReadWithLabel(Csv(dir, "n.csv", "a,class,b", "1,10,2", "3,2,4", "5,2.0,6", "7,-1,8"), "class");
        Assert.That(numbers.ClassNames, Is.EqualTo(new[] { "-1", "2", "10" }));
        Assert.That(numbers.ClassCounts, Is.EqualTo(new[] { 1, 2, 1 }));
        Assert.That(numbers.InputNames, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(numbers.Labels, Is.EqualTo(new[] { 2, 1, 1, 0 }));
        var data = numbers.ToDataset();
        Assert.That(data.Y.ToRows(), Is.EqualTo(new[] { new double[] { 0, 0, 0, 1 }, [0, 1, 1, 0], [1, 0, 0, 0] }));
        Assert.That(data.X.ToRows(), Is.EqualTo(new[] { new double[] { 1, 3, 5, 7 }, [2, 4, 6, 8] }), "inputs keep the file's order, the label left out");

        var text = ReadWithLabel(Csv(dir, "t.csv", "x,kind", "1,dog", "2,\"cat\"", "3,Zebra", "4,cat"), "2");
        Assert.That(text.ClassNames, Is.EqualTo(new[] { "Zebra", "cat", "dog" }));
        Assert.That(text.Labels, Is.EqualTo(new[] { 2, 1, 0, 1 }), "a quoted \"cat\" is the class cat");

        // With a saved network's classes, their order is kept and a class missing from the file is fine.
        var known = ReadWithLabel(Csv(dir, "k.csv", "x,kind", "1,dog", "2,cat"), "kind", ["dog", "bird", "cat"]);
        Assert.That(known.Labels, Is.EqualTo(new[] { 0, 2 }));
    });

    private static IEnumerable<TestCaseData> MalformedLabels()
    {
        static TestCaseData Case(string name, string[] rows, string expected) => new TestCaseData(rows, expected).SetName(name);
        yield return Case("EmptyCell", ["1,a", "2,", "3,b"], "m.csv:3: the label column 'label' is empty; every row needs its class");
        yield return Case("NumberThenText", ["1,3", "2,4", "3,cat"], "m.csv:4: the label column 'label' is 'cat', text, but line 2 has a number; a class column holds either names or whole numbers, not both");
        yield return Case("TextThenNumber", ["1,cat", "2,4"], "m.csv:3: the label column 'label' is '4', a number, but line 2 has text");
        yield return Case("Measurements", ["1,0.5", "2,1.25"], "m.csv:2: the label column 'label' is '0.5', a number that is not a whole one: this looks like a regression target");
        yield return Case("ThousandsOfClasses", [.. Enumerable.Range(0, 3000).Select(i => $"{i},c{i}")],
            "m.csv:1002: the label column 'label' is 'c1000', class number 1001; more than 1,000 classes is not a class column");
        yield return Case("ControlCharacters", ["1,3", "2,\u001b[2Jb"], "m.csv:3: the label column 'label' is '\\x1b[2Jb', text");
    }

    [TestCaseSource(nameof(MalformedLabels))]
    public void AMalformedLabelColumnIsRefusedNamingFileAndLine(string[] rows, string expected) => DemoRunner.InTemporaryDirectory(dir =>
    {
        string path = Csv(dir, "m.csv", ["x,label", .. rows]);
        var result = DemoRunner.Run("train", "--csv", path, "--label", "label");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.StartWith("error: " + path[..^"m.csv".Length] + expected));
        Assert.That(result.Error.TrimEnd(), Does.Not.Contain("\n").And.Not.Contain("\u001b"));
    });

    [Test]
    public void LabelsAndColumnsThatCannotWorkAreRefusedBeforeTraining() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string one = Csv(dir, "one.csv", "x,label", "1,a", "2,a");
        Assert.That(DemoRunner.Run("train", "--csv", one, "--label", "label").Error, Does.Contain("one.csv: the label column 'label' has one class only, 'a'; a classifier needs at least two"));
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "colour").Error, Does.Contain("no column is named 'colour'; the header names 'sepal_length'"));
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "6").Error, Does.Contain("--label 6 is past the last column; the file has 5 columns"));
        string test = Csv(dir, "test.csv", "sepal_length,sepal_width,petal_length,petal_width,species", "1,2,3,4,setosa", "1,2,3,4,rosa");
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--test-csv", test).Error,
            Does.Contain("test.csv:3: the label column 'species' is 'rosa', which is not one of the classes of " + Iris + ": 'setosa', 'versicolor', 'virginica'"));
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["--label", "species", "--targets", "1"], "give --label COLUMN (one class column) or --targets K"),
            (["--label", "species", "--test-fraction", "0.2", "--test-csv", test], "--test-fraction splits --csv into training and test parts; --test-csv gives the test part: give one of them"),
            (["--label", "species", "--test-fraction", "1"], "--test-fraction must be less than 1"),
            (["--label", "species", "--standardize", "--normalize"], "give one of --standardize and --normalize"),
        })
            Assert.That(DemoRunner.Run(["train", "--csv", Iris, .. args]).Error, Does.StartWith("error: train: " + expected));
        Assert.That(DemoRunner.Run("train", "--idx", dir, "--normalize").Error, Does.StartWith("error: train: --normalize goes with --csv, not --idx"));
        Assert.That(DemoRunner.Run("train", "--idx", dir, "--label", "3").Error, Does.StartWith("error: train: --label goes with --csv, not --idx"));
    });

    [Test]
    public void TheSplitIsStratifiedAndTheSameForTheSameSeed()
    {
        var iris = ReadWithLabel(Iris, "species").ToDataset();
        var (train, splitOff) = iris.Split(30, seed: 7);
        var test = splitOff!;
        Assert.That((train.Count, test.Count), Is.EqualTo((120, 30)));
        Assert.That(test.Classes().GroupBy(c => c).Select(g => g.Count()), Is.EqualTo(new[] { 10, 10, 10 }), "a fifth of every class");
        var again = iris.Split(30, seed: 7).SplitOff!;
        MatrixAssert.Close(again.X, test.X, 0);
        Assert.That(iris.Split(30, seed: 8).SplitOff!.X.ToRows(), Is.Not.EqualTo(test.X.ToRows()), "another seed, another split");
        // Every sample lands in exactly one part: the parts' column sums add up to the whole's.
        Assert.That(train.X.Sum() + test.X.Sum(), Is.EqualTo(iris.X.Sum()).Within(1e-9));

        // A class of one sample stays in training, whatever the fraction.
        var tiny = new Dataset(Matrix.FromRows([[1, 2, 3, 4, 5]]), Dataset.OneHot([0, 0, 0, 0, 1], 2));
        Assert.That(tiny.Split(4, seed: 1).Kept.Classes(), Does.Contain(1));

        // Shares that do not divide evenly still add up to the count asked for: 38 of 150 is 12.67 per class.
        var (rest, part) = iris.Split(38, seed: 1);
        Assert.That((rest.Count, part!.Count), Is.EqualTo((112, 38)));
        Assert.That(part.Classes().GroupBy(c => c).Select(g => g.Count()), Is.EquivalentTo(new[] { 13, 13, 12 }));
    }

    [TestCase(new[] { 7, 5, 3 }, 6, new[] { 3, 2, 1 })]    // shares 2.8, 2.0, 1.2: the one left over goes to the 0.8
    [TestCase(new[] { 10, 6, 4 }, 7, new[] { 4, 2, 1 })]   // shares 3.5, 2.1, 1.4: to the 0.5
    [TestCase(new[] { 4, 5, 6, 7 }, 12, new[] { 2, 3, 3, 4 })] // shares 2.18, 2.73, 3.27, 3.82: two left over, to the 0.82 and the 0.73
    public void SamplesLeftOverByUnevenClassesGoToTheLargestRemainders(int[] classSizes, int count, int[] expected)
    {
        // Classes of different sizes: each gets the whole part of count × n_c / m, and the samples left over go to the
        // classes with the largest fractions, so every class's share is as close as it can be to its exact one.
        int[] labels = [.. classSizes.SelectMany((size, c) => Enumerable.Repeat(c, size))];
        var data = new Dataset(Matrix.FromRows([.. labels.Select(l => (double)l)]), Dataset.OneHot(labels, classSizes.Length));
        var part = data.Split(count, seed: 1).SplitOff!;
        Assert.That(Enumerable.Range(0, classSizes.Length).Select(c => part.Classes().Count(k => k == c)), Is.EqualTo(expected));
    }

    [Test]
    public void TrainFitsTheScalingOnTheTrainingPartOnlyAndPredictTakesRawRows() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string saved = Path.Combine(dir, "iris.json");
        var result = DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--test-fraction", "0.25", "--seed", "3", "--standardize", "--save", saved);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("classes in 'species': 'setosa' 50, 'versicolor' 50, 'virginica' 50")
            .And.Contain("split: 112 training and 38 test samples").And.Contain("scaling: standardize (x − μ) / σ of 4 features, fitted on the 112 training samples"));

        // The saved μ and σ are the training part's (the same split, by the same seed), not the whole file's.
        var (trainPart, _) = ReadWithLabel(Iris, "species").ToDataset().Split(38, seed: 3);
        using var file = JsonDocument.Parse(File.ReadAllText(saved));
        var scaling = file.RootElement.GetProperty("scaling");
        double[] mean = [.. scaling.GetProperty("mean").EnumerateArray().Select(v => v.GetDouble())];
        for (int i = 0; i < 4; i++)
            Assert.That(mean[i], Is.EqualTo(Enumerable.Range(0, trainPart.Count).Average(s => trainPart.X[i, s])).Within(1e-12));
        Assert.That(mean[0], Is.Not.EqualTo(ReadWithLabel(Iris, "species").X.ToRows()[0].Average()).Within(1e-6), "the whole file's mean differs");
        Assert.That(file.RootElement.GetProperty("classNames").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));

        // predict on the raw file (columns found by name, the class column named by --label) reports the
        // accuracy of the classes that the loaded network gives the scaled rows.
        var network = Network.Load(saved);
        var raw = ReadWithLabel(Iris, "species");
        int[] expected = network.Predict(network.Scaling!.Apply(raw.X)).ArgMaxPerColumn();
        double accuracy = expected.Zip(raw.Labels!).Count(pair => pair.First == pair.Second) / 150.0;
        var predicted = DemoRunner.Run("predict", "--load", saved, "--csv", Iris, "--label", "species");
        Assert.That(predicted.ExitCode, Is.Zero, predicted.Error);
        Assert.That(predicted.Output, Does.Contain("inputs scaled as in training: standardize (x − μ) / σ of 4 features"));
        Assert.That(predicted.Output, Does.Contain($"class per sample (largest output): [{string.Join(", ", expected.Select(c => network.ClassNames![c]))}]"));
        Assert.That(predicted.Output, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"accuracy {accuracy * 100:0.00}% on 150 samples")));
        Assert.That(accuracy, Is.GreaterThan(0.9));

        // Raw rows by hand, columns in another order in a file: the same classes.
        string shuffled = Csv(dir, "new.csv", "petal_width,species,sepal_length,petal_length,sepal_width", "0.2,setosa,5.1,1.4,3.5", "2.5,virginica,6.3,6.0,3.3");
        var byName = DemoRunner.Run("predict", "--load", saved, "--csv", shuffled, "--label", "species");
        var byInput = DemoRunner.Run("predict", "--load", saved, "--input", "5.1,3.5,1.4,0.2;6.3,3.3,6.0,2.5");
        Assert.That(byName.Output, Does.Contain("class per sample (largest output): [setosa, virginica]").And.Contain("accuracy 100.00% on 2 samples"));
        Assert.That(byInput.Output, Does.Contain("class per sample (largest output): [setosa, virginica]"));

        // Without --label the class column is left out, and said so; no accuracy.
        var unlabelled = DemoRunner.Run("predict", "--load", saved, "--csv", shuffled);
        Assert.That(unlabelled.Output, Does.Contain("not inputs of the network, left out: 'species' (to report the accuracy, give --label COLUMN)")
            .And.Contain("[setosa, virginica]").And.Not.Contain("% on"));
    });

    [Test]
    public void FeaturesOnVeryDifferentScalesGetAHintAndScaledOnesDoNot() => DemoRunner.InTemporaryDirectory(dir =>
    {
        var random = new Random(1);
        string path = Csv(dir, "wide.csv", ["small,large,label", .. Enumerable.Range(0, 40).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{random.NextDouble():0.###},{1000 + 5000 * random.NextDouble():0.#},{i % 2}"))]);
        var plain = DemoRunner.Run("train", "--csv", path, "--label", "label", "--epochs", "1");
        Assert.That(plain.Output, Does.Match(@"hint: the inputs' ranges differ [\d,]+-fold \('large' spans [\d.]+, 'small' [\d.]+\); .* try --standardize"));
        Assert.That(DemoRunner.Run("train", "--csv", path, "--label", "label", "--epochs", "1", "--standardize").Output, Does.Not.Contain("hint"));
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--epochs", "1").Output, Does.Not.Contain("hint"), "iris's ranges differ under 100-fold");
        // A ratio beyond a million is written with an exponent, not with its 300 digits.
        string huge = Csv(dir, "huge.csv", ["small,large,label", .. Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 5},{(i % 3) * 1e300:R},{i % 2}"))]);
        Assert.That(DemoRunner.Run("train", "--csv", huge, "--label", "label", "--epochs", "1").Output, Does.Contain("hint: the inputs' ranges differ 5e+299-fold"));
    });

    [Test]
    public void AConstantColumnIsNotedAndAnOldStyleNetworkStillPredicts() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string path = Csv(dir, "c.csv", "a,same,label", "1,7,x", "2,7,y", "3,7,x", "4,7,y");
        var result = DemoRunner.Run("train", "--csv", path, "--label", "label", "--normalize", "--epochs", "1");
        Assert.That(result.Output, Does.Contain("note: 'same' is the same in every training sample, so scaled to 0"));

        // A network file without names or scaling (as saved before they existed) predicts positionally, as before.
        string old = Path.Combine(dir, "old.json");
        File.WriteAllText(old, new Network([2, 3, 1], seed: 1).ToJson().Replace("\"version\": 3", "\"version\": 2"));
        var predicted = DemoRunner.Run("predict", "--load", old, "--csv", Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv"), "--targets", "1");
        Assert.That(predicted.ExitCode, Is.Zero, predicted.Error);
        Assert.That(predicted.Output, Does.Contain("accuracy"));
    });

    [Test]
    public void WithStandardizeOurAccuracyIsWithinFivePointsOfScikitLearnsMlp()
    {
        string? python = SeedBesideNumpyTests.PythonWith("sklearn");
        if (python is null)
            Assert.Ignore("needs python3 with scikit-learn (Debian: apt-get install python3-sklearn)");
        // The README's table, for two of its data sets: the same splits, written as CSV files, trained on by both.
        string demo = typeof(Cli).Assembly.Location;
        var (code, table) = SeedBesideNumpyTests.RunProcess(python!, Path.Combine(ReadmeTests.Root, "Demo", "samples", "csv_vs_sklearn.py"), "--demo", demo, "--datasets", "iris,wine");
        Assert.That(code, Is.Zero, table);
        var rows = table.Split('\n').Where(line => line.StartsWith("| iris") || line.StartsWith("| wine")).ToList();
        Assert.That(rows, Has.Count.EqualTo(2), table);
        foreach (string row in rows)
        {
            double[] percent = [.. System.Text.RegularExpressions.Regex.Matches(row, @"([\d.]+) %").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
            var (raw, scaled, converged) = (percent[0], percent[1], percent[3]);
            Assert.That(scaled, Is.GreaterThan(raw + 15), $"scaling matters: {row}");
            Assert.That(scaled, Is.GreaterThanOrEqualTo(converged - 5), $"comparable with scikit-learn: {row}");
        }
    }

    private static IEnumerable<TestCaseData> RefusedFiles()
    {
        static TestCaseData Case(string name, string[] lines, string[] args, string expected) => new TestCaseData(lines, args, expected).SetName(name);
        yield return Case("DuplicateHeaderNames", ["a,a,cls", "1,2,x", "3,4,y"], ["--label", "cls"],
            "f.csv:1: the header names 'a' twice (columns 1 and 2); give every column its own name");
        yield return Case("OnlyTheLabel", ["cls", "x", "y"], ["--label", "cls"], "f.csv: no input columns besides the label 'cls'");
        yield return Case("NothingLeftToTest", ["a,cls", "1,x", "2,y"], ["--label", "cls", "--test-fraction", "0.5"],
            "f.csv: --test-fraction 0.5 of 2 samples leaves no test sample (each class keeps at least one for training)");
        yield return Case("RangeOverflows", ["a,b,cls", "-1e308,1,x", "1e308,2,y"], ["--label", "cls", "--normalize"],
            "f.csv: --normalize cannot scale column 'a': its values are too large (min -1e+308, max 1e+308): its range max − min overflows a double; rescale it first");
        yield return Case("BadLabelPastTheLimit", ["a,cls", "1,x", "2,y", "3,"], ["--label", "cls", "--limit", "2"],
            "f.csv:4: the label column 'cls' is empty");
        yield return Case("OneClassInTheLimit", ["a,cls", "1,x", "2,x", "3,y"], ["--label", "cls", "--limit", "2"],
            "f.csv: the label column 'cls' has one class only in the first 2 rows (--limit), 'x'");
    }

    [TestCaseSource(nameof(RefusedFiles))]
    public void DataThatCannotWorkIsRefusedWithFileAndReason(string[] lines, string[] args, string expected) => DemoRunner.InTemporaryDirectory(dir =>
    {
        string path = Csv(dir, "f.csv", lines);
        var result = DemoRunner.Run(["train", "--csv", path, "--epochs", "1", .. args]);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Error, Does.StartWith("error: " + path[..^"f.csv".Length] + expected));
    });

    // café as one character (é, U+00E9) and as e with a combining acute accent (U+0301): they look the same, but names
    // are compared character by character, and .NET built with InvariantGlobalization cannot normalise one into the other.
    private const string Composed = "caf\u00e9", Decomposed = "cafe\u0301";

    private const string TwoSpellings = "Unicode also writes that as one accented letter, and names are compared character by character, so the two spellings would be two different";

    [Test]
    public void ALabelWrittenWithACombiningAccentIsRefusedNotMadeASecondClass() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string path = Csv(dir, "u.csv", "a,label", $"1,{Composed}", "2,tea", $"3,{Decomposed}", "4,tea");
        var result = DemoRunner.Run("train", "--csv", path, "--label", "label", "--epochs", "1");
        Assert.That((result.ExitCode, result.Error), Is.EqualTo((1,
            $"error: {path}:4: the label column 'label' is '{Decomposed}', written with a combining mark (U+0301 after 'e'); {TwoSpellings} classes: save the file in composed form (NFC)\n")));

        // Written one way throughout, café is one class.
        var one = ReadWithLabel(Csv(dir, "c.csv", "a,label", $"1,{Composed}", "2,tea", $"3,{Composed}"), "label");
        Assert.That((one.ClassNames, one.ClassCounts), Is.EqualTo((new[] { Composed, "tea" }, new[] { 2, 1 })));
    });

    [Test]
    public void AHeaderOrALabelOptionWrittenWithACombiningAccentIsRefused() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string decomposedHeader = Csv(dir, "d.csv", $"a,{Decomposed}", "1,x", "2,y");
        var header = DemoRunner.Run("train", "--csv", decomposedHeader, "--label", Composed, "--epochs", "1");
        Assert.That((header.ExitCode, header.Error), Is.EqualTo((1,
            $"error: {decomposedHeader}:1: column 2 of the header is '{Decomposed}', written with a combining mark (U+0301 after 'e'); {TwoSpellings} columns: save the file in composed form (NFC)\n")));

        string composedHeader = Csv(dir, "c.csv", $"a,{Composed}", "1,x", "2,y", "3,x", "4,y");
        var option = DemoRunner.Run("train", "--csv", composedHeader, "--label", Decomposed, "--epochs", "1");
        Assert.That((option.ExitCode, option.Error), Is.EqualTo((2,
            $"error: train: --label '{Decomposed}' is written with a combining mark (U+0301 after 'e'); {TwoSpellings} columns: type it as one accented letter (NFC)\nsee 'make run ARGS=\"train --help\"'\n")));
        Assert.That(DemoRunner.Run("train", "--csv", composedHeader, "--label", Composed, "--epochs", "1").ExitCode, Is.Zero, "the same spelling is found");
    });

    [TestCase("0", "--label 0: places count from 1 (the first column is --label 1)")]
    [TestCase("-1", "--label -1: places count from 1 (the first column is --label 1)")]
    [TestCase(" ", "--label needs a column: its header name, or its place counting from 1")]
    public void ALabelThatNamesNoColumnIsAUsageError(string label, string expected)
    {
        var result = DemoRunner.Run("train", "--csv", Iris, "--label", label);
        Assert.That((result.ExitCode, result.Error), Is.EqualTo((2, $"error: train: {expected}\nsee 'make run ARGS=\"train --help\"'\n")));
        Assert.That(DemoRunner.Run("predict", "--load", "x.json", "--csv", Iris, "--label", label).ExitCode, Is.EqualTo(2), "predict checks it before loading");
    }

    [Test]
    public void QuotedHeadersAndFieldsAreUnquotedAndColumnsAreMatchedByName() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // As R's write.csv writes: every header name quoted, and here the numbers too.
        string quoted = Csv(dir, "q.csv", "\"a\",\"b\",\"cls\"", "\"1\",2,\"x\"", "3,\"4\",y", "1,2,x", "3,4,y");
        string saved = Path.Combine(dir, "q.json");
        var result = DemoRunner.Run("train", "--csv", quoted, "--label", "cls", "--epochs", "1", "--save", saved);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(Network.Load(saved).InputNames, Is.EqualTo(new[] { "a", "b" }));

        // A network trained with target columns knows their names: a file with the inputs swapped is refused.
        string swapped = Csv(dir, "s.csv", "b,a,t", "2,1,0", "4,3,1");
        string targets = Path.Combine(dir, "t.json");
        Assert.That(DemoRunner.Run("train", "--csv", Csv(dir, "t.csv", "a,b,t", "1,2,0", "3,4,1"), "--epochs", "1", "--save", targets).ExitCode, Is.Zero);
        Assert.That(DemoRunner.Run("predict", "--load", targets, "--csv", swapped, "--targets", "1").Error,
            Does.Contain("s.csv: the input columns are 'b', 'a', but the network in " + targets + " takes 'a', 'b' in that order"));
        Assert.That(DemoRunner.Run("train", "--load", targets, "--csv", swapped, "--epochs", "1").Error, Does.Contain("s.csv: the input columns are 'b', 'a'"));
        Assert.That(DemoRunner.Run("predict", "--load", targets, "--csv", swapped).Output, Does.Contain("left out: 't'"), "without --targets: found by name");
    });

    [Test]
    public void PredictNamesTheColumnThatOverflowsAndWarnsOfInputsFarOutsideTraining() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string saved = Path.Combine(dir, "iris.json");
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--standardize", "--epochs", "1", "--save", saved).ExitCode, Is.Zero);
        var far = DemoRunner.Run("predict", "--load", saved, "--input", "5.1,3.5,1.4,0.2; 500,3.5,1.4,0.2");
        Assert.That(far.ExitCode, Is.Zero, far.Error);
        Assert.That(far.Output, Does.Match(@"warning: 1 sample has an input over 10 standard deviations from the training mean, e\.g\. sample 2's 'sepal_length' = 500 \(\d+\); the network never saw such values"));
        Assert.That(DemoRunner.Run("predict", "--load", saved, "--input", "5.1,3.5,1.4,0.2").Output, Does.Not.Contain("warning"));

        // A hand-edited σ of 1e-320 turns an ordinary 3.5 into ∞: the error names the input and the file's numbers.
        string edited = Path.Combine(dir, "edited.json");
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(saved))!;
        file["scaling"]!["std"]![1] = 1e-320;
        File.WriteAllText(edited, file.ToJsonString());
        var overflow = DemoRunner.Run("predict", "--load", edited, "--input", "5.1,3.5,1.4,0.2");
        Assert.That(overflow.ExitCode, Is.EqualTo(1));
        Assert.That(overflow.Error, Does.StartWith("error: --input: sample 1's 'sepal_width' is 3.5, which scales to Infinity (mean 3.05733, std 9.99989e-321), too large a number"));
    });

    [Test]
    public void TheScalingIsFittedOnlyAfterTheValidationSamplesAreHeldOut() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // --validation 30 holds out 30 of iris's 150 samples: μ and σ must be the other 120's, or the validation
        // samples leak into the scaling that the network is then judged on.
        string saved = Path.Combine(dir, "iris.json");
        var result = DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--validation", "30", "--seed", "3", "--standardize", "--epochs", "1", "--save", saved);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var whole = ReadWithLabel(Iris, "species").ToDataset();
        var (kept, _) = whole.Split(30, seed: 3); // the same split, by the same seed
        var scaling = Network.Load(saved).Scaling!;
        for (int i = 0; i < 4; i++)
        {
            double[] values = [.. Enumerable.Range(0, kept.Count).Select(s => kept.X[i, s])];
            double mean = values.Average();
            Assert.That(scaling.First[i], Is.EqualTo(mean).Within(1e-12), $"μ of input {i}");
            Assert.That(scaling.Second[i], Is.EqualTo(Math.Sqrt(values.Average(v => (v - mean) * (v - mean)))).Within(1e-12), $"σ of input {i}");
        }
        double wholeMean = Enumerable.Range(0, whole.Count).Average(s => whole.X[0, s]);
        Assert.That(scaling.First[0], Is.Not.EqualTo(wholeMean).Within(1e-4), "fitted on all 150 the mean would differ");
    });

    [Test]
    public void TheScalingComesFromTheTrainingFileNotTheTestFile() => DemoRunner.InTemporaryDirectory(dir =>
    {
        // The test file is shifted by 1000: fitted on it (or on both) the saved mean would move.
        string train = Csv(dir, "train.csv", ["a,b,label", .. Enumerable.Range(0, 10).Select(i => $"{i},{i % 3},{(i < 5 ? "lo" : "hi")}")]);
        string test = Csv(dir, "test.csv", ["a,b,label", .. Enumerable.Range(0, 10).Select(i => $"{1000 + i},{i % 3},{(i < 5 ? "lo" : "hi")}")]);
        string saved = Path.Combine(dir, "n.json");
        var result = DemoRunner.Run("train", "--csv", train, "--test-csv", test, "--label", "label", "--standardize", "--epochs", "1", "--save", saved);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(Network.Load(saved).Scaling!.First, Is.EqualTo(new[] { 4.5, 0.9 }).Within(1e-12), "the means of train.csv's a (0…9) and b");

        // --load keeps that scaling (and refuses a new one); continued training saves it unchanged.
        string again = Path.Combine(dir, "again.json");
        Assert.That(DemoRunner.Run("train", "--load", saved, "--csv", test, "--label", "label", "--epochs", "1", "--save", again).ExitCode, Is.Zero);
        Assert.That(Network.Load(again).Scaling!.First, Is.EqualTo(new[] { 4.5, 0.9 }).Within(1e-12));
        Assert.That(DemoRunner.Run("train", "--load", saved, "--csv", test, "--label", "label", "--normalize").Error,
            Does.StartWith("error: train: --normalize does not go with --load: the saved network keeps the scaling it was trained with (standardize)"));
    });

    [Test]
    public void ColumnsAndClassesThatDoNotMatchASavedNetworkAreNamed() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string saved = Path.Combine(dir, "iris.json");
        Assert.That(DemoRunner.Run("train", "--csv", Iris, "--label", "species", "--epochs", "1", "--save", saved).ExitCode, Is.Zero);
        // Training on, from a file without virginica, tested on the whole file: the class the training part lacks is named.
        string twoClasses = Csv(dir, "two.csv", [.. File.ReadLines(Iris).Where(line => !line.EndsWith("virginica"))]);
        var result = DemoRunner.Run("train", "--load", saved, "--csv", twoClasses, "--label", "species", "--test-csv", Iris, "--epochs", "1");
        Assert.That(result.Output, Does.Contain($"warning: {Iris} has class 'virginica' that the training part does not: it will always be predicted wrong"));
        // A label column that is one of the network's inputs is refused, not trained on.
        Assert.That(DemoRunner.Run("train", "--load", saved, "--csv", Iris, "--label", "petal_width", "--epochs", "1").Error,
            Does.Contain("the label column 'petal_width' is input 4 of the network in"));

        // A network trained on target columns has no class names: --label is refused.
        string targets = Path.Combine(dir, "xor.json");
        string xor = Path.Combine(ReadmeTests.Root, "Demo", "samples", "xor.csv");
        Assert.That(DemoRunner.Run("train", "--csv", xor, "--epochs", "1", "--save", targets).ExitCode, Is.Zero);
        var label = DemoRunner.Run("predict", "--load", targets, "--csv", xor, "--label", "xor");
        Assert.That((label.ExitCode, label.Error), Is.EqualTo((2, $"error: predict: --label: the network in {targets} has no class names (it was not trained with --label); give --targets K for target columns\nsee 'make run ARGS=\"predict --help\"'\n")));
        // A network saved without input names takes columns by place, and says what an extra column may be.
        string old = Path.Combine(dir, "old.json");
        File.WriteAllText(old, new Network([2, 3, 1], seed: 1).ToJson());
        Assert.That(DemoRunner.Run("predict", "--load", old, "--csv", xor).Error,
            Is.EqualTo($"error: {xor}: has 3 columns but the network takes 2 inputs; if the last 1 column is a target, add --targets 1\n"));
    });

    [Test]
    public void HeadersWithoutANameAndClassNamesInTargetColumnsGetAHint() => DemoRunner.InTemporaryDirectory(dir =>
    {
        string pandas = Csv(dir, "p.csv", ",a,label", "0,1,x", "1,2,y");
        Assert.That(DemoRunner.Run("train", "--csv", pandas, "--targets", "1").Error,
            Does.Contain("p.csv:1: column 1 has no name in the header (pandas writes its row index so; save with df.to_csv(path, index=False)); give every column a name"));
        Assert.That(DemoRunner.Run("train", "--csv", Iris).Error,
            Does.Contain("iris.csv:2: field 5 ('species') is 'setosa', not a finite number; if the column holds class names, give --label 'species'"));
    });

    [Test]
    public void ASplitTakesExactlyTheCountEvenWhenSmallClassesCannotGiveTheirShare()
    {
        // Classes of 1, 1 and 98 samples, 50 asked for: the two single samples stay, the large class gives all 50.
        int[] labels = [0, 1, .. Enumerable.Repeat(2, 98)];
        var data = new Dataset(Matrix.FromRows([[.. labels.Select((_, i) => (double)i)]]), Dataset.OneHot(labels, 3));
        var (kept, splitOff) = data.Split(50, seed: 1);
        Assert.That(splitOff!.Count, Is.EqualTo(50));
        Assert.That(kept.Classes(), Does.Contain(0).And.Contain(1));
    }
}
