namespace FromScratch;

/// <summary>
/// How <see cref="Network.Update(Gradients, UpdateRule)"/> changes each parameter given its gradient: the
/// last step of Forward → Backward → Update. <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/> uses <see cref="GradientDescent"/>
/// unless <see cref="TrainingOptions.UpdateRule"/> gives another: <see cref="NesterovMomentum"/>, <see cref="AdaGrad"/>,
/// <see cref="RmsProp"/>, <see cref="Adam"/>, or a rule of your own. Every rule steps by a learning rate η, which
/// <see cref="TrainingOptions.LearningRateSchedule"/> may change from epoch to epoch.
/// </summary>
public abstract class UpdateRule
{
    private double learningRate;

    /// <summary>A rule that starts at learning rate η0 = <paramref name="learningRate"/>.</summary>
    /// <param name="learningRate">η0, a positive finite number.</param>
    protected UpdateRule(double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentException($"{GetType().Name}: the learning rate must be a positive finite number, got {learningRate}");
        InitialLearningRate = this.learningRate = learningRate;
    }

    /// <summary>η0, the learning rate the rule was made with: a schedule starts from it.</summary>
    public double InitialLearningRate { get; }

    /// <summary>
    /// η of the steps now. <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/> sets it at the start of every
    /// epoch: to <see cref="InitialLearningRate"/>, or to the epoch's η of <see cref="TrainingOptions.LearningRateSchedule"/>.
    /// A finite number, at least 0 (a schedule may decay it to 0).
    /// </summary>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value >= 0) || !double.IsFinite(value))
                throw new ArgumentException($"{GetType().Name}: the learning rate must be a finite number, at least 0, got {value}");
            learningRate = value;
        }
    }

    /// <summary>
    /// The largest ηλ/n for which the L2 penalty's part of the steps, on its own, shrinks the weights instead of making
    /// them swing ever wider (its gradient (λ/n)·W enters the step like any other); null when the rule has no such bound,
    /// as an adaptive rule that divides each gradient by its own running scale. 2 for plain gradient descent.
    /// </summary>
    public virtual double? LargestStableDecay => null;

    /// <summary>
    /// Changes <paramref name="parameter"/> (some W_l or b_l) in place, given its gradient (same shape).
    /// <paramref name="index"/> numbers the parameters W1, b1, W2, b2, … as 0, 1, 2, 3, …, so that a rule
    /// can keep state per parameter (a velocity, running averages); keep one rule per network.
    /// The gradient is a buffer that the next step overwrites: copy it to keep it.
    /// </summary>
    public abstract void Step(int index, Matrix parameter, Matrix gradient);

    /// <summary>
    /// Entry <paramref name="index"/> of a rule's per-parameter <paramref name="state"/> (a velocity, a running mean):
    /// zeros shaped like <paramref name="parameter"/> the first time, and after the parameter's shape changed.
    /// </summary>
    protected static Matrix StateOf(List<Matrix?> state, int index, Matrix parameter)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameter);
        while (state.Count <= index)
            state.Add(null);
        if (state[index] is not { } matrix || !matrix.HasShapeOf(parameter))
            state[index] = matrix = new Matrix(parameter.Rows, parameter.Cols);
        return matrix;
    }

    /// <summary>Refuses a gradient whose shape is not the parameter's, before a rule reads them entry by entry.</summary>
    protected void RequireSameShape(Matrix parameter, Matrix gradient)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(gradient);
        if (!gradient.HasShapeOf(parameter))
            throw new ShapeMismatchException($"{GetType().Name}.Step", parameter.Shape, gradient.Shape, "differ: the gradient must have the shape of its parameter");
    }

    // A constant of a rule (β, ρ, ε) checked in its constructor: the message names the rule, the constant and its range.
    private protected void Require(bool valid, string constant, string range, double value)
    {
        if (!valid)
            throw new ArgumentException($"{GetType().Name}: {constant} must be {range}, got {value}");
    }
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
        : base(learningRate)
    {
        Require(momentum is >= 0 and < 1, "the momentum β", "in [0, 1)", momentum);
        Momentum = momentum;
    }

    /// <summary>β in V ← β·V + dW.</summary>
    public double Momentum { get; }

    /// <summary>2(1 + β): on the penalty alone, W ← W − η(λ/n)·W with V ← β·V + (λ/n)·W is stable while ηλ/n &lt; 2(1 + β).</summary>
    public override double? LargestStableDecay => 2 * (1 + Momentum);

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
        Matrix velocity = StateOf(velocities, index, parameter);
        // V ← β·V + dW: a running sum of past gradients, each older one weighted by another β
        velocity.ScaleInPlace(Momentum).AddInPlace(gradient);
        // W ← W − η·V
        parameter.AddScaledInPlace(-LearningRate, velocity);
    }
}
