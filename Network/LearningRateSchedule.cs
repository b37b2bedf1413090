using System.Globalization;

namespace FromScratch;

/// <summary>
/// The learning rate of each epoch, η = f(η0, epoch), for <see cref="TrainingOptions.LearningRateSchedule"/>: η0 is the
/// rule's <see cref="UpdateRule.InitialLearningRate"/>, epochs count from 1, and the first epoch trains at η0. Large steps
/// early get close quickly; smaller ones later let training settle instead of bouncing around the minimum.
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly Func<double, int, double> rate;

    /// <summary>A schedule of your own.</summary>
    /// <param name="name">What to call it, e.g. in a progress line.</param>
    /// <param name="rate">η from η0 and the epoch (from 1): a finite number, at least 0.</param>
    public LearningRateSchedule(string name, Func<double, int, double> rate)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rate);
        Name = name;
        this.rate = rate;
    }

    /// <summary>What it is called, e.g. <c>step:10:0.5</c> (as the demo's <c>--lr-decay</c> takes it).</summary>
    public string Name { get; }

    /// <summary>η of <paramref name="epoch"/> (from 1) for a rule that starts at <paramref name="initialRate"/>, η0.</summary>
    public double At(double initialRate, int epoch) => rate(initialRate, epoch);

    /// <summary>Step decay: η times γ every k epochs, η = η0·γ^⌊(epoch − 1)/k⌋ (η0 for epochs 1 to k, then η0·γ, …).</summary>
    /// <param name="every">k, the epochs between drops, at least 1.</param>
    /// <param name="factor">γ in (0, 1).</param>
    public static LearningRateSchedule Step(int every, double factor)
    {
        Require(every >= 1, "Step: the epochs between drops must be at least 1", every);
        RequireFactor("Step", factor);
        return new(Invariant($"step:{every}:{factor}"),
            (eta0, epoch) => eta0 * Math.Pow(factor, (epoch - 1) / every)); // η = η0·γ^⌊(epoch − 1)/k⌋
    }

    /// <summary>Exponential decay: η times γ every epoch, η = η0·γ^(epoch − 1).</summary>
    /// <param name="factor">γ in (0, 1), e.g. 0.95.</param>
    public static LearningRateSchedule Exponential(double factor)
    {
        RequireFactor("Exponential", factor);
        return new(Invariant($"exp:{factor}"),
            (eta0, epoch) => eta0 * Math.Pow(factor, epoch - 1)); // η = η0·γ^(epoch − 1)
    }

    /// <summary>1/t decay: η = η0 / (1 + k·(epoch − 1)), so η0/2 after 1/k epochs, η0/3 after 2/k.</summary>
    /// <param name="k">k &gt; 0, how fast it falls.</param>
    public static LearningRateSchedule Inverse(double k)
    {
        Require(k > 0 && double.IsFinite(k), "Inverse: k must be a positive finite number", k);
        return new(Invariant($"inverse:{k}"),
            (eta0, epoch) => eta0 / (1 + k * (epoch - 1))); // η = η0 / (1 + k·(epoch − 1))
    }

    /// <summary>
    /// Cosine decay over T epochs: η = η0·(1 + cos(π·(epoch − 1)/T))/2, from η0 at epoch 1 down a half cosine wave
    /// towards 0, slowly at first and at the end; epoch T + 1 would be at 0, and later epochs stay there.
    /// </summary>
    /// <param name="epochs">T, the epochs of the wave, at least 1: usually <see cref="TrainingOptions.Epochs"/>.</param>
    public static LearningRateSchedule Cosine(int epochs)
    {
        Require(epochs >= 1, "Cosine: the epochs T must be at least 1", epochs);
        return new(Invariant($"cosine:{epochs}"),
            (eta0, epoch) => eta0 * (1 + Math.Cos(Math.PI * Math.Min(epoch - 1, epochs) / epochs)) / 2); // η = η0·(1 + cos(π·(epoch − 1)/T))/2
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static void RequireFactor(string schedule, double factor) =>
        Require(factor is > 0 and < 1, $"{schedule}: the factor γ must be in (0, 1)", factor);

    private static void Require(bool valid, string problem, double value)
    {
        if (!valid)
            throw new ArgumentException(Invariant($"LearningRateSchedule.{problem}, got {value}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
