namespace FromScratch.Demo;

/// <summary>
/// <c>--shapes</c>: runs the network's real <see cref="Network.Forward"/>, <see cref="Network.LossOf(ForwardPass, Matrix)"/>
/// and <see cref="Network.Backward"/> once under an <see cref="OperationLog"/>, and prints each matrix
/// operation they performed with the names and shapes of its operands, e.g. <c>Z1 = W1 (4, 5) · X (5, 2) -> (4, 2)</c>.
/// Nothing here restates a formula: it only names the matrices.
/// </summary>
internal static class ShapeTrace
{
    /// <summary>The trace of one training step's pass: on the first batch of <paramref name="batchSize"/> samples (0 = all), as training would run it.</summary>
    public static IEnumerable<string> ForBatch(Network network, Dataset data, int batchSize, Dropout? dropout = null)
    {
        int[] first = [.. Enumerable.Range(0, batchSize == 0 ? data.Count : Math.Min(batchSize, data.Count))];
        return Lines(network, data.Inputs.SelectColumns(first), data.Y.SelectColumns(first), samplesInDataSet: data.Count, dropout);
    }

    /// <summary>
    /// The trace of Forward on X and, when targets Y are given, of LossOf and Backward (X a batch out of
    /// <paramref name="samplesInDataSet"/>, or all), with the masks M1, M2, … of <paramref name="dropout"/> when given.
    /// </summary>
    public static IEnumerable<string> Lines(Network network, Matrix x, Matrix? y, int samplesInDataSet = 0, Dropout? dropout = null)
    {
        var pass = new ForwardPass(network.LayerSizes, x.Cols, samplesInDataSet, dropout);
        var gradients = Gradients.ZerosFor(network);
        using var log = OperationLog.Start();
        log.Name(x, "X");
        if (y is not null)
            log.Name(y, "Y");
        for (int l = 1; l <= network.LayerCount; l++)
        {
            log.Name(network.Weights[l - 1], $"W{l}");
            log.Name(network.Biases[l - 1], $"b{l}");
            log.Name(pass.Z[l], $"Z{l}");
            log.Name(pass.A[l], $"A{l}");
            log.Name(pass.Deltas[l], $"dZ{l}");
            log.Name(gradients.Weights[l - 1], $"dW{l}");
            log.Name(gradients.Biases[l - 1], $"db{l}");
            if (pass.DropoutMasks?[l] is { } mask)
                log.Name(mask, $"M{l}");
        }
        var lines = new List<string> { $"network {network}" };
        int recorded = 0;
        void Section(string heading)
        {
            lines.Add(heading);
            lines.AddRange(log.Lines.Skip(recorded).Select(line => "  " + line));
            recorded = log.Lines.Count;
        }
        network.Forward(x, into: pass);
        Section($"forward, m = {x.Cols} samples (one per column):");
        if (y is null)
            return lines;
        network.LossOf(pass, y);
        Section("loss:");
        network.Backward(pass, y, into: gradients);
        Section("backward:");
        return lines;
    }
}
