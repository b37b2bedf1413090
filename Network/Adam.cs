namespace FromScratch;

/// <summary>
/// Adam (Kingma and Ba, 2015): momentum and RMSProp together. Running means of the gradient, M, and of its square, V,
/// each divided by 1 − β^t so that their start at zero does not shrink the first steps (t counts the steps), then
/// W ← W − η·M̂ / (√V̂ + ε). Each weight moves by about η per step whatever its gradient's scale.
/// </summary>
public sealed class Adam : UpdateRule
{
    private readonly List<Matrix?> means = [], meanSquares = [];
    private readonly List<int> steps = [];

    /// <summary>A rule with learning rate η, decays β1 and β2, and ε; the defaults are the paper's.</summary>
    /// <param name="learningRate">η, a positive finite number; 0.001 is the usual start.</param>
    /// <param name="beta1">β1 in [0, 1), the decay of M, the mean of dW (momentum's β).</param>
    /// <param name="beta2">β2 in [0, 1), the decay of V, the mean of dW² (RMSProp's ρ).</param>
    /// <param name="epsilon">ε &gt; 0, added to √V̂ so that no step divides by 0.</param>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(learningRate)
    {
        Require(beta1 is >= 0 and < 1, "β1", "in [0, 1)", beta1);
        Require(beta2 is >= 0 and < 1, "β2", "in [0, 1)", beta2);
        Require(epsilon > 0 && double.IsFinite(epsilon), "ε", "a positive finite number", epsilon);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β1 in M ← β1·M + (1 − β1)·dW.</summary>
    public double Beta1 { get; }

    /// <summary>β2 in V ← β2·V + (1 − β2)·dW².</summary>
    public double Beta2 { get; }

    /// <summary>ε in W ← W − η·M̂ / (√V̂ + ε).</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override void Step(int index, Matrix parameter, Matrix gradient)
    {
        RequireSameShape(parameter, gradient);
        // A parameter seen for the first time (or of another shape: another network) starts afresh, t at 1
        bool fresh = index >= means.Count || means[index] is not { } known || !known.HasShapeOf(parameter);
        Span<double> w = parameter.AsSpan(), m = StateOf(means, index, parameter).AsSpan(), v = StateOf(meanSquares, index, parameter).AsSpan();
        ReadOnlySpan<double> g = gradient.AsSpan();
        int t = NextStep(index, fresh);
        double correction1 = 1 - Math.Pow(Beta1, t), correction2 = 1 - Math.Pow(Beta2, t);
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];         // M ← β1·M + (1 − β1)·dW
            v[i] = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];  // V ← β2·V + (1 − β2)·dW²
            w[i] -= LearningRate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + Epsilon);  // W ← W − η·M̂ / (√V̂ + ε), M̂ = M/(1 − β1^t), V̂ = V/(1 − β2^t)
        }
    }

    // t of parameter `index`: 1 on its first step, and again when its state starts afresh.
    private int NextStep(int index, bool fresh)
    {
        while (steps.Count <= index)
            steps.Add(0);
        return steps[index] = fresh ? 1 : steps[index] + 1;
    }
}
