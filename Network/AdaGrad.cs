namespace FromScratch;

/// <summary>
/// AdaGrad (Duchi et al., 2011): each weight's own learning rate, η / √G, shrinks with the sum G of its squared gradients,
/// G ← G + dW², W ← W − η·dW / (√G + ε). Weights with rare, small gradients keep large steps; but G only grows,
/// so every step shrinks over time and long training can stall (RMSProp forgets old gradients instead).
/// </summary>
public sealed class AdaGrad : UpdateRule
{
    private readonly List<Matrix?> sums = [];

    /// <summary>A rule with learning rate η and ε.</summary>
    /// <param name="learningRate">η, a positive finite number; 0.01 is a usual start.</param>
    /// <param name="epsilon">ε &gt; 0, added to √G so that no step divides by 0.</param>
    public AdaGrad(double learningRate = 0.01, double epsilon = 1e-8)
        : base(learningRate)
    {
        Require(epsilon > 0 && double.IsFinite(epsilon), "ε", "a positive finite number", epsilon);
        Epsilon = epsilon;
    }

    /// <summary>ε in W ← W − η·dW / (√G + ε).</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override void Step(int index, Matrix parameter, Matrix gradient)
    {
        RequireSameShape(parameter, gradient);
        Span<double> w = parameter.AsSpan(), sum = StateOf(sums, index, parameter).AsSpan();
        ReadOnlySpan<double> g = gradient.AsSpan();
        for (int i = 0; i < w.Length; i++)
        {
            sum[i] += g[i] * g[i];                                     // G ← G + dW²
            w[i] -= LearningRate * g[i] / (Math.Sqrt(sum[i]) + Epsilon);  // W ← W − η·dW / (√G + ε)
        }
    }
}
