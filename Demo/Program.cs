using System.Runtime.InteropServices;
using FromScratch;
using FromScratch.Demo;

// Ctrl-C, `kill` or a closed terminal while a file is being written: remove its temporary .NAME.PID-RANDOM.partial
// (the file it would replace is untouched until the final rename), then stop as the signal asks.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => SafeFile.AbandonWrites());
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => SafeFile.AbandonWrites());
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => SafeFile.AbandonWrites());

return Cli.Run(args, Console.Out, Console.Error, Style.ForConsole());
