namespace FromScratch.Demo;

/// <summary>The options every training command shares, with per-command defaults.</summary>
internal sealed record NetworkSettings
{
    /// <summary>The options that shape the network and its loss (all that <c>gradcheck</c> takes).</summary>
    public static readonly string[] NetworkOptionNames = ["hidden", "activation", "output", "loss", "init", "l2", "seed"];

    /// <summary>The options of training itself.</summary>
    public static readonly string[] TrainingOptionNames = ["lr", "momentum", "epochs", "batch", "patience"];

    public static readonly string[] OptionNames = [.. NetworkOptionNames, .. TrainingOptionNames];

    public static readonly string NetworkHelp =
        $"""
          --hidden 4[,4…]          hidden layer sizes (several = several hidden layers)
          --activation NAME        hidden activation: {string.Join(", ", Activation.All.Select(a => a.Name))}
          --output sigmoid|softmax sigmoid: each output in (0, 1); softmax: one class per sample
          --loss ce|mse            ce: cross-entropy; mse: squared error ½·Σ(a − y)² (sigmoid only)
          --init uniform|zeros|xavier   starting weights (uniform is in [-1, 1])
          --l2 λ                   L2 penalty (λ/2n)·Σ‖W‖² on the loss, (λ/n)·W on each dW,
                                   n the number of training samples
          --seed N                 seeds all that is random: weights, shuffle, generated data
        """;

    public static readonly string Help = NetworkHelp.TrimEnd() + "\n" +
        """
          --lr RATE                learning rate η
          --momentum β             V ← βV + dW, W ← W − ηV; 0 = plain gradient descent
          --epochs N               most passes over the data
          --batch N                samples per step (0 = all at once)
          --patience N             stop after N epochs without improvement (0 = never)
        """;

    public int[] Hidden { get; init; } = [4];
    public Activation Activation { get; init; } = Activation.Sigmoid;
    public Loss Loss { get; init; } = Loss.CrossEntropy;
    public double Momentum { get; init; }
    public double L2 { get; init; }
    public Initialization Initialization { get; init; } = Initialization.Uniform;
    public double LearningRate { get; init; } = 0.5;
    public int Epochs { get; init; } = 10_000;
    public int BatchSize { get; init; }
    public int Seed { get; init; } = 1;
    public int Patience { get; init; } = 200;

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
        }),
        LearningRate = options.Double("lr", LearningRate, above: 0),
        Momentum = options.Double("momentum", Momentum, atLeast: 0, below: 1),
        L2 = options.Double("l2", L2, atLeast: 0),
        Epochs = options.Int("epochs", Epochs, minimum: 1),
        BatchSize = options.Int("batch", BatchSize, minimum: 0),
        Seed = options.Int("seed", Seed),
        Patience = options.Int("patience", Patience, minimum: 0),
    };

    public Network Build(int inputs, int outputs) =>
        new([inputs, .. Hidden, outputs], Initialization, Activation, Loss, Seed) { L2 = L2 };

    // --output and --loss name one pair together; the output defaults to that of the command's default loss.
    private Loss ReadLoss(Options options)
    {
        string output = options.Choice("output", Loss.Output.Name, OutputActivation.All.ToDictionary(o => o.Name, o => o.Name));
        string loss = options.Choice("loss", Loss.Name, Loss.All.Select(l => l.Name).Distinct().ToDictionary(n => n));
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
        Momentum = Momentum,
        BatchSize = BatchSize,
        Seed = Seed,
        Patience = Patience,
        ReportEvery = reportEvery,
        Progress = progress,
    };
}
