namespace FromScratch.Demo;

/// <summary>
/// <c>seed</c>: the question's network trained step for step as the corrected numpy program
/// <c>Demo/samples/seed_numpy.py</c> trains it, so the two can be set side by side (README section 10).
/// </summary>
internal static class SeedCommand
{
    public const string Help =
        """
        Demo seed — the question's network [5, 4, 4] trained as Demo/samples/seed_numpy.py trains it in
        numpy: the same starting weights, 5000 full-batch steps at η = 0.5. Prints the predictions,
        which should equal what `python3 Demo/samples/seed_numpy.py` prints.

        usage: Demo seed
        """;

    public static int Run(TextWriter output)
    {
        var x = Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose(); // (5, 2): one sample per column
        var y = Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose();       // (4, 2)
        var network = new Network([5, 4, 4]);                                   // biases start at zero
        Start(network.Weights[0]);
        Start(network.Weights[1]);
        for (int epoch = 0; epoch < 5000; epoch++)                              // one step is not training: loop
        {
            ForwardPass pass = network.Forward(x);                              // prediction is a function of X
            Gradients gradients = network.Backward(pass, y);                    // from dZ2 = A2 − Y backwards
            network.Update(gradients, learningRate: 0.5);                       // W ← W − η·dW, b ← b − η·db
        }
        output.WriteLine(network.Predict(x));
        return 0;
    }

    // Fixed starting weights in [-1, 1], the same in the numpy version.
    private static void Start(Matrix w)
    {
        for (int r = 0; r < w.Rows; r++)
            for (int c = 0; c < w.Cols; c++)
                w[r, c] = (7 * r + 3 * c) % 11 / 5.5 - 1;
    }
}
