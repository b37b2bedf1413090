namespace FromScratch;

/// <summary>
/// RMSProp (Hinton's lecture notes, 2012): AdaGrad with a running mean S of the squared gradients in place of their
/// sum, S ← ρ·S + (1 − ρ)·dW², W ← W − η·dW / (√S + ε). Old gradients fade by ρ each step, so the steps adapt to
/// each weight's recent gradient size and do not shrink forever as AdaGrad's do.
/// </summary>
public sealed class RmsProp : UpdateRule
{
    private readonly List<Matrix?> meanSquares = [];

    /// <summary>A rule with learning rate η, decay ρ and ε.</summary>
    /// <param name="learningRate">η, a positive finite number; 0.001 is a usual start.</param>
    /// <param name="rho">ρ in [0, 1), how much of S each step keeps: 0.9 remembers about the last 10 steps.</param>
    /// <param name="epsilon">ε &gt; 0, added to √S so that no step divides by 0.</param>
    public RmsProp(double learningRate = 0.001, double rho = 0.9, double epsilon = 1e-8)
        : base(learningRate)
    {
        Require(rho is >= 0 and < 1, "ρ", "in [0, 1)", rho);
        Require(epsilon > 0 && double.IsFinite(epsilon), "ε", "a positive finite number", epsilon);
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>ρ in S ← ρ·S + (1 − ρ)·dW².</summary>
    public double Rho { get; }

    /// <summary>ε in W ← W − η·dW / (√S + ε).</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override void Step(int index, Matrix parameter, Matrix gradient)
    {
        RequireSameShape(parameter, gradient);
        Span<double> w = parameter.AsSpan(), s = StateOf(meanSquares, index, parameter).AsSpan();
        ReadOnlySpan<double> g = gradient.AsSpan();
        for (int i = 0; i < w.Length; i++)
        {
            s[i] = Rho * s[i] + (1 - Rho) * g[i] * g[i];                 // S ← ρ·S + (1 − ρ)·dW²
            w[i] -= LearningRate * g[i] / (Math.Sqrt(s[i]) + Epsilon);  // W ← W − η·dW / (√S + ε)
        }
    }
}
