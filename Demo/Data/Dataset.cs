namespace FromScratch.Demo;

/// <summary>
/// Inputs X (features × m) and targets Y (outputs × m), one sample per column. X is a matrix for CSV files and
/// the toy sets; IDX images stay 8-bit pixels (<see cref="ImageInputs"/>), read a batch of columns at a time.
/// </summary>
internal sealed record Dataset(Inputs Inputs, Matrix Y)
{
    public Dataset(Matrix x, Matrix y)
        : this(FromScratch.Inputs.Of(x), y)
    {
    }

    /// <summary>X as one matrix; only for data held as one (CSV files, the toy sets), not for IDX images.</summary>
    public Matrix X => Inputs.AsMatrix ?? throw new InvalidOperationException($"Dataset.X: the inputs are {Inputs}, not a matrix; read them through Dataset.Inputs");

    /// <summary>This data with <paramref name="x"/> as its inputs, e.g. scaled.</summary>
    public Dataset WithX(Matrix x) => this with { Inputs = FromScratch.Inputs.Of(x) };

    public int Count => Inputs.Count;

    /// <summary>The inputs of each sample: the rows of X.</summary>
    public int Features => Inputs.Features;

    /// <summary>The name of each input (row of X), e.g. a CSV file's column headers; null when there are none.</summary>
    public string[]? InputNames { get; init; }

    /// <summary>The name of each class (row of Y); null when the rows have no names.</summary>
    public string[]? ClassNames { get; init; }

    /// <summary>For numbers to predict (regression, <c>--target</c>): the name of each target (row of Y); null for classes.</summary>
    public string[]? TargetNames { get; init; }

    /// <summary>True when Y holds numbers to predict (<see cref="TargetNames"/>), not classes.</summary>
    public bool IsRegression => TargetNames is not null;

    /// <summary>The first <paramref name="count"/> samples (all when count is 0 or larger than the set).</summary>
    public Dataset Take(int count) => count <= 0 || count >= Count ? this : Select([.. Enumerable.Range(0, count)]);

    /// <summary>The samples at <paramref name="columns"/>, in that order, with the same names.</summary>
    public Dataset Select(int[] columns) => this with
    {
        Inputs = Inputs is ImageInputs images ? images.Select(columns) : FromScratch.Inputs.Of(X.SelectColumns(columns)),
        Y = Y.SelectColumns(columns),
    };

    /// <summary>Each sample's class: the row of its largest target, or with one target row, whether it is ≥ 0.5.</summary>
    public int[] Classes() =>
        Y.Rows == 1 ? [.. Enumerable.Range(0, Count).Select(s => Y[0, s] >= 0.5 ? 1 : 0)] : Y.ArgMaxPerColumn();

    /// <summary>
    /// Splits off <paramref name="count"/> samples as a second part (a test or validation set), the same share
    /// of every class (stratified: class c gets count × n_c / m of them, rounded so the shares add up to count),
    /// chosen at random from <paramref name="seed"/>: the same seed gives the same split. Each class keeps at
    /// least one sample in the first part. Both parts keep the file's order. Numbers to predict have no classes:
    /// they are split as one group.
    /// </summary>
    /// <returns>The samples kept, and those split off; null when none can be (count 0, or every class has one sample).</returns>
    public (Dataset Kept, Dataset? SplitOff) Split(int count, int seed)
    {
        var random = new Random(seed);
        int[] classes = IsRegression ? new int[Count] : Classes();
        var members = Enumerable.Range(0, Count).GroupBy(s => classes[s]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        // Largest remainder: every class gets the whole part of its share, the largest fractions one more.
        // A class gives at most all but one of its samples; what a class cannot give goes to the next in line.
        double[] share = [.. members.Select(m => (double)count * m.Length / Count)];
        int[] take = [.. share.Select((v, c) => Math.Min((int)Math.Floor(v), members[c].Length - 1))];
        var inLine = Enumerable.Range(0, members.Length).OrderByDescending(c => share[c] - Math.Floor(share[c])).ThenBy(c => c).ToList();
        for (int missing = count - take.Sum(); missing > 0 && inLine.Any(c => take[c] < members[c].Length - 1);)
            foreach (int c in inLine.Where(c => take[c] < members[c].Length - 1))
                if (missing > 0)
                    (take[c], missing) = (take[c] + 1, missing - 1);
        var splitOff = new List<int>();
        for (int c = 0; c < members.Length; c++)
        {
            random.Shuffle(members[c]);
            splitOff.AddRange(members[c].Take(take[c]));
        }
        if (splitOff.Count == 0)
            return (this, null);
        var chosen = splitOff.ToHashSet();
        return (Select([.. Enumerable.Range(0, Count).Where(s => !chosen.Contains(s))]), Select([.. splitOff.Order()]));
    }

    /// <summary>
    /// The targets a network with this loss trains on: for a softmax output, one 0/1 target row y becomes
    /// two one-hot rows [1 − y; y] (class 0, class 1); otherwise the data as it is.
    /// </summary>
    public Dataset WithTargetsFor(Loss loss)
    {
        if (loss.Output != OutputActivation.Softmax || Y.Rows != 1)
            return this;
        var twoClasses = new Matrix(2, Count);
        for (int s = 0; s < Count; s++)
        {
            twoClasses[0, s] = 1 - Y[0, s];
            twoClasses[1, s] = Y[0, s];
        }
        return this with { Y = twoClasses };
    }

    /// <summary>
    /// <see cref="WithTargetsFor"/>, then refused naming <paramref name="source"/> when the loss cannot take the
    /// targets (e.g. multi-hot CSV targets for a softmax output), before any training.
    /// </summary>
    public Dataset ForLoss(Loss loss, string source)
    {
        var shaped = WithTargetsFor(loss);
        return loss.ProblemWithTargets(shaped.Y) is string problem ? throw new DataFormatException($"{source}: {problem}") : shaped;
    }

    /// <summary>
    /// The share of samples classified right: with one output, prediction ≥ 0.5 against target ≥ 0.5;
    /// with several, the largest output against the largest target (one-hot classes).
    /// </summary>
    public static double Accuracy(Matrix predictions, Matrix targets) => (double)CountRight(predictions, targets) / targets.Cols;

    /// <summary>How many samples are classified right (see <see cref="Accuracy"/>), without allocating: it runs after every training step.</summary>
    public static int CountRight(Matrix predictions, Matrix targets)
    {
        int correct = 0;
        for (int s = 0; s < targets.Cols; s++)
        {
            if (targets.Rows == 1)
            {
                correct += (predictions[0, s] >= 0.5) == (targets[0, s] >= 0.5) ? 1 : 0;
                continue;
            }
            correct += predictions.ArgMaxOfColumn(s) == targets.ArgMaxOfColumn(s) ? 1 : 0;
        }
        return correct;
    }

    /// <summary>One-hot columns: label k becomes a column with 1 in row k, for <paramref name="classes"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative or not below <paramref name="classes"/>.</exception>
    public static Matrix OneHot(IReadOnlyList<int> labels, int classes)
    {
        var y = new Matrix(classes, labels.Count);
        for (int s = 0; s < labels.Count; s++)
        {
            if (labels[s] < 0 || labels[s] >= classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"sample {s} has label {labels[s]}; labels must be 0 to {classes - 1}");
            y[labels[s], s] = 1;
        }
        return y;
    }
}

/// <summary><c>network.Train(data, options)</c> for the demo's data sets.</summary>
internal static class DatasetTraining
{
    /// <summary>
    /// Trains on <paramref name="data"/>: IDX images straight from their bytes; a matrix (CSV, toy sets) through
    /// <see cref="Network.Train(Matrix, Matrix, TrainingOptions?)"/>, which gathers mini-batches from a copy with
    /// one sample per row (small data: reading each sample as one run of memory is worth the copy).
    /// </summary>
    public static TrainingHistory Train(this Network network, Dataset data, TrainingOptions options) =>
        data.Inputs.AsMatrix is Matrix x ? network.Train(x, data.Y, options) : network.Train(data.Inputs, data.Y, options);
}
