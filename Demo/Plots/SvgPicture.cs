using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>An SVG with the loss curve on the left and the decision boundary on the right; opens in any browser.</summary>
internal static class SvgPicture
{
    private const int Panel = 360, Margin = 40, GridSize = 48;

    public static string Draw(string title, IReadOnlyList<double> losses, Network network, Matrix x, Matrix y)
    {
        var svg = new StringBuilder();
        int width = 2 * Panel + 3 * Margin, height = Panel + 2 * Margin;
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Margin}\" y=\"24\" font-size=\"15\">{Escape(title)}</text>\n"));
        LossPanel(svg, losses, Margin, Margin);
        BoundaryPanel(svg, network, x, y, 2 * Margin + Panel, Margin);
        return svg.Append("</svg>\n").ToString();
    }

    private static void LossPanel(StringBuilder svg, IReadOnlyList<double> losses, int left, int top)
    {
        double[] logs = [.. losses.Select(l => Math.Log10(Math.Max(1e-300, l)))];
        double high = logs.Max(), low = logs.Min();
        if (high - low < 1e-9)
            (high, low) = (high + 0.5, low - 0.5);
        svg.Append(Invariant($"<rect x=\"{left}\" y=\"{top}\" width=\"{Panel}\" height=\"{Panel}\" fill=\"none\" stroke=\"#999\"/>\n"));
        svg.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
        // At most one point per pixel column keeps the file small.
        int step = Math.Max(1, logs.Length / Panel);
        for (int i = 0; i < logs.Length; i += step)
        {
            double px = left + (logs.Length == 1 ? 0 : Panel * i / (double)(logs.Length - 1));
            double py = top + Panel * (high - logs[i]) / (high - low);
            svg.Append(Invariant($"{px:0.#},{py:0.#} "));
        }
        svg.Append("\"/>\n");
        svg.Append(Invariant($"<text x=\"{left}\" y=\"{top + Panel + 16}\">epoch 1</text>"));
        svg.Append(Invariant($"<text x=\"{left + Panel}\" y=\"{top + Panel + 16}\" text-anchor=\"end\">epoch {losses.Count}</text>\n"));
        svg.Append(Invariant($"<text x=\"{left + 4}\" y=\"{top + 14}\">loss {Math.Pow(10, high):0.###e+0} (log scale)</text>"));
        svg.Append(Invariant($"<text x=\"{left + 4}\" y=\"{top + Panel - 6}\">{Math.Pow(10, low):0.###e+0}</text>\n"));
    }

    private static void BoundaryPanel(StringBuilder svg, Network network, Matrix x, Matrix y, int left, int top)
    {
        var (xMin, xMax, yMin, yMax) = TerminalPlot.Bounds(x);
        Matrix outputs = network.Predict(TerminalPlot.GridPoints(xMin, xMax, yMin, yMax, GridSize, GridSize));
        double cell = Panel / (double)GridSize;
        for (int row = 0; row < GridSize; row++)
            for (int col = 0; col < GridSize; col++)
            {
                // Blue for 0, orange for 1, paler towards 0.5.
                double p = outputs[outputs.Rows - 1, row * GridSize + col]; // P(class 1): the only output, or softmax's second
                string colour = p >= 0.5 ? Shade(255, 127, 14, p) : Shade(31, 119, 180, 1 - p);
                svg.Append(Invariant($"<rect x=\"{left + col * cell:0.##}\" y=\"{top + row * cell:0.##}\" width=\"{cell + 0.5:0.##}\" height=\"{cell + 0.5:0.##}\" fill=\"{colour}\"/>"));
            }
        svg.Append('\n');
        for (int s = 0; s < x.Cols; s++)
        {
            double px = left + Panel * (x[0, s] - xMin) / (xMax - xMin);
            double py = top + Panel * (yMax - x[1, s]) / (yMax - yMin);
            string fill = y[y.Rows - 1, s] >= 0.5 ? "#ff7f0e" : "#1f77b4";
            svg.Append(Invariant($"<circle cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"3.5\" fill=\"{fill}\" stroke=\"black\" stroke-width=\"0.8\"/>"));
        }
        svg.Append(Invariant($"\n<text x=\"{left}\" y=\"{top + Panel + 16}\">decision boundary: output ≥ 0.5 orange, &lt; 0.5 blue</text>\n"));
    }

    // Mixes the colour with white: strength 0.5 gives white, 1 the full colour.
    private static string Shade(int r, int g, int b, double strength)
    {
        double t = Math.Clamp((strength - 0.5) * 2, 0, 1) * 0.6 + 0.15;
        int Mix(int c) => (int)Math.Round(255 + (c - 255) * t);
        return $"#{Mix(r):x2}{Mix(g):x2}{Mix(b):x2}";
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
