namespace FromScratch;

/// <summary>
/// Thrown when two matrices cannot be combined because of their shapes, for example a
/// (4, 4) · (2, 5) product. The message names the operation, both shapes and the dimensions
/// that clash, like numpy's <c>shapes (4,4) and (2,5) not aligned</c>.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="operation"/> on the two shapes.</summary>
    public ShapeMismatchException(string operation, string leftShape, string rightShape, string detail)
        : base($"{operation}: shapes {leftShape} and {rightShape} {detail}")
    {
        Operation = operation;
        LeftShape = leftShape;
        RightShape = rightShape;
    }

    /// <summary>The operation that failed, e.g. <c>Dot</c>.</summary>
    public string Operation { get; }

    /// <summary>Shape of the left operand, e.g. <c>(4, 4)</c>.</summary>
    public string LeftShape { get; }

    /// <summary>Shape of the right operand, e.g. <c>(2, 5)</c>.</summary>
    public string RightShape { get; }
}
