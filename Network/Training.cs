using System.Diagnostics;

namespace FromScratch;

public sealed partial class Network
{
    // Gradient descent over epochs, as in Nielsen's network2.SGD: shuffle, cut into mini-batches, one step per
    // batch. Both Train overloads below check their arguments, then run this loop.
    private TrainingHistory TrainEpochs(Inputs x, Matrix y, TrainingOptions options)
    {
        int m = x.Count;
        int batchSize = options.BatchSize == 0 ? m : Math.Min(options.BatchSize, m);
        UpdateRule rule = options.UpdateRule ?? new GradientDescent(options.LearningRate, options.Momentum);
        var random = new Random(options.Seed);
        int[] order = [.. Enumerable.Range(0, m)];
        var batches = new TrainingBatches(this, x, y, batchSize, options.DropoutOf()); // buffers made once: a step allocates nothing
        var gradients = Gradients.ZerosFor(this);
        var stopping = new EarlyStopping(this, options);
        var divergence = new DivergenceWatch(this, m, batchSize, rule);
        var losses = new List<double>();
        List<double>? scores = options.Score is null ? null : [];
        var clock = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            rule.LearningRate = options.LearningRateAt(epoch, rule); // η0, or the schedule's η for this epoch
            if (batchSize < m)
                random.Shuffle(order); // new mini-batches every epoch
            double lossSum = 0;
            for (int start = 0; start < m; start += batchSize)
            {
                TrainingBatch batch = batches.Gather(order.AsSpan(start, Math.Min(batchSize, m - start)));
                batch.Pass.DrawDropoutMasks(); // with dropout, other hidden units dropped at every step

                // One step. The loss is measured on the same forward pass that the gradients come from.
                ForwardPass pass = Forward(batch.X, into: batch.Pass);
                double batchLoss = LossOf(pass, batch.Y);
                Backward(pass, batch.Y, into: gradients);
                options.AfterBackward?.Invoke(new StepReport(epoch, pass, batch.Y, gradients)); // lets a caller watch, e.g. ‖dW‖
                Update(gradients, rule);

                lossSum += batchLoss * batch.Size;
                divergence.AfterStep(batchLoss, batch); // safety: keeps the first loss and the last whole batch
            }
            double loss = lossSum / m; // the epoch's loss: each batch's loss before its step, weighted by its size
            double? score = options.MeasureScore(epoch);
            bool stop = stopping.AfterEpoch(epoch, loss, score); // keeps the best epoch's parameters, with a score
            bool last = stop || epoch == options.Epochs;
            divergence.AfterEpoch(epoch, loss, last); // throws TrainingDivergedException
            losses.Add(loss);
            if (score is double measured)
                scores!.Add(measured);
            options.ReportProgress(epoch, loss, rule.LearningRate, clock.Elapsed, score, last);
            if (stop)
                break;
        }
        stopping.PutBackTheBestEpoch(epochsRun: losses.Count);
        return new TrainingHistory(losses, stopping.StoppedEarly, clock.Elapsed, scores, stopping.BestEpoch);
    }

    /// <summary>
    /// Gradient descent over epochs: each epoch shuffles the samples (with a seeded shuffle) into
    /// batches of <see cref="TrainingOptions.BatchSize"/> and takes one step per batch, each step
    /// <see cref="Forward"/> → <see cref="LossOf(ForwardPass, Matrix)"/> → <see cref="Backward"/> →
    /// <see cref="Update(Gradients, UpdateRule)"/>.
    /// Stops at <see cref="TrainingOptions.Epochs"/> or when the loss (or the <see cref="TrainingOptions.Score"/>)
    /// stops improving; with a score, the network ends with the parameters of its best epoch.
    /// </summary>
    /// <param name="x">(inputs × m), one sample per column.</param>
    /// <param name="y">(outputs × m), the targets for each column of X.</param>
    /// <param name="options">Epochs, learning rate, momentum or another update rule, schedule, batch size, early stopping, progress; defaults when null.</param>
    /// <exception cref="ArgumentException">Bad options, or X and Y do not suit the network or its loss (checked before any work).</exception>
    /// <exception cref="TrainingDivergedException">The loss or a parameter became NaN or infinite, the loss blew up, or the outputs saturated at the wrong end.</exception>
    /// <exception cref="InvalidOperationException"><see cref="TrainingOptions.Score"/> returned NaN or an infinity, or a schedule of your own gave an η that is not a finite number at least 0.</exception>
    /// <remarks>
    /// Mini-batches are gathered from a copy of X with one sample per row (<see cref="Inputs.FromRows"/>), where
    /// each sample is one contiguous run of memory; for data too large to hold twice, pass <see cref="Inputs"/>
    /// that gather from where the data is (<see cref="Train(Inputs, Matrix, TrainingOptions?)"/>).
    /// </remarks>
    public TrainingHistory Train(Matrix x, Matrix y, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        RequireInput(x, nameof(Train));
        if (x.ReadsBytes)
            throw new ArgumentException($"Train: X is a {x.Shape} matrix of bytes (Matrix.OfBytes), which only products read; train on inputs whose ReadInPlace returns such matrices (Train(Inputs, …)), or on X.ToDoubles()", nameof(x));
        RequireTrainingData(Inputs.Of(x), y, nameof(Train));
        bool miniBatches = options.BatchSize > 0 && options.BatchSize < x.Cols;
        return TrainEpochs(miniBatches ? Inputs.FromRows(x.Transpose()) : Inputs.Of(x), y, options);
    }

    /// <inheritdoc cref="Train(Matrix, Matrix, TrainingOptions?)"/>
    /// <remarks>
    /// Inputs that products can read where they are (<see cref="Inputs.ReadInPlace"/>, e.g. 8-bit pixels) give each
    /// batch, the full batch too, as a matrix pointed at its samples: nothing of X is copied. Other inputs have each
    /// mini-batch gathered through <see cref="Inputs.CopyColumns"/> into a buffer made once. A full batch trains on
    /// <see cref="Inputs.AsMatrix"/> when there is one, and is otherwise gathered once, as its order never changes.
    /// </remarks>
    /// <param name="x">The inputs of m samples, gathered a batch at a time: e.g. <see cref="Inputs.Of"/> a matrix.</param>
    /// <param name="y">(outputs × m), the targets for each sample.</param>
    /// <param name="options">Epochs, learning rate, momentum or another update rule, schedule, batch size, early stopping, progress; defaults when null.</param>
    public TrainingHistory Train(Inputs x, Matrix y, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        RequireTrainingData(x, y, nameof(Train));
        return TrainEpochs(x, y, options);
    }
}
