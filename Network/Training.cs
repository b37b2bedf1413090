using System.Diagnostics;
using System.Globalization;

namespace FromScratch;

/// <summary>Settings for <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/>. The defaults suit the seed's toy problems.</summary>
public sealed record TrainingOptions
{
    /// <summary>The most passes over the data. Training may stop earlier, see <see cref="Patience"/>.</summary>
    public int Epochs { get; init; } = 10_000;

    /// <summary>η in W ← W − η·dW.</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>β in V ← β·V + dW, W ← W − η·V (see <see cref="GradientDescent"/>); 0, the default, is plain gradient descent.</summary>
    public double Momentum { get; init; }

    /// <summary>
    /// The rule each step's <see cref="Network.Update(Gradients, UpdateRule)"/> uses; when null (the default),
    /// <see cref="GradientDescent"/> with <see cref="LearningRate"/> and <see cref="Momentum"/>. Set it to
    /// train with your own rule (e.g. Adam); <see cref="LearningRate"/> and <see cref="Momentum"/> are then the
    /// rule's business. The rule keeps its state from one <c>Train</c> call to the next.
    /// </summary>
    public UpdateRule? UpdateRule { get; init; }

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
            throw new ArgumentException($"Train: Momentum ({Momentum}) is for the built-in gradient descent; with your own UpdateRule, give the rule its momentum");
        if (!(MinImprovement >= 0))
            throw new ArgumentException($"Train: MinImprovement must not be negative, got {MinImprovement}");
    }
}

/// <summary>
/// What <see cref="TrainingOptions.Progress"/> receives: the epoch (from 1), its loss, the time so far, the
/// epoch's <see cref="TrainingOptions.Score"/> (null without one) and whether it is the last epoch.
/// </summary>
public sealed record EpochReport(int Epoch, double Loss, TimeSpan Elapsed, double? Score = null, bool IsLast = false);

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

/// <summary>
/// Thrown when training diverges, checked after every epoch: the loss or a parameter became NaN or infinite;
/// the loss stayed over <see cref="Network.LossBlowUpFactor"/> times its starting value (and above 1) for
/// <see cref="Network.BlownUpEpochs"/> epochs in a row, or in the last one; or every output of the epoch's last
/// whole batch is saturated (within 1e-12 of 0 or 1) with some of them wrong and the output gradient dZ vanished,
/// as with squared error, which stays finite however large the weights. The message names the epoch.
/// </summary>
/// <param name="epoch">The epoch (from 1) at which it was seen.</param>
/// <param name="what">What showed it, e.g. "the loss became NaN".</param>
/// <param name="learningRate">η of the built-in rule, or null for an <see cref="UpdateRule"/> of your own.</param>
public sealed class TrainingDivergedException(int epoch, string what, double? learningRate)
    : Exception(learningRate is double rate
        ? string.Create(CultureInfo.InvariantCulture, $"Train: {what} at epoch {epoch} with learning rate {rate}; training diverged, try a smaller learning rate (e.g. {rate / 10})")
        : $"Train: {what} at epoch {epoch}; training diverged, try smaller steps in your update rule")
{
    /// <summary>The epoch (from 1) at which training diverged.</summary>
    public int Epoch { get; } = epoch;
}

public sealed partial class Network
{
    /// <summary>
    /// Gradient descent over epochs: each epoch shuffles the samples (with a seeded shuffle) into
    /// batches of <see cref="TrainingOptions.BatchSize"/> and takes one step per batch, each step
    /// <see cref="Forward"/> → <see cref="LossOf(ForwardPass, Matrix)"/> → <see cref="Backward"/> →
    /// <see cref="Update(Gradients, UpdateRule)"/>, the methods a student reads.
    /// Stops at <see cref="TrainingOptions.Epochs"/> or when the loss (or the <see cref="TrainingOptions.Score"/>)
    /// stops improving; with a score, the network ends with the parameters of its best epoch.
    /// </summary>
    /// <param name="x">(inputs × m), one sample per column.</param>
    /// <param name="y">(outputs × m), the targets for each column of X.</param>
    /// <param name="options">Epochs, learning rate, momentum, batch size, early stopping, progress; defaults when null.</param>
    /// <exception cref="ArgumentException">Bad options, or X and Y do not suit the network or its loss (checked before any work).</exception>
    /// <exception cref="TrainingDivergedException">The loss or a parameter became NaN or infinite, the loss blew up, or the outputs saturated at the wrong end.</exception>
    /// <exception cref="InvalidOperationException"><see cref="TrainingOptions.Score"/> returned NaN or an infinity.</exception>
    /// <remarks>
    /// Mini-batches are gathered from a copy of X with one sample per row (<see cref="Inputs.FromRows"/>), where
    /// each sample is one contiguous run of memory; for data too large to hold twice, pass <see cref="Inputs"/>
    /// that gather from where the data is (<see cref="Train(Inputs, Matrix, TrainingOptions?)"/>).
    /// </remarks>
    public TrainingHistory Train(Matrix x, Matrix y, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        RequireTargets(x, y, nameof(Train));
        bool miniBatches = options.BatchSize > 0 && options.BatchSize < x.Cols;
        return TrainChecked(miniBatches ? Inputs.FromRows(x.Transpose()) : Inputs.Of(x), y, options);
    }

    /// <inheritdoc cref="Train(Matrix, Matrix, TrainingOptions?)"/>
    /// <remarks>
    /// Each mini-batch is gathered through <see cref="Inputs.CopyColumns"/> into a buffer made once; nothing
    /// else of X is copied. A full batch trains on <see cref="Inputs.AsMatrix"/> when there is one, and is
    /// otherwise gathered once, in the first epoch, as its order never changes.
    /// </remarks>
    /// <param name="x">The inputs of m samples, gathered a batch at a time: e.g. <see cref="Inputs.Of"/> a matrix.</param>
    /// <param name="y">(outputs × m), the targets for each sample.</param>
    /// <param name="options">Epochs, learning rate, momentum, batch size, early stopping, progress; defaults when null.</param>
    public TrainingHistory Train(Inputs x, Matrix y, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        RequireTargets(x, y, nameof(Train));
        return TrainChecked(x, y, options);
    }

    // The loop both Train overloads run, once they have checked the options, the inputs and the targets.
    private TrainingHistory TrainChecked(Inputs x, Matrix y, TrainingOptions options)
    {
        using var workers = Matrix.KeepWorkersAwake(); // products from batch 100 up are split across the cores while training
        int m = x.Count;
        int batchSize = options.BatchSize == 0 ? m : Math.Min(options.BatchSize, m);
        UpdateRule rule = options.UpdateRule ?? new GradientDescent(options.LearningRate, options.Momentum);
        double? learningRate = options.UpdateRule is null ? options.LearningRate : null; // for the divergence message
        var random = new Random(options.Seed);
        int[] order = [.. Enumerable.Range(0, m)];
        var losses = new List<double>();
        List<double>? scores = options.Score is null ? null : [];
        double bestScore = double.NegativeInfinity;
        int bestEpoch = 0;
        Matrix[]? bestParameters = null;   // with a score: copies of W1, b1, W2, … at the best epoch
        double best = double.PositiveInfinity;
        int epochsWithoutImprovement = 0;
        bool stoppedEarly = false;
        var clock = Stopwatch.StartNew();

        // Every step writes into buffers made once: the gradients, and per batch size a forward pass
        // and the batch's X and Y, gathered from the inputs. A full batch held as a matrix trains on X
        // and Y themselves; otherwise it is gathered once, as its order never changes.
        bool shuffled = batchSize < m;
        Matrix? wholeX = shuffled ? null : x.AsMatrix;
        var gradients = Gradients.ZerosFor(this);
        var batches = new Dictionary<int, (ForwardPass Pass, Matrix X, Matrix Y)>();
        (ForwardPass Pass, Matrix X, Matrix Y) lastFullBatch = default;
        double startingLoss = double.NaN;
        int epochsBlownUp = 0;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (shuffled)
                random.Shuffle(order);
            double lossSum = 0;
            for (int start = 0; start < m; start += batchSize)
            {
                int size = Math.Min(batchSize, m - start);
                bool gather = shuffled;
                if (!batches.TryGetValue(size, out var batch))
                {
                    batches[size] = batch = wholeX is not null
                        ? (new ForwardPass(LayerSizes, size), wholeX, y)
                        : (new ForwardPass(LayerSizes, size, samplesInDataSet: m), new Matrix(x.Features, size), new Matrix(y.Rows, size));
                    gather = wholeX is null;
                }
                if (gather)
                {
                    ReadOnlySpan<int> chosen = order.AsSpan(start, size);
                    x.CopyColumns(chosen, batch.X);
                    y.CopyColumnsInto(chosen, batch.Y);
                }

                // One step: the loss is measured on the forward pass that the gradients are taken from.
                if (size == batchSize)
                    lastFullBatch = batch; // the saturation check below looks at a whole batch, never a remainder of one
                ForwardPass pass = Forward(batch.X, into: batch.Pass);
                double batchLoss = LossOf(pass, batch.Y);
                if (double.IsNaN(startingLoss))
                    startingLoss = batchLoss; // the loss before the first step, what divergence is measured against
                lossSum += batchLoss * size;
                Backward(pass, batch.Y, into: gradients);
                options.AfterBackward?.Invoke(new StepReport(epoch, pass, batch.Y, gradients));
                Update(gradients, rule);
            }

            double loss = lossSum / m;
            double? score = options.Score?.Invoke();
            if (score is double value && !double.IsFinite(value))
                throw new InvalidOperationException($"Train: TrainingOptions.Score returned {value} after epoch {epoch}; a score must be a finite number");
            bool improved = score is double s ? s > bestScore : loss < best - options.MinImprovement;
            if (improved)
            {
                epochsWithoutImprovement = 0;
                if (score is double newBest)
                {
                    (bestScore, bestEpoch) = (newBest, epoch);
                    bestParameters ??= [.. weights.Zip(biases).SelectMany(p => new[] { p.First.Copy(), p.Second.Copy() })];
                    for (int l = 0; l < LayerCount; l++)
                    {
                        CopyValues(weights[l], bestParameters[2 * l]);
                        CopyValues(biases[l], bestParameters[2 * l + 1]);
                    }
                }
                else
                    best = loss;
            }
            else
            {
                epochsWithoutImprovement++;
            }
            stoppedEarly = options.Patience > 0 && epochsWithoutImprovement >= options.Patience && epoch < options.Epochs;
            bool last = stoppedEarly || epoch == options.Epochs;
            epochsBlownUp = loss > LossBlowUpFactor * startingLoss && loss > 1 ? epochsBlownUp + 1 : 0;
            if (SignOfDivergence(loss, startingLoss, epochsBlownUp, last, lastFullBatch.Pass!, lastFullBatch.Y!) is string sign)
                throw new TrainingDivergedException(epoch, sign, learningRate);
            losses.Add(loss);
            if (score is double measured)
                scores!.Add(measured);
            if (options.Progress is not null && options.ReportEvery > 0 && (epoch % options.ReportEvery == 0 || last))
                options.Progress(new EpochReport(epoch, loss, clock.Elapsed, score, last));
            if (stoppedEarly)
                break;
        }
        // With a score, the network kept is the best epoch's, not the last one's.
        if (bestParameters is not null && bestEpoch != losses.Count)
            for (int l = 0; l < LayerCount; l++)
            {
                CopyValues(bestParameters[2 * l], weights[l]);
                CopyValues(bestParameters[2 * l + 1], biases[l]);
            }
        return new TrainingHistory(losses, stoppedEarly, clock.Elapsed, scores, bestEpoch > 0 ? bestEpoch : null);
    }

    private static void CopyValues(Matrix from, Matrix to)
    {
        for (int r = 0; r < from.Rows; r++)
            for (int c = 0; c < from.Cols; c++)
                to[r, c] = from[r, c];
    }

    /// <summary>How far above the starting loss (the first batch's, before any step) an epoch's loss may rise before training counts as diverged.</summary>
    public const double LossBlowUpFactor = 100;

    /// <summary>For how many epochs in a row the loss must stay that high (a spike it recovers from is no divergence); the last epoch counts at once.</summary>
    public const int BlownUpEpochs = 3;

    // What shows that training has diverged after an epoch, or null when nothing does. A blow-up can stay
    // finite for a long time (at η = 1e300 the loss is a steady 1e299), and squared error cannot blow up at
    // all: its outputs saturate at the wrong end, where σ′ ≈ 0 and the gradient vanishes. (With cross-entropy
    // a saturated wrong output still gets the full a − y, so saturation alone is no sign.)
    private string? SignOfDivergence(double loss, double startingLoss, int epochsBlownUp, bool lastEpoch, ForwardPass pass, Matrix y)
    {
        if (!double.IsFinite(loss))
            return $"the loss became {loss}";
        if (FirstNonFiniteParameter() is string parameter)
            return $"{parameter} has a NaN or infinite entry";
        if (epochsBlownUp >= BlownUpEpochs || (epochsBlownUp > 0 && lastEpoch))
            return string.Create(CultureInfo.InvariantCulture,
                $"the loss stayed over {LossBlowUpFactor} times its starting {startingLoss:g4} for {epochsBlownUp} epoch{(epochsBlownUp == 1 ? "" : "s")} (now {loss:g4}),");
        if (StuckAtTheWrongEnd(pass.Output, pass.Deltas[LayerCount], y))
            return "every output of the last batch is saturated (within 1e-12 of 0 or 1), some are wrong, and their gradient dZ has vanished (under 1e-12),";
        return null;
    }

    // True when every output a is within 1e-12 of 0 or 1, at least one is on the wrong side of its target,
    // and the output delta dZ of that pass is under 1e-12 everywhere: nothing can move them any more.
    private static bool StuckAtTheWrongEnd(Matrix output, Matrix outputDelta, Matrix y)
    {
        bool wrong = false;
        for (int r = 0; r < output.Rows; r++)
            for (int c = 0; c < output.Cols; c++)
            {
                double a = output[r, c];
                if (a is > 1e-12 and < 1 - 1e-12 || Math.Abs(outputDelta[r, c]) > 1e-12)
                    return false;
                wrong |= Math.Abs(a - y[r, c]) > 0.5;
            }
        return wrong;
    }

    // The name of the first parameter matrix with a NaN or infinite entry (e.g. "W2"), or null.
    private string? FirstNonFiniteParameter()
    {
        for (int l = 0; l < LayerCount; l++)
        {
            if (!weights[l].IsFinite())
                return $"W{l + 1}";
            if (!biases[l].IsFinite())
                return $"b{l + 1}";
        }
        return null;
    }
}
