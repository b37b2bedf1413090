using System.Text;
using static FromScratch.Demo.Markup;

namespace FromScratch.Demo;

/// <summary>
/// One self-contained HTML page about a training run: the curves, the confusion matrix (for a regression network,
/// its predictions against the true values), the first layer's weights as images, the worst mistakes, the gradient
/// norms and the settings. Pictures are inline SVG and PNG data URIs,
/// so the page opens offline and can be mailed as one file. It is also well-formed XML, so tests can read it back.
/// </summary>
internal static class TrainingReport
{
    /// <summary>At most this many weight tiles and misclassified samples are drawn, so the page stays small.</summary>
    public const int MaxImages = 100;

    /// <summary>Inputs form a picture when they are a square of at least this side: 64 inputs (8 × 8) and up.</summary>
    public const int MinImageSide = 8;

    /// <summary>
    /// The largest image side drawn (64 × 64 pixels): larger images would make the page tens of megabytes, as
    /// every tile and sample is embedded; they are left out with a line saying so.
    /// </summary>
    public const int MaxImageSide = 64;

    /// <summary>The most classes whose confusion matrix is drawn: 30 (a 1000-class table would be a page of its own).</summary>
    public const int MaxConfusionClasses = 30;

    // Weight tiles and samples are drawn at about this many pixels a side, whatever their resolution.
    private const int ImagePixels = 84;

    /// <summary>The whole page.</summary>
    /// <exception cref="ArgumentException">A per-epoch list is not as long as <see cref="ReportData.TrainLoss"/>, or the class names do not fit.</exception>
    public static string ToHtml(ReportData data)
    {
        Validate(data);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        html.Append(Invariant($"<title>{Escape(data.Title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n"));
        html.Append(Invariant($"<h1>{Escape(data.Title)}</h1>\n"));
        html.Append(Invariant($"<p class=\"summary\">{Summary(data)}</p>\n"));
        Curves(html, data);
        if (data.Regression is not null)
            Scatter(html, data);
        else
            Confusion(html, data);
        WeightTiles(html, data);
        if (data.Regression is null)
            Misclassified(html, data);
        GradientNorms(html, data);
        Run(html, data);
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>
    /// The loss curves, training and held-out, as one standalone SVG; on a log scale when the loss spans over
    /// two decades, so a long run's tail stays visible.
    /// </summary>
    public static string LossSvg(ReportData data)
    {
        var series = new List<CurveSeries> { new("train (during the epoch)", data.TrainLoss) };
        if (data.ValidationLoss is not null)
            series.Add(new(data.ValidationName, data.ValidationLoss));
        double[] positive = [.. series.SelectMany(s => s.Values).Where(v => double.IsFinite(v) && v > 0)];
        bool log = positive.Length > 0 && positive.Max() > 100 * positive.Min();
        return CurvePanel.Draw("Loss per epoch", "loss", series, logScale: log);
    }

    /// <summary>The accuracy curves as one standalone SVG, in percent; null when no accuracy was measured.</summary>
    public static string? AccuracySvg(ReportData data)
    {
        var series = new List<CurveSeries>();
        if (data.TrainAccuracy is not null)
            series.Add(new("train (during the epoch)", [.. data.TrainAccuracy.Select(a => a * 100)]));
        if (data.ValidationAccuracy is not null)
            series.Add(new(data.ValidationName, [.. data.ValidationAccuracy.Select(a => a * 100)]));
        return series.Count == 0 ? null : CurvePanel.Draw("Accuracy per epoch", "accuracy (%)", series);
    }

    /// <summary>The learning rate η per epoch as one standalone SVG; null without a schedule (η the same throughout).</summary>
    public static string? LearningRateSvg(ReportData data) =>
        data.LearningRates is null ? null : CurvePanel.Draw("Learning rate per epoch", "η", [new("η of the epoch's steps", data.LearningRates)]);
    // R² as the report shows it: 0.482, or why there is none (every true value the same), as the terminal says.
    private static string R2Shown(double r2) => double.IsNaN(r2) ? "undefined (every true value the same)" : RegressionMetrics.R2Text(r2)["R² ".Length..];

    /// <summary>
    /// A regression network's R² curves as one standalone SVG; null when none was measured. Values below −1 (often the
    /// first epochs', worse than predicting the mean) are left out, so that the rest keeps a readable scale.
    /// </summary>
    public static string? R2Svg(ReportData data)
    {
        var series = new List<CurveSeries>();
        if (data.TrainR2 is not null)
            series.Add(new("train (during the epoch)", [.. data.TrainR2.Select(AboveMinusOne)]));
        if (data.ValidationR2 is not null)
            series.Add(new(data.ValidationName, [.. data.ValidationR2.Select(AboveMinusOne)]));
        return series.Count == 0 ? null : CurvePanel.Draw("R² per epoch", "R² (1 is perfect)", series);

        static double AboveMinusOne(double r2) => r2 >= -1 ? r2 : double.NaN;
    }

    private const string Style =
        "body{font-family:sans-serif;font-size:15px;line-height:1.45;color:#222;max-width:1120px;margin:24px auto;padding:0 16px}" +
        "h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}" +
        "p.caption{color:#444;max-width:900px}p.skipped{color:#666;font-style:italic}p.summary{font-size:17px}" +
        ".panels{display:flex;flex-wrap:wrap;gap:12px}" +
        // Wide pictures (the tiles, the samples) shrink to a narrow window instead of running off its edge.
        "svg.tiles,svg.samples{max-width:100%;height:auto}" +
        "table{border-collapse:collapse}th,td{padding:4px 7px;border:1px solid #ddd}" +
        "table.confusion td{text-align:right;font-variant-numeric:tabular-nums;min-width:36px}" +
        "table.confusion th{background:#f6f6f6;font-weight:normal;font-size:14px}table.confusion td,table.confusion th{font-size:14px;vertical-align:middle}table.confusion th.row{text-align:left}" +
        "table.confusion td.sum{color:#444;background:#fafafa}" +
        "table.run th{text-align:left;vertical-align:top;background:#f6f6f6;font-weight:normal;white-space:nowrap}" +
        "pre{margin:0;white-space:pre-wrap;word-break:break-all}ul{margin:0;padding-left:18px}" +
        "image{image-rendering:pixelated}";

    private static void Validate(ReportData data)
    {
        // A series given (not null) must have one entry per epoch, as TrainLoss has.
        void Check(string name, IReadOnlyList<double>? series)
        {
            if (series is not null && series.Count != data.TrainLoss.Count)
                throw new ArgumentException($"TrainingReport: {name} has {series.Count} entries but TrainLoss has {data.TrainLoss.Count}; give one per epoch (NaN where not measured)");
        }
        Check(nameof(data.ValidationLoss), data.ValidationLoss);
        Check(nameof(data.TrainAccuracy), data.TrainAccuracy);
        Check(nameof(data.ValidationAccuracy), data.ValidationAccuracy);
        Check(nameof(data.LearningRates), data.LearningRates);
        Check(nameof(data.TrainR2), data.TrainR2);
        Check(nameof(data.ValidationR2), data.ValidationR2);
        if (data.Regression is { } regression && (!regression.Predicted.HasShapeOf(regression.Actual) || regression.TargetNames.Count != regression.Actual.Rows || regression.Metrics.Count != regression.Actual.Rows))
            throw new ArgumentException($"TrainingReport: the regression results have predictions {regression.Predicted.Shape}, true values {regression.Actual.Shape}, {regression.TargetNames.Count} names and {regression.Metrics.Count} metrics; give one row, name and metrics per target");
        for (int l = 0; l < (data.GradientNorms?.Count ?? 0); l++)
            Check($"GradientNorms[{l}]", data.GradientNorms![l]);
        if (data.ClassNames is not null && data.Confusion is not null && data.ClassNames.Count != data.Confusion.ClassCount)
            throw new ArgumentException($"TrainingReport: {data.ClassNames.Count} class names but the confusion matrix has {data.Confusion.ClassCount} classes");
        int classes = NamesOf(data).Count;
        if (data.Misclassified.FirstOrDefault(m => m.Actual >= classes || m.Predicted >= classes || m.Actual < 0 || m.Predicted < 0) is { } bad)
            throw new ArgumentException($"TrainingReport: misclassified sample {bad.Index} has classes {bad.Actual} and {bad.Predicted}, but there are {classes} class names");
    }

    private static IReadOnlyList<string> NamesOf(ReportData data) =>
        data.ClassNames ?? data.Confusion?.Names
        ?? ClassNames.Default(Math.Max(2, data.Misclassified.Select(m => Math.Max(m.Actual, m.Predicted) + 1).DefaultIfEmpty(0).Max()));

    // The one line a reader wants first: how good is it, after how much training.
    private static string Summary(ReportData data)
    {
        var parts = new List<string>();
        if (data.Regression is { } regression)
            parts.Add(Invariant($"{(regression.Metrics.Count == 1 ? $"R² <strong id=\"r2\">{R2Shown(regression.Metrics[0].R2)}</strong>" : $"mean R² <strong id=\"r2\">{R2Shown(RegressionMetrics.MeanR2(regression.Metrics))}</strong>")} on the {Escape(data.ConfusionSetName)} set ({regression.Actual.Cols} samples{(regression.Metrics.Count == 1 ? $"; RMSE {RegressionMetrics.Number(regression.Metrics[0].Rmse)}, MAE {RegressionMetrics.Number(regression.Metrics[0].Mae)} in {Escape(regression.TargetNames[0])}'s units" : "")}){(data.KeptEpoch is int keptEpoch ? $", by the network of epoch {keptEpoch}, the best on validation" : "")}"));
        if (data.Confusion is { Total: > 0 } confusion)
            parts.Add(Invariant($"accuracy <strong id=\"accuracy\">{ConfusionMatrix.Percent(confusion.Accuracy, 2)}</strong> on the {Escape(data.ConfusionSetName)} set ({confusion.Correct} of {confusion.Total}){(data.KeptEpoch is int kept ? $", by the network of epoch {kept}, the best on validation" : "")}"));
        if (data.TrainLoss.Count > 0)
            parts.Add(Invariant($"final training loss {(Math.Abs(data.TrainLoss[^1]) < 1e5 ? data.TrainLoss[^1].ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : data.TrainLoss[^1].ToString("g4", System.Globalization.CultureInfo.InvariantCulture))} after {data.TrainLoss.Count} epoch{(data.TrainLoss.Count == 1 ? "" : "s")}"));
        if (data.Elapsed > TimeSpan.Zero)
            parts.Add(Duration(data.Elapsed) + " of training");
        return parts.Count == 0 ? "no results were recorded" : string.Join("; ", parts);
    }

    // Opens a section. The heading and caption are markup: any text from outside in them is escaped by the caller.
    private static void Section(StringBuilder html, string id, string heading, string caption)
    {
        html.Append(Invariant($"<section id=\"{id}\">\n<h2>{heading}</h2>\n"));
        if (caption.Length > 0)
            html.Append(Invariant($"<p class=\"caption\">{caption}</p>\n"));
    }

    private static void Skipped(StringBuilder html, string id, string heading, string why) =>
        html.Append(Invariant($"<section id=\"{id}\">\n<h2>{heading}</h2>\n<p class=\"skipped\">{why}</p>\n</section>\n"));

    private static void Curves(StringBuilder html, ReportData data)
    {
        string heading = data.Regression is null ? "Loss and accuracy per epoch" : "Loss and R² per epoch";
        if (data.TrainLoss.Count == 0)
        {
            Skipped(html, "curves", heading, "No epochs were recorded.");
            return;
        }
        string held = Escape(data.ValidationName);
        string score = data.Regression is null ? "accuracy" : "R²";
        string caption = data.ValidationLoss is null && data.ValidationAccuracy is null && data.ValidationR2 is null
            ? $"The loss should fall and the {score} rise, quickly at first and then slowly. A curve that is flat from the start suggests " +
              "a learning rate too small; one that jumps up and down, a learning rate too large. There is no held-out set here, so " +
              "overfitting cannot be seen: good numbers may only mean the network remembers its training samples."
            : $"Training and {held} curves should fall (loss) and rise ({score}) together. When the {held} loss turns up while the " +
              $"training loss keeps falling, or the gap between the {(data.Regression is null ? "accuracies" : "R² curves")} keeps widening, the network is memorising its training " +
              $"samples instead of learning the pattern: overfitting. The training loss and {score} are {(data.Regression is null ? "means over" : "measured on")} each epoch's " +
              "batches, each measured before its step, so they run a little behind." +
              (data.Regression is null ? "" : " R² is 1 − SS_res / SS_tot: 1 for perfect predictions, 0 for always predicting the mean; values below −1 are left out.");
        Section(html, "curves", heading, caption);
        html.Append("<div class=\"panels\">\n").Append(LossSvg(data));
        if ((AccuracySvg(data) ?? R2Svg(data)) is string accuracy)
            html.Append(accuracy);
        if (LearningRateSvg(data) is string rates)
            html.Append(rates); // with --lr-decay: the η each epoch took, beside the curves it shaped
        html.Append("</div>\n</section>\n");
    }

    private static void Confusion(StringBuilder html, ReportData data)
    {
        string heading = $"Confusion matrix on the {Escape(data.ConfusionSetName)} set";
        if (data.Confusion is not { } matrix)
        {
            Skipped(html, "confusion", heading, "No confusion matrix was measured for this run.");
            return;
        }
        if (matrix.ClassCount > MaxConfusionClasses)
        {
            Skipped(html, "confusion", heading, Invariant($"{matrix.ClassCount} classes, too many for a table (at most {MaxConfusionClasses}); accuracy {ConfusionMatrix.Percent(matrix.Accuracy, 2)} ({matrix.Correct} of {matrix.Total})."));
            return;
        }
        Section(html, "confusion", heading + Invariant($" ({matrix.Total} samples)"),
            "Each row is a true class and each column the class the network chose, so the diagonal (blue) holds the samples it got " +
            "right. A dark red cell off the diagonal is a pair of classes it mixes up; the shade is the cell's share of its row. " +
            "Precision (bottom row): of the samples it called this class, the share that were; recall (right column): of the " +
            "samples of this class, the share it found. – means it never chose that class.");
        var names = matrix.Names;
        html.Append("<table class=\"confusion\">\n<tr><th class=\"row\">true ↓ predicted →</th>");
        foreach (string name in names)
            html.Append(Invariant($"<th>{Escape(name)}</th>"));
        html.Append("<th>recall</th><th>samples</th></tr>\n");
        for (int a = 0; a < matrix.ClassCount; a++)
        {
            html.Append(Invariant($"<tr><th class=\"row\">{Escape(names[a])}</th>"));
            int row = matrix.ActualCount(a);
            for (int p = 0; p < matrix.ClassCount; p++)
            {
                int count = matrix[a, p];
                double share = row == 0 ? 0 : (double)count / row;
                // The diagonal shaded by its share; mistakes by the square root of theirs, so a 2 % confusion still shows.
                double strength = a == p ? share : Math.Sqrt(share);
                string background = a == p ? Mix((31, 95, 168), strength) : Mix((192, 41, 43), strength);
                string ink = count == 0 ? "#bbb" : strength > 0.55 ? "#fff" : "#222";
                html.Append(Invariant($"<td class=\"count\" data-actual=\"{a}\" data-predicted=\"{p}\" style=\"background:{background};color:{ink}\">{count}</td>"));
            }
            html.Append(Invariant($"<td class=\"sum\">{ConfusionMatrix.Percent(matrix.Recall(a))}</td><td class=\"sum\">{row}</td></tr>\n"));
        }
        html.Append("<tr><th class=\"row\">precision</th>");
        for (int p = 0; p < matrix.ClassCount; p++)
            html.Append(Invariant($"<td class=\"sum\">{ConfusionMatrix.Percent(matrix.Precision(p))}</td>"));
        html.Append(Invariant($"<td class=\"sum\"></td><td class=\"sum\">{matrix.Total}</td></tr>\n</table>\n</section>\n"));
    }

    // A regression network's predictions against the true values, one panel per target (at most four), in place of the confusion matrix.
    private static void Scatter(StringBuilder html, ReportData data)
    {
        var regression = data.Regression!;
        string set = Escape(data.ConfusionSetName);
        const int MaxPanels = 4;
        Section(html, "scatter", Invariant($"Predicted against true values on the {set} set ({regression.Actual.Cols} samples)"),
            "Each dot is a sample: across, its true value; up, the network's prediction, both in the target's own units. On the dashed " +
            "diagonal the prediction is exact; above it the network guessed too high, below too low. A cloud that is flatter than the " +
            "diagonal means predictions pulled towards the mean (typical when the inputs explain only part of the target); dots far " +
            "from the rest are the samples it gets most wrong. RMSE = √((1/m) Σ (ŷ − y)²) weighs large errors most; MAE = (1/m) Σ |ŷ − y| " +
            "is the typical size of an error; R² = 1 − SS_res / SS_tot is the share of the target's variance explained." +
            (regression.Actual.Cols > ScatterPanel.MaxPoints ? Invariant($" The first {ScatterPanel.MaxPoints} samples are drawn.") : "") +
            (regression.Actual.Rows > MaxPanels ? Invariant($" The first {MaxPanels} of {regression.Actual.Rows} targets are drawn.") : ""));
        html.Append("<div class=\"panels\">\n");
        for (int t = 0; t < Math.Min(regression.Actual.Rows, MaxPanels); t++)
        {
            double[] Row(Matrix m) => [.. Enumerable.Range(0, m.Cols).Select(s => m[t, s])];
            var metrics = regression.Metrics[t];
            html.Append(ScatterPanel.Draw(Invariant($"{ConfusionMatrix.Abbreviate(regression.TargetNames[t], 24)}: {RegressionMetrics.R2Text(metrics.R2)}, RMSE {RegressionMetrics.Number(metrics.Rmse)}"),
                regression.TargetNames[t], Row(regression.Actual), Row(regression.Predicted)));
        }
        html.Append("</div>\n</section>\n");
    }

    // A colour between white (strength 0) and the given one (strength 1).
    private static string Mix((int R, int G, int B) colour, double strength)
    {
        strength = Math.Clamp(double.IsFinite(strength) ? strength : 0, 0, 1);
        int Channel(int c) => (int)Math.Round(255 + (c - 255) * strength);
        return Invariant($"#{Channel(colour.R):x2}{Channel(colour.G):x2}{Channel(colour.B):x2}");
    }

    // The side of the square image the inputs form, or 0 when they form none.
    private static int ImageSide(int inputs)
    {
        int side = (int)Math.Round(Math.Sqrt(inputs));
        return side * side == inputs && side >= MinImageSide && side <= MaxImageSide ? side : 0;
    }

    private static void WeightTiles(StringBuilder html, ReportData data)
    {
        const string heading = "What the first layer looks for: W1 as images";
        if (data.FirstLayerWeights is not { } w1)
        {
            Skipped(html, "weights", heading, "No first-layer weights were given.");
            return;
        }
        int side = ImageSide(w1.Cols);
        if (side == 0)
        {
            Skipped(html, "weights", heading, Invariant($"No tiles: the {w1.Cols} input{(w1.Cols == 1 ? " is" : "s are")} not a square image of {MinImageSide} × {MinImageSide} to {MaxImageSide} × {MaxImageSide} pixels, so a hidden unit's weights have no picture to be drawn as here."));
            return;
        }
        int shown = Math.Min(w1.Rows, MaxImages);
        Section(html, "weights", heading,
            Invariant($"Each tile is one hidden unit's {w1.Cols} incoming weights (a row of W1), laid out as the {side} × {side} image they multiply. ") +
            "Red pixels raise the unit's input Z1 when they are bright, blue ones lower it, white ones hardly matter: the red shape is " +
            "what the unit responds to. Each tile is scaled by its own largest |w|, written under it, so compare shapes rather than " +
            "strengths between tiles. Large random starting weights (uniform in [−1, 1], the default) can leave the tiles looking like " +
            "noise after a few epochs, the learned change being small beside them; with --init xavier the shapes show sooner." +
            (shown < w1.Rows ? Invariant($" The first {shown} of {w1.Rows} units are shown.") : ""));

        int scale = Math.Max(1, (int)Math.Round(ImagePixels / (double)side)), size = side * scale;
        const int gap = 12, label = 16, columns = 10;
        int cellWidth = size + gap, cellHeight = size + label + gap;
        int rows = (shown + columns - 1) / columns;
        int width = Math.Min(shown, columns) * cellWidth, height = rows * cellHeight + 34;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tiles\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        var rgb = new byte[side * side * 3];
        for (int unit = 0; unit < shown; unit++)
        {
            double largest = 0;
            for (int i = 0; i < w1.Cols; i++)
                largest = Math.Max(largest, double.IsFinite(w1[unit, i]) ? Math.Abs(w1[unit, i]) : 0);
            for (int i = 0; i < w1.Cols; i++)
            {
                var (r, g, b) = Diverging(largest == 0 ? 0 : w1[unit, i] / largest);
                (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = (r, g, b);
            }
            int x = unit % columns * cellWidth, y = unit / columns * cellHeight;
            svg.Append(Invariant($"<g class=\"tile\"><image x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" preserveAspectRatio=\"none\" href=\"{Png.DataUri(Png.Encode(side, side, 3, rgb))}\"/>"));
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"#ccc\"/>"));
            svg.Append(Invariant($"<text x=\"{x + size / 2}\" y=\"{y + size + 13}\" text-anchor=\"middle\" fill=\"#444\">#{unit + 1}  ±{largest:0.##}</text></g>\n"));
        }
        ColourBar(svg, rows * cellHeight + 4);
        html.Append(svg.Append("</svg>\n")).Append("</section>\n");
    }

    // The key under the tiles: blue for −max |w|, white for 0, red for +max |w|.
    private static void ColourBar(StringBuilder svg, int top)
    {
        const int steps = 21, step = 10, left = 90;
        svg.Append(Invariant($"<text x=\"{left - 6}\" y=\"{top + 12}\" text-anchor=\"end\">−max |w|</text>"));
        for (int i = 0; i < steps; i++)
        {
            var (r, g, b) = Diverging(-1 + 2.0 * i / (steps - 1));
            svg.Append(Invariant($"<rect x=\"{left + i * step}\" y=\"{top + 2}\" width=\"{step}\" height=\"12\" fill=\"#{r:x2}{g:x2}{b:x2}\"/>"));
        }
        svg.Append(Invariant($"<text x=\"{left + steps * step / 2}\" y=\"{top + 27}\" text-anchor=\"middle\">0</text>"));
        svg.Append(Invariant($"<text x=\"{left + steps * step + 6}\" y=\"{top + 12}\">+max |w|</text>\n"));
    }

    // −1 → blue, 0 → white, +1 → red (the ends of ColorBrewer's RdBu), linear in between.
    private static (byte R, byte G, byte B) Diverging(double t)
    {
        t = Math.Clamp(double.IsFinite(t) ? t : 0, -1, 1);
        (int R, int G, int B) end = t < 0 ? (33, 102, 172) : (178, 24, 43);
        double s = Math.Abs(t);
        byte Channel(int c) => (byte)Math.Round(255 + (c - 255) * s);
        return (Channel(end.R), Channel(end.G), Channel(end.B));
    }

    private static void Misclassified(StringBuilder html, ReportData data)
    {
        string set = Escape(data.ConfusionSetName);
        string heading = $"Misclassified {set} samples";
        if (data.Misclassified.Count == 0)
        {
            Skipped(html, "misclassified", heading, data.Confusion is { } m && m.Correct == m.Total && m.Total > 0
                ? "None: every sample was classified right."
                : "No misclassified samples were given.");
            return;
        }
        var names = NamesOf(data);
        var samples = data.Misclassified.Take(MaxImages).ToList();
        int side = ImageSide(samples[0].Input.Count);
        bool pictures = side > 0 && samples.All(s => s.Input.Count == side * side);
        Section(html, "misclassified", heading + Invariant($" ({samples.Count} shown)"),
            "The samples the network got wrong most confidently: under each, its true class, the class the network chose and its " +
            "output for that class (with softmax, a probability), and the sample's number in its set. Many are ones a person would " +
            "hesitate over too; a confident mistake on a clear sample is worth a closer look." +
            (pictures ? " Bright pixels are inputs near 1." : ""));
        if (!pictures)
        {
            html.Append("<table class=\"misclassified\">\n<tr><th>sample</th><th>true class</th><th>predicted</th><th>output</th></tr>\n");
            foreach (var s in samples)
                html.Append(Invariant($"<tr class=\"miss\" data-index=\"{s.Index}\" data-true=\"{s.Actual}\" data-predicted=\"{s.Predicted}\"><td>#{s.Index}</td><td>{Escape(names[s.Actual])}</td><td>{Escape(names[s.Predicted])}</td><td>{s.Confidence * 100:0}%</td></tr>\n"));
            html.Append("</table>\n</section>\n");
            return;
        }

        int scale = Math.Max(1, (int)Math.Round(ImagePixels / (double)side)), size = side * scale;
        const int columns = 9, lines = 3, lineHeight = 14;
        int cellWidth = Math.Max(size, 104) + 16, cellHeight = size + lines * lineHeight + 16;
        int width = Math.Min(samples.Count, columns) * cellWidth, height = (samples.Count + columns - 1) / columns * cellHeight;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"samples\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        var grey = new byte[side * side];
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            for (int p = 0; p < grey.Length; p++)
                grey[p] = (byte)Math.Round(255 * Math.Clamp(double.IsFinite(s.Input[p]) ? s.Input[p] : 0, 0, 1));
            int x = i % columns * cellWidth, y = i / columns * cellHeight;
            string truth = Escape(names[s.Actual]), guess = Escape(names[s.Predicted]);
            svg.Append(Invariant($"<g class=\"miss\" data-index=\"{s.Index}\" data-true=\"{s.Actual}\" data-predicted=\"{s.Predicted}\">"));
            svg.Append(Invariant($"<title>sample {s.Index}: a {truth}, taken for a {guess} ({s.Confidence * 100:0.#}%)</title>"));
            svg.Append(Invariant($"<image x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" preserveAspectRatio=\"none\" href=\"{Png.DataUri(Png.Encode(side, side, 1, grey))}\"/>"));
            int textTop = y + size + lineHeight;
            svg.Append(Invariant($"<text x=\"{x}\" y=\"{textTop}\" fill=\"#1a6a1a\">{Escape(ConfusionMatrix.Abbreviate(names[s.Actual], 16))}</text>"));
            svg.Append(Invariant($"<text x=\"{x}\" y=\"{textTop + lineHeight}\" fill=\"#b02020\">→ {Escape(ConfusionMatrix.Abbreviate(names[s.Predicted], 12))} {s.Confidence * 100:0}%</text>"));
            svg.Append(Invariant($"<text x=\"{x}\" y=\"{textTop + 2 * lineHeight}\" fill=\"#777\">#{s.Index}</text></g>\n"));
        }
        html.Append(svg.Append("</svg>\n")).Append("</section>\n");
    }

    private static void GradientNorms(StringBuilder html, ReportData data)
    {
        const string heading = "Gradient norms per layer";
        if (data.GradientNorms is not { Count: > 0 } norms)
        {
            Skipped(html, "gradients", heading, "Gradient norms were not recorded for this run.");
            return;
        }
        Section(html, "gradients", heading,
            "‖dW_l‖ is the size of the gradient of layer l's weights (the square root of the sum of its squared entries), on a " +
            "log scale. Each layer the error passes back through multiplies it by the activation's derivative, σ′ ≤ 1/4 for sigmoid " +
            "(tanh′ ≤ 1; relu′ is 0 or 1), so in a deep sigmoid network the first " +
            "layers' gradients can vanish, orders of magnitude below the last layer's, and those layers learn slowest. A matrix with " +
            "more entries has a larger norm for that alone (W1 usually has the most), so look for a line far below the others or " +
            "falling away. Norms that shoot up mean the steps are too large.");
        var series = norms.Select((values, l) => new CurveSeries(Invariant($"‖dW{l + 1}‖"), values)).ToList();
        html.Append("<div class=\"panels\">\n").Append(CurvePanel.Draw("Gradient norm per layer", "‖dW‖", series, logScale: true));
        html.Append("</div>\n</section>\n");
    }

    private static void Run(StringBuilder html, ReportData data)
    {
        Section(html, "run", "The run", "");
        html.Append("<table class=\"run\">\n");
        if (data.CommandLine.Length > 0)
            html.Append(Invariant($"<tr><th>command</th><td><pre><code>{Escape(data.CommandLine)}</code></pre></td></tr>\n"));
        if (data.DataDescription.Length > 0)
            html.Append(Invariant($"<tr><th>data</th><td>{Escape(data.DataDescription)}</td></tr>\n"));
        if (data.Settings.Count > 0)
        {
            html.Append("<tr><th>settings</th><td><ul>");
            foreach (string line in data.Settings)
                html.Append(Invariant($"<li>{Escape(line)}</li>"));
            html.Append("</ul></td></tr>\n");
        }
        html.Append(Invariant($"<tr><th>epochs</th><td>{data.TrainLoss.Count}</td></tr>\n"));
        html.Append(Invariant($"<tr><th>training time</th><td>{Duration(data.Elapsed)}</td></tr>\n"));
        html.Append("</table>\n</section>\n");
    }

    /// <summary>A time as a reader says it: 0.8 s, 15.4 s, 3 min 12 s, 1 h 05 min.</summary>
    public static string Duration(TimeSpan time) =>
        time.TotalSeconds < 60 ? Invariant($"{time.TotalSeconds:0.0} s")
        : time.TotalHours < 1 ? Invariant($"{(int)time.TotalMinutes} min {time.Seconds} s")
        : Invariant($"{(int)time.TotalHours} h {time.Minutes:00} min");
}
