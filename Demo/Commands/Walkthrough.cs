using System.Globalization;

namespace FromScratch.Demo;

/// <summary><c>make demo</c>: the question's story in five chapters, from the shape error to a checked network.</summary>
internal static class Walkthrough
{
    public const string Help =
        """
        Demo — the walkthrough (no command): the question's data, its shape error, zero init,
        the fixed training loop, and the gradient check.

        usage: Demo [--shapes [--svg FILE [--force]]] [--help]
          --shapes   print every matrix operation of one forward and backward pass of [5, 4, 4]
          --svg FILE with --shapes: also draw the network, its shapes and both passes as a picture
        """;

    public static int Run(Options options, TextWriter output, Style style)
    {
        var seed = ToyData.Seed();
        string? svgPath = options.Text("svg");
        if (svgPath is not null && !options.Flag("shapes"))
            throw options.Usage("--svg goes with --shapes (the picture of the network)");
        if (svgPath is not null)
            OutputFile.Check(svgPath, options.Flag("force"), "--svg");
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.Lines(new Network([5, 4, 4], seed: 1), seed.X, seed.Y))
                output.WriteLine(line);
            if (svgPath is not null)
            {
                OutputFile.Write(svgPath, NetworkPicture.Draw(new Network([5, 4, 4], seed: 1), seed.X, seed.Y), options.Flag("force"), "--svg");
                output.WriteLine(Echo.Line($"wrote {svgPath}")); // the name as typed, control characters escaped
            }
            return 0;
        }
        DataAndShapes(output, style, seed);
        TheOriginalBug(output, style, seed);
        ZeroInitialisation(output, style, seed);
        TheFix(output, style, seed);
        GradientChecks(output, style, seed);
        output.WriteLine();
        output.WriteLine(style.Heading("Where next"));
        output.WriteLine("From the repository root:");
        output.WriteLine("  make xor | moons | spiral          learn a 2-D problem, draw the boundary (ARGS=\"--svg FILE\")");
        output.WriteLine("  make fashion                       train on Fashion-MNIST (dataset-fashion-mnist package)");
        output.WriteLine("  make gradcheck ARGS=\"--hidden 4,4\" check the gradients of any configuration");
        output.WriteLine("  make seed                          this network trained as the corrected numpy program does");
        output.WriteLine("  make demo ARGS=--shapes            every operation of one pass, with shapes");
        output.WriteLine("  make bench                         speed of Dot and of training");
        output.WriteLine("  make run ARGS=\"COMMAND --help\"     any command (train, predict, …) and its options");
        return 0;
    }

    private static void DataAndShapes(TextWriter output, Style style, Dataset seed)
    {
        output.WriteLine(style.Heading("1. The data and the shapes"));
        output.WriteLine("One sample per column: two samples of 5 inputs make X (5, 2); their targets make Y (4, 2).");
        output.WriteLine($"X = {seed.X}");
        output.WriteLine($"Y = {seed.Y}");
        var network = new Network([5, 4, 4], seed: 1);
        output.WriteLine("The network [5, 4, 4]: 5 inputs, 4 hidden units, 4 outputs. W is (out, in), b is (out, 1):");
        for (int l = 0; l < network.LayerCount; l++)
            output.WriteLine($"  W{l + 1} {network.Weights[l].Shape}   b{l + 1} {network.Biases[l].Shape}");
        output.WriteLine("A product is legal when the inner sizes agree: (a × b) · (b × c) = (a × c).");
        output.WriteLine("  W1 (4, 5) · X (5, 2) -> (4, 2), and W2 (4, 4) · A1 (4, 2) -> (4, 2).");
        output.WriteLine();
    }

    private static void TheOriginalBug(TextWriter output, Style style, Dataset seed)
    {
        output.WriteLine(style.Heading("2. The original bug"));
        output.WriteLine("The question kept samples as rows, X (2, 5), and predicted with W2 · X:");
        var network = new Network([5, 4, 4], seed: 1);
        try
        {
            network.Weights[1].Dot(seed.X.Transpose());
            output.WriteLine(style.Bad("  (no error: this should not happen)"));
        }
        catch (ShapeMismatchException error)
        {
            // The message is long; break it after the numpy-style part so it fits the terminal.
            string[] parts = error.Message.Split("; ", 2);
            output.WriteLine($"  {style.Bad("ShapeMismatchException")}: {parts[0]};");
            output.WriteLine($"  {parts[1]}");
        }
        output.WriteLine("W2 belongs to the second layer; it can only multiply A1. Prediction is the whole");
        output.WriteLine("forward pass as a function of X:  A1 = σ(W1·X + b1),  A2 = σ(W2·A1 + b2).");
        output.WriteLine($"Predict(X) from random weights = {network.Predict(seed.X)}");
        output.WriteLine();
    }

    private static void ZeroInitialisation(TextWriter output, Style style, Dataset seed)
    {
        output.WriteLine(style.Heading("3. Zero initialisation"));
        var network = new Network([5, 4, 4], Initialization.Zeros);
        output.WriteLine("All-zero weights and biases give Z = 0 everywhere, so before training every output is σ(0) = 0.5:");
        output.WriteLine($"Predict(X) = {network.Predict(seed.X)}");
        network.Train(seed.X, seed.Y, new TrainingOptions { Epochs = 2000, Patience = 0 });
        output.WriteLine("Trained 2000 epochs from all-zero weights. Every hidden unit sees the same inputs and");
        output.WriteLine("gets the same gradient, so the rows of W1 stay identical: 4 units doing one unit's job.");
        output.WriteLine($"W1 = {network.Weights[0]}");
        output.WriteLine("One unit happens to be enough to tell these two samples apart (only input 2 differs),");
        output.WriteLine("so the fit looks fine here; on real data the copies cannot learn different features.");
        output.WriteLine($"Predict(X) = {network.Predict(seed.X)}");

        // The second effect: with balanced targets the gradient from zero weights is exactly zero.
        var xor = ToyData.Xor();
        var stuck = new Network([2, 4, 1], Initialization.Zeros);
        var history = stuck.Train(xor.X, xor.Y, new TrainingOptions { Epochs = 2000, Patience = 0 });
        double largestWeight = stuck.Weights.Concat(stuck.Biases).Max(p => p.ToRows().SelectMany(row => row).Max(Math.Abs));
        output.WriteLine("Worse on XOR, whose targets are half 0 and half 1. Every A1 and A2 is 0.5, so");
        output.WriteLine("db2 = mean(A2 − Y) = 0.5 − 0.5 = 0 and dW2 = (1/m)·dZ2·A1ᵀ = 0.5·mean(dZ2) = 0; with W2 = 0,");
        output.WriteLine("dZ1 = W2ᵀ·dZ2 ⊙ σ′(Z1) = 0 too. The gradient is exactly zero and not one weight moves:");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"XOR from zeros, 2000 epochs: loss {history.Losses[0]:0.000000} -> {history.FinalLoss:0.000000} (ln 2 = {Math.Log(2):0.000000}), largest |W or b| {largestWeight}"));
        output.WriteLine();
    }

    private static void TheFix(TextWriter output, Style style, Dataset seed)
    {
        output.WriteLine(style.Heading("4. The fix: random weights and a loop that runs while the loss improves"));
        var network = new Network([5, 4, 4], Initialization.Uniform, seed: 1);
        var options = new TrainingOptions { Epochs = 20_000, LearningRate = 0.5, Patience = 100, MinImprovement = 1e-5 };
        var history = network.Train(seed.X, seed.Y, options);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Weights uniform in [-1, 1], learning rate 0.5. Loss {history.Losses[0]:0.0000} -> {history.FinalLoss:0.0000e+0} in {history.Epochs} epochs;"));
        output.WriteLine(history.StoppedEarly
            ? $"stopped when {options.Patience} epochs in a row brought the loss no more than {options.MinImprovement:0e+0} below its best."
            : $"stopped at the epoch limit ({options.Epochs}).");
        output.WriteLine(TerminalPlot.LossCurve(history.Losses));
        var prediction = network.Predict(seed.X);
        output.WriteLine("sample  target        prediction");
        for (int s = 0; s < seed.Count; s++)
        {
            var target = Enumerable.Range(0, 4).Select(r => seed.Y[r, s].ToString("0", CultureInfo.InvariantCulture));
            var predicted = Enumerable.Range(0, 4).Select(r => prediction[r, s].ToString("0.000", CultureInfo.InvariantCulture));
            output.WriteLine($"{s + 1,-7} [{string.Join(" ", target)}]     [{string.Join(" ", predicted)}]");
        }
        double worst = prediction.MaxAbsDifference(seed.Y);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest |prediction − target| = {worst:0.0000}"));
        output.WriteLine();
    }

    private static void GradientChecks(TextWriter output, Style style, Dataset seed)
    {
        output.WriteLine(style.Heading("5. Gradient check: backprop against (L(θ+ε) − L(θ−ε)) / 2ε"));
        foreach (var loss in Loss.All)
        {
            var report = GradientCheck.Run(new Network([5, 4, 4], loss: loss, seed: 1), seed.X, seed.Y);
            output.WriteLine($"[5, 4, 4], {loss.Output} output, {loss.Name} loss:");
            output.WriteLine(Mark(report.ToTable(), style));
        }
        var wrong = Loss.MeanSquaredError.WithDelta("mse, with the answer's dZ2 = A2 − Y", (a, y) => a - y, "A − Y");
        var failing = GradientCheck.Run(new Network([5, 4, 4], loss: wrong, seed: 1), seed.X, seed.Y);
        output.WriteLine("MSE with the answer's dZ2 = A2 − Y (exact only for cross-entropy); the check catches it:");
        output.WriteLine(Mark(failing.ToTable(), style));

        // The question's other slip: 1/m applied twice. With m = 2 every gradient is half the true one.
        var network = new Network([5, 4, 4], seed: 1);
        var right = network.Backward(network.Forward(seed.X), seed.Y);
        var halved = new Gradients([.. right.Weights.Select(w => w / seed.Count)], [.. right.Biases.Select(b => b / seed.Count)]);
        var doubled = GradientCheck.Compare(network, seed.X, seed.Y, halved);
        output.WriteLine("The question's gradients divided by m twice (here m = 2, so each is half the true one):");
        output.WriteLine(Mark(doubled.ToTable(), style));
        output.WriteLine("‖a − n‖ / (‖a‖ + ‖n‖) with a = n/2 is (1/2) / (3/2) = 1/3: every row fails by the same third.");
    }

    private static string Mark(string table, Style style) =>
        table.Replace(" pass ", style.Good(" pass ")).Replace(" FAIL ", style.Bad(" FAIL "))
             .Replace(": PASS", ": " + style.Good("PASS")).Replace(": FAIL", ": " + style.Bad("FAIL"));
}
