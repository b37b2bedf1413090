using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// <c>--optimizer</c> with its constants, and <c>--lr-decay</c>: the update rule and the learning-rate schedule of
/// <c>train</c>, the toys and <c>sweep</c>. A constant that the chosen rule does not take is refused, never ignored.
/// </summary>
internal sealed record OptimizerSettings
{
    /// <summary>The rules <c>--optimizer</c> names, in the order the help lists them.</summary>
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];

    public static readonly string[] OptionNames = ["optimizer", "momentum", "beta1", "beta2", "rho", "epsilon", "lr-decay"];

    // Each constant's option, the rules that take it, and for a rule that does not, the option that is its own.
    private static readonly (string Option, string[] Rules, Dictionary<string, string> OwnOption)[] Constants =
    [
        ("momentum", ["momentum", "nesterov"], new() { ["adam"] = "--beta1" }),
        ("beta1", ["adam"], new() { ["momentum"] = "--momentum", ["nesterov"] = "--momentum" }),
        ("beta2", ["adam"], new() { ["rmsprop"] = "--rho" }),
        ("rho", ["rmsprop"], new() { ["adam"] = "--beta2" }),
        ("epsilon", ["adagrad", "rmsprop", "adam"], []),
    ];

    /// <summary>The help's lines of <c>--optimizer</c> itself (<c>sweep</c> puts its own in their place).</summary>
    public const string OptimizerHelp =
        """
          --optimizer NAME         the update rule: sgd (the default), momentum, nesterov, adagrad,
                                   rmsprop or adam; without --lr, the last three start at their
                                   usual η, 0.01, 0.001 and 0.001 (10 times that on the toys)

        """;

    public const string Help = OptimizerHelp +
        """
          --momentum β             momentum and nesterov: V ← βV + dW (default 0.9); alone, it
                                   means --optimizer momentum
          --beta1 β1, --beta2 β2   adam: the decays of its means of dW and dW² (0.9 and 0.999)
          --rho ρ                  rmsprop: the decay of its mean of dW² (default 0.9)
          --epsilon ε              adagrad, rmsprop, adam: added to the root they divide by (1e-8)
          --lr-decay SCHEDULE      η per epoch from η0, the rate given: step:K:γ (× γ every K epochs),
                                   exp:γ (× γ every epoch), inverse:k (η0/(1 + k·(epoch − 1))),
                                   cosine (down a half cosine to 0 over the epochs; cosine:T over T)
        """;

    /// <summary>The rule, one of <see cref="Names"/>.</summary>
    public string Name { get; init; } = "sgd";

    /// <summary>β of momentum and nesterov.</summary>
    public double Momentum { get; init; }

    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Rho { get; init; } = 0.9;
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The learning-rate schedule of <c>--lr-decay</c>, or null for a constant η.</summary>
    public LearningRateDecay? Decay { get; init; }

    /// <summary>The rule's own starting η when <c>--lr</c> is not given, or null for the command's (sgd, momentum, nesterov).</summary>
    public double? DefaultLearningRate => DefaultLearningRateOf(Name);

    /// <summary>How many matrices of state the rule keeps per parameter: velocities, sums of squares, running means.</summary>
    public int StateMatrices => Name switch
    {
        "sgd" => 0,
        "momentum" => Momentum > 0 ? 1 : 0,
        "adam" => 2,
        _ => 1,
    };

    /// <summary>The rule, starting at <paramref name="learningRate"/>: a new one each time, with no state.</summary>
    public UpdateRule Rule(double learningRate) => Name switch
    {
        "sgd" => new GradientDescent(learningRate),
        "momentum" => new GradientDescent(learningRate, Momentum),
        "nesterov" => new NesterovMomentum(learningRate, Momentum),
        "adagrad" => new AdaGrad(learningRate, Epsilon),
        "rmsprop" => new RmsProp(learningRate, Rho, Epsilon),
        _ => new Adam(learningRate, Beta1, Beta2, Epsilon),
    };

    /// <summary>
    /// The rule and its constants as the progress header names them after the rate: nothing for sgd, ", momentum 0.9"
    /// as before, ", adam β1 0.9 β2 0.999 ε 1e-08"; and the schedule, ", lr-decay cosine:10".
    /// </summary>
    public string Describe(int epochs)
    {
        string rule = Name switch
        {
            "sgd" => "",
            "momentum" => Momentum > 0 ? Invariant($", momentum {Momentum}") : "",
            "nesterov" => Invariant($", nesterov momentum {Momentum}"),
            "adagrad" => Invariant($", adagrad ε {Epsilon:0.###e0}"),
            "rmsprop" => Invariant($", rmsprop ρ {Rho} ε {Epsilon:0.###e0}"),
            _ => Invariant($", adam β1 {Beta1} β2 {Beta2} ε {Epsilon:0.###e0}"),
        };
        return rule + (Decay is null ? "" : $", lr-decay {Decay.For(epochs).Name}");
    }

    /// <summary>The epoch's η as a progress line shows it after the loss, <c>  η 0.125</c>; nothing when η stays the same.</summary>
    public string ProgressPart(double learningRate) => Decay is null ? "" : Invariant($"  η {learningRate:g4}");

    /// <summary>The rule's own starting η when <c>--lr</c> is not given, or null for the command's.</summary>
    public static double? DefaultLearningRateOf(string name) => name switch
    {
        "adagrad" => 0.01,
        "rmsprop" or "adam" => 0.001,
        _ => null,
    };

    /// <summary>The options' rule: <c>--optimizer</c>, or momentum when only <c>--momentum</c> is given, else sgd.</summary>
    public static OptimizerSettings ReadFrom(Options options) => ReadEach(options, list: false)[0];

    /// <summary>
    /// <c>--optimizer</c> as one name, or with <paramref name="list"/> as several separated by commas (<c>sweep</c>), each
    /// with the constants given: a constant must be taken by at least one of the rules named.
    /// </summary>
    public static OptimizerSettings[] ReadEach(Options options, bool list)
    {
        string? text = options.Text("optimizer");
        string[] names = text is null ? [options.Text("momentum") is null ? "sgd" : "momentum"] : ReadNames(options, text, list);
        foreach (var (option, rules, ownOption) in Constants)
            if (options.Text(option) is not null && !names.Any(rules.Contains))
            {
                string own = names.Length == 1 && ownOption.TryGetValue(names[0], out string? its) ? $"; {names[0]}'s own is {its}" : "";
                string chosen = text is null ? $"the default optimizer, {names[0]}" : $"--optimizer {text}";
                throw options.Usage($"--{option} does not go with {chosen}: it is for {Listed(rules)}{own}");
            }
        var read = new OptimizerSettings
        {
            Momentum = options.Double("momentum", 0.9, atLeast: 0, below: 1),
            Beta1 = options.Double("beta1", 0.9, atLeast: 0, below: 1),
            Beta2 = options.Double("beta2", 0.999, atLeast: 0, below: 1),
            Rho = options.Double("rho", 0.9, atLeast: 0, below: 1),
            Epsilon = options.Double("epsilon", 1e-8, above: 0),
            Decay = LearningRateDecay.Read(options),
        };
        return [.. names.Select(name => read with { Name = name, Momentum = name is "momentum" or "nesterov" ? read.Momentum : 0 })];
    }

    // The names of --optimizer: one, or with `list` several separated by commas, each known and each once.
    private static string[] ReadNames(Options options, string text, bool list)
    {
        var names = new List<string>();
        foreach (string part in list ? text.Split(',', StringSplitOptions.TrimEntries) : [text])
        {
            string? name = Names.FirstOrDefault(known => string.Equals(known, part, StringComparison.OrdinalIgnoreCase));
            if (name is null)
                throw options.Usage($"--optimizer must be {(list ? "names from" : "one of")} {string.Join(", ", Names)}{(list ? " separated by commas" : "")}; got {Echo.Quote(part)}");
            if (names.Contains(name))
                throw options.Usage($"--optimizer: {name} is given twice");
            names.Add(name);
        }
        return [.. names];
    }

    private static string Listed(string[] words) => words.Length == 1 ? words[0] : $"{string.Join(", ", words[..^1])} and {words[^1]}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>--lr-decay</c>, checked when read: <c>step:K:γ</c>, <c>exp:γ</c>, <c>inverse:k</c>, <c>cosine</c> or <c>cosine:T</c>.
/// <see cref="For"/> makes the library's schedule for a run of some epochs (plain <c>cosine</c> spans them).
/// </summary>
internal sealed record LearningRateDecay(string Kind, int Epochs, double Value)
{
    /// <summary>The schedule for a run of <paramref name="epochs"/> epochs.</summary>
    public LearningRateSchedule For(int epochs) => Kind switch
    {
        "step" => LearningRateSchedule.Step(Epochs, Value),
        "exp" => LearningRateSchedule.Exponential(Value),
        "inverse" => LearningRateSchedule.Inverse(Value),
        _ => LearningRateSchedule.Cosine(Epochs > 0 ? Epochs : epochs),
    };

    /// <summary><c>--lr-decay</c>, or null when not given; a bad one is a usage error saying what each kind takes.</summary>
    public static LearningRateDecay? Read(Options options)
    {
        if (options.Text("lr-decay") is not string text)
            return null;
        string[] parts = text.Split(':', StringSplitOptions.TrimEntries);
        string kind = parts[0].ToLowerInvariant();
        bool Whole(int i, out int value) => int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 1;
        bool Number(int i, out double value) => double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        (LearningRateDecay? decay, string form) = kind switch
        {
            "step" => (parts.Length == 3 && Whole(1, out int every) && Number(2, out double factor) && factor is > 0 and < 1 ? new LearningRateDecay(kind, every, factor) : null,
                "step:K:γ, K a whole number of epochs from 1 and γ in (0, 1), e.g. step:10:0.5"),
            "exp" => (parts.Length == 2 && Number(1, out double factor) && factor is > 0 and < 1 ? new LearningRateDecay(kind, 0, factor) : null,
                "exp:γ, γ in (0, 1), e.g. exp:0.95"),
            "inverse" => (parts.Length == 2 && Number(1, out double k) && k > 0 ? new LearningRateDecay(kind, 0, k) : null,
                "inverse:k, k a positive number, e.g. inverse:0.1"),
            "cosine" => (parts.Length == 1 ? new LearningRateDecay(kind, 0, 0) : parts.Length == 2 && Whole(1, out int epochs) ? new LearningRateDecay(kind, epochs, 0) : null,
                "cosine, or cosine:T with T a whole number of epochs from 1"),
            _ => (null, "one of step:K:γ, exp:γ, inverse:k or cosine (e.g. step:10:0.5)"),
        };
        return decay ?? throw options.Usage($"--lr-decay expects {form}; got {Echo.Quote(text)}");
    }
}
