using System.Globalization;

namespace FromScratch;

/// <summary>
/// Thrown when training diverges, checked after every epoch: the loss or a parameter became NaN or infinite;
/// the loss stayed over 100 times its starting value (and above 1) for 3 epochs in a row, or in the last one;
/// or every output of the epoch's last whole batch is saturated (within 1e-12 of 0 or 1) with some of them
/// wrong and the output gradient dZ vanished, as with squared error, which stays finite however large the
/// weights. The message names the epoch. A loss that is not finite before the first step is reported so too, with
/// its terms (the data loss and the L2 or L1 penalty), as no step size can help it.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <param name="epoch">The epoch (from 1) at which it was seen.</param>
    /// <param name="what">What showed it, e.g. "the loss became NaN".</param>
    /// <param name="learningRate">η0 of the update rule (what to make smaller), or null when there is none to name.</param>
    public TrainingDivergedException(int epoch, string what, double? learningRate)
        : base(learningRate is double rate
            ? string.Create(CultureInfo.InvariantCulture, $"Train: {what} at epoch {epoch} with learning rate {rate}; training diverged, try a smaller learning rate (e.g. {rate / 10})")
            : $"Train: {what} at epoch {epoch}; training diverged, try smaller steps in your update rule") => Epoch = epoch;

    // A message that names another cause than the learning rate.
    internal TrainingDivergedException(int epoch, string message) : base(message) => Epoch = epoch;

    /// <summary>The epoch (from 1) at which training diverged.</summary>
    public int Epoch { get; }
}

/// <summary>
/// Watches a training run for divergence and throws <see cref="TrainingDivergedException"/> when it sees it.
/// A blow-up can stay finite for a long time (at η = 1e300 the loss is a steady 1e299), and squared error
/// cannot blow up at all: its outputs saturate at the wrong end, where σ′ ≈ 0 and the gradient vanishes.
/// (With cross-entropy a saturated wrong output still gets the full a − y, so saturation alone is no sign.)
/// </summary>
/// <param name="network">The network being trained, whose parameters are checked.</param>
/// <param name="samples">The samples in the training set, n of the L2 penalty (λ/2n)·Σ‖W‖².</param>
/// <param name="batchSize">The run's batch size: saturation is judged on a whole batch, never an epoch's smaller remainder.</param>
/// <param name="rule">The run's update rule: its η0 goes in the messages, and with plain gradient descent the L2 shrink is checked.</param>
internal sealed class DivergenceWatch(Network network, int samples, int batchSize, UpdateRule rule)
{
    /// <summary>How far above the starting loss (the first batch's, before any step) an epoch's loss may rise.</summary>
    public const double LossBlowUpFactor = 100;

    /// <summary>For how many epochs in a row the loss must stay that high (a spike it recovers from is no divergence); the last epoch counts at once.</summary>
    public const int BlownUpEpochs = 3;

    private readonly double startingPenalty = network.Penalty(samples); // both made before any step
    private readonly double learningRate = rule.InitialLearningRate;
    private readonly string? startingNonFinite = FirstNonFiniteParameter(network);
    private double startingLoss = double.NaN;
    private bool stepped;
    private int epochsBlownUp;
    private TrainingBatch? lastWholeBatch;

    /// <summary>After each step, with the batch's loss before the step (the first is the starting loss); throws if that one is not finite.</summary>
    public void AfterStep(double batchLoss, TrainingBatch batch)
    {
        if (!stepped)
        {
            stepped = true;
            startingLoss = batchLoss;
            if (!double.IsFinite(batchLoss))
                throw new TrainingDivergedException(1, StartedInfinite(batchLoss, batch));
        }
        if (batch.Size == batchSize)
            lastWholeBatch = batch;
    }

    // The loss was ∞ or NaN before the first step, which no learning rate can change: which of its terms is,
    // the data loss (1/m) Σ ℓ of the first batch (its forward pass is from before the step) or the penalty (L2, L1)?
    private string StartedInfinite(double batchLoss, TrainingBatch batch)
    {
        double dataLoss = network.Loss.Value(batch.Pass.Z[^1], batch.Pass.Output, batch.Y);
        var invariant = CultureInfo.InvariantCulture;
        string data = double.IsFinite(dataLoss) ? string.Create(invariant, $"{dataLoss:g4}")
            : $"{dataLoss} ({(startingNonFinite is string parameter ? $"{parameter} has a NaN or infinite entry" : "the inputs or the starting parameters are too large")})";
        string start = $"Train: the loss of the first batch is {batchLoss} before any step, so no learning rate can help: its data loss is {data}";
        var (l2, l1) = (network.L2, network.L1);
        if (network.PenaltyFormula is not string which)
            return start; // no penalty to name
        string lambdas = l2 > 0 && l1 > 0 ? $"λ₂ = {l2}, λ₁ = {l1}" : $"λ = {(l1 > 0 ? l1 : l2)}";
        string penalty = double.IsFinite(startingPenalty) ? string.Create(invariant, $"{startingPenalty:g4}")
            : string.Create(invariant, $"{startingPenalty} ({lambdas}, n = {samples}); lower {(l2 > 0 && l1 > 0 ? "L2 and L1" : l1 > 0 ? "L1" : "L2")}");
        return string.Create(invariant, $"{start}{(double.IsFinite(dataLoss) ? ", but" : ", and")} the {which} of the starting weights is {penalty}");
    }

    /// <summary>After each epoch, with its loss; throws when training has diverged.</summary>
    public void AfterEpoch(int epoch, double loss, bool lastEpoch)
    {
        epochsBlownUp = loss > LossBlowUpFactor * startingLoss && loss > 1 ? epochsBlownUp + 1 : 0;
        if (SignOfDivergence(loss, lastEpoch) is string sign)
            throw OverShrunk() is string cause
                ? new TrainingDivergedException(epoch, string.Create(CultureInfo.InvariantCulture, $"Train: {sign} at epoch {epoch} with learning rate {learningRate}; training diverged: {cause}"))
                : new TrainingDivergedException(epoch, sign, learningRate);
    }

    // The penalties' part of a step, before the data's: L2's W ← W − η(λ/n)·W multiplies W by 1 − ηλ/n, and at ηλ/n ≥ 2
    // (2(1 + β) with momentum) that alone makes |W| grow step after step; L1's moves every weight by ηλ/n. Either way,
    // whatever the data, L2 or L1, not the learning rate, is what to lower.
    private string? OverShrunk()
    {
        // The rule's own bound on ηλ/n (none for an adaptive rule, which divides the penalty's gradient by its own scale)
        if (rule.LargestStableDecay is not double limit)
            return null;
        // L1's part of each step moves every weight by ηλ/n towards 0: once that is 1 or more, the weights swing by as much
        double l1Step = learningRate * network.L1 / samples;
        if (l1Step >= 1)
            return string.Create(CultureInfo.InvariantCulture, $"with L1 λ = {network.L1} each step moves every weight by ηλ/n = {l1Step:g3} (n = {samples}) towards 0 before the data's gradient, so the weights swing by as much; lower L1 until ηλ/n is well under 1");
        double decay = learningRate * network.L2 / samples;
        return decay >= limit
            ? string.Create(CultureInfo.InvariantCulture, $"with L2 λ = {network.L2} each step multiplies W by 1 − ηλ/n = {1 - decay:g3} (n = {samples}) before the data's gradient; lower L2 until ηλ/n is under {limit:0.##}")
            : null;
    }

    // What shows that training has diverged, or null when nothing does.
    private string? SignOfDivergence(double loss, bool lastEpoch)
    {
        if (!double.IsFinite(loss))
            return $"the loss became {loss}";
        if (FirstNonFiniteParameter(network) is string parameter)
            return $"{parameter} has a NaN or infinite entry";
        if (epochsBlownUp >= BlownUpEpochs || (epochsBlownUp > 0 && lastEpoch))
            return string.Create(CultureInfo.InvariantCulture,
                $"the loss stayed over {LossBlowUpFactor} times its starting {startingLoss:g4} for {epochsBlownUp} epoch{(epochsBlownUp == 1 ? "" : "s")} (now {loss:g4}),");
        if (lastWholeBatch is { } batch && StuckAtTheWrongEnd(batch.Pass.Output, batch.Pass.Deltas[^1], batch.Y))
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
    private static string? FirstNonFiniteParameter(Network network)
    {
        for (int l = 0; l < network.LayerCount; l++)
        {
            if (!network.Weights[l].IsFinite())
                return $"W{l + 1}";
            if (!network.Biases[l].IsFinite())
                return $"b{l + 1}";
        }
        return null;
    }
}
