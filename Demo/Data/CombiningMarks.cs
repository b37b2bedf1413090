namespace FromScratch.Demo;

/// <summary>
/// Names from data files and options (class labels, column headers, <c>--label</c>) are compared character by
/// character. Unicode writes many accented letters two ways that look the same: as one character (é, U+00E9) or as
/// the letter and a combining mark (e + U+0301). Its normalisation (NFC) would turn one into the other, but this
/// project builds with InvariantGlobalization, where .NET has no Unicode tables and <c>string.Normalize</c> returns the
/// text unchanged. So a name holding a mark of the Combining Diacritical Marks block (U+0300–U+036F, the accents of
/// Latin, Greek and Cyrillic letters) is refused, rather than taken for another name than its other spelling.
/// </summary>
internal static class CombiningMarks
{
    /// <summary>The first combining mark in <paramref name="name"/> and what it follows, e.g. <c>U+0301 after 'e'</c>; null when it has none.</summary>
    public static string? FirstIn(string name)
    {
        int at = name.AsSpan().IndexOfAnyInRange('\u0300', '\u036f');
        return at < 0 ? null : $"U+{(int)name[at]:X4} {(at > 0 ? $"after {Echo.Quote(name[at - 1].ToString())}" : "at the start")}";
    }

    /// <summary>Why a name with a combining mark is refused, for <paramref name="what"/> ("classes", "columns").</summary>
    public static string TwoSpellings(string what) =>
        $"Unicode also writes that as one accented letter, and names are compared character by character, so the two spellings would be two different {what}";
}
