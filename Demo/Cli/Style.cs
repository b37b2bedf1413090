namespace FromScratch.Demo;

/// <summary>Headings and pass/fail marks, in colour only on a terminal with NO_COLOR unset.</summary>
internal sealed class Style(bool colour)
{
    public static Style ForConsole() =>
        new(!Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public string Heading(string text) => Paint("1;36", text);

    public string Good(string text) => Paint("32", text);

    public string Bad(string text) => Paint("31", text);

    public string Dim(string text) => Paint("2", text);

    private string Paint(string code, string text) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
