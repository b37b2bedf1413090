using FromScratch.Demo;

return Cli.Run(args, Console.Out, Console.Error, Style.ForConsole());
