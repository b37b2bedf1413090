using System.Globalization;
using System.Text;

namespace FromScratch.Demo;

/// <summary>
/// Shows what the user typed or what a file holds inside an error message, safely: control characters
/// (an escape sequence could clear the screen) are written as <c>\x1b</c>, <c>\n</c>, <c>\t</c>, <c>\0</c>,
/// other invisible characters as <c>\u202e</c>, and a long value is cut, saying how long it was.
/// </summary>
internal static class Echo
{
    /// <summary>How many characters of a value an error message shows before cutting it.</summary>
    public const int MaxShown = 60;

    /// <summary>How many characters of a whole error line are written before cutting it.</summary>
    public const int MaxLine = 1000;

    /// <summary>
    /// The value in single quotes, escaped; longer than <see cref="MaxShown"/> characters it is cut:
    /// <c>'xxxx…' (10485760 characters)</c>.
    /// </summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("'");
        bool cut = Escape(value, text, MaxShown);
        text.Append(cut ? "…'" : "'");
        if (cut)
            text.Append(CultureInfo.InvariantCulture, $" ({value.Length} characters)");
        return text.ToString();
    }

    /// <summary>
    /// A whole message with its control characters escaped (no quotes added), cut after
    /// <see cref="MaxLine"/> characters: the last line of defence before a message reaches the terminal.
    /// </summary>
    public static string Line(string message)
    {
        var text = new StringBuilder();
        if (Escape(message, text, MaxLine))
            text.Append(CultureInfo.InvariantCulture, $"… ({message.Length} characters)");
        return text.ToString();
    }

    // Appends value escaped to text, stopping once text has grown by `limit` characters; true if cut.
    private static bool Escape(string value, StringBuilder text, int limit)
    {
        int start = text.Length;
        for (int i = 0; i < value.Length; i++)
        {
            if (text.Length - start >= limit)
                return true;
            char c = value[i];
            // A surrogate pair (an emoji, say) is one character: shown as it is when printable.
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var rune = new Rune(c, value[i + 1]);
                if (Printable(Rune.GetUnicodeCategory(rune)))
                    text.Append(c).Append(value[i + 1]);
                else
                    text.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                i++;
                continue;
            }
            string? escaped = c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when c < 0x20 || c == 0x7f => $"\\x{(int)c:x2}",
                _ when !Printable(char.GetUnicodeCategory(c)) => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escaped is null)
                text.Append(c);
            else
                text.Append(escaped);
        }
        return false;
    }

    // Control, format (e.g. U+202E, which reverses the text after it), separators other than the space,
    // lone surrogates, private-use and unassigned characters are escaped; everything else is shown.
    private static bool Printable(UnicodeCategory category) => category is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned);
}
