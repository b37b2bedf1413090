namespace FromScratch;

// The check behind Activation.All and Loss.All, which are built the first time they are read.
internal static class Registry
{
    // A null entry can only mean that All was read while the static fields were still being set (by a static
    // field's initialiser, through All or Named); say so rather than fail later with a bare NullReferenceException.
    public static T[] Checked<T>(string owner, T[] entries) where T : class
    {
        int missing = Array.FindIndex(entries, entry => entry is null);
        if (missing >= 0)
            throw new InvalidOperationException(
                $"{owner}.All holds null at position {missing} (counting from 0): All was read while {owner}'s static fields were " +
                "still being set, by a static field's initialiser that uses All or Named; give that field a value later (e.g. in a method)");
        return entries;
    }
}
