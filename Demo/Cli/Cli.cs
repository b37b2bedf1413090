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
          predict        run a saved network on new inputs
          seed           the seed's network trained as the corrected numpy program trains it
          bench          measure the speed of Dot and of training
        Every command takes --help. From the repository root: make run ARGS="COMMAND [options]",
        or make xor, make moons, make spiral, make gradcheck, make seed, make bench, make fashion
        with ARGS="[options]".
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error, Style style)
    {
        string command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "";
        string[] rest = command == "" ? args : args[1..];
        try
        {
            return Dispatch(command, rest, output, style);
        }
        catch (UsageException problem)
        {
            error.WriteLine($"error: {problem.Message}");
            error.WriteLine(problem.Command is "" or "Demo" ? "see 'Demo --help'" : $"see 'Demo {problem.Command} --help'");
            return 2;
        }
        catch (Exception problem) when (problem is DataFormatException or NetworkFileException or IOException
                                            or UnauthorizedAccessException or TrainingDivergedException or ArgumentException)
        {
            error.WriteLine($"error: {problem.Message}");
            return 1;
        }
        catch (Exception problem)
        {
            // A bug, not bad input: still one line, naming what went wrong so it can be reported.
            error.WriteLine($"error: unexpected {problem.GetType().Name}: {problem.Message}");
            return 1;
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
            _ => throw new UsageException($"unknown command {Echo.Quote(command)}; commands: xor, moons, spiral, train, gradcheck, predict, seed, bench", ""),
        };
        // --force for the commands that write files, --shapes for those that run a network's pass.
        HashSet<string> flags = command switch
        {
            "" or "train" or "xor" or "moons" or "spiral" => ["help", "force", "shapes"],
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
            _ => ToyCommand.Run(command, options, output),
        };
    }
}
