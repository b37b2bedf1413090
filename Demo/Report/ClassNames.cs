namespace FromScratch.Demo;

/// <summary>
/// The names of the classes, for the confusion matrix and the report, from <c>--classes</c>:
/// <c>fashion</c>, <c>digits</c>, or a comma-separated list such as <c>cat,dog</c>.
/// </summary>
internal static class ClassNames
{
    /// <summary>The option's line in a command's help, aligned like <see cref="NetworkSettings.Help"/>.</summary>
    public const string Help = "  --classes NAMES          class names: fashion, digits, or a list such as cat,dog";

    /// <summary>Fashion-MNIST's ten labels, in label order (0 is T-shirt/top).</summary>
    public static readonly IReadOnlyList<string> Fashion =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The longest name accepted: a name is a label in a table, not a description.</summary>
    public const int MaxLength = 40;

    /// <summary>
    /// How many classes a network with <paramref name="outputs"/> outputs tells apart: one per output, except that a
    /// single sigmoid output separates two (below 0.5 is class 0, from 0.5 up class 1).
    /// </summary>
    public static int CountFor(int outputs) => outputs == 1 ? 2 : outputs;

    /// <summary>"0", "1", … "K−1": the names when none are given.</summary>
    public static string[] Default(int classes) => [.. Enumerable.Range(0, classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Reads <c>--classes</c> for a network with <paramref name="outputs"/> outputs: null gives the default names;
    /// <c>fashion</c> and <c>digits</c> name ten classes; anything else is a comma-separated list, one name per class.
    /// </summary>
    /// <returns>False, with <paramref name="problem"/> saying why, when the names do not fit; the caller turns it into a usage error.</returns>
    public static bool TryParse(string? text, int outputs, out string[] names, out string problem)
    {
        int classes = CountFor(outputs);
        names = Default(classes);
        problem = "";
        if (text is null)
            return true;
        string[] given = text switch
        {
            "fashion" => [.. Fashion],
            "digits" => Default(10),
            _ => [.. text.Split(',').Select(name => name.Trim())],
        };
        string which = text is "fashion" or "digits" ? $"'{text}'" : "the list";
        if (given.Length != classes)
        {
            string network = outputs == 1 ? "one sigmoid output (2 classes: below and from 0.5)" : $"{outputs} outputs";
            problem = $"--classes: {which} names {given.Length} class{(given.Length == 1 ? "" : "es")}, but the network has {network}; give {classes} names";
            return false;
        }
        for (int k = 0; k < given.Length; k++)
        {
            if (given[k].Length == 0)
                problem = $"--classes: name {k + 1} is empty";
            else if (given[k].Any(char.IsControl))
                problem = $"--classes: name {k + 1} holds a control character";
            else if (given[k].Length > MaxLength)
                problem = $"--classes: name {k + 1} is {given[k].Length} characters long; keep names to {MaxLength}";
            else if (Array.IndexOf(given, given[k]) < k)
                problem = $"--classes: {Echo.Quote(given[k])} is named twice (names {Array.IndexOf(given, given[k]) + 1} and {k + 1})";
            if (problem.Length > 0)
                return false;
        }
        names = given;
        return true;
    }
}
