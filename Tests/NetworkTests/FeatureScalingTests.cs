namespace FromScratch.Tests;

// The input scaling against hand computation, and the data's description saved and loaded with the network.
public class FeatureScalingTests
{
    // Two features, four training samples (one per column): [1, 2, 3, 6] and a constant 5.
    private static readonly Matrix Train = Matrix.FromRows([[1, 2, 3, 6], [5, 5, 5, 5]]);

    [Test]
    public void StandardizeIsXMinusTheMeanOverTheDeviationByHand()
    {
        var scaling = FeatureScaling.Standardize(Train);
        // μ = 12/4 = 3; σ² = (4 + 1 + 0 + 9)/4 = 3.5 (1/m, as numpy's std); the constant feature has σ = 0.
        Assert.That(scaling.First, Is.EqualTo(new[] { 3.0, 5.0 }));
        Assert.That(scaling.Second[0], Is.EqualTo(Math.Sqrt(3.5)).Within(1e-15));
        Assert.That(scaling.Second[1], Is.Zero);
        Assert.That(scaling.ConstantFeatures, Is.EqualTo(new[] { 1 }));
        var scaled = scaling.Apply(Train);
        double[] expected = [-2 / Math.Sqrt(3.5), -1 / Math.Sqrt(3.5), 0, 3 / Math.Sqrt(3.5)];
        for (int s = 0; s < 4; s++)
        {
            Assert.That(scaled[0, s], Is.EqualTo(expected[s]).Within(1e-15));
            Assert.That(scaled[1, s], Is.Zero, "a feature constant in training becomes 0");
        }
        Assert.That(Train[0, 0], Is.EqualTo(1), "Apply leaves its input alone");
    }

    [Test]
    public void NormalizeMapsTheTrainingRangeOntoZeroToOne()
    {
        var scaling = FeatureScaling.Normalize(Train);
        Assert.That((scaling.First[0], scaling.Second[0]), Is.EqualTo((1.0, 6.0)));
        var scaled = scaling.Apply(Train);
        Assert.That(Enumerable.Range(0, 4).Select(s => scaled[0, s]), Is.EqualTo(new[] { 0, 0.2, 0.4, 1 }).Within(1e-15));
        Assert.That(Enumerable.Range(0, 4).Select(s => scaled[1, s]), Is.All.Zero);
    }

    [Test]
    public void NewDataIsScaledWithTheTrainingStatisticsNotItsOwn()
    {
        // A test part shifted by +100: scaled with the training μ and σ it lands far from 0, as it should;
        // fitted on itself it would look just like the training part and hide the shift.
        var scaling = FeatureScaling.Standardize(Train);
        var shifted = Matrix.FromRows([[101, 102, 103, 106], [5, 5, 5, 5]]);
        var scaled = scaling.Apply(shifted);
        Assert.That(scaled[0, 0], Is.EqualTo(98 / Math.Sqrt(3.5)).Within(1e-12));
        Assert.That(FeatureScaling.Standardize(shifted).Apply(shifted)[0, 0], Is.EqualTo(-2 / Math.Sqrt(3.5)).Within(1e-12));
        var constantChanged = scaling.Apply(Matrix.FromRows([[3], [7]]));
        Assert.That((constantChanged[0, 0], constantChanged[1, 0]), Is.EqualTo((0.0, 0.0)), "a feature that was constant in training stays 0, never ±∞");
    }

    [Test]
    public void BadStatisticsAndShapesAreRefusedByName()
    {
        Assert.That(() => FeatureScaling.FromStatistics("log", [0.0], [1.0]), Throws.ArgumentException.With.Message.Contains("the methods are standardize and normalize"));
        Assert.That(() => FeatureScaling.FromStatistics("standardize", [0.0, 1], [1.0]), Throws.ArgumentException.With.Message.Contains("got 2 and 1"));
        Assert.That(() => FeatureScaling.FromStatistics("standardize", [double.NaN], [1.0]), Throws.ArgumentException.With.Message.Contains("must be finite"));
        Assert.That(() => FeatureScaling.Standardize(Train).Apply(Matrix.Zeros(3, 1)), Throws.ArgumentException.With.Message.Contains("fitted to 2 features"));
        var network = new Network([2, 3, 2], seed: 1);
        Assert.That(() => network.Scaling = FeatureScaling.Standardize(Matrix.Zeros(3, 2)), Throws.ArgumentException.With.Message.Contains("3 features but the network takes 2 inputs"));
        Assert.That(() => network.InputNames = ["a"], Throws.ArgumentException.With.Message.Contains("got 1 names but the network has 2 inputs"));
        Assert.That(() => network.ClassNames = ["a", null!], Throws.ArgumentException.With.Message.Contains("name 1 is null"));
    }

    [Test]
    public void NamesAndScalingAreSavedReadablyAndLoadedSoRawRowsPredictAsBefore()
    {
        var raw = Matrix.FromRows([[1, 2, 3, 6, 40], [5, 5, 5, 5, 9]]);
        foreach (var scaling in new[] { FeatureScaling.Standardize(Train), FeatureScaling.Normalize(Train) })
        {
            var network = new Network([2, 3, 2], seed: 4) { InputNames = ["width \"w\" <é>", "height"], ClassNames = ["cat", "dog"], Scaling = scaling };
            string json = network.ToJson();
            Assert.That(json, Does.Contain("\"inputNames\": [\"width \\\"w\\\" <é>\", \"height\"]").And.Contain("\"classNames\": [\"cat\", \"dog\"]"));
            Assert.That(json, Does.Contain(scaling.Method == "standardize" ? "\"method\": \"standardize\", \"mean\": [3, 5], \"std\": [" + scaling.Second[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ", 0]" : "\"method\": \"normalize\", \"min\": [1, 5], \"max\": [6, 5]"));
            var loaded = Network.FromJson(json);
            Assert.That(loaded.InputNames, Is.EqualTo(network.InputNames));
            Assert.That(loaded.ClassNames, Is.EqualTo(network.ClassNames));
            Assert.That((loaded.Scaling!.Method, loaded.Scaling.First, loaded.Scaling.Second), Is.EqualTo((scaling.Method, scaling.First, scaling.Second)));
            MatrixAssert.Close(loaded.Predict(loaded.Scaling.Apply(raw)), network.Predict(scaling.Apply(raw)), 0);
        }
    }

    [Test]
    public void InvertTakesScaledValuesBackToTheOriginalUnits()
    {
        // Targets 100, 200, 300 (μ 200, σ √(20000/3)) and a constant 7 (σ 0: back as 7, as Apply made it 0).
        var y = Matrix.FromRows([[100, 200, 300], [7, 7, 7]]);
        var scaling = FeatureScaling.Standardize(y);
        double sigma = Math.Sqrt(20000.0 / 3);
        MatrixAssert.Close(scaling.Invert(Matrix.FromRows([[-1, 0, 0.5], [0, 2, -3]])), Matrix.FromRows([[200 - sigma, 200, 200 + 0.5 * sigma], [7, 7, 7]]), 1e-12);
        MatrixAssert.Close(scaling.Invert(scaling.Apply(y)), y, 1e-12);
        var range = FeatureScaling.Normalize(y);
        MatrixAssert.Close(range.Invert(Matrix.FromRows([[0.25], [0.5]])), Matrix.FromRows([[150], [7]]), 1e-12); // min + (max − min)·x′
        Assert.That(() => scaling.Invert(Matrix.Zeros(3, 1)), Throws.ArgumentException.With.Message.Contains("fitted to 2 features, so X′ must be (2, m)"));
        var huge = FeatureScaling.FromStatistics("standardize", [0.0], [1e300]);
        Assert.That(() => huge.Invert(Matrix.FromRows([1e10])), Throws.TypeOf<ScalingOverflowException>().With.Message.Contains("comes back as ∞").Or.Message.Contains("comes back as Infinity"));
    }

    [Test]
    public void ARegressionNetworksTargetsAreSavedAsVersion4AndOthersStayVersion3()
    {
        var targets = FeatureScaling.Standardize(Matrix.FromRows([[25, 150, 346]]));
        var network = new Network([2, 3, 1], loss: Loss.LinearHuber, seed: 4) { InputNames = ["bmi", "bp"], TargetNames = ["progression"], TargetScaling = targets };
        string json = network.ToJson();
        Assert.That(json, Does.Contain("\"version\": 4").And.Contain("\"outputActivation\": \"linear\"").And.Contain("\"loss\": \"huber\"")
            .And.Contain("\"targetNames\": [\"progression\"]").And.Contain("\"targetScaling\": { \"method\": \"standardize\", \"mean\": ["));
        var loaded = Network.FromJson(json);
        Assert.That((loaded.Loss, loaded.TargetNames, loaded.TargetScaling!.First, loaded.TargetScaling.Second),
            Is.EqualTo((Loss.LinearHuber, network.TargetNames, targets.First, targets.Second)));
        var x = Matrix.FromRows([[0.5, -1], [2, 0]]);
        MatrixAssert.Close(loaded.TargetScaling.Invert(loaded.Predict(x)), targets.Invert(network.Predict(x)), 0);
        Assert.That(new Network([2, 3, 1], seed: 4).ToJson(), Does.Contain("\"version\": 3"), "a file without a target's description stays readable by version-3 code");
        Assert.That(() => network.TargetScaling = FeatureScaling.Standardize(Matrix.Zeros(2, 2)), Throws.ArgumentException.With.Message.Contains("2 features but the network has 1 outputs"));
    }

    [Test]
    public void ANetworkWithoutADescriptionSavesNoneOfItsFieldsAndLoadsWithNulls()
    {
        string json = new Network([2, 3, 1], seed: 1).ToJson();
        Assert.That(json, Does.Not.Contain("inputNames").And.Not.Contain("classNames").And.Not.Contain("scaling"));
        var loaded = Network.FromJson(json.Replace("\"version\": 3", "\"version\": 2"));
        Assert.That((loaded.InputNames, loaded.ClassNames, loaded.Scaling), Is.EqualTo(((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null, (FeatureScaling?)null)));
    }

    [Test]
    public void StatisticsThatOverflowAreRefusedByFeature()
    {
        // Squares of values beyond about 1e154 overflow a double, and so does a range from −1e308 to 1e308.
        Assert.That(() => FeatureScaling.Standardize(Matrix.FromRows([[1, 2], [1e160, -1e160]])),
            Throws.TypeOf<ScalingOverflowException>().With.Property("Feature").EqualTo(1).And.Message.StartsWith("FeatureScaling.Standardize: feature 1's values are too large to scale (mean 0, std Infinity): its mean or deviation overflows a double"));
        Assert.That(() => FeatureScaling.Normalize(Matrix.FromRows([[0, 1], [-1e308, 1e308]])),
            Throws.TypeOf<ScalingOverflowException>().With.Message.StartsWith("FeatureScaling.Normalize: feature 1's values are too large to scale (min -1e+308, max 1e+308)"));
        // A σ so small (from a hand-edited file) that an ordinary value scales to ∞ names the feature and sample.
        var tiny = FeatureScaling.FromStatistics("standardize", [0.0, 0], [1.0, 1e-320]);
        var error = Assert.Throws<ScalingOverflowException>(() => tiny.Apply(Matrix.FromRows([[1, 2], [0, 5]])));
        Assert.That((error!.Feature, error.Sample), Is.EqualTo((1, 1)));
    }

    [TestCase("[\"a\", \"a\"]", "\"inputNames\": names 0 and 1 are both \"a\"; each name must be different")]
    [TestCase("[\"a\", \"\"]", "\"inputNames\": name 1 is empty")]
    public void NamesThatCannotBeLookedUpAreRefused(string names, string expected)
    {
        string json = new Network([2, 3, 1], seed: 1).ToJson().Replace("  \"layers\"", $"  \"inputNames\": {names},\n  \"layers\"");
        Assert.That(() => Network.FromJson(json), Throws.TypeOf<NetworkFileException>().With.Message.Contains(expected));
        Assert.That(() => Network.FromJson(json.Replace("\"version\": 3", "\"version\": 2").Replace(names, "[\"a\", \"b\"]")),
            Throws.TypeOf<NetworkFileException>().With.Message.Contains("\"inputNames\" came with version 3, but \"version\" is 2"));
    }
}
