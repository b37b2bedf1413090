using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// <c>Demo --shapes --svg FILE</c>: the network as a picture: its layers, the shape of every matrix, the
/// forward pass (left to right) and backprop (right to left). The shapes are read from a real pass.
/// </summary>
internal static class NetworkPicture
{
    private const int Left = 90, ColumnGap = 300, NodeGap = 34, Radius = 11, MostNodes = 10, NodesTop = 110;
    private const string Forward = "#1f77b4", Backward = "#d62728";

    public static string Draw(Network network, Matrix x, Matrix y)
    {
        var pass = network.Forward(x);
        var gradients = network.Backward(pass, y);
        int layers = network.LayerCount;
        int tallest = network.LayerSizes.Max(n => Math.Min(n, MostNodes));
        int nodesBottom = NodesTop + (tallest - 1) * NodeGap;
        // Room on the right for the output layer's labels, and below for three backprop lines a layer.
        int width = Left + layers * ColumnGap + 130, height = nodesBottom + 130 + 18 * 3 * layers;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append("<defs>");
        foreach (var (id, colour) in new[] { ("f", Forward), ("b", Backward) })
            svg.Append(Invariant($"<marker id=\"{id}\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"{colour}\"/></marker>"));
        svg.Append("</defs>\n");
        svg.Append(Invariant($"<text x=\"{Left - 40}\" y=\"24\" font-size=\"15\">network [{string.Join(", ", network.LayerSizes)}], m = {x.Cols} samples, one per column</text>\n"));

        DrawForwardPass(svg, network, pass, tallest, nodesBottom);
        DrawNodes(svg, network, x, tallest, nodesBottom);
        DrawBackprop(svg, network, pass, gradients, nodesBottom);
        return svg.Append("</svg>\n").ToString();
    }

    // Forward: left to right along the top; between two layers their weights as lines, and the formulas with their shapes.
    private static void DrawForwardPass(StringBuilder svg, Network network, ForwardPass pass, int tallest, int nodesBottom)
    {
        int layers = network.LayerCount;
        svg.Append(Invariant($"<text x=\"{Left - 40}\" y=\"50\" fill=\"{Forward}\">forward: Z = W·A + b, A = f(Z)</text>\n"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"62\" x2=\"{Left + layers * ColumnGap}\" y2=\"62\" stroke=\"{Forward}\" stroke-width=\"1.5\" marker-end=\"url(#f)\"/>\n"));

        for (int l = 1; l <= layers; l++)
        {
            int from = Math.Min(network.LayerSizes[l - 1], MostNodes), to = Math.Min(network.LayerSizes[l], MostNodes);
            double x0 = Left + (l - 1) * ColumnGap, x1 = Left + l * ColumnGap;
            for (int i = 0; i < from; i++)
                for (int j = 0; j < to; j++)
                    svg.Append(Invariant($"<line x1=\"{x0}\" y1=\"{NodeY(network.LayerSizes[l - 1], i, tallest):0.#}\" x2=\"{x1}\" y2=\"{NodeY(network.LayerSizes[l], j, tallest):0.#}\" stroke=\"#ccc\"/>"));
            svg.Append('\n');
            string f = l < layers ? network.HiddenActivation.Name : network.Loss.Output.Name;
            string previous = l == 1 ? "X" : $"A{l - 1}";
            Text(svg, (x0 + x1) / 2, 82, Forward, $"Z{l} = W{l}·{previous} + b{l}  {pass.Z[l].Shape}");
            Text(svg, (x0 + x1) / 2, 98, "#333", $"W{l} {network.Weights[l - 1].Shape}, b{l} {network.Biases[l - 1].Shape}");
            Text(svg, x1, nodesBottom + 40, Forward, $"A{l} = {f}(Z{l})  {pass.A[l].Shape}");
        }
    }

    // Each layer's units as circles (at most MostNodes of them, and a count of the rest), over the input's shape.
    private static void DrawNodes(StringBuilder svg, Network network, Matrix x, int tallest, int nodesBottom)
    {
        for (int l = 0; l <= network.LayerCount; l++)
        {
            int size = network.LayerSizes[l];
            for (int node = 0; node < Math.Min(size, MostNodes); node++)
                svg.Append(Invariant($"<circle cx=\"{Left + l * ColumnGap}\" cy=\"{NodeY(size, node, tallest):0.#}\" r=\"{Radius}\" fill=\"{(l == 0 ? "#eee" : "#dbe9f6")}\" stroke=\"#555\"/>"));
            if (size > MostNodes)
                Text(svg, Left + l * ColumnGap, nodesBottom + 22, "#333", $"… {size} units");
            svg.Append('\n');
        }
        Text(svg, Left, nodesBottom + 40, Forward, $"X {x.Shape}");
    }

    // Backprop: right to left, one line per formula, under the layer it belongs to.
    private static void DrawBackprop(StringBuilder svg, Network network, ForwardPass pass, Gradients gradients, int nodesBottom)
    {
        int layers = network.LayerCount;
        int top = nodesBottom + 72;
        svg.Append(Invariant($"<text x=\"{Left - 40}\" y=\"{top}\" fill=\"{Backward}\">backward: from the loss at the output back to the input</text>\n"));
        svg.Append(Invariant($"<line x1=\"{Left + layers * ColumnGap}\" y1=\"{top + 12}\" x2=\"{Left}\" y2=\"{top + 12}\" stroke=\"{Backward}\" stroke-width=\"1.5\" marker-end=\"url(#b)\"/>\n"));
        int row = top + 32;
        string output = $"A{layers}";
        Text(svg, Left + layers * ColumnGap, row, Backward, $"dZ{layers} = {network.Loss.DeltaFormulaFor(output, "Y")}  {pass.Deltas[layers].Shape}");
        for (int l = layers; l >= 1; l--)
        {
            double middle = Left + (l - 0.5) * ColumnGap;
            string previous = l == 1 ? "X" : $"A{l - 1}";
            Text(svg, middle, row += 18, Backward, $"dW{l} = (1/m)·dZ{l}·{previous}ᵀ  {gradients.Weights[l - 1].Shape}");
            Text(svg, middle, row += 18, Backward, $"db{l} = mean(dZ{l})  {gradients.Biases[l - 1].Shape}");
            if (l > 1)
                Text(svg, Left + (l - 1) * ColumnGap, row += 18, Backward,
                    $"dZ{l - 1} = W{l}ᵀ·dZ{l} ⊙ {network.HiddenActivation.Name}′(Z{l - 1})  {pass.Deltas[l - 1].Shape}");
        }
    }

    // The height of a node: a layer's nodes are centred on the tallest layer's.
    private static double NodeY(int size, int node, int tallest) =>
        NodesTop + (tallest - Math.Min(size, MostNodes)) * NodeGap / 2.0 + node * NodeGap;

    private static void Text(StringBuilder svg, double x, double y, string colour, string text) =>
        svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"middle\" fill=\"{colour}\">{SvgPicture.Escape(text)}</text>\n"));

    private static string Invariant(FormattableString text) => SvgPicture.Invariant(text);
}
