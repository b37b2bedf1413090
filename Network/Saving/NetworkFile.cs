using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FromScratch;

/// <summary>Thrown when a saved network cannot be loaded; the message names the file (or stream) and what is wrong.</summary>
public sealed class NetworkFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Saving and loading, to a stream or a file. The file is JSON (UTF-8), one matrix row per line:
/// <code>
/// {
///   "format": "FromScratch.Network",
///   "version": 4,
///   "layerSizes": [5, 4, 4],
///   "hiddenActivation": "sigmoid",
///   "outputActivation": "sigmoid",
///   "loss": "ce",
///   "l2": 0,
///   "inputNames": ["a", "b", "c", "d", "e"],
///   "classNames": ["w", "x", "y", "z"],
///   "scaling": { "method": "standardize", "mean": […5 numbers…], "std": […5 numbers…] },
///   "targetNames": …, "targetScaling": … (a regression network's: its outputs' names and how the targets were scaled),
///   "layers": [
///     { "weights": [[…5 numbers…], …4 rows…], "biases": [b1, b2, b3, b4] },
///     { "weights": …, "biases": … }
///   ]
/// }
/// </code>
/// <c>layers[l].weights</c> is W_(l+1) as rows, (layerSizes[l+1] × layerSizes[l]); <c>biases</c> is b_(l+1).
/// <c>outputActivation</c> is <c>sigmoid</c>, <c>softmax</c> or <c>linear</c>, paired with <c>loss</c> (see <see cref="Loss"/>);
/// <c>l2</c> is <see cref="L2"/>, and <c>l1</c>, written only when not 0, is <see cref="L1"/>. <c>inputNames</c>, <c>classNames</c>,
/// <c>scaling</c>, <c>targetNames</c> and <c>targetScaling</c> (<see cref="InputNames"/>, <see cref="ClassNames"/>, <see cref="Scaling"/>,
/// <see cref="TargetNames"/>, <see cref="TargetScaling"/>; a scaling's lists are <c>min</c> and <c>max</c> for <c>normalize</c>) are
/// written only when set. Files written before softmax and L2 existed (always sigmoid, no <c>l2</c>), before the data's description
/// was saved, and before the targets' were, still load.
/// Loading trusts nothing in the file: every field must be there (<c>l2</c> may be missing), with the right kind
/// of value, every number finite, every matrix the shape that <c>layerSizes</c> gives it; nothing else may be in it.
/// </summary>
public sealed partial class Network
{
    private const string FileFormat = "FromScratch.Network";
    private const int FileVersion = 4; // 2 added "l2" and the softmax output, 3 the names and the scaling, 4 "l1", the linear output and the targets' names and scaling; 1 to 3 still load

    // The version written: the lowest that holds the file's fields, so a network without L1, a linear output or a target's
    // description is still a version 3 file, which code from before version 4 (and the numpy peer of then) reads.
    private int VersionToWrite => L1 > 0 || Loss.Output == OutputActivation.Linear || TargetNames is not null || TargetScaling is not null ? 4 : 3;

    /// <summary>
    /// The largest network file <see cref="Load(Stream, string)"/> reads, 64 MiB: about 3 million parameters at the 20-odd
    /// characters <see cref="Save(Stream)"/> writes for each (Fashion-MNIST's [784, 30, 10] has 24,000). Larger files are
    /// refused before they are read.
    /// </summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>Writes the network to <paramref name="stream"/> as the UTF-8 text of <see cref="ToJson"/>; the stream stays open.</summary>
    /// <exception cref="IOException">The text would be larger than <see cref="MaxFileBytes"/> (nothing is written), or the stream fails.</exception>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (JSON cannot hold it); nothing is written.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Encoded("the stream"));
    }

    /// <summary>Writes the network to the file <paramref name="path"/>, replacing it if it exists, as <see cref="File.WriteAllText(string, string?)"/> does (a named pipe waits for a reader). For a file that must survive a failed write, write to a stream of your own and rename.</summary>
    /// <exception cref="IOException">The file cannot be written, or would be larger than <see cref="MaxFileBytes"/> (then it is not touched); the message names it.</exception>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (JSON cannot hold it); the file is not touched.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
            throw new IOException("Save: the path is empty; give a file name");
        if (Directory.Exists(path))
            throw new IOException($"Save: '{path}' is a folder, not a file");
        byte[] bytes = Encoded($"'{path}'");
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new IOException($"Save: cannot write '{path}': {error.Message}", error);
        }
    }

    // The text as UTF-8. A file Load would refuse is not saved: better to hear it now than when loading it.
    private byte[] Encoded(string target)
    {
        byte[] bytes = new UTF8Encoding(false).GetBytes(ToJson());
        if (bytes.Length > MaxFileBytes)
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"Save: {target} would hold {bytes.Length / (1024.0 * 1024):0.0} MiB, more than the {MaxFileBytes / (1024 * 1024)} MiB that Load reads (Network.MaxFileBytes)"));
        return bytes;
    }

    /// <summary>The network as the JSON text that <see cref="Save(Stream)"/> writes.</summary>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite (JSON cannot hold it).</exception>
    public string ToJson()
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append($"  \"format\": \"{FileFormat}\",\n  \"version\": {VersionToWrite},\n");
        text.Append($"  \"layerSizes\": [{string.Join(", ", LayerSizes)}],\n");
        text.Append($"  \"hiddenActivation\": \"{HiddenActivation.Name}\",\n  \"outputActivation\": \"{Loss.Output.Name}\",\n");
        text.Append($"  \"loss\": \"{Loss.Name}\",\n  \"l2\": {L2.ToString("R", CultureInfo.InvariantCulture)},\n");
        if (L1 > 0)
            text.Append($"  \"l1\": {L1.ToString("R", CultureInfo.InvariantCulture)},\n");
        if (InputNames is not null)
            text.Append($"  \"inputNames\": [{string.Join(", ", InputNames.Select(JsonString))}],\n");
        if (ClassNames is not null)
            text.Append($"  \"classNames\": [{string.Join(", ", ClassNames.Select(JsonString))}],\n");
        if (Scaling is not null)
            text.Append($"  \"scaling\": {ScalingJson(Scaling)},\n");
        if (TargetNames is not null)
            text.Append($"  \"targetNames\": [{string.Join(", ", TargetNames.Select(JsonString))}],\n");
        if (TargetScaling is not null)
            text.Append($"  \"targetScaling\": {ScalingJson(TargetScaling)},\n");
        text.Append("  \"layers\": [\n");
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

    // { "method": "standardize", "mean": [...], "std": [...] } on one line.
    private static string ScalingJson(FeatureScaling scaling)
    {
        var (first, second) = FeatureScaling.StatisticNames(scaling.Method);
        return $"{{ \"method\": \"{scaling.Method}\", \"{first}\": [{Numbers(Matrix.Column([.. scaling.First]).Transpose(), 0, first)}], \"{second}\": [{Numbers(Matrix.Column([.. scaling.Second]).Transpose(), 0, second)}] }}";
    }

    /// <summary>
    /// Reads a network written by <see cref="Save(Stream)"/>: at most <see cref="MaxFileBytes"/> of UTF-8 text from
    /// <paramref name="stream"/> (a longer stream is refused unread when it can tell its length), then see <see cref="FromJson"/>.
    /// <paramref name="source"/> names the stream in errors; the stream stays open.
    /// </summary>
    /// <exception cref="NetworkFileException">The stream is too long, cannot be read, is not UTF-8 text, not valid JSON, or inconsistent; the message says where.</exception>
    public static Network Load(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        return Read(stream, source, "the stream");
    }

    /// <summary>
    /// Reads a network written by <see cref="Save(string)"/> from the file <paramref name="path"/>; see <see cref="Load(Stream, string)"/>.
    /// Like <see cref="File.ReadAllText(string)"/>, it opens whatever the path names (a named pipe waits for a writer).
    /// </summary>
    /// <exception cref="NetworkFileException">The file is missing, a folder, too large, not valid JSON, or inconsistent; the message names the file and says where.</exception>
    public static Network Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        NetworkFileException Refused(string problem, Exception? inner = null) => new($"Load '{path}': {problem}", inner);
        if (path.Length == 0)
            throw Refused("the path is empty; give a file name");
        if (path.Contains('\0'))
            throw Refused("the path contains a NUL character, which no file name can hold");
        if (Directory.Exists(path))
            throw Refused("is a folder, not a network file");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Refused($"cannot read the file: {error.Message}", error);
        }
        using (stream)
            return Read(stream, path, "the file");
    }

    // Load's reading: at most MaxFileBytes, as UTF-8 (a byte order mark allowed); `what` is "the file" or "the stream".
    private static Network Read(Stream stream, string source, string what)
    {
        NetworkFileException Refused(string problem, Exception? inner = null) => new($"Load '{source}': {problem}", inner);
        byte[] bytes;
        try
        {
            if (stream.CanSeek && stream.Length - stream.Position is var length && length > MaxFileBytes)
                throw Refused(TooLarge(length));
            // Stop one chunk past the limit at most, whatever the length said: a file may be growing.
            var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            for (int read; (read = stream.Read(chunk)) > 0;)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxFileBytes)
                    throw Refused(TooLarge(null));
            }
            bytes = buffer.ToArray();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            throw Refused($"cannot read {what}: {error.Message}", error);
        }
        int start = bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0; // a UTF-8 byte order mark
        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException error)
        {
            throw Refused($"not a valid network file: not UTF-8 text (byte {start + error.Index}, counting from 0, is not)", error);
        }
        return FromJson(json, source);
    }

    /// <summary>
    /// Reads a network from JSON text in the format of <see cref="ToJson"/>; <paramref name="source"/> names it in
    /// errors. Everything is checked before the network is built: no half-built network escapes.
    /// </summary>
    /// <exception cref="NetworkFileException">The text is not valid JSON or is inconsistent; the message says where, e.g. <c>Load 'net.json': layers[1].weights[3][0] (in W2) is 1e400, not a finite number</c>.</exception>
    public static Network FromJson(string json, string source = "JSON")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        NetworkFileException Invalid(string problem, Exception? inner = null) => new($"Load '{source}': {problem}", inner);
        if (json.Length > MaxFileBytes)
            throw Invalid(TooLarge(null));
        JsonDocument document;
        try
        {
            // The format nests five deep (file, layers, a layer, weights, a row); deeper is not a network.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException error)
        {
            throw Invalid($"not a valid network file: {error.Message}", error);
        }
        using (document)
            return FromDocument(document.RootElement, Invalid);
    }

    private static readonly string[] FieldNames = ["format", "version", "layerSizes", "hiddenActivation", "outputActivation", "loss", "l2", "l1", "inputNames", "classNames", "scaling", "targetNames", "targetScaling", "layers"];

    private static Network FromDocument(JsonElement root, Func<string, Exception?, NetworkFileException> invalid)
    {
        NetworkFileException Invalid(string problem) => invalid(problem, null);
        if (root.ValueKind == JsonValueKind.Null)
            throw Invalid("the file holds null, not a network");
        var fields = Fields(root, "the file", FieldNames, Invalid);
        JsonElement Field(string name) => fields.TryGetValue(name, out var value) ? value : throw Invalid($"\"{name}\" is missing");

        string format = Text(Field("format"), "\"format\"", Invalid);
        if (format != FileFormat)
            throw Invalid($"\"format\" is \"{Shown(format)}\", expected \"{FileFormat}\"");
        JsonElement version = Field("version");
        if (!(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out int number) && number is >= 1 and <= FileVersion))
            throw Invalid($"\"version\" is {Shown(version)}; this code reads versions 1 to {FileVersion}");
        int[] sizes = LayerSizesFrom(Field("layerSizes"), Invalid);
        if (number < 3 && new[] { "inputNames", "classNames", "scaling" }.FirstOrDefault(fields.ContainsKey) is string newer)
            throw Invalid($"\"{newer}\" came with version 3, but \"version\" is {number}");
        if (number < 4 && new[] { "l1", "targetNames", "targetScaling" }.FirstOrDefault(fields.ContainsKey) is string newest)
            throw Invalid($"\"{newest}\" came with version 4, but \"version\" is {number}");
        double l2 = fields.TryGetValue("l2", out var l2Element) ? Number(l2Element, "\"l2\"", Invalid) : 0;
        if (l2 < 0)
            throw Invalid($"\"l2\" is {Shown(l2Element)}; λ must be a finite number ≥ 0");
        double l1 = fields.TryGetValue("l1", out var l1Element) ? Number(l1Element, "\"l1\"", Invalid) : 0;
        if (l1 < 0)
            throw Invalid($"\"l1\" is {Shown(l1Element)}; λ must be a finite number ≥ 0");
        var (activation, loss) = ActivationAndLossFrom(Field("hiddenActivation"), Field("outputActivation"), Field("loss"), sizes, Invalid);

        JsonElement layers = Field("layers");
        int count = Items(layers, "\"layers\"", "a list of layers", Invalid);
        if (count != sizes.Length - 1)
            throw Invalid($"\"layers\" has {count} {(count == 1 ? "entry" : "entries")} but layerSizes {ShownSizes(sizes)} needs {sizes.Length - 1}, one per weight matrix");
        var weights = new Matrix[count];
        var biases = new Matrix[count];
        int l = 0;
        foreach (JsonElement layer in layers.EnumerateArray()) // not layers[l]: indexing a list of objects walks it from the start
        {
            (weights[l], biases[l]) = LayerFrom(layer, l, sizes, Invalid);
            l++;
        }
        return new Network(sizes, activation, loss, weights, biases)
        {
            L2 = l2,
            L1 = l1,
            InputNames = fields.TryGetValue("inputNames", out var inputs) ? Names(inputs, "\"inputNames\"", sizes[0], "input", Invalid) : null,
            ClassNames = fields.TryGetValue("classNames", out var classes) ? Names(classes, "\"classNames\"", sizes[^1], "output", Invalid) : null,
            Scaling = fields.TryGetValue("scaling", out var scaling) ? ScalingFrom(scaling, "scaling", sizes[0], "input", Invalid) : null,
            TargetNames = fields.TryGetValue("targetNames", out var targets) ? Names(targets, "\"targetNames\"", sizes[^1], "output", Invalid) : null,
            TargetScaling = fields.TryGetValue("targetScaling", out var targetScaling) ? ScalingFrom(targetScaling, "targetScaling", sizes[^1], "output", Invalid) : null,
        };
    }

    private static int[] LayerSizesFrom(JsonElement sizesElement, Func<string, NetworkFileException> invalid)
    {
        var sizes = new int[Items(sizesElement, "\"layerSizes\"", "a list of layer sizes", invalid)];
        for (int i = 0; i < sizes.Length; i++)
        {
            JsonElement size = sizesElement[i];
            if (!(size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out sizes[i]) && sizes[i] > 0))
                throw invalid($"layerSizes[{i}] is {Shown(size)}, not a positive whole number");
        }
        if (sizes.Length < 2)
            throw invalid($"\"layerSizes\" is {ShownSizes(sizes)}; need at least two positive sizes");
        return sizes;
    }

    private static (Activation, Loss) ActivationAndLossFrom(JsonElement hiddenElement, JsonElement outputElement, JsonElement lossElement,
        int[] sizes, Func<string, NetworkFileException> invalid)
    {
        string hidden = Text(hiddenElement, "\"hiddenActivation\"", invalid);
        string output = Text(outputElement, "\"outputActivation\"", invalid);
        string lossName = Text(lossElement, "\"loss\"", invalid);
        try
        {
            // Shown: a name from the file goes into the message, so no control characters and not too long.
            var activation = Activation.Named(Shown(hidden));
            var loss = Loss.Named(OutputActivation.Named(Shown(output)).Name, Shown(lossName));
            ValidateSizes(sizes, loss);
            return (activation, loss);
        }
        catch (ArgumentException error)
        {
            throw invalid(error.Message);
        }
    }

    // layers[l]: W_(l+1) as rows and b_(l+1), each checked against layerSizes.
    private static (Matrix Weights, Matrix Biases) LayerFrom(JsonElement element, int l, int[] sizes, Func<string, NetworkFileException> invalid)
    {
        string layer = $"layers[{l}]";
        if (element.ValueKind != JsonValueKind.Object)
            throw invalid($"{layer} is {Shown(element)}, not an object with \"weights\" and \"biases\"");
        var parts = Fields(element, layer, ["weights", "biases"], invalid);
        JsonElement Part(string name) => parts.TryGetValue(name, out var value) ? value : throw invalid($"{layer} has no \"{name}\"");

        JsonElement w = Part("weights");
        string expected = $"must be {Matrix.FormatShape(sizes[l + 1], sizes[l])} to match layerSizes {ShownSizes(sizes)}";
        int rows = Items(w, $"{layer}.weights (W{l + 1})", "a list of rows", invalid);
        if (rows != sizes[l + 1])
            throw invalid($"{layer}.weights (W{l + 1}) {expected}, but has {rows} row{(rows == 1 ? "" : "s")}");
        var values = new double[rows][];
        int r = 0;
        foreach (JsonElement row in w.EnumerateArray())
        {
            int columns = Items(row, $"{layer}.weights[{r}] (row {r} of W{l + 1})", "a list of numbers", invalid);
            if (columns != sizes[l])
                throw invalid($"{layer}.weights (W{l + 1}) {expected}, but row {r} has {columns} value{(columns == 1 ? "" : "s")}");
            values[r] = new double[columns];
            for (int c = 0; c < columns; c++)
                values[r][c] = Number(row[c], $"{layer}.weights[{r}][{c}] (in W{l + 1})", invalid);
            r++;
        }

        JsonElement b = Part("biases");
        int length = Items(b, $"{layer}.biases (b{l + 1})", "a list of numbers", invalid);
        if (length != sizes[l + 1])
            throw invalid($"{layer}.biases (b{l + 1}) must have {sizes[l + 1]} values to match layerSizes {ShownSizes(sizes)}, but has {length}");
        var bias = new double[length];
        for (int i = 0; i < length; i++)
            bias[i] = Number(b[i], $"{layer}.biases[{i}] (in b{l + 1})", invalid);
        return (Matrix.FromRows(values), Matrix.Column(bias));
    }

    // A list of names, one per input or output.
    private static string[] Names(JsonElement element, string where, int count, string what, Func<string, NetworkFileException> invalid)
    {
        int length = Items(element, where, "a list of names", invalid);
        if (length != count)
            throw invalid($"{where} has {length} name{(length == 1 ? "" : "s")} but the network has {count} {what}{(count == 1 ? "" : "s")}, one name each");
        var names = new string[length];
        for (int i = 0; i < length; i++)
            names[i] = Text(element[i], $"{where}[{i}]", invalid);
        if (ProblemWithNames(names) is string problem)
            throw invalid($"{where}: {problem}");
        return names;
    }

    // "scaling" or "targetScaling": {"method": "standardize", "mean": [...], "std": [...]} or {"method": "normalize", "min": [...], "max": [...]}.
    private static FeatureScaling ScalingFrom(JsonElement element, string where, int count, string what, Func<string, NetworkFileException> invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw invalid($"\"{where}\" is {Shown(element)}, not an object with \"method\" and its two lists");
        string method = element.TryGetProperty("method", out var methodElement) ? Text(methodElement, $"{where}.method", invalid) : throw invalid($"{where} has no \"method\"");
        (string First, string Second) names;
        try
        {
            names = FeatureScaling.StatisticNames(method);
        }
        catch (ArgumentException)
        {
            throw invalid($"{where}.method is \"{Shown(method)}\"; the methods are {FeatureScaling.StandardizeMethod} and {FeatureScaling.NormalizeMethod}");
        }
        var fields = Fields(element, where, ["method", names.First, names.Second], invalid);
        double[] List(string name)
        {
            JsonElement list = fields.TryGetValue(name, out var value) ? value : throw invalid($"{where} has no \"{name}\"");
            int length = Items(list, $"{where}.{name}", "a list of numbers", invalid);
            if (length != count)
                throw invalid($"{where}.{name} has {length} value{(length == 1 ? "" : "s")} but the network has {count} {what}{(count == 1 ? "" : "s")}, one value each");
            var values = new double[length];
            for (int i = 0; i < length; i++)
                values[i] = Number(list[i], $"{where}.{name}[{i}]", invalid);
            return values;
        }
        try
        {
            return FeatureScaling.FromStatistics(method, List(names.First), List(names.Second));
        }
        catch (ArgumentException error)
        {
            throw invalid($"{where}: {error.Message.Replace("FeatureScaling: ", "")}");
        }
    }

    // A name as a JSON string, quoted, with only what JSON requires escaped (quotes, backslashes, control
    // characters), so "café" and "<b>" stay readable in the file.
    private static string JsonString(string name) => JsonSerializer.Serialize(name, ReadableNames);

    private static readonly JsonSerializerOptions ReadableNames = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // An object's fields by name: each one known, none twice.
    private static Dictionary<string, JsonElement> Fields(JsonElement element, string where, string[] known, Func<string, NetworkFileException> invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw invalid($"not a valid network file: {where} is {Shown(element)}, not an object");
        var fields = new Dictionary<string, JsonElement>();
        foreach (var property in element.EnumerateObject())
        {
            string name = Text(property, where, invalid);
            if (!known.Contains(name))
                throw invalid($"{(where == "the file" ? "" : where + ": ")}unknown field \"{Shown(name)}\"; the fields are {string.Join(", ", known)}");
            if (!fields.TryAdd(name, property.Value))
                throw invalid($"{(where == "the file" ? "" : where + ": ")}\"{name}\" appears twice");
        }
        return fields;
    }

    private static int Items(JsonElement element, string where, string what, Func<string, NetworkFileException> invalid) =>
        element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : throw invalid($"{where} is {Shown(element)}, not {what}");

    private static double Number(JsonElement element, string where, Func<string, NetworkFileException> invalid)
    {
        if (element.ValueKind != JsonValueKind.Number)
            throw invalid($"{where} is {Shown(element)}, not a number");
        // 1e400 reads as infinity, which no parameter may be.
        if (!element.TryGetDouble(out double value) || !double.IsFinite(value))
            throw invalid($"{where} is {Shown(element)}, not a finite number");
        return value;
    }

    private static string Text(JsonElement element, string where, Func<string, NetworkFileException> invalid)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw invalid($"{where} is {Shown(element)}, not text");
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException) // an escaped half of a surrogate pair, such as \uD800
        {
            throw invalid($"{where} is {Shown(element)}, not valid text");
        }
    }

    private static string Text(JsonProperty property, string where, Func<string, NetworkFileException> invalid)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw invalid($"{where}: a field name is not valid text");
        }
    }

    // A value from the file as a message shows it: its kind, or its text cut short with control characters escaped.
    private static string Shown(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.Null => "null",
        _ => Shown(element.GetRawText()),
    };

    private static string Shown(string text)
    {
        const int Longest = 40;
        var shown = new StringBuilder();
        foreach (char c in text.Length > Longest ? text[..Longest] : text)
            shown.Append(char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate
                ? $"\\u{(int)c:x4}" : c);
        return text.Length > Longest ? shown.Append('…').ToString() : shown.ToString();
    }

    private static string ShownSizes(int[] sizes) =>
        sizes.Length <= 12 ? $"[{string.Join(", ", sizes)}]" : $"[{string.Join(", ", sizes.Take(12))}, … {sizes.Length - 12} more]";

    // The size when known (a file found too large while reading, or text, is only "larger").
    private static string TooLarge(long? bytes) => string.Create(CultureInfo.InvariantCulture,
        $"network files over {MaxFileBytes / (1024 * 1024)} MiB are refused (Network.MaxFileBytes), and this one is {(bytes is long size ? $"{size / (1024.0 * 1024):0.0} MiB" : "larger")}");

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
}
