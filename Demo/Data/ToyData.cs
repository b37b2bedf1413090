namespace FromScratch.Demo;

/// <summary>Small data sets made on the spot: the question's, XOR, and seeded two-dimensional sets.</summary>
internal static class ToyData
{
    /// <summary>The question's samples [1,0,1,1,1] → [0,1,0,0] and [1,1,1,1,1] → [1,0,0,0], as columns.</summary>
    public static Dataset Seed() => new(
        Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose(),
        Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose());

    /// <summary>The four XOR cases: target 1 when exactly one input is 1.</summary>
    public static Dataset Xor() => new(Matrix.FromRows([0, 0, 1, 1], [0, 1, 0, 1]), Matrix.FromRows([0, 1, 1, 0]));

    /// <summary>Two interleaved half circles with a little noise: class 0 on top, class 1 below and shifted.</summary>
    public static Dataset Moons(int count, int seed)
    {
        var random = new Random(seed);
        var x = new Matrix(2, count);
        var y = new Matrix(1, count);
        for (int s = 0; s < count; s++)
        {
            bool lower = s % 2 == 1;
            double angle = Math.PI * random.NextDouble();
            x[0, s] = (lower ? 1 - Math.Cos(angle) : Math.Cos(angle)) + 0.1 * Gaussian(random);
            x[1, s] = (lower ? 0.5 - Math.Sin(angle) : Math.Sin(angle)) + 0.1 * Gaussian(random);
            y[0, s] = lower ? 1 : 0;
        }
        return new(x, y);
    }

    /// <summary>Two spiral arms winding around each other; a harder set that wants more hidden units.</summary>
    public static Dataset Spiral(int count, int seed)
    {
        var random = new Random(seed);
        var x = new Matrix(2, count);
        var y = new Matrix(1, count);
        for (int s = 0; s < count; s++)
        {
            int arm = s % 2;
            double t = random.NextDouble();
            double angle = 3 * Math.PI * t + arm * Math.PI;
            x[0, s] = t * Math.Cos(angle) + 0.03 * Gaussian(random);
            x[1, s] = t * Math.Sin(angle) + 0.03 * Gaussian(random);
            y[0, s] = arm;
        }
        return new(x, y);
    }

    // Box–Muller: a standard normal draw from two uniform ones.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
