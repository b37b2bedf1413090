// The question's network [5, 4, 4] on its two samples: its backprop written with Matrix, the corrected one beside it,
// and the gradient check that tells them apart. From the repository root: `make starter`. To start a program of your
// own, copy this folder (README.md here says how). `make starter ARGS=per-sample` and `ARGS=adamw` check exercises 4 and 5.
using FromScratch;

if (args.Length > 0)
    return Checks.Run(args);

// The question's data, one sample per column: X is (5, 2), Y is (4, 2).
Matrix x = Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose();
Matrix y = Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose();
var network = new Network([5, 4, 4], seed: 1);

Console.WriteLine("The question's backprop: A1 − A2 and A2 − A1 as the errors, 1/M twice.");
var question = GradientCheck.Compare(network, x, y, QuestionsBackprop(network, x, y));
Console.WriteLine(question.ToTable());
// Backprop runs from the output back (dW2, db2, then dW1, db1), so name the first parameter that fails in that order.
var first = question.Parameters.Where(p => !p.Passed).OrderByDescending(p => int.Parse(p.Name[1..])).ThenBy(p => p.Name[0] == 'b').FirstOrDefault();
if (first is not null)
    Console.WriteLine($"first FAIL going back from the output: {first.Name}, off by a relative difference of {first.RelativeDifference:0.0e+00} (a pass is under {question.Threshold:0e+00})");

Console.WriteLine();
Console.WriteLine("The corrected backprop: dZ2 = A2 − Y, then back through W2ᵀ; 1/M once.");
var corrected = GradientCheck.Compare(network, x, y, CorrectedBackprop(network, x, y));
Console.WriteLine(corrected.ToTable());
return corrected.Passed && !question.Passed ? 0 : 1;

// As in the question (with numpy's @ as Dot, * as Hadamard): every line has the right shape, and it is still wrong.
static Gradients QuestionsBackprop(Network network, Matrix x, Matrix y)
{
    var pass = network.Forward(x);
    Matrix a1 = pass.A[1], a2 = pass.A[2];
    int m = x.Cols;
    Matrix dZ2 = a1 - a2;                                    // the outputs of two layers: Y never enters
    Matrix dW2 = dZ2.Dot(a1.T) / m / m;                      // 1/M twice
    Matrix db2 = dZ2.MeanOverColumns() / m;
    Matrix dZ1 = (a2 - a1).Hadamard(a1.Map(a => a * (1 - a)));
    Matrix dW1 = dZ1.Dot(x.T) / m / m;
    Matrix db1 = dZ1.MeanOverColumns() / m;
    return new Gradients([dW1, dW2], [db1, db2]);
}

// Cross-entropy with a sigmoid output: dZ2 = A2 − Y exactly; the error goes back through W2ᵀ and σ′ = A1(1 − A1).
static Gradients CorrectedBackprop(Network network, Matrix x, Matrix y)
{
    var pass = network.Forward(x);
    Matrix a1 = pass.A[1], a2 = pass.A[2], w2 = network.Weights[1];
    int m = x.Cols;
    Matrix dZ2 = a2 - y;                                     // dZ2 = A2 − Y
    Matrix dW2 = dZ2.Dot(a1.T) / m;                          // dW2 = (1/M)·dZ2·A1ᵀ
    Matrix db2 = dZ2.MeanOverColumns();                      // db2 = mean(dZ2)
    Matrix dZ1 = w2.T.Dot(dZ2).Hadamard(a1.Map(a => a * (1 - a)));  // dZ1 = W2ᵀ·dZ2 ⊙ A1(1 − A1)
    Matrix dW1 = dZ1.Dot(x.T) / m;                           // dW1 = (1/M)·dZ1·Xᵀ
    Matrix db1 = dZ1.MeanOverColumns();                      // db1 = mean(dZ1)
    return new Gradients([dW1, dW2], [db1, db2]);
}
