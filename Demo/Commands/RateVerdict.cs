using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// One learning rate's run in a sweep: the training loss and the accuracy (R² for numbers to predict: a score that is
/// higher the better, as accuracy) after every epoch, and the epoch at which training diverged (null when it did not).
/// A diverged run holds the epochs before that one. <paramref name="Optimizer"/> names its update rule when a sweep
/// compares several (<c>--optimizer sgd,adam</c>), and is null otherwise.
/// </summary>
internal sealed record RateRun(double Rate, IReadOnlyList<double> Losses, IReadOnlyList<double> Accuracies, int? DivergedAt = null, string? Optimizer = null)
{
    /// <summary>How the curves and progress lines name it: <c>η = 0.5</c>, or <c>adam, η = 0.001</c> beside other rules.</summary>
    public string Name => $"{(Optimizer is null ? "" : Optimizer + ", ")}η = {Rate.ToString(CultureInfo.InvariantCulture)}";

    public double FirstLoss => Losses.Count > 0 ? Losses[0] : double.NaN;

    public double FinalLoss => Losses.Count > 0 ? Losses[^1] : double.NaN;

    public double FinalAccuracy => Accuracies.Count > 0 ? Accuracies[^1] : double.NaN;

    /// <summary>Diverged: stopped by <see cref="TrainingDivergedException"/>, or a loss that is not finite.</summary>
    public bool Diverged => DivergedAt is not null || Losses.Count == 0 || Losses.Any(loss => !double.IsFinite(loss));
}

/// <summary>A verdict on one rate: a word (<see cref="RateVerdicts"/>' rules) and why.</summary>
internal sealed record RateVerdict(string Word, string Reason)
{
    public override string ToString() => Reason.Length == 0 ? Word : $"{Word}: {Reason}";
}

/// <summary>
/// The rules that judge the rates of a sweep, in this order, each rate getting the first that fits. They are rules of
/// thumb for reading curves, not statistics: one seed, a few epochs.
/// </summary>
internal static class RateVerdicts
{
    /// <summary>A rate whose final loss is more than this many times the best rate's is "too slow" or "worse".</summary>
    public const double Factor = 1.5;

    /// <summary>"Still falling" means each of the last this many epochs lowered the loss.</summary>
    public const int FallingEpochs = 3;

    public const string Help =
        """
        verdicts, the first rule that fits:
          diverged   training stopped (NaN, ∞, or a loss that blew up), or a loss is not finite
          unstable   the loss ended above where it started
          best       the highest final accuracy (or R²) of the rest (a tie: the lower final loss)
          too slow   a smaller rate than the best's (with the same optimizer), its final loss over
                     1.5 × the best's, and still falling (each of its last 3 epochs lowered it): it
                     needs more epochs
          worse      final loss over 1.5 × the best's otherwise (a plateau, or a larger rate
                     that cannot settle)
          close      final loss within 1.5 × the best's
        """;

    /// <summary>One verdict per run, in the runs' order.</summary>
    public static RateVerdict[] Judge(IReadOnlyList<RateRun> runs)
    {
        int best = Best(runs);
        return [.. runs.Select((run, i) => i == best ? new RateVerdict("best", "") : Judge(run, best < 0 ? null : runs[best]))];
    }

    /// <summary>
    /// The run with the highest final accuracy (ties: the lower final loss, then the earlier run) among those
    /// neither diverged nor unstable; −1 when there is none.
    /// </summary>
    public static int Best(IReadOnlyList<RateRun> runs) =>
        Enumerable.Range(0, runs.Count)
            .Where(i => !runs[i].Diverged && !Unstable(runs[i]))
            .OrderByDescending(i => runs[i].FinalAccuracy).ThenBy(i => runs[i].FinalLoss).ThenBy(i => i)
            .DefaultIfEmpty(-1).First();

    public static bool Unstable(RateRun run) => run.FinalLoss > run.FirstLoss;

    /// <summary>Each of the last <see cref="FallingEpochs"/> epochs (all but the first, when fewer) lowered the loss.</summary>
    public static bool StillFalling(IReadOnlyList<double> losses)
    {
        int epochs = Math.Min(FallingEpochs, losses.Count - 1);
        return epochs > 0 && Enumerable.Range(losses.Count - epochs, epochs).All(i => losses[i] < losses[i - 1]);
    }

    private static RateVerdict Judge(RateRun run, RateRun? best)
    {
        if (run.Diverged)
            return new("diverged", run.DivergedAt is int epoch ? $"at epoch {epoch}" : "the loss is not finite");
        if (Unstable(run))
            return new("unstable", Invariant($"the loss ended at {run.FinalLoss:g4}, above its start {run.FirstLoss:g4}"));
        if (best is null)
            return new("", ""); // unreachable: a run neither diverged nor unstable is a candidate for best
        double ratio = run.FinalLoss / best.FinalLoss;
        if (!(ratio > Factor))
            return new("close", Invariant($"loss {ratio:0.0#} × the best's"));
        if (run.Rate < best.Rate && run.Optimizer == best.Optimizer && StillFalling(run.Losses))
            return new("too slow", Invariant($"loss {ratio:0.0} × the best's and still falling"));
        return new("worse", Invariant($"loss {ratio:0.0} × the best's{(StillFalling(run.Losses) ? "" : ", no longer falling steadily")}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
