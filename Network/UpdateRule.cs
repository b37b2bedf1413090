namespace FromScratch;

/// <summary>
/// How <see cref="Network.Update(Gradients, UpdateRule)"/> changes each parameter given its gradient: the
/// last step of Forward → Backward → Update. <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/> uses <see cref="GradientDescent"/>
/// unless <see cref="TrainingOptions.UpdateRule"/> gives another: the place to add Adam, RMSProp, ….
/// </summary>
public abstract class UpdateRule
{
    /// <summary>
    /// Changes <paramref name="parameter"/> (some W_l or b_l) in place, given its gradient (same shape).
    /// <paramref name="index"/> numbers the parameters W1, b1, W2, b2, … as 0, 1, 2, 3, …, so that a rule
    /// can keep state per parameter (a velocity, running averages); keep one rule per network.
    /// The gradient is a buffer that the next step overwrites: copy it to keep it.
    /// </summary>
    public abstract void Step(int index, Matrix parameter, Matrix gradient);
}

/// <summary>
/// Gradient descent, W ← W − η·dW for every W and b; with momentum β &gt; 0, V ← β·V + dW, then
/// W ← W − η·V. β = 0 is exactly the plain step: V would be just dW.
/// </summary>
public sealed class GradientDescent : UpdateRule
{
    private readonly List<Matrix?> velocities = [];

    /// <summary>A rule with learning rate η and momentum β.</summary>
    /// <param name="learningRate">η, a positive finite number.</param>
    /// <param name="momentum">β in [0, 1); 0 (the default) is plain gradient descent.</param>
    public GradientDescent(double learningRate, double momentum = 0)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentException($"GradientDescent: the learning rate must be a positive finite number, got {learningRate}");
        if (!(momentum is >= 0 and < 1))
            throw new ArgumentException($"GradientDescent: the momentum β must be in [0, 1), got {momentum}");
        LearningRate = learningRate;
        Momentum = momentum;
    }

    /// <summary>η in W ← W − η·V.</summary>
    public double LearningRate { get; }

    /// <summary>β in V ← β·V + dW.</summary>
    public double Momentum { get; }

    /// <inheritdoc/>
    public override void Step(int index, Matrix parameter, Matrix gradient)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (Momentum == 0)
        {
            // W ← W − η·dW
            parameter.AddScaledInPlace(-LearningRate, gradient);
            return;
        }
        Matrix velocity = VelocityOf(index, parameter);
        // V ← β·V + dW: a running sum of past gradients, each older one weighted by another β
        velocity.ScaleInPlace(Momentum).AddInPlace(gradient);
        // W ← W − η·V
        parameter.AddScaledInPlace(-LearningRate, velocity);
    }

    // The velocity of parameter `index`: zeros shaped like it the first time.
    private Matrix VelocityOf(int index, Matrix parameter)
    {
        while (velocities.Count <= index)
            velocities.Add(null);
        if (velocities[index] is not { } velocity || !velocity.HasShapeOf(parameter))
            velocities[index] = velocity = new Matrix(parameter.Rows, parameter.Cols);
        return velocity;
    }
}
