using System.Globalization;

namespace FromScratch.Demo;

/// <summary>
/// Parsed <c>--name value</c> / <c>--name=value</c> options and <c>--flag</c>s for one command. Every option
/// is declared by the command; anything else is a usage error naming the command. A value quoted in an
/// error goes through <see cref="Echo.Quote"/>: escaped and, when long, cut.
/// </summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values = [];
    private readonly HashSet<string> flags = [];
    private readonly string command;

    private readonly List<string> arguments = [];

    private Options(string command) => this.command = command;

    /// <summary>
    /// The arguments as given, as one shell command line (each quoted when it holds anything but plain characters):
    /// a report shows the command that reproduces its run.
    /// </summary>
    public string CommandLine => string.Join(' ', arguments.Select(argument =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''") + "'"));

    /// <summary>Parses <paramref name="args"/> against the command's valued options and flags.</summary>
    public static Options Parse(string command, IEnumerable<string> args, IReadOnlySet<string> valued, IReadOnlySet<string> flagNames)
    {
        var options = new Options(command);
        options.arguments.AddRange(args);
        using var tokens = options.arguments.GetEnumerator();
        while (tokens.MoveNext())
        {
            string token = tokens.Current;
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
                throw options.Usage($"unexpected argument {Echo.Quote(token)}");
            string name = token[2..], value = "";
            int equals = name.IndexOf('=');
            bool inline = equals >= 0;
            if (inline)
                (name, value) = (name[..equals], name[(equals + 1)..]);
            if (options.values.ContainsKey(name) || options.flags.Contains(name))
                throw options.Usage($"--{name} is given twice; give it once");
            if (flagNames.Contains(name))
            {
                if (inline)
                    throw options.Usage($"--{name} takes no value");
                options.flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                if (!inline && !tokens.MoveNext())
                    throw options.Usage($"--{name} needs a value");
                options.values[name] = inline ? value : tokens.Current;
            }
            else
                throw options.Usage($"unknown option {Echo.Quote("--" + name)}");
        }
        return options;
    }

    /// <summary>
    /// The same options without the values of <paramref name="names"/>: e.g. <c>sweep</c> reads <c>--lr</c> as a list
    /// itself and lets <see cref="NetworkSettings.ReadFrom"/> read the rest as every training command does.
    /// </summary>
    public Options Without(params string[] names)
    {
        var copy = new Options(command);
        foreach (var (key, value) in values)
            if (!names.Contains(key))
                copy.values[key] = value;
        copy.flags.UnionWith(flags);
        return copy;
    }

    public bool Flag(string name) => flags.Contains(name);

    public string? Text(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        if (Text(name) is not string text)
            return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw Usage($"--{name} expects a whole number, got {Echo.Quote(text)}");
        if (value < minimum)
            throw Usage($"--{name} must be at least {minimum}, got {value}");
        if (value > maximum)
            throw Usage($"--{name} must be at most {maximum}, got {value}");
        return value;
    }

    public double Double(string name, double fallback, double above = double.NegativeInfinity, double atLeast = double.NegativeInfinity, double below = double.PositiveInfinity)
    {
        if (Text(name) is not string text)
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Usage($"--{name} expects a number, got {Echo.Quote(text)}");
        if (value <= above)
            throw Usage($"--{name} must be greater than {above}, got {value}");
        if (value < atLeast)
            throw Usage($"--{name} must be at least {atLeast}, got {value}");
        if (value >= below)
            throw Usage($"--{name} must be less than {below}, got {value}");
        return value;
    }

    /// <summary>A comma-separated list of positive sizes, e.g. <c>--hidden 4,4</c>.</summary>
    public int[] Sizes(string name, int[] fallback)
    {
        if (Text(name) is not string text)
            return fallback;
        var sizes = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size) || size <= 0)
                throw Usage($"--{name} expects positive whole numbers separated by commas (e.g. 4 or 4,4), got {Echo.Quote(text)}");
            sizes.Add(size);
        }
        return [.. sizes];
    }

    /// <summary>One of a fixed set of words, e.g. <c>--loss ce|mse</c>.</summary>
    public T Choice<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        if (Text(name) is not string text)
            return fallback;
        foreach (var (word, value) in choices)
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase))
                return value;
        throw Usage($"--{name} must be one of {string.Join(", ", choices.Keys)}; got {Echo.Quote(text)}");
    }

    public UsageException Usage(string problem) => new($"{command}: {problem}", command);
}
