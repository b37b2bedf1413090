namespace FromScratch.Demo;

/// <summary><c>gradcheck</c>: the finite-difference check for any configuration, on seeded random data.</summary>
internal static class GradCheckCommand
{
    public static readonly string[] ValuedOptions = [.. NetworkSettings.NetworkOptionNames, "inputs", "outputs", "samples", "entries"];

    public static readonly string Help =
        $"""
        Demo gradcheck — compare backprop with central differences for any network; exit code 1 on FAIL.

        usage: Demo gradcheck [options]
          --inputs N               input size (default 5)
          --outputs N              output size (default 4)
          --samples N              batch size m of the random data (default 3)
          --entries N              check N random entries of each W and b (default: all of them;
                                   each entry costs two forward passes)
        {NetworkSettings.NetworkHelp}
          --shapes                 print every operation of one forward and backward pass, then stop
        """;

    public static int Run(Options options, TextWriter output, Style style)
    {
        var settings = new NetworkSettings().ReadFrom(options);
        int inputs = options.Int("inputs", 5, minimum: 1), outputs = options.Int("outputs", 4, minimum: 1);
        int samples = options.Int("samples", 3, minimum: 1);
        if (settings.Loss.Output == OutputActivation.Softmax && outputs < 2)
            throw options.Usage($"--output softmax needs --outputs 2 or more (one per class), got {outputs}");
        settings.RequireMemoryFor(options, inputs, outputs, samples, evaluationChunk: samples, sizeOptions: new("inputs", "outputs", "samples"));
        var random = new Random(settings.Seed);
        var x = Matrix.Random(inputs, samples, -1, 1, random);
        var network = settings.Build(inputs, outputs);
        var y = RandomTargets(network.Loss, outputs, samples, random);
        // Random biases too: with zero biases, a sample whose ReLU units are all 0 (dead or dropped) puts the next
        // layer's Z exactly on the kink, where no derivative exists and a central difference finds half the slope.
        foreach (Matrix b in network.Biases)
            b.AddInPlace(Matrix.Random(b.Rows, 1, -0.5, 0.5, random));
        if (options.Flag("shapes"))
        {
            foreach (string line in ShapeTrace.Lines(network, x, y, dropout: settings.DropoutFor()))
                output.WriteLine(line);
            return 0;
        }
        int entries = options.Int("entries", 0, minimum: 1);
        settings.RequirePenaltyThatCanTrain(options, network, samples, learningRate: null); // --l2 1e308: the loss is ∞ from the start
        output.WriteLine($"network {network}; {samples} random samples{(network.Loss.Output == OutputActivation.Softmax ? " (one-hot targets)" : "")}, seed {settings.Seed}{(settings.Dropout > 0 ? $", dropout p = {settings.Dropout} with its masks fixed" : "")}");
        // A loss that is already ∞ or NaN makes every difference of losses meaningless.
        if (network.LossOf(x, y) is var loss && !double.IsFinite(loss))
            throw options.Usage(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the loss at the starting weights is {loss}, so finite differences mean nothing; lower --l2 or the other settings"));
        RefuseIfTooSlow(network, x, y, entries, options);
        RefuseMasksThatDropAWholeLayer(network, samples, settings.DropoutFor(), options);
        var progress = new ProgressLine(output);
        var report = GradientCheck.Run(network, x, y, new GradientCheckOptions
        {
            EntriesPerParameter = entries,
            Seed = settings.Seed,
            Dropout = settings.DropoutFor(), // masks drawn once, fixed for the check
            Progress = progress.Show,
        });
        return Report(report, output, style);
    }

    /// <summary>Prints the report's table and verdict; the exit code is 1 when any parameter failed.</summary>
    internal static int Report(GradientCheckReport report, TextWriter output, Style style)
    {
        output.WriteLine(report.ToTable());
        output.WriteLine(report.Passed ? style.Good("gradients match") : style.Bad("gradients do NOT match: a formula is wrong"));
        return report.Passed ? 0 : 1;
    }

    /// <summary>The longest check run without --entries; beyond it the command refuses and says how to sample.</summary>
    private static readonly TimeSpan LongestCheck = TimeSpan.FromMinutes(10);

    // Two forward passes per entry: time a few to estimate the whole check before starting it.
    private static void RefuseIfTooSlow(Network network, Matrix x, Matrix y, int entries, Options options)
    {
        long total = network.Weights.Concat(network.Biases).Sum(p => entries == 0 ? (long)p.Rows * p.Cols : Math.Min(entries, (long)p.Rows * p.Cols));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int passes = 0;
        while (passes < 3 || (clock.Elapsed < TimeSpan.FromMilliseconds(100) && passes < 1000))
        {
            network.LossOf(x, y);
            passes++;
        }
        var estimate = clock.Elapsed / passes * 2 * total;
        if (estimate > LongestCheck)
            throw options.Usage(entries == 0
                ? $"checking all {total} entries would take about {ProgressLine.Duration(estimate)} (two forward passes each); add --entries 100 to check 100 random entries of each parameter"
                : $"checking {total} entries would take about {ProgressLine.Duration(estimate)} (two forward passes each, on a large network); try a smaller --entries");
    }

    // Masks that drop every unit of a hidden layer for every sample cut the network in two: every gradient before that
    // layer is exactly 0 on both sides, and the check would pass without having checked them.
    private static void RefuseMasksThatDropAWholeLayer(Network network, int samples, Dropout? dropout, Options options)
    {
        if (new ForwardPass(network.LayerSizes, samples, dropout: dropout).DropoutMasks is not { } masks)
            return;
        for (int l = 1; l < masks.Count - 1; l++)
            if (masks[l]!.ToRows().All(row => row.All(entry => entry == 0)))
                throw options.Usage($"--dropout {options.Text("dropout")}: the fixed masks drop all {network.LayerSizes[l]} units of hidden layer {l} for all {samples} samples, so every gradient up to W{l + 1} is 0 and nothing there would be checked; give a smaller --dropout, more --samples or another --seed");
    }

    /// <summary>Prints "checked N of M entries" every few seconds while a long check runs.</summary>
    private sealed class ProgressLine(TextWriter output)
    {
        private TimeSpan next = TimeSpan.FromSeconds(3);

        public void Show(GradientCheckProgress progress)
        {
            if (progress.Elapsed < next || progress.Done == progress.Total)
                return;
            next = progress.Elapsed + TimeSpan.FromSeconds(10);
            var left = progress.Elapsed / progress.Done * (progress.Total - progress.Done);
            output.WriteLine($"  checked {progress.Done} of {progress.Total} entries (now in {progress.Parameter}), {Duration(progress.Elapsed)} so far, about {Duration(left)} left");
        }

        public static string Duration(TimeSpan time) =>
            time.TotalHours >= 1 ? $"{(long)time.TotalHours} h {time.Minutes} min" : time.TotalMinutes >= 1 ? $"{time.Minutes} min {time.Seconds} s" : $"{time.TotalSeconds:0} s";
    }

    // Targets the loss accepts: one 1 per column for softmax (one class per sample), numbers in [−2, 2] for a linear
    // output (standardised targets: no output lands exactly on one, where |a − y| has no derivative, and some lie
    // beyond Huber's k), else 0/1 entries.
    private static Matrix RandomTargets(Loss loss, int outputs, int samples, Random random)
    {
        if (loss.Output == OutputActivation.Linear)
            return Matrix.Random(outputs, samples, -2, 2, random);
        if (loss.Output != OutputActivation.Softmax)
            return Matrix.Random(outputs, samples, 0, 1, random).Map(v => v > 0.5 ? 1 : 0);
        var y = new Matrix(outputs, samples);
        for (int s = 0; s < samples; s++)
            y[random.Next(outputs), s] = 1;
        return y;
    }
}
