namespace FromScratch.Demo;

/// <summary>The options every training command shares, with per-command defaults.</summary>
internal sealed record NetworkSettings
{
    public static readonly string[] OptionNames = ["hidden", "activation", "loss", "init", "lr", "epochs", "batch", "seed", "patience"];

    public static readonly string Help =
        $"""
          --hidden 4[,4…]          hidden layer sizes (several = several hidden layers)
          --activation NAME        hidden activation: {string.Join(", ", Activation.All.Select(a => a.Name))}
          --loss {string.Join("|", Loss.All.Select(l => l.Name)),-17} ce: cross-entropy, mse: mean squared error
          --init uniform|zeros|xavier   starting weights (uniform is in [-1, 1])
          --lr RATE                learning rate η
          --epochs N               most passes over the data
          --batch N                samples per step (0 = all at once)
          --seed N                 seeds the weights and the shuffle
          --patience N             stop after N epochs without improvement (0 = never)
        """;

    public int[] Hidden { get; init; } = [4];
    public Activation Activation { get; init; } = Activation.Sigmoid;
    public Loss Loss { get; init; } = Loss.CrossEntropy;
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
        Loss = options.Choice("loss", Loss, Loss.All.ToDictionary(l => l.Name)),
        Initialization = options.Choice("init", Initialization, new Dictionary<string, Initialization>
        {
            ["uniform"] = Initialization.Uniform,
            ["zeros"] = Initialization.Zeros,
            ["xavier"] = Initialization.Xavier,
        }),
        LearningRate = options.Double("lr", LearningRate, exclusiveMinimum: 0),
        Epochs = options.Int("epochs", Epochs, minimum: 1),
        BatchSize = options.Int("batch", BatchSize, minimum: 0),
        Seed = options.Int("seed", Seed),
        Patience = options.Int("patience", Patience, minimum: 0),
    };

    public Network Build(int inputs, int outputs) =>
        new([inputs, .. Hidden, outputs], Initialization, Activation, Loss, Seed);

    public TrainingOptions Training(int reportEvery = 0, Action<EpochReport>? progress = null) => new()
    {
        Epochs = Epochs,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        Seed = Seed,
        Patience = Patience,
        ReportEvery = reportEvery,
        Progress = progress,
    };
}
