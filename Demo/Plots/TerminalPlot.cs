using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>Plain-text charts that fit a 100-column terminal.</summary>
internal static class TerminalPlot
{
    /// <summary>
    /// The loss per epoch on a log scale, <paramref name="height"/> rows by up to <paramref name="width"/>
    /// columns; column c shows the loss of an epoch evenly spaced from the first to the last.
    /// </summary>
    public static string LossCurve(IReadOnlyList<double> losses, int width = 64, int height = 10)
    {
        if (losses.Count == 0)
            return "(no epochs)";
        int columns = Math.Min(width, losses.Count);
        var points = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            int epoch = columns == 1 ? 0 : (int)Math.Round((double)c * (losses.Count - 1) / (columns - 1));
            points[c] = Math.Log10(Math.Max(1e-300, losses[epoch]));
        }
        double top = points.Max(), bottom = points.Min();
        if (top - bottom < 1e-9)
            (top, bottom) = (top + 0.5, bottom - 0.5);

        var text = new StringBuilder(new string(' ', 10)).Append("loss, log scale\n");
        for (int row = 0; row < height; row++)
        {
            // Row 0 is the top; a point is drawn in the row its value rounds to.
            double level = top - (top - bottom) * row / (height - 1);
            string label = row == 0 || row == height - 1 ? Math.Pow(10, level).ToString("0.###e+0", CultureInfo.InvariantCulture) : "";
            var line = new StringBuilder(label.PadLeft(9)).Append(" |");
            foreach (double p in points)
                line.Append((int)Math.Round((top - p) / (top - bottom) * (height - 1)) == row ? '*' : ' ');
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        text.Append(new string(' ', 10)).Append('+').Append(new string('-', columns)).Append('\n');
        text.Append(new string(' ', 11)).Append("epoch 1").Append($"epoch {losses.Count}".PadLeft(Math.Max(1, columns - 7)));
        return text.ToString();
    }

    /// <summary>
    /// A map of the network's output over a 2-D input square: '.' where it predicts below 0.5, '+' at or
    /// above; the samples drawn on top as 'o' (target 0) and 'X' (target 1).
    /// </summary>
    public static string DecisionMap(Network network, Matrix x, Matrix y, int width = 64, int height = 24)
    {
        var (xMin, xMax, yMin, yMax) = Bounds(x);
        var grid = new char[height, width];
        Matrix outputs = network.Predict(GridPoints(xMin, xMax, yMin, yMax, width, height));
        for (int row = 0; row < height; row++)
            for (int col = 0; col < width; col++)
                grid[row, col] = outputs[outputs.Rows - 1, row * width + col] >= 0.5 ? '+' : '.';
        for (int s = 0; s < x.Cols; s++)
        {
            int col = (int)Math.Round((x[0, s] - xMin) / (xMax - xMin) * (width - 1));
            int row = (int)Math.Round((yMax - x[1, s]) / (yMax - yMin) * (height - 1));
            grid[row, col] = y[y.Rows - 1, s] >= 0.5 ? 'X' : 'o';
        }
        var text = new StringBuilder();
        for (int row = 0; row < height; row++)
        {
            text.Append("  ");
            for (int col = 0; col < width; col++)
                text.Append(grid[row, col]);
            text.Append('\n');
        }
        return text.Append("  '+' predicts 1, '.' predicts 0; samples: X = 1, o = 0").ToString();
    }

    /// <summary>The data's bounding box with a 10% margin.</summary>
    public static (double XMin, double XMax, double YMin, double YMax) Bounds(Matrix x)
    {
        double[] first = x.ToRows()[0], second = x.ToRows()[1];
        double xPad = Math.Max(1e-9, (first.Max() - first.Min()) * 0.1), yPad = Math.Max(1e-9, (second.Max() - second.Min()) * 0.1);
        return (first.Min() - xPad, first.Max() + xPad, second.Min() - yPad, second.Max() + yPad);
    }

    /// <summary>(2 × width·height) grid points, row by row from the top, one per column.</summary>
    public static Matrix GridPoints(double xMin, double xMax, double yMin, double yMax, int width, int height)
    {
        var points = new Matrix(2, width * height);
        for (int row = 0; row < height; row++)
            for (int col = 0; col < width; col++)
            {
                points[0, row * width + col] = xMin + (xMax - xMin) * col / (width - 1);
                points[1, row * width + col] = yMax - (yMax - yMin) * row / (height - 1);
            }
        return points;
    }
}
