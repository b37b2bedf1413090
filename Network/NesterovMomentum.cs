namespace FromScratch;

/// <summary>
/// Nesterov momentum (Sutskever et al., 2013, in the form PyTorch's SGD uses): V ← β·V + dW as with momentum, then
/// W ← W − η·(dW + β·V). Momentum's step −η·V is mostly the old velocity, known before the gradient is;
/// Nesterov's step takes the gradient once more at full weight, so it corrects course one step sooner.
/// </summary>
public sealed class NesterovMomentum : UpdateRule
{
    private readonly List<Matrix?> velocities = [];

    /// <summary>A rule with learning rate η and momentum β.</summary>
    /// <param name="learningRate">η, a positive finite number.</param>
    /// <param name="momentum">β in [0, 1); 0 is plain gradient descent.</param>
    public NesterovMomentum(double learningRate, double momentum = 0.9)
        : base(learningRate)
    {
        Require(momentum is >= 0 and < 1, "the momentum β", "in [0, 1)", momentum);
        Momentum = momentum;
    }

    /// <summary>β in V ← β·V + dW.</summary>
    public double Momentum { get; }

    /// <summary>2(1 + β)/(1 + 2β): the look-ahead takes β·V's step too, so the penalty alone is stable only below that.</summary>
    public override double? LargestStableDecay => 2 * (1 + Momentum) / (1 + 2 * Momentum);

    /// <inheritdoc/>
    public override void Step(int index, Matrix parameter, Matrix gradient)
    {
        RequireSameShape(parameter, gradient);
        Matrix velocity = StateOf(velocities, index, parameter);
        // V ← β·V + dW, as with momentum
        velocity.ScaleInPlace(Momentum).AddInPlace(gradient);
        // W ← W − η·(dW + β·V): the new gradient at full weight, and the velocity it is about to follow
        parameter.AddScaledInPlace(-LearningRate, gradient).AddScaledInPlace(-LearningRate * Momentum, velocity);
    }
}
