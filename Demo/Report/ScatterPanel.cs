using System.Text;
using static FromScratch.Demo.Markup;

namespace FromScratch.Demo;

/// <summary>
/// A regression network's predictions against the true values of one target, as a standalone SVG: a dot per sample,
/// and the diagonal ŷ = y on which every dot of a perfect network would lie. Dots above it were predicted too high,
/// below it too low; a cloud flatter than the diagonal belongs to a network that predicts too close to the mean.
/// Both axes have the same range, so the diagonal runs corner to corner.
/// </summary>
internal static class ScatterPanel
{
    public const int Size = 440;

    /// <summary>At most this many dots are drawn (the first ones), so that the page stays small.</summary>
    public const int MaxPoints = 5000;

    private const int Left = 66, Right = 16, Top = 40, Bottom = 42;

    /// <summary>The SVG for <paramref name="predicted"/> ŷ against <paramref name="actual"/> y (one value per sample each), named <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static string Draw(string title, string target, IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"ScatterPanel.Draw: {actual.Count} true values but {predicted.Count} predictions; give one of each per sample");
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scatter\" width=\"{Size}\" height=\"{Size}\" viewBox=\"0 0 {Size} {Size}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{Size}\" height=\"{Size}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        int[] shown = [.. Enumerable.Range(0, Math.Min(actual.Count, MaxPoints)).Where(s => double.IsFinite(actual[s]) && double.IsFinite(predicted[s]))];
        var area = new CurvePanel.Area(Left, Top, Size - Left - Right, Size - Top - Bottom);
        if (shown.Length == 0)
        {
            svg.Append(Invariant($"<text x=\"{Left}\" y=\"{Top + 20}\">no values to draw</text>\n"));
            return svg.Append("</svg>\n").ToString();
        }
        double low = shown.Min(s => Math.Min(actual[s], predicted[s])), high = shown.Max(s => Math.Max(actual[s], predicted[s]));
        var axis = CurvePanel.Axis.Linear(low, high, integers: false);

        svg.Append("<g stroke=\"#e4e4e4\">");
        foreach (double tick in axis.Ticks)
            svg.Append(Invariant($"<line x1=\"{area.Left}\" x2=\"{area.Right}\" y1=\"{area.Y(axis, tick):0.#}\" y2=\"{area.Y(axis, tick):0.#}\"/><line x1=\"{area.X(axis, tick):0.#}\" x2=\"{area.X(axis, tick):0.#}\" y1=\"{area.Top}\" y2=\"{area.Bottom}\"/>"));
        svg.Append("</g>\n");
        svg.Append(Invariant($"<rect x=\"{area.Left}\" y=\"{area.Top}\" width=\"{area.Width}\" height=\"{area.Height}\" fill=\"none\" stroke=\"#888\"/>\n"));
        svg.Append("<g fill=\"#333\">");
        foreach (double tick in axis.Ticks)
        {
            svg.Append(Invariant($"<text x=\"{area.Left - 6}\" y=\"{area.Y(axis, tick) + 4:0.#}\" text-anchor=\"end\">{Number(tick)}</text>"));
            svg.Append(Invariant($"<text x=\"{area.X(axis, tick):0.#}\" y=\"{area.Bottom + 16}\" text-anchor=\"middle\">{Number(tick)}</text>"));
        }
        svg.Append("</g>\n");
        svg.Append(Invariant($"<text x=\"{area.Left + area.Width / 2}\" y=\"{Size - 8}\" text-anchor=\"middle\">true {Escape(target)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(16 {area.Top + area.Height / 2}) rotate(-90)\" text-anchor=\"middle\">predicted {Escape(target)}</text>\n"));
        // ŷ = y: where a perfect prediction lies.
        svg.Append(Invariant($"<line class=\"diagonal\" x1=\"{area.X(axis, axis.Low):0.#}\" y1=\"{area.Y(axis, axis.Low):0.#}\" x2=\"{area.X(axis, axis.High):0.#}\" y2=\"{area.Y(axis, axis.High):0.#}\" stroke=\"#888\" stroke-dasharray=\"6 3\"/>\n"));
        svg.Append(Invariant($"<g class=\"points\" fill=\"{CurvePanel.Palette[0]}\" fill-opacity=\"0.55\">"));
        foreach (int s in shown)
            svg.Append(Invariant($"<circle cx=\"{area.X(axis, actual[s]):0.#}\" cy=\"{area.Y(axis, predicted[s]):0.#}\" r=\"3\"/>"));
        svg.Append("</g>\n");
        return svg.Append("</svg>\n").ToString();
    }
}
