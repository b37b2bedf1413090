using System.Text;
using static FromScratch.Demo.Markup;

namespace FromScratch.Demo;

/// <summary>
/// One named line of a <see cref="CurvePanel"/>: a value per epoch. <paramref name="Epochs"/> says at which epochs
/// (from 1) the values were measured; null means every epoch, 1, 2, 3, …
/// </summary>
internal sealed record CurveSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<int>? Epochs = null)
{
    /// <summary>A CSS colour such as "#1f77b4"; null picks the next colour of the panel's palette.</summary>
    public string? Colour { get; init; }

    /// <summary>Drawn dashed, e.g. the validation curve of a run whose training curve has the same colour.</summary>
    public bool Dashed { get; init; }

    /// <summary>The epoch of value i.</summary>
    public int EpochOf(int i) => Epochs?[i] ?? i + 1;
}

/// <summary>
/// Curves against the epoch on shared axes, as a standalone SVG: a title, a legend, ticks, a grid and axis labels.
/// The report draws its loss, accuracy and gradient-norm panels with it; a sweep can draw several runs in one.
/// </summary>
internal static class CurvePanel
{
    public const int DefaultWidth = 540, DefaultHeight = 340;

    /// <summary>Matplotlib's ten colours: distinct from each other, and readable on white.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    // Space around the plotting area for the title and legend (top), tick labels and the y label (left), the x label (bottom).
    private const int Left = 66, Right = 16, Bottom = 42, LegendRow = 17;

    /// <summary>
    /// The SVG of <paramref name="series"/> against the epoch. NaN and infinite values are left out (NaN for an epoch
    /// where nothing was measured), and so are values ≤ 0 on a log scale. Up to 40 points a line, each gets a dot.
    /// The picture is <paramref name="width"/> × <paramref name="height"/> with a legend of one row; each further row adds its height.
    /// </summary>
    /// <exception cref="ArgumentException">A series' epochs are not one per value.</exception>
    public static string Draw(string title, string yLabel, IReadOnlyList<CurveSeries> series, bool logScale = false,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        foreach (var s in series)
            if (s.Epochs is not null && s.Epochs.Count != s.Values.Count)
                throw new ArgumentException($"CurvePanel.Draw: series '{s.Name}' has {s.Values.Count} values but {s.Epochs.Count} epochs");
        // A legend of several rows makes the picture taller rather than the plot smaller.
        var legend = new StringBuilder();
        int legendHeight = Legend(legend, series, width);
        height += Math.Max(0, legendHeight - LegendRow);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"curves\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        svg.Append(legend);
        int top = 30 + legendHeight + 8;
        var area = new Area(Left, top, width - Left - Right, height - top - Bottom);

        double[] shown = [.. series.SelectMany(s => s.Values).Where(v => double.IsFinite(v) && (!logScale || v > 0))];
        if (shown.Length == 0 || area.Width < 20 || area.Height < 20)
        {
            svg.Append(Invariant($"<text x=\"{Left}\" y=\"{top + 20}\">no values to draw{(logScale ? " (a log scale needs values above 0)" : "")}</text>\n"));
            return svg.Append("</svg>\n").ToString();
        }
        int[] epochs = [.. series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(s.EpochOf))];
        int firstEpoch = epochs.Min(), lastEpoch = epochs.Max();
        var x = Axis.Linear(firstEpoch, lastEpoch, integers: true);
        var y = logScale ? Axis.Logarithmic(shown.Min(), shown.Max()) : Axis.Linear(shown.Min(), shown.Max(), integers: false);

        // Labels closer than a line of text (or, along x, than a label's width) would run into each other.
        double[] yTicks = Spaced(y, t => area.Y(y, t), 16), xTicks = Spaced(x, t => area.X(x, t), 8 * Number(lastEpoch).Length + 12);

        // The grid and ticks first, so the curves are drawn over them.
        svg.Append(Invariant($"<g stroke=\"#e4e4e4\">"));
        foreach (double tick in yTicks)
            svg.Append(Invariant($"<line x1=\"{area.Left}\" x2=\"{area.Right}\" y1=\"{area.Y(y, tick):0.#}\" y2=\"{area.Y(y, tick):0.#}\"/>"));
        foreach (double tick in xTicks)
            svg.Append(Invariant($"<line x1=\"{area.X(x, tick):0.#}\" x2=\"{area.X(x, tick):0.#}\" y1=\"{area.Top}\" y2=\"{area.Bottom}\"/>"));
        svg.Append("</g>\n");
        svg.Append(Invariant($"<rect x=\"{area.Left}\" y=\"{area.Top}\" width=\"{area.Width}\" height=\"{area.Height}\" fill=\"none\" stroke=\"#888\"/>\n"));
        svg.Append("<g fill=\"#333\">");
        foreach (double tick in yTicks)
            svg.Append(Invariant($"<text x=\"{area.Left - 6}\" y=\"{area.Y(y, tick) + 4:0.#}\" text-anchor=\"end\">{Number(tick)}</text>"));
        foreach (double tick in xTicks)
            svg.Append(Invariant($"<text x=\"{area.X(x, tick):0.#}\" y=\"{area.Bottom + 16}\" text-anchor=\"middle\">{Number(tick)}</text>"));
        svg.Append("</g>\n");
        svg.Append(Invariant($"<text x=\"{area.Left + area.Width / 2}\" y=\"{height - 8}\" text-anchor=\"middle\">epoch</text>\n"));
        string scale = logScale ? " (log scale)" : "";
        svg.Append(Invariant($"<text transform=\"translate(16 {area.Top + area.Height / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel + scale)}</text>\n"));

        for (int i = 0; i < series.Count; i++)
            Curve(svg, series[i], ColourOf(series, i), area, x, y, logScale);
        return svg.Append("</svg>\n").ToString();
    }

    // The ticks that keep at least `gap` pixels apart, the roundest first: 1, 10 and 100 before 2 and 5, and those before 3.
    private static double[] Spaced(Axis axis, Func<double, double> pixel, double gap)
    {
        var kept = new List<double>();
        foreach (double tick in axis.Ticks.OrderBy(t => axis.Log ? Roundness(t) : 0))
            if (kept.All(k => Math.Abs(pixel(k) - pixel(tick)) >= gap))
                kept.Add(tick);
        return [.. kept.Order()];
    }

    private static int Roundness(double value)
    {
        double leading = Math.Round(value / Math.Pow(10, Math.Floor(Math.Log10(value) + 1e-9)), 6);
        return leading == 1 ? 0 : leading is 2 or 5 ? 1 : 2;
    }

    /// <summary>The colour series <paramref name="index"/> is drawn in: its own, or the palette's next.</summary>
    public static string ColourOf(IReadOnlyList<CurveSeries> series, int index) => series[index].Colour ?? Palette[index % Palette.Count];

    // The legend under the title, in rows as wide as the panel; returns its height.
    private static int Legend(StringBuilder svg, IReadOnlyList<CurveSeries> series, int width)
    {
        int x = Left, row = 0;
        for (int i = 0; i < series.Count; i++)
        {
            string name = ConfusionMatrix.Abbreviate(series[i].Name, 40);
            int entryWidth = 30 + 7 * name.Length + 14; // swatch, text at about 7 px a character, gap
            if (x > Left && x + entryWidth > width - Right)
                (x, row) = (Left, row + 1);
            double y = 30 + row * LegendRow + LegendRow / 2.0;
            string dash = series[i].Dashed ? " stroke-dasharray=\"6 3\"" : "";
            svg.Append(Invariant($"<line x1=\"{x}\" x2=\"{x + 24}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{Escape(ColourOf(series, i))}\" stroke-width=\"2.5\"{dash}/>"));
            svg.Append(Invariant($"<text x=\"{x + 30}\" y=\"{y + 4:0.#}\">{Escape(name)}</text>\n"));
            x += entryWidth;
        }
        return series.Count == 0 ? 0 : (row + 1) * LegendRow;
    }

    // One series as a polyline through its drawable values: NaN marks an epoch where nothing was measured, so the
    // line joins the points either side of it. Dots mark the points when there are few.
    private static void Curve(StringBuilder svg, CurveSeries series, string colour, Area area, Axis x, Axis y, bool logScale)
    {
        var points = new List<(double X, double Y)>();
        for (int i = 0; i < series.Values.Count; i++)
            if (double.IsFinite(series.Values[i]) && (!logScale || series.Values[i] > 0))
                points.Add((area.X(x, series.EpochOf(i)), area.Y(y, series.Values[i])));
        if (points.Count == 0)
            return;
        // At most about one point per pixel column keeps a 5000-epoch curve small; the last point is always kept.
        int step = Math.Max(1, (int)Math.Ceiling(points.Count / (double)area.Width));
        if (step > 1)
            points = [.. points.Where((_, i) => i % step == 0 || i == points.Count - 1)];
        string dash = series.Dashed ? " stroke-dasharray=\"6 3\"" : "";
        svg.Append(Invariant($"<polyline class=\"series\" data-name=\"{Escape(series.Name)}\" fill=\"none\" stroke=\"{Escape(colour)}\" stroke-width=\"2\"{dash} stroke-linejoin=\"round\" points=\""));
        svg.AppendJoin(' ', points.Select(p => Invariant($"{p.X:0.#},{p.Y:0.#}")));
        svg.Append("\"/>\n");
        if (points.Count <= 40)
        {
            svg.Append(Invariant($"<g fill=\"{Escape(colour)}\">"));
            foreach (var p in points)
                svg.Append(Invariant($"<circle cx=\"{p.X:0.#}\" cy=\"{p.Y:0.#}\" r=\"2.5\"/>"));
            svg.Append("</g>\n");
        }
    }

    // The plotting area in pixels, and where a value lands in it (the scatter plot's too).
    internal sealed record Area(int Left, int Top, int Width, int Height)
    {
        public int Right => Left + Width;
        public int Bottom => Top + Height;
        public double X(Axis axis, double value) => Left + Width * axis.Fraction(value);
        public double Y(Axis axis, double value) => Bottom - Height * axis.Fraction(value);
    }

    // An axis: its range (in log10 units on a log scale) and the values that get a tick and a label.
    internal sealed record Axis(double Low, double High, bool Log, IReadOnlyList<double> Ticks)
    {
        public double Fraction(double value) => ((Log ? Math.Log10(value) : value) - Low) / (High - Low);

        // Ticks at 1, 2 or 5 times a power of ten, about five of them; the range widened to whole ticks.
        public static Axis Linear(double low, double high, bool integers)
        {
            if (high - low < 1e-12 * Math.Max(1, Math.Abs(high)))
                (low, high) = integers ? (low - 1, high + 1) : (low - Math.Max(0.5, Math.Abs(low) * 0.1), high + Math.Max(0.5, Math.Abs(high) * 0.1));
            double step = NiceStep((high - low) / 5);
            if (integers)
                step = Math.Max(1, Math.Round(step));
            else
                (low, high) = (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step);
            // Counted in whole steps, so 0.6 / 0.1 = 5.999… neither loses a tick nor gives 0.30000000000000004.
            var ticks = new List<double>();
            for (long k = (long)Math.Ceiling(low / step - 1e-9); k <= (long)Math.Floor(high / step + 1e-9); k++)
                ticks.Add(k * step);
            return new Axis(low, high, false, ticks);
        }

        // A range padded by a twentieth of itself either side, with ticks at powers of ten, or at 1, 2 and 5
        // (or every digit) times them when the range spans too few decades for three ticks.
        public static Axis Logarithmic(double low, double high)
        {
            double logLow = Math.Log10(low), logHigh = Math.Log10(high);
            if (logHigh - logLow < 0.05)
                (logLow, logHigh) = (logLow - 0.15, logHigh + 0.15);
            double pad = (logHigh - logLow) / 20;
            (logLow, logHigh) = (logLow - pad, logHigh + pad);
            foreach (int[] multiples in new[] { new[] { 1 }, [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9] })
            {
                var ticks = new List<double>();
                for (int decade = (int)Math.Floor(logLow); decade <= (int)Math.Ceiling(logHigh); decade++)
                    foreach (int m in multiples)
                    {
                        double t = m * Math.Pow(10, decade);
                        if (Math.Log10(t) >= logLow && Math.Log10(t) <= logHigh)
                            ticks.Add(t);
                    }
                if (ticks.Count >= 3 || multiples.Length == 9 && ticks.Count >= 2)
                {
                    // Over eight decades, label every second (or third…) one so the labels never crowd.
                    int every = (int)Math.Ceiling(ticks.Count / 8.0);
                    return new Axis(logLow, logHigh, true, [.. ticks.Where((_, i) => i % every == 0)]);
                }
            }
            // Less than a tenth of a decade: plain ticks, placed on the log scale.
            var linear = Linear(Math.Pow(10, logLow), Math.Pow(10, logHigh), integers: false);
            return new Axis(logLow, logHigh, true, [.. linear.Ticks.Where(t => t > 0 && Math.Log10(t) >= logLow && Math.Log10(t) <= logHigh)]);
        }

        private static double NiceStep(double rough)
        {
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            double normal = rough / magnitude;
            return (normal < 1.5 ? 1 : normal < 3 ? 2 : normal < 7 ? 5 : 10) * magnitude;
        }
    }
}
