namespace FromScratch.Tests;

// Each schedule's η at chosen epochs against its formula worked out here, their refusals, and training taking exactly
// those η with every rule.
public class LearningRateScheduleTests
{
    private static IEnumerable<TestCaseData> Rates()
    {
        // η0 = 0.8. Step: ×0.5 every 3 epochs. Exponential: ×0.9 every epoch. 1/t: η0/(1 + 0.5·(epoch − 1)).
        // Cosine over 4 epochs: η0·(1 + cos(π·(epoch − 1)/4))/2.
        yield return new TestCaseData(LearningRateSchedule.Step(3, 0.5), new[] { 1, 3, 4, 6, 7, 10 }, new[] { 0.8, 0.8, 0.4, 0.4, 0.2, 0.1 }).SetArgDisplayNames("step:3:0.5");
        yield return new TestCaseData(LearningRateSchedule.Exponential(0.9), new[] { 1, 2, 3, 5 }, new[] { 0.8, 0.72, 0.648, 0.52488 }).SetArgDisplayNames("exp:0.9");
        yield return new TestCaseData(LearningRateSchedule.Inverse(0.5), new[] { 1, 2, 3, 5, 21 }, new[] { 0.8, 0.8 / 1.5, 0.4, 0.8 / 3, 0.8 / 11 }).SetArgDisplayNames("inverse:0.5");
        yield return new TestCaseData(LearningRateSchedule.Cosine(4), new[] { 1, 2, 3, 4, 5, 9 },
            new[] { 0.8, 0.4 * (1 + Math.Sqrt(0.5)), 0.4, 0.4 * (1 - Math.Sqrt(0.5)), 0, 0 }).SetArgDisplayNames("cosine:4");
    }

    [TestCaseSource(nameof(Rates))]
    public void EachScheduleGivesItsFormulasRate(LearningRateSchedule schedule, int[] epochs, double[] expected)
    {
        for (int i = 0; i < epochs.Length; i++)
            Assert.That(schedule.At(0.8, epochs[i]), Is.EqualTo(expected[i]).Within(1e-15), $"{schedule.Name}, epoch {epochs[i]}");
    }

    [Test]
    public void EachScheduleIsNamedAsTheDemoTakesIt()
    {
        Assert.That(new[] { LearningRateSchedule.Step(10, 0.5), LearningRateSchedule.Exponential(0.95), LearningRateSchedule.Inverse(0.01), LearningRateSchedule.Cosine(30) }.Select(s => s.Name),
            Is.EqualTo(new[] { "step:10:0.5", "exp:0.95", "inverse:0.01", "cosine:30" }));
    }

    private static IEnumerable<TestCaseData> BadSchedules()
    {
        TestCaseData Refused(Func<LearningRateSchedule> make, string message) => new TestCaseData(make, message).SetArgDisplayNames(message);
        yield return Refused(() => LearningRateSchedule.Step(0, 0.5), "LearningRateSchedule.Step: the epochs between drops must be at least 1, got 0");
        yield return Refused(() => LearningRateSchedule.Step(5, 1), "LearningRateSchedule.Step: the factor γ must be in (0, 1), got 1");
        yield return Refused(() => LearningRateSchedule.Exponential(0), "LearningRateSchedule.Exponential: the factor γ must be in (0, 1), got 0");
        yield return Refused(() => LearningRateSchedule.Exponential(1.05), "LearningRateSchedule.Exponential: the factor γ must be in (0, 1), got 1.05");
        yield return Refused(() => LearningRateSchedule.Inverse(-0.1), "LearningRateSchedule.Inverse: k must be a positive finite number, got -0.1");
        yield return Refused(() => LearningRateSchedule.Inverse(double.PositiveInfinity), "LearningRateSchedule.Inverse: k must be a positive finite number, got Infinity");
        yield return Refused(() => LearningRateSchedule.Cosine(0), "LearningRateSchedule.Cosine: the epochs T must be at least 1, got 0");
    }

    [TestCaseSource(nameof(BadSchedules))]
    public void AScheduleRefusesAConstantOutOfRange(Func<LearningRateSchedule> make, string message) =>
        Assert.That(Assert.Throws<ArgumentException>(() => make())!.Message, Is.EqualTo(message));

    // Records the η of every step (on W1, the first parameter of each) and takes none, so every epoch's loss is the same.
    private sealed class RateRecorder() : UpdateRule(learningRate: 0.8)
    {
        public List<double> Rates { get; } = [];

        public override void Step(int index, Matrix parameter, Matrix gradient)
        {
            if (index == 0)
                Rates.Add(LearningRate);
        }
    }

    [Test]
    public void TrainingTakesTheSchedulesRateForEveryStepOfEachEpochAndReportsIt()
    {
        // 10 samples in batches of 5: two steps per epoch, both at the epoch's η.
        var (x, y) = SeedData.Random([3, 4, 2], 10, seed: 2);
        var rule = new RateRecorder();
        var reported = new List<double>();
        new Network([3, 4, 2], seed: 3).Train(x, y, new TrainingOptions
        {
            Epochs = 6,
            BatchSize = 5,
            Patience = 0,
            UpdateRule = rule,
            LearningRateSchedule = LearningRateSchedule.Step(2, 0.5),
            ReportEvery = 1,
            Progress = report => reported.Add(report.LearningRate),
        });
        Assert.That(rule.Rates, Is.EqualTo(new[] { 0.8, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.2 }));
        Assert.That(reported, Is.EqualTo(new[] { 0.8, 0.8, 0.4, 0.4, 0.2, 0.2 }));

        // Without a schedule every epoch is back at η0, whatever the rule's η was left at.
        rule.Rates.Clear();
        new Network([3, 4, 2], seed: 3).Train(x, y, new TrainingOptions { Epochs = 2, BatchSize = 5, Patience = 0, UpdateRule = rule });
        Assert.That(rule.Rates, Is.EqualTo(new[] { 0.8, 0.8, 0.8, 0.8 }));
    }

    private static IEnumerable<TestCaseData> Rules()
    {
        yield return new TestCaseData((Func<UpdateRule>)(() => new GradientDescent(0.5))).SetArgDisplayNames("sgd");
        yield return new TestCaseData((Func<UpdateRule>)(() => new GradientDescent(0.5, 0.9))).SetArgDisplayNames("momentum");
        yield return new TestCaseData((Func<UpdateRule>)(() => new NesterovMomentum(0.5, 0.9))).SetArgDisplayNames("nesterov");
        yield return new TestCaseData((Func<UpdateRule>)(() => new AdaGrad(0.1))).SetArgDisplayNames("adagrad");
        yield return new TestCaseData((Func<UpdateRule>)(() => new RmsProp(0.01))).SetArgDisplayNames("rmsprop");
        yield return new TestCaseData((Func<UpdateRule>)(() => new Adam(0.01))).SetArgDisplayNames("adam");
    }

    [TestCaseSource(nameof(Rules))]
    public void EveryRuleStepsAtTheSchedulesRate(Func<UpdateRule> makeRule)
    {
        // Train with η0·0.5^(epoch − 1), against Forward, Backward and Update by hand with the rule's η set so each epoch.
        var trained = new Network([5, 4, 4], seed: 3);
        var byHand = Network.FromJson(trained.ToJson());
        var unscheduled = Network.FromJson(trained.ToJson());
        trained.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 5, Patience = 0, UpdateRule = makeRule(), LearningRateSchedule = LearningRateSchedule.Exponential(0.5) });
        unscheduled.Train(SeedData.X, SeedData.Y, new TrainingOptions { Epochs = 5, Patience = 0, UpdateRule = makeRule() });
        var rule = makeRule();
        for (int epoch = 1; epoch <= 5; epoch++)
        {
            rule.LearningRate = rule.InitialLearningRate * Math.Pow(0.5, epoch - 1);
            byHand.Update(byHand.Backward(byHand.Forward(SeedData.X), SeedData.Y), rule);
        }
        for (int l = 0; l < trained.LayerCount; l++)
        {
            Assert.That(trained.Weights[l].MaxAbsDifference(byHand.Weights[l]), Is.Zero, $"W{l + 1}");
            Assert.That(trained.Biases[l].MaxAbsDifference(byHand.Biases[l]), Is.Zero, $"b{l + 1}");
        }
        Assert.That(trained.Weights[1].MaxAbsDifference(unscheduled.Weights[1]), Is.GreaterThan(1e-4), "the schedule made a difference");
    }

    [Test]
    public void AScheduleOfYourOwnThatGivesNoRateIsRefusedNamingTheEpoch()
    {
        var broken = new LearningRateSchedule("broken", (eta0, epoch) => epoch < 3 ? eta0 : -eta0);
        var error = Assert.Throws<InvalidOperationException>(() => new Network([5, 4, 4], seed: 1).Train(SeedData.X, SeedData.Y,
            new TrainingOptions { Epochs = 5, Patience = 0, LearningRateSchedule = broken }));
        Assert.That(error!.Message, Is.EqualTo("Train: the learning-rate schedule broken gave -0.5 for epoch 3; η must be a finite number, at least 0"));
    }
}
