using FromScratch;

// `make starter ARGS=per-sample` and `make starter ARGS=adamw`: the checks of your code in Exercises.cs, the way the
// README's exercises 4 and 5 describe them. Each line says pass or FAIL; the exit code is 0 only when all pass.
internal static class Checks
{
    public static int Run(string[] args)
    {
        Func<bool>? check = args switch
        {
            ["per-sample"] => PerSample,
            ["adamw"] => AdamW,
            _ => null,
        };
        if (check is null)
        {
            Console.Error.WriteLine($"unknown check '{string.Join(" ", args)}'; the checks are: make starter ARGS=per-sample (exercise 4), make starter ARGS=adamw (exercise 5)");
            return 2;
        }
        try
        {
            return check() ? 0 : 1;
        }
        catch (NotImplementedException stub)
        {
            Console.WriteLine($"{stub.Message}: replace the stub in Demo/starter/Exercises.cs with your code");
            return 1;
        }
    }

    private static bool Say(bool passed, string what)
    {
        Console.WriteLine($"{(passed ? "pass" : "FAIL")}  {what}");
        return passed;
    }

    // Exercise 4: the mean of per-sample gradients is the batch gradient, on the question's data (m = 2) and on 7 random samples.
    private static bool PerSample()
    {
        bool all = true;
        var random = new Random(4);
        foreach (var (name, network, x, y) in new[]
        {
            ("the question's data, m = 2", new Network([5, 4, 4], seed: 1),
                Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose(), Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose()),
            ("7 random samples, [3, 5, 2]", new Network([3, 5, 2], seed: 2),
                Matrix.Random(3, 7, -1, 1, random), Matrix.Random(2, 7, 0, 1, random).Map(v => v > 0.5 ? 1 : 0)),
        })
        {
            var yours = Exercises.MeanOfPerSampleGradients(network, x, y);
            var report = GradientCheck.Compare(network, x, y, yours);
            all &= Say(report.Passed, $"{name}: the gradient check of your mean of per-sample gradients, overall {report.Overall:0.0e+00}");
            if (!report.Passed)
                Console.WriteLine(report.ToTable());
            var batch = network.Backward(network.Forward(x), y);
            double largest = yours.Weights.Zip(batch.Weights).Concat(yours.Biases.Zip(batch.Biases)).Max(p => p.First.MaxAbsDifference(p.Second));
            all &= Say(largest < 1e-12, $"{name}: largest difference from Backward on the whole batch {largest:0.0e+00} (under 1e-12)");
        }
        return all;
    }

    // Exercise 5: AdamW with λ = 0 is the built-in Adam; its decay shrinks each weight by η·λ·W at the epoch's η, and no bias.
    private static bool AdamW()
    {
        // Five full-batch epochs on 6 random samples, from the same start: with λ = 0 they must end where Adam's do, up to
        // rounding (an AdamW that groups its arithmetic otherwise may differ in the last bits).
        var random = new Random(5);
        Matrix x = Matrix.Random(3, 6, -1, 1, random), y = Matrix.Random(2, 6, 0, 1, random).Map(v => v > 0.5 ? 1 : 0);
        var withAdam = new Network([3, 5, 2], seed: 5);
        var withYours = Network.FromJson(withAdam.ToJson());
        withAdam.Train(x, y, new TrainingOptions { Epochs = 5, Patience = 0, UpdateRule = new Adam(0.01) });
        withYours.Train(x, y, new TrainingOptions { Epochs = 5, Patience = 0, UpdateRule = new Exercises.AdamW(0.01, weightDecay: 0) });
        double largest = withAdam.Weights.Zip(withYours.Weights).Concat(withAdam.Biases.Zip(withYours.Biases)).Max(p => p.First.MaxAbsDifference(p.Second));
        bool isAdam = Say(largest <= 1e-12, $"with λ = 0, five epochs of your AdamW(0.01) end where Adam(0.01)'s do (largest difference {largest:0.0e+00})");

        // A zero gradient: Adam's own step is 0, so only the decay moves W, by η·λ·W; the bias stays.
        var rule = new Exercises.AdamW(0.1, weightDecay: 0.5);
        Matrix w = Matrix.FromRows([1, -2], [0.5, 4]), b = Matrix.Column(3, -1);
        rule.Step(0, w, Matrix.Zeros(2, 2));
        rule.Step(1, b, Matrix.Zeros(2, 1));
        double missW = w.MaxAbsDifference(Matrix.FromRows([0.95, -1.9], [0.475, 3.8])), missB = b.MaxAbsDifference(Matrix.Column(3, -1));
        bool decays = Say(missW < 1e-15, $"with a zero gradient, η = 0.1 and λ = 0.5, W becomes 0.95·W (largest miss {missW:0.0e+00})");
        bool biases = Say(missB == 0, $"and the bias b is not decayed (largest change {missB:0.0e+00})");
        rule.LearningRate = 0.02; // as a --lr-decay schedule sets it at the start of an epoch
        rule.Step(0, w, Matrix.Zeros(2, 2));
        double missScheduled = w.MaxAbsDifference(Matrix.FromRows([0.95 * 0.99, -1.9 * 0.99], [0.475 * 0.99, 3.8 * 0.99]));
        bool scheduled = Say(missScheduled < 1e-15, $"after LearningRate = 0.02 (a schedule's), the next step decays W by 0.02·0.5·W (largest miss {missScheduled:0.0e+00})");
        return isAdam && decays && biases && scheduled;
    }
}
