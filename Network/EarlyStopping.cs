namespace FromScratch;

/// <summary>
/// "Loop over epochs while the error keeps improving": after each epoch, says whether to stop. Without a
/// <see cref="TrainingOptions.Score"/>, an improvement is a loss lower than the best by
/// <see cref="TrainingOptions.MinImprovement"/>; with one, a higher score, and the network's parameters at
/// that epoch are kept, to be put back when training ends.
/// </summary>
internal sealed class EarlyStopping(Network network, TrainingOptions options)
{
    private double bestLoss = double.PositiveInfinity;
    private double bestScore = double.NegativeInfinity;
    private int epochsWithoutImprovement;
    private Matrix[]? kept; // W1, b1, W2, b2, … at the best epoch, made at the first one

    /// <summary>With a score, the epoch (from 1) with the best one so far; otherwise null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>True once <see cref="TrainingOptions.Patience"/> epochs in a row have not improved before the last epoch.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>Records an epoch's loss and score (null without a score); true when training should stop.</summary>
    public bool AfterEpoch(int epoch, double loss, double? score)
    {
        bool improved = score is double s ? s > bestScore : loss < bestLoss - options.MinImprovement;
        if (!improved)
            epochsWithoutImprovement++;
        else if (score is double newBest)
        {
            (epochsWithoutImprovement, bestScore, BestEpoch) = (0, newBest, epoch);
            CopyParameters(Parameters(network), kept ??= [.. Parameters(network).Select(p => new Matrix(p.Rows, p.Cols))]);
        }
        else
            (epochsWithoutImprovement, bestLoss) = (0, loss);
        StoppedEarly = options.Patience > 0 && epochsWithoutImprovement >= options.Patience && epoch < options.Epochs;
        return StoppedEarly;
    }

    /// <summary>With a score, gives the network back the best epoch's parameters (unless that was the last epoch run).</summary>
    public void PutBackTheBestEpoch(int epochsRun)
    {
        if (kept is not null && BestEpoch != epochsRun)
            CopyParameters(kept, Parameters(network));
    }

    private static IEnumerable<Matrix> Parameters(Network network) =>
        network.Weights.Zip(network.Biases).SelectMany(layer => new[] { layer.First, layer.Second });

    private static void CopyParameters(IEnumerable<Matrix> from, IEnumerable<Matrix> to)
    {
        foreach (var (source, destination) in from.Zip(to))
            source.AsSpan().CopyTo(destination.AsSpan());
    }
}
