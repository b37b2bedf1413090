using System.Globalization;

namespace FromScratch.Demo;

/// <summary>The options every training command shares, with per-command defaults.</summary>
internal sealed record NetworkSettings
{
    /// <summary>The options that shape the network and its loss (all that <c>gradcheck</c> takes).</summary>
    public static readonly string[] NetworkOptionNames = ["hidden", "activation", "output", "loss", "init", "l2", "l1", "dropout", "seed"];

    /// <summary>The options of training itself.</summary>
    public static readonly string[] TrainingOptionNames = ["lr", "epochs", "batch", "patience", .. OptimizerSettings.OptionNames];

    public static readonly string[] OptionNames = [.. NetworkOptionNames, .. TrainingOptionNames];

    public static readonly string NetworkHelp =
        $"""
          --hidden 4[,4…]          hidden layer sizes (several = several hidden layers)
          --activation NAME        hidden activation: {string.Join(", ", Activation.All.Select(a => a.Name))}
          --output sigmoid|softmax|linear   sigmoid: each output in (0, 1); softmax: one class per
                                   sample; linear: a = z, any number (regression, train --target)
          --loss ce|mse|mae|huber  ce: cross-entropy; mse: squared error ½·Σ(a − y)²; with a linear
                                   output also mae: absolute error Σ|a − y|, and huber: squared
                                   error within {Loss.HuberThreshold} of the target, absolute beyond it
          --init uniform|zeros|xavier|he   starting weights (uniform is in [-1, 1];
                                   he: normal with σ = √(2/inputs), for relu)
          --l2 λ                   L2 penalty (λ/2n)·Σ‖W‖² on the loss, (λ/n)·W on each dW,
                                   n the number of training samples
          --l1 λ                   L1 penalty (λ/n)·Σ|W| on the loss, (λ/n)·sign(W) on each dW
          --dropout p              drop each hidden unit with probability p at every step,
                                   scaling the rest by 1/(1 − p); off when predicting
          --seed N                 seeds all that is random: weights, shuffle, generated data
        """;

    public static readonly string Help = NetworkHelp.TrimEnd() + "\n" +
        """
          --lr RATE                learning rate η
          --epochs N               most passes over the data
          --batch N                samples per step (0 = all at once)
          --patience N             stop after N epochs without improvement (0 = never)
        """ + "\n" + OptimizerSettings.Help;

    public int[] Hidden { get; init; } = [4];
    public Activation Activation { get; init; } = Activation.Sigmoid;
    public Loss Loss { get; init; } = Loss.CrossEntropy;
    public OptimizerSettings Optimizer { get; init; } = new();
    public double L2 { get; init; }
    public double L1 { get; init; }
    public double Dropout { get; init; }
    public Initialization Initialization { get; init; } = Initialization.Uniform;
    public double LearningRate { get; init; } = 0.5;

    /// <summary>
    /// What the usual η of adagrad, rmsprop and adam is multiplied by when <c>--lr</c> is not given: 10 on the toys,
    /// whose few points take thousands of full-batch steps, where η = 0.001 crawls; 1 on real data.
    /// </summary>
    public double AdaptiveRateScale { get; init; } = 1;
    public int Epochs { get; init; } = 10_000;
    public int BatchSize { get; init; }
    public int Seed { get; init; } = 1;
    public int Patience { get; init; } = 200;

    /// <summary>Training sets smaller than this get full-batch training for 5000 epochs unless told otherwise.</summary>
    public const int SmallData = 1000;

    /// <summary>The line that says so.</summary>
    public const string SmallDataNote = "small data (under 1000 samples): full batch, 5000 epochs (--batch, --epochs override)";

    /// <summary>
    /// These settings for a training set of <paramref name="samples"/>: the defaults (batch 10, a few epochs) suit
    /// 60,000 images, but a few hundred samples need many full-batch epochs, or training stops near chance. Only
    /// when neither <c>--epochs</c> nor <c>--batch</c> was given; <paramref name="small"/> says whether it applied.
    /// </summary>
    public NetworkSettings ForDataSize(Options options, int samples, out bool small)
    {
        small = samples < SmallData && options.Text("epochs") is null && options.Text("batch") is null;
        return small ? this with { BatchSize = 0, Epochs = 5000 } : this;
    }

    public NetworkSettings ReadFrom(Options options) => this with
    {
        Hidden = options.Sizes("hidden", Hidden),
        Activation = options.Choice("activation", Activation, Activation.All.ToDictionary(a => a.Name)),
        Loss = ReadLoss(options),
        Initialization = options.Choice("init", Initialization, new Dictionary<string, Initialization>
        {
            ["uniform"] = Initialization.Uniform,
            ["zeros"] = Initialization.Zeros,
            ["xavier"] = Initialization.Xavier,
            ["he"] = Initialization.He,
        }),
        Optimizer = OptimizerSettings.ReadFrom(options),
        LearningRate = options.Double("lr", OptimizerSettings.ReadFrom(options).DefaultLearningRate * AdaptiveRateScale ?? LearningRate, above: 0),
        L2 = options.Double("l2", L2, atLeast: 0),
        L1 = options.Double("l1", L1, atLeast: 0),
        Dropout = options.Double("dropout", Dropout, atLeast: 0, below: 1),
        Epochs = options.Int("epochs", Epochs, minimum: 1),
        BatchSize = options.Int("batch", BatchSize, minimum: 0),
        Seed = options.Int("seed", Seed),
        Patience = options.Int("patience", Patience, minimum: 0),
    };

    /// <summary>
    /// Refuses, naming the options, a network whose parameters and training buffers would not fit in the
    /// memory this process can still take (the machine's, or its container's limit, less what the process
    /// holds), or would need one array larger than .NET allows. Counted in doubles:
    /// W and b, their gradients and the update rule's state (velocities, running means); Z, A and dZ (and dropout's masks) for a batch and for an
    /// evaluation chunk on each core; a batch's Y, and its X for inputs held as a matrix (<paramref name="inputsAreMatrix"/>; the
    /// demo's other inputs are images, which a batch reads in place), with Train's copy of X with one sample per row for mini-batches. All in floating point, so no size can overflow.
    /// The refusal names the options the user gave behind the largest matrix: <c>--hidden</c> for a weight matrix between
    /// hidden layers, <c>--hidden</c> and <c>--batch</c> for a batch's activations, and, through <c>sizeOptions</c> (where
    /// options set the inputs, outputs and samples, as gradcheck's do), <c>--samples</c> for X or <c>--inputs</c> for W1.
    /// </summary>
    public void RequireMemoryFor(Options options, int inputs, int outputs, long samples, int evaluationChunk, bool inputsAreMatrix = true, SizeOptions? sizeOptions = null)
    {
        long batch = BatchSize == 0 ? samples : Math.Min(BatchSize, samples);
        double[] sizes = [inputs, .. Hidden, outputs];
        // The option that sets each layer's size and a batch's samples (null: the data sets it).
        string?[] sizeFrom = [sizeOptions?.Inputs, .. Hidden.Select(_ => "hidden"), sizeOptions?.Outputs];
        string? batchFrom = BatchSize != 0 && BatchSize < samples ? "batch" : sizeOptions?.Samples;
        double parameters = 0, units = 0;
        Block largestWeights = new("W1", sizes[1], sizes[0], sizeFrom[1], sizeFrom[0]);
        Block largestBuffer = new("X", inputs, samples, sizeFrom[0], sizeOptions?.Samples);
        for (int l = 1; l < sizes.Length; l++)
        {
            parameters += sizes[l] * sizes[l - 1] + sizes[l];
            units += sizes[l];
            largestWeights = Block.Larger(largestWeights, new($"W{l}", sizes[l], sizes[l - 1], sizeFrom[l], sizeFrom[l - 1]));
            largestBuffer = Block.Larger(largestBuffer, new($"Z{l}", sizes[l], Math.Max(batch, evaluationChunk), sizeFrom[l], batch >= evaluationChunk ? batchFrom : null));
        }
        Block largest = Block.Larger(largestBuffer, largestWeights);
        double parameterBytes = 8 * parameters * (2 + Optimizer.StateMatrices);
        // A batch's X and Y, but for a full batch of a matrix, which trains on X and Y themselves; the demo's other
        // inputs, images, are read in place (Inputs.ReadInPlace): only Y is copied. The evaluation runs a chunk per
        // core, each with its X, Y and activations.
        bool miniBatches = batch < samples;
        double batchBytes = inputsAreMatrix ? (miniBatches ? inputs + outputs : 0) * (double)batch : outputs * (double)batch;
        double evaluationBytes = Environment.ProcessorCount * (3 * units + inputs + outputs) * (double)evaluationChunk;
        double bufferBytes = 8 * ((Dropout > 0 ? 4 : 3) * units * batch + batchBytes + evaluationBytes + (inputsAreMatrix && miniBatches ? inputs * (double)samples : 0));
        string sizesText = $"[{inputs}, {string.Join(", ", Hidden)}, {outputs}]";
        if (largest.Entries > Array.MaxLength)
            throw options.Usage(string.Create(CultureInfo.InvariantCulture,
                $"{Culprit(options, largest)}: the network {sizesText} needs a matrix of {largest.Entries:0} entries ({largest.Name}, {largest.Rows} × {largest.Cols}), more than the {Array.MaxLength} one .NET array can hold"));
        // What this process may still take: the machine's memory (or its container's limit) less what it holds,
        // with a tenth kept back for everything else.
        double spare = 0.9 * (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - (double)Environment.WorkingSet);
        if (parameterBytes + bufferBytes > spare)
            throw options.Usage(string.Create(CultureInfo.InvariantCulture,
                $"{Culprit(options, bufferBytes > parameterBytes ? largestBuffer : largestWeights)}: the network {sizesText} and its training buffers need about {Gigabytes(parameterBytes + bufferBytes)} (parameters and gradients {Gigabytes(parameterBytes)}), more than the {Gigabytes(spare)} this machine can spare"));
    }

    /// <summary>The options that set a command's inputs, outputs and samples, e.g. gradcheck's "inputs"; null where the data sets them.</summary>
    public sealed record SizeOptions(string? Inputs, string? Outputs, string? Samples);

    // A matrix RequireMemoryFor counts, with the options that set its rows and columns (null: the data).
    private sealed record Block(string Name, double Rows, double Cols, string? RowsFrom, string? ColsFrom)
    {
        public double Entries => Rows * Cols;

        public static Block Larger(Block a, Block b) => b.Entries > a.Entries ? b : a;
    }

    // The options the user gave that set the block's sizes, e.g. "--samples 2147483647" or "--hidden 4000 with --batch
    // 100000"; --hidden when the user gave none of them (the data's sizes are not options).
    private string Culprit(Options options, Block block)
    {
        string[] given = [.. new[] { block.RowsFrom, block.ColsFrom }.OfType<string>().Distinct()
            .Where(name => options.Text(name) is not null).Select(name => $"--{name} {options.Text(name)}")];
        return given.Length > 0 ? string.Join(" with ", given) : $"--hidden {string.Join(",", Hidden)}";
    }

    /// <summary>
    /// Refuses, naming the option, an L2 or L1 that cannot train: a penalty already infinite at the starting weights (the loss
    /// is ∞ before any step, whatever the learning rate), or, with plain gradient descent, momentum or Nesterov, an L2 whose
    /// part of each step multiplies W by 1 − ηλ/n with ηλ/n ≥ 2 (2(1 + β) with momentum β, 2(1 + β)/(1 + 2β) with Nesterov):
    /// beyond that gradient descent on the penalty alone diverges. <paramref name="samples"/> is n, the training samples.
    /// </summary>
    public void RequirePenaltyThatCanTrain(Options options, Network network, int samples, double? learningRate, bool loaded = false)
    {
        if (network.L2 == 0 && network.L1 == 0)
            return;
        string Given(string option, double saved) => options.Text(option) is string given ? $"--{option} {given}"
            : string.Create(CultureInfo.InvariantCulture, $"{(loaded ? "the saved network's" : "the default")} {option.ToUpperInvariant()} λ = {saved} (--{option} changes it)");
        string culprits = string.Join(" and ", new[] { network.L2 > 0 ? Given("l2", network.L2) : null, network.L1 > 0 ? Given("l1", network.L1) : null }.OfType<string>());
        double penalty = network.Penalty(samples);
        bool both = network.L2 > 0 && network.L1 > 0;
        string which = network.PenaltyFormula!; // not null: L2 or L1 is set
        if (!double.IsFinite(penalty))
            throw options.Usage(string.Create(CultureInfo.InvariantCulture,
                $"{culprits}: the {which} of the starting weights is {penalty} (n = {samples} samples), so the loss is infinite before the first step, whatever the learning rate; give a smaller {(both ? "--l2 or --l1" : network.L1 > 0 ? "--l1" : "--l2")}"));
        // The rule's own bound on ηλ/n: 2(1 + β) with momentum, 2(1 + β)/(1 + 2β) with Nesterov, none for an adaptive rule
        if (network.L2 == 0 || Optimizer.Rule(LearningRate).LargestStableDecay is not double limit)
            return;
        string l2 = Given("l2", network.L2);
        double decay = (learningRate ?? 0) * network.L2 / samples;
        if (decay >= limit)
            throw options.Usage(string.Create(CultureInfo.InvariantCulture,
                $"{l2} with --lr {learningRate}: each step multiplies the weights by 1 − ηλ/n = {1 - decay:g3} (n = {samples} samples) before the data's gradient, so they grow without bound (the penalty alone is {penalty:g3} at the start); give a smaller {(options.Text("l2") is null && options.Text("lr") is not null ? "--lr (or --l2)" : "--l2")}: ηλ/n must stay under {limit:0.##}{(Optimizer.Name == "nesterov" ? " (2(1 + β)/(1 + 2β) with nesterov)" : Optimizer.Momentum > 0 ? " (2(1 + β) with momentum)" : "")}"));
    }

    private static string Gigabytes(double bytes) =>
        bytes >= 1e9 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0} GB") : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0} MB");

    /// <summary>The --dropout of these settings, seeded by --seed, or null without it.</summary>
    public Dropout? DropoutFor() => Dropout > 0 ? new Dropout(Dropout, Seed) : null;

    public Network Build(int inputs, int outputs) =>
        new([inputs, .. Hidden, outputs], Initialization, Activation, Loss, Seed) { L2 = L2, L1 = L1 };

    // --output and --loss name one pair together. Given alone, each keeps the command's default for the other when the
    // two go together, and otherwise takes the first that does: --output linear brings mse, --loss huber a linear output.
    private Loss ReadLoss(Options options)
    {
        string? output = options.Text("output") is null ? null : options.Choice("output", "", OutputActivation.All.ToDictionary(o => o.Name, o => o.Name));
        string? loss = options.Text("loss") is null ? null : options.Choice("loss", "", Loss.All.Select(l => l.Name).Distinct().ToDictionary(n => n));
        bool Pair(string o, string l) => Loss.All.Any(pair => pair.Output.Name == o && pair.Name == l);
        output ??= loss is null || Pair(Loss.Output.Name, loss) ? Loss.Output.Name : Loss.All.First(pair => pair.Name == loss).Output.Name;
        loss ??= Pair(output, Loss.Name) ? Loss.Name : Loss.All.First(pair => pair.Output.Name == output).Name;
        try
        {
            return Loss.Named(output, loss);
        }
        catch (ArgumentException problem)
        {
            throw options.Usage($"--output {output} --loss {loss}: {problem.Message}");
        }
    }

    public TrainingOptions Training(int reportEvery = 0, Action<EpochReport>? progress = null) => new()
    {
        Epochs = Epochs,
        LearningRate = LearningRate,
        UpdateRule = Optimizer.Rule(LearningRate),
        LearningRateSchedule = Optimizer.Decay?.For(Epochs),
        Dropout = Dropout,
        BatchSize = BatchSize,
        Seed = Seed,
        Patience = Patience,
        ReportEvery = reportEvery,
        Progress = progress,
    };
}
