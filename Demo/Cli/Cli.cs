namespace FromScratch.Demo;

/// <summary>
/// The command line: picks the command, parses its options, and turns every error into one line
/// and an exit code (2 for usage, 1 for a runtime error), never a stack trace.
/// </summary>
internal static class Cli
{
    private const string Usage =
        """
        FromScratch demo — a neural network written from scratch, and what can go wrong.

        usage: Demo [COMMAND] [options]
          (no command)   the walkthrough: shapes, the original bug, zero init, the fix, gradient check
          xor            learn XOR
          moons          learn two half moons; draws the decision boundary
          spiral         learn two spirals (harder)
          train          train on IDX (MNIST / Fashion-MNIST) or CSV files
          gradcheck      check backprop against finite differences for any configuration
          predict        run a saved network on new inputs, or on test images it draws
          sweep          train one network per learning rate and compare their curves
          seed           the question's network trained as the corrected numpy program trains it
          bench          measure the speed of Dot and of training
        Every command takes --help. From the repository root: make run ARGS="COMMAND [options]",
        or make xor, make moons, make spiral, make gradcheck, make seed, make bench, make sweep,
        make fashion with ARGS="[options]".
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error, Style style)
    {
        string command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "";
        string[] rest = command == "" ? args : args[1..];
        var guarded = new GuardedOutput(output);
        try
        {
            int code = Dispatch(command, rest, guarded, style);
            guarded.Flush();
            return code;
        }
        catch (OutputFailedException problem)
        {
            // Standard output is full (e.g. /dev/full) or closed: say so on the error stream, if it works.
            return Fail(error, 1, $"cannot write the output: {problem.Message}");
        }
        catch (UsageException problem)
        {
            return Fail(error, 2, problem.Message, $"see '{HelpCommand(problem.Command)}'");
        }
        catch (Exception problem) when (problem is DataFormatException or NetworkFileException or IOException
                                            or UnauthorizedAccessException or TrainingDivergedException or ArgumentException)
        {
            return Fail(error, 1, problem.Message);
        }
        catch (Exception problem)
        {
            // A bug, not bad input: still one line, naming what went wrong so it can be reported. A static initialiser's
            // failure says only "the type initializer threw": name the exception inside, which says why.
            while (problem is TypeInitializationException { InnerException: { } inner })
                problem = inner;
            return Fail(error, 1, $"unexpected {problem.GetType().Name}: {problem.Message}");
        }
    }

    /// <summary>The commands with a make target of their own: <c>make xor ARGS="…"</c> runs <c>Demo xor …</c>.</summary>
    internal static readonly string[] CommandsWithMakeTargets = ["xor", "moons", "spiral", "gradcheck", "seed", "bench", "sweep"];

    /// <summary>
    /// What to type for the help of <paramref name="command"/> ("" for the top level), written as a make command, since
    /// that is how the README runs the demo: <c>make xor ARGS="--help"</c>, <c>make run ARGS="train --help"</c>.
    /// </summary>
    internal static string HelpCommand(string command) =>
        command is "" or "Demo" ? "make run ARGS=\"--help\""
        : CommandsWithMakeTargets.Contains(command) ? $"make {command} ARGS=\"--help\""
        : $"make run ARGS=\"{command} --help\"";

    /// <summary>
    /// Writes <c>error: MESSAGE</c> (and any further lines) and returns <paramref name="code"/>. Control
    /// characters are escaped, so a file name or value holding an escape sequence cannot reach the terminal
    /// raw, and an error stream that is closed or full (<c>2&gt;&amp;-</c>, <c>2&gt;/dev/full</c>) is
    /// ignored: the exit code still tells what happened.
    /// </summary>
    private static int Fail(TextWriter error, int code, string message, params string[] more)
    {
        try
        {
            error.WriteLine(Echo.Line("error: " + message));
            foreach (string line in more)
                error.WriteLine(Echo.Line(line));
            error.Flush();
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Nowhere left to report it. (A closed stream fails with EBADF, which .NET reports as
            // UnauthorizedAccessException; a full one with IOException.)
        }
        return code;
    }

    /// <summary>Standard output could not be written; the message says why.</summary>
    private sealed class OutputFailedException(string message) : Exception(message);

    /// <summary>
    /// Passes everything on to the real output, turning a failed write into <see cref="OutputFailedException"/>,
    /// so it is not mistaken for a problem with a data file (which throw IOException too).
    /// </summary>
    private sealed class GuardedOutput(TextWriter inner) : TextWriter(inner.FormatProvider)
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => inner.NewLine;
            set => inner.NewLine = value;
        }

        public override void Write(char value) => Guard(() => inner.Write(value));

        public override void Write(string? value) => Guard(() => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

        public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

        public override void Flush() => Guard(inner.Flush);

        private static void Guard(Action write)
        {
            try
            {
                write();
            }
            catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                throw new OutputFailedException(problem is UnauthorizedAccessException ? "it is closed" : problem.Message);
            }
        }
    }

    private static int Dispatch(string command, string[] args, TextWriter output, Style style)
    {
        string[] toy = ["xor", "moons", "spiral"];
        (string[] valued, string help) = command switch
        {
            "" => (["svg"], Usage + "\n" + Walkthrough.Help),
            "xor" or "moons" or "spiral" => (ToyCommand.ValuedOptions, ToyCommand.Help(command)),
            "train" => (TrainCommand.ValuedOptions, TrainCommand.Help),
            "gradcheck" => (GradCheckCommand.ValuedOptions, GradCheckCommand.Help),
            "predict" => (PredictCommand.ValuedOptions, PredictCommand.Help),
            "seed" => ([], SeedCommand.Help),
            "bench" => (BenchCommand.ValuedOptions, BenchCommand.Help),
            "sweep" => (SweepCommand.ValuedOptions, SweepCommand.Help),
            _ => throw new UsageException($"unknown command {Echo.Quote(command)}; commands: xor, moons, spiral, train, gradcheck, predict, seed, bench, sweep", ""),
        };
        // --force for the commands that write files, --shapes for those that run a network's pass.
        HashSet<string> flags = command switch
        {
            "train" => ["help", "force", "shapes", .. CsvTrainingData.FlagNames],
            "sweep" => ["help", "force", .. CsvTrainingData.FlagNames],
            "" or "xor" or "moons" or "spiral" => ["help", "force", "shapes"],
            "gradcheck" or "predict" => ["help", "shapes"],
            _ => ["help"],
        };
        var options = Options.Parse(command == "" ? "Demo" : command, args, valued.ToHashSet(), flags);
        if (options.Flag("help"))
        {
            output.Write(help.TrimEnd() + "\n");
            return 0;
        }
        return command switch
        {
            "" => Walkthrough.Run(options, output, style),
            "train" => TrainCommand.Run(options, output),
            "gradcheck" => GradCheckCommand.Run(options, output, style),
            "predict" => PredictCommand.Run(options, output),
            "seed" => SeedCommand.Run(output),
            "bench" => BenchCommand.Run(options, output),
            "sweep" => SweepCommand.Run(options, output),
            _ => ToyCommand.Run(command, options, output),
        };
    }
}
