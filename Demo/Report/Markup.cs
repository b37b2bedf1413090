using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>Text made safe for HTML and SVG, and numbers written the same in every culture.</summary>
internal static class Markup
{
    /// <summary>
    /// The text with &amp;, &lt;, &gt; and both quotes escaped, so it is safe inside an element or an attribute;
    /// control characters and broken surrogates, which XML cannot hold at all, become U+FFFD (�).
    /// </summary>
    public static string Escape(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes()) // a broken surrogate comes out as the replacement character
        {
            safe.Append(rune.Value switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\n' or '\t' => rune.ToString(),
                _ when Rune.IsControl(rune) || rune.Value is 0xFFFE or 0xFFFF => "\uFFFD",
                _ => rune.ToString(),
            });
        }
        return safe.ToString();
    }

    /// <summary>The text formatted with the invariant culture: a decimal point, never a comma.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number for an axis: 0.0005, 12, 2500, or 1e-7 and 3e+6 outside [0.0001, 100000).</summary>
    public static string Number(double value) =>
        value == 0 ? "0"
        : Math.Abs(value) is >= 1e-4 and < 1e5 ? value.ToString("0.####", CultureInfo.InvariantCulture)
        : value.ToString("0.#e+0", CultureInfo.InvariantCulture);
}
