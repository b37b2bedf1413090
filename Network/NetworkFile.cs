using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FromScratch;

/// <summary>Thrown when a saved network cannot be loaded; the message names the file and what is wrong.</summary>
public sealed class NetworkFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Saving and loading. The file is JSON, one matrix row per line:
/// <code>
/// {
///   "format": "FromScratch.Network",
///   "version": 1,
///   "layerSizes": [5, 4, 4],
///   "hiddenActivation": "sigmoid",
///   "outputActivation": "sigmoid",
///   "loss": "ce",
///   "l2": 0,
///   "layers": [
///     { "weights": [[…5 numbers…], …4 rows…], "biases": [b1, b2, b3, b4] },
///     { "weights": …, "biases": … }
///   ]
/// }
/// </code>
/// <c>layers[l].weights</c> is W_(l+1) as rows, (layerSizes[l+1] × layerSizes[l]); <c>biases</c> is b_(l+1).
/// <c>outputActivation</c> is <c>sigmoid</c> or <c>softmax</c>, paired with <c>loss</c> (see <see cref="Loss"/>);
/// <c>l2</c> is <see cref="L2"/>. Files written before softmax and L2 existed (always sigmoid, no <c>l2</c>) still load.
/// </summary>
public sealed partial class Network
{
    private const string FileFormat = "FromScratch.Network";
    private const int FileVersion = 2; // 2 added "l2" and the softmax output; version 1 files still load

    /// <summary>Writes the network to <paramref name="path"/>; an existing file is only replaced when <paramref name="overwrite"/> is true.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public void Save(string path, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && !overwrite)
            throw new IOException($"Save: '{path}' already exists; pass overwrite: true (the demo's --force) to replace it");
        string json = ToJson();
        // Write to a fresh name beside the target, then move: a crash never leaves a half-written file
        // in its place, and no other file is touched.
        string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetRandomFileName());
        try
        {
            File.WriteAllText(temporary, json);
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary); // gone already after a successful move
        }
    }

    /// <summary>The network as the JSON text that <see cref="Save"/> writes.</summary>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (JSON cannot hold it).</exception>
    public string ToJson()
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append($"  \"format\": \"{FileFormat}\",\n  \"version\": {FileVersion},\n");
        text.Append($"  \"layerSizes\": [{string.Join(", ", LayerSizes)}],\n");
        text.Append($"  \"hiddenActivation\": \"{HiddenActivation.Name}\",\n  \"outputActivation\": \"{Loss.Output.Name}\",\n");
        text.Append($"  \"loss\": \"{Loss.Name}\",\n  \"l2\": {L2.ToString("R", CultureInfo.InvariantCulture)},\n  \"layers\": [\n");
        for (int l = 0; l < LayerCount; l++)
        {
            text.Append("    {\n      \"weights\": [\n");
            for (int r = 0; r < weights[l].Rows; r++)
                text.Append("        [").Append(Numbers(weights[l], r, $"W{l + 1}")).Append(r + 1 < weights[l].Rows ? "],\n" : "]\n");
            text.Append("      ],\n      \"biases\": [").Append(Numbers(biases[l].Transpose(), 0, $"b{l + 1}")).Append("]\n");
            text.Append(l + 1 < LayerCount ? "    },\n" : "    }\n");
        }
        return text.Append("  ]\n}\n").ToString();
    }

    /// <summary>Reads a network written by <see cref="Save"/>.</summary>
    /// <exception cref="NetworkFileException">The file is missing, is not valid JSON, or is inconsistent; the message says where.</exception>
    public static Network Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new NetworkFileException($"Load '{path}': cannot read the file: {error.Message}", error);
        }
        return FromJson(json, path);
    }

    /// <summary>Reads a network from JSON text in the format of <see cref="ToJson"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="NetworkFileException">The text is not valid JSON or is inconsistent.</exception>
    public static Network FromJson(string json, string source = "JSON")
    {
        SavedNetwork saved;
        try
        {
            saved = JsonSerializer.Deserialize<SavedNetwork>(json, JsonOptions)
                    ?? throw new NetworkFileException($"Load '{source}': the file holds null, not a network");
        }
        catch (JsonException error)
        {
            throw new NetworkFileException($"Load '{source}': not a valid network file: {error.Message}", error);
        }
        // Everything is checked and built before the network exists: no half-built network escapes.
        NetworkFileException Invalid(string problem) => new($"Load '{source}': {problem}");
        if (saved.Format != FileFormat)
            throw Invalid($"\"format\" is \"{saved.Format}\", expected \"{FileFormat}\"");
        if (saved.Version is not (1 or FileVersion))
            throw Invalid($"\"version\" is {saved.Version}; this code reads versions 1 and {FileVersion}");
        int[] sizes = saved.LayerSizes ?? [];
        if (sizes.Length < 2 || sizes.Any(s => s <= 0))
            throw Invalid($"\"layerSizes\" is [{string.Join(", ", sizes)}]; need at least two positive sizes");
        if (!(saved.L2 >= 0 && double.IsFinite(saved.L2)))
            throw Invalid($"\"l2\" is {saved.L2}; λ must be a finite number ≥ 0");
        foreach (var (field, value) in new[] { ("hiddenActivation", saved.HiddenActivation), ("outputActivation", saved.OutputActivation), ("loss", saved.Loss) })
            if (value is null)
                throw Invalid($"\"{field}\" is missing");
        Activation activation;
        Loss loss;
        try
        {
            activation = Activation.Named(saved.HiddenActivation!);
            OutputActivation output = OutputActivation.Named(saved.OutputActivation!);
            loss = Loss.Named(output.Name, saved.Loss!);
            ValidateSizes(sizes, loss);
        }
        catch (ArgumentException error)
        {
            throw Invalid(error.Message);
        }
        SavedLayer[] layers = saved.Layers ?? [];
        if (layers.Length != sizes.Length - 1)
            throw Invalid($"\"layers\" has {layers.Length} entries but layerSizes [{string.Join(", ", sizes)}] needs {sizes.Length - 1}");

        var weights = new Matrix[layers.Length];
        var biases = new Matrix[layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            double[][] w = layers[l].Weights ?? [];
            double[] b = layers[l].Biases ?? [];
            string expected = Matrix.FormatShape(sizes[l + 1], sizes[l]);
            if (w.Length != sizes[l + 1] || w.Any(row => row is null || row.Length != sizes[l]))
                throw Invalid($"layers[{l}].weights (W{l + 1}) must be {expected} to match layerSizes, but has {w.Length} rows of lengths [{string.Join(", ", w.Select(row => row?.Length ?? 0))}]");
            if (b.Length != sizes[l + 1])
                throw Invalid($"layers[{l}].biases (b{l + 1}) must have {sizes[l + 1]} values to match layerSizes, but has {b.Length}");
            weights[l] = Matrix.FromRows(w);
            biases[l] = Matrix.Column(b);
        }
        return new Network(sizes, activation, loss, weights, biases) { L2 = saved.L2 };
    }

    private static string Numbers(Matrix m, int row, string name)
    {
        var values = new string[m.Cols];
        for (int c = 0; c < m.Cols; c++)
        {
            if (!double.IsFinite(m[row, c]))
                throw new InvalidOperationException($"Save: {name}[{row}, {c}] is {m[row, c]}; a network with NaN or infinite parameters cannot be saved");
            values[c] = m[row, c].ToString("R", CultureInfo.InvariantCulture);
        }
        return string.Join(", ", values);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private sealed class SavedNetwork
    {
        public string? Format { get; set; }
        public int Version { get; set; }
        public int[]? LayerSizes { get; set; }
        public string? HiddenActivation { get; set; }
        public string? OutputActivation { get; set; }
        public string? Loss { get; set; }
        public double L2 { get; set; }
        public SavedLayer[]? Layers { get; set; }
    }

    private sealed class SavedLayer
    {
        public double[][]? Weights { get; set; }
        public double[]? Biases { get; set; }
    }
}
