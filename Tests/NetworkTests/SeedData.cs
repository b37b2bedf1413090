namespace FromScratch.Tests;

/// <summary>The data from the student's question and a few small problems, one sample per column.</summary>
internal static class SeedData
{
    // The question's two samples [1,0,1,1,1] and [1,1,1,1,1], as columns: X is (5, 2).
    public static Matrix X => Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose();

    // Their targets [0,1,0,0] and [1,0,0,0], as columns: Y is (4, 2).
    public static Matrix Y => Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose();

    public static Matrix XorX => Matrix.FromRows([0, 0, 1, 1], [0, 1, 0, 1]);

    public static Matrix XorY => Matrix.FromRows([0, 1, 1, 0]);

    /// <summary>
    /// Random inputs in [−1, 1] and random 0/1 targets for a network's sizes: one-hot columns when the loss has a softmax
    /// output, and numbers in [−2, 2] (standardised targets, some far from any output) for a linear one.
    /// </summary>
    public static (Matrix X, Matrix Y) Random(IReadOnlyList<int> sizes, int samples, int seed, Loss? loss = null)
    {
        var random = new Random(seed);
        var x = Matrix.Random(sizes[0], samples, -1, 1, random);
        var y = Matrix.Random(sizes[^1], samples, 0, 1, random).Map(v => v > 0.5 ? 1 : 0);
        if (loss?.Output == OutputActivation.Linear)
            y = Matrix.Random(sizes[^1], samples, -2, 2, random);
        if (loss?.Output == OutputActivation.Softmax)
        {
            y = new Matrix(sizes[^1], samples);
            for (int s = 0; s < samples; s++)
                y[random.Next(sizes[^1]), s] = 1;
        }
        return (x, y);
    }

    /// <summary>A network whose biases are random too, so the bias gradients are not all from zero.</summary>
    public static Network RandomNetwork(int[] sizes, Activation? activation = null, Loss? loss = null, int seed = 1)
    {
        var network = new Network(sizes, hiddenActivation: activation, loss: loss, seed: seed);
        var random = new Random(seed + 1000);
        foreach (var b in network.Biases)
            b.AddScaledInPlace(1, Matrix.Random(b.Rows, 1, -1, 1, random));
        return network;
    }
}
