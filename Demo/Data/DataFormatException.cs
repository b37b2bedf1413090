namespace FromScratch.Demo;

/// <summary>A data file is missing or malformed; the message names the file (and line, for CSV).</summary>
internal sealed class DataFormatException(string message) : Exception(message);
