namespace FromScratch;

/// <summary>Settings for <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/>. The defaults suit small toy problems such as XOR.</summary>
public sealed record TrainingOptions
{
    /// <summary>The most passes over the data. Training may stop earlier, see <see cref="Patience"/>.</summary>
    public int Epochs { get; init; } = 10_000;

    /// <summary>η in W ← W − η·dW, for the built-in <see cref="GradientDescent"/>; a rule of your own brings its own η.</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>β in V ← β·V + dW, W ← W − η·V (see <see cref="GradientDescent"/>); 0, the default, is plain gradient descent.</summary>
    public double Momentum { get; init; }

    /// <summary>
    /// The rule each step's <see cref="Network.Update(Gradients, UpdateRule)"/> uses; when null (the default),
    /// <see cref="GradientDescent"/> with <see cref="LearningRate"/> and <see cref="Momentum"/>. Set it to
    /// train with another rule (e.g. <c>new Adam(0.001)</c>) or one of your own; <see cref="LearningRate"/> and
    /// <see cref="Momentum"/> are then the rule's business. The rule keeps its state from one <c>Train</c> call to the next.
    /// </summary>
    public UpdateRule? UpdateRule { get; init; }

    /// <summary>
    /// The learning rate of each epoch, η = f(η0, epoch) from the rule's η0 (e.g. <see cref="LearningRateSchedule.Cosine"/>);
    /// null (the default) keeps η0 throughout. It works with every rule: each epoch starts by setting <see cref="UpdateRule.LearningRate"/>.
    /// </summary>
    public LearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>
    /// p of <see cref="FromScratch.Dropout"/>: during training, each hidden unit is dropped with probability p at every
    /// step (the masks seeded by <see cref="Seed"/>); never in <see cref="Network.Predict"/> or <see cref="Score"/>.
    /// 0, the default, is off.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>Samples per gradient step; 0 (the default) means the whole data set in one batch.</summary>
    public int BatchSize { get; init; }

    /// <summary>Seeds the shuffle of the samples into mini-batches each epoch.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Stop when the epoch loss has not improved on the best so far by at least
    /// <see cref="MinImprovement"/> for this many epochs in a row ("loop while the error keeps improving"),
    /// or, with a <see cref="Score"/>, when the score has not risen above its best. 0 turns early stopping off.
    /// </summary>
    public int Patience { get; init; } = 200;

    /// <summary>The smallest drop in loss that counts as an improvement (with a <see cref="Score"/>, any rise counts).</summary>
    public double MinImprovement { get; init; } = 1e-9;

    /// <summary>Call <see cref="Progress"/> every this many epochs (and on the last one); 0 means never.</summary>
    public int ReportEvery { get; init; }

    /// <summary>Called with each report; e.g. print it so long training shows it is alive.</summary>
    public Action<EpochReport>? Progress { get; init; }

    /// <summary>
    /// A score to maximise, measured after every epoch: e.g. the accuracy on a validation set that the network
    /// does not train on. When set, <see cref="Patience"/> watches it instead of the training loss, and when
    /// training ends the network gets back its parameters from the epoch with the best score, the network
    /// "kept". Every <see cref="EpochReport"/> carries it; the history lists it per epoch. It must be a finite number.
    /// </summary>
    public Func<double>? Score { get; init; }

    /// <summary>
    /// Called after each step's <see cref="Network.Backward"/>, before its update, with the batch's forward
    /// pass, targets and gradients: a place to watch training (the batch's accuracy, the size of each dW)
    /// without a second copy of the maths. It must not change what it is given.
    /// </summary>
    public Action<StepReport>? AfterBackward { get; init; }

    // The dropout of the training passes, or null without.
    internal Dropout? DropoutOf() => Dropout > 0 ? new Dropout(Dropout, Seed) : null;

    // The score after an epoch, or null without one; a NaN or infinite score is refused.
    internal double? MeasureScore(int epoch)
    {
        double? score = Score?.Invoke();
        if (score is double value && !double.IsFinite(value))
            throw new InvalidOperationException($"Train: TrainingOptions.Score returned {value} after epoch {epoch}; a score must be a finite number");
        return score;
    }

    // η of an epoch: the schedule's, or η0 without one; a schedule of one's own that gives NaN, ∞ or a negative η is refused.
    internal double LearningRateAt(int epoch, UpdateRule rule)
    {
        if (LearningRateSchedule is not { } schedule)
            return rule.InitialLearningRate;
        double rate = schedule.At(rule.InitialLearningRate, epoch);
        if (!(rate >= 0) || !double.IsFinite(rate))
            throw new InvalidOperationException($"Train: the learning-rate schedule {schedule.Name} gave {rate} for epoch {epoch}; η must be a finite number, at least 0");
        return rate;
    }

    // Calls Progress every ReportEvery epochs and on the last one.
    internal void ReportProgress(int epoch, double loss, double learningRate, TimeSpan elapsed, double? score, bool last)
    {
        if (Progress is not null && ReportEvery > 0 && (epoch % ReportEvery == 0 || last))
            Progress(new EpochReport(epoch, loss, learningRate, elapsed, score, last));
    }

    internal void Validate()
    {
        if (Epochs <= 0)
            throw new ArgumentException($"Train: Epochs must be positive, got {Epochs}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"Train: LearningRate must be a positive finite number, got {LearningRate}");
        if (BatchSize < 0)
            throw new ArgumentException($"Train: BatchSize must be 0 (whole data set) or positive, got {BatchSize}");
        if (Patience < 0 || ReportEvery < 0)
            throw new ArgumentException($"Train: Patience and ReportEvery must not be negative, got {Patience} and {ReportEvery}");
        if (!(Momentum is >= 0 and < 1))
            throw new ArgumentException($"Train: Momentum must be in [0, 1), got {Momentum}");
        if (UpdateRule is not null && Momentum != 0)
            throw new ArgumentException($"Train: Momentum ({Momentum}) is for the built-in gradient descent; with an UpdateRule of your choosing, give the rule its momentum");
        if (!(Dropout is >= 0 and < 1))
            throw new ArgumentException($"Train: Dropout must be in [0, 1), got {Dropout}");
        if (!(MinImprovement >= 0))
            throw new ArgumentException($"Train: MinImprovement must not be negative, got {MinImprovement}");
    }
}

/// <summary>
/// What <see cref="TrainingOptions.Progress"/> receives: the epoch (from 1), its loss, the learning rate η its steps
/// took (see <see cref="TrainingOptions.LearningRateSchedule"/>), the time so far, the epoch's
/// <see cref="TrainingOptions.Score"/> (null without one) and whether it is the last epoch.
/// </summary>
public sealed record EpochReport(int Epoch, double Loss, double LearningRate, TimeSpan Elapsed, double? Score = null, bool IsLast = false);

/// <summary>What <see cref="TrainingOptions.AfterBackward"/> receives: the epoch (from 1), the batch's forward pass, its targets Y and its gradients.</summary>
public sealed record StepReport(int Epoch, ForwardPass Pass, Matrix Y, Gradients Gradients);

/// <summary>What <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/> returns.</summary>
/// <param name="Losses">The loss of every epoch run, in order: the mean over its batches, each measured just before its step.</param>
/// <param name="StoppedEarly">True when training stopped because the loss (or the score) stopped improving.</param>
/// <param name="Elapsed">Wall-clock time spent training.</param>
/// <param name="Scores">With <see cref="TrainingOptions.Score"/>, the score of every epoch run; otherwise null.</param>
/// <param name="BestEpoch">With a score, the epoch (from 1) whose parameters the network kept; otherwise null.</param>
public sealed record TrainingHistory(IReadOnlyList<double> Losses, bool StoppedEarly, TimeSpan Elapsed,
    IReadOnlyList<double>? Scores = null, int? BestEpoch = null)
{
    /// <summary>How many epochs ran.</summary>
    public int Epochs => Losses.Count;

    /// <summary>The last epoch's loss.</summary>
    public double FinalLoss => Losses[^1];
}

