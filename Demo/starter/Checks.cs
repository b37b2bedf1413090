using FromScratch;

// `make starter ARGS=per-sample` and `make starter ARGS=adam`: the checks of your code in Exercises.cs, the way the
// README's exercises 4 and 5 describe them. Each line says pass or FAIL; the exit code is 0 only when all pass.
internal static class Checks
{
    public static int Run(string[] args)
    {
        Func<bool>? check = args switch
        {
            ["per-sample"] => PerSample,
            ["adam"] => Adam,
            _ => null,
        };
        if (check is null)
        {
            Console.Error.WriteLine($"unknown check '{string.Join(" ", args)}'; the checks are: make starter ARGS=per-sample (exercise 4), make starter ARGS=adam (exercise 5)");
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

    // Exercise 5: Adam's first step moves every weight by η against its gradient's sign; XOR trains in under a third of the epochs.
    private static bool Adam()
    {
        var network = new Network([5, 4, 4], seed: 1);
        Matrix x = Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose(), y = Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose();
        var before = network.Weights[0].Copy();
        var gradients = network.Backward(network.Forward(x), y);
        network.Update(gradients, new Exercises.Adam(learningRate: 0.01));
        double worst = 0;
        for (int r = 0; r < before.Rows; r++)
            for (int c = 0; c < before.Cols; c++)
                if (Math.Abs(gradients.Weights[0][r, c]) > 1e-6)
                    worst = Math.Max(worst, Math.Abs(before[r, c] - network.Weights[0][r, c] - 0.01 * Math.Sign(gradients.Weights[0][r, c])));
        bool firstStep = Say(worst < 1e-6, $"the first step moves each weight of W1 by 0.01 against its gradient's sign (largest miss {worst:0.0e+00})");

        // XOR, as exercise 5 says: epochs until the loss is under 0.05, Patience = 0 so that neither stops early.
        static int EpochsToReach(UpdateRule rule)
        {
            var history = new Network([2, 4, 1], seed: 2).Train(Matrix.FromRows([0, 0, 1, 1], [0, 1, 0, 1]), Matrix.FromRows([0, 1, 1, 0]),
                new TrainingOptions { Epochs = 20_000, Patience = 0, UpdateRule = rule });
            return history.Losses.ToList().FindIndex(loss => loss < 0.05) + 1;  // 0 when never reached
        }
        int plain = EpochsToReach(new GradientDescent(0.5)), adam = EpochsToReach(new Exercises.Adam(learningRate: 0.05));
        bool faster = Say(adam > 0 && adam < plain / 3.0,
            $"XOR [2, 4, 1], seed 2, to loss 0.05: GradientDescent(0.5) {plain} epochs, your Adam(0.05) {(adam > 0 ? $"{adam} epochs" : "never in 20000")} (under a third)");
        return firstStep && faster;
    }
}
