using FromScratch;

// Placeholder walkthrough until the Demo lands: the seed's data and the shape rule.
var x = Matrix.FromRows([1, 0, 1, 1, 1], [1, 1, 1, 1, 1]).Transpose();
var y = Matrix.FromRows([0, 1, 0, 0], [1, 0, 0, 0]).Transpose();
Console.WriteLine($"X {x.Shape}: one column per sample\n{x.FormatValues()}");
Console.WriteLine($"Y {y.Shape}\n{y.FormatValues()}");
try
{
    Matrix.Zeros(4, 4).Dot(Matrix.Zeros(2, 5));
}
catch (ShapeMismatchException error)
{
    Console.WriteLine($"The seed's bug, reproduced: {error.Message}");
}
