using FromScratch;

// Your answers to exercises 4 and 5 of the repository's README (section "Exercises"). Replace each stub between its
// "begins" and "ends" lines with your code, then check it from the repository root:
//   make starter ARGS=per-sample    exercise 4
//   make starter ARGS=adamw         exercise 5
public static class Exercises
{
    // exercise 4 begins
    /// <summary>The batch gradient as the mean of per-sample gradients (exercise 4: not written yet).</summary>
    public static Gradients MeanOfPerSampleGradients(Network network, Matrix x, Matrix y) =>
        throw new NotImplementedException("exercise 4 is not written yet");
    // exercise 4 ends

    // exercise 5 begins
    /// <summary>AdamW (exercise 5: not written yet).</summary>
    public sealed class AdamW(double learningRate = 0.001, double weightDecay = 0.01) : UpdateRule(learningRate)
    {
        /// <summary>λ, the weight decay the check asks for.</summary>
        public double WeightDecay => weightDecay;

        public override void Step(int index, Matrix parameter, Matrix gradient) =>
            throw new NotImplementedException("exercise 5 is not written yet");
    }
    // exercise 5 ends
}
