"""Ours beside the numpy peer on Fashion-MNIST: seconds per epoch, peak memory and test accuracy, in one table.

For each configuration (hidden layers and batch size), each round runs

    ours:  dotnet Demo/bin/Release/net10.0/Demo.dll train --idx DIR --hidden H --batch B --epochs E --lr LR --seed S
    numpy: /usr/bin/python3 Demo/peer/numpy_network.py train   (the same options)

one after the other, alternating which goes first, so that both see the same moments of a noisy machine.
A run's figure is the mean of its epochs' training seconds (ours prints them without the time it spends
measuring accuracy; the peer times the same way); the table gives the median over the rounds, the ratio of
the medians and the ratio within each round. Max RSS is each child process's peak resident memory, as the
kernel reports it when the process is reaped (os.wait4).

Then, unless --no-check, it checks the file format and the forward pass across the two implementations:
the network ours saved in the last round of the first configuration is loaded by the peer, which predicts
the 10,000 test images; Tests/DemoTests/PeerTests.cs compares every output with Network.Load + Predict
(|difference| ≤ 1e−12) and prints the largest difference.

Run it with `make compare` (needs Debian's python3-numpy; python3-threadpoolctl to name the BLAS kernel),
e.g. make compare ARGS="--rounds 5 --epochs 3 --configs '30:100 100:10'".
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEER = os.path.join(HERE, "numpy_network.py")


def run(command, env=None):
    """Runs a command to its end: (exit code, what it printed, its max RSS in bytes)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    output = process.stdout.read()
    process.stdout.close()
    # wait4 reaps the child and returns its resource usage; ru_maxrss is in kilobytes on Linux.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, output, usage.ru_maxrss * 1024


def numpy_environment():
    """The peer's environment: ours, without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE.

    OPENBLAS_CORETYPE names the CPU whose kernels OpenBLAS uses instead of the one it detects, and
    OPENBLAS_L2_SIZE gives it an L2 cache size instead of the detected one. These machines set them (to
    Haswell, i.e. AVX2 kernels) so that old OpenBLAS builds stay on safe kernels on newer CPUs. With them set,
    numpy ran its products at about half speed on an AVX-512 build machine and every ratio flattered us; unset, OpenBLAS picks its
    own kernels for this CPU (threadpoolctl's "architecture" names them). They are removed for the numpy
    command only: ours and the tests run with the environment as it is.
    """
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def ours(args, hidden, batch, save):
    command = ["dotnet", args.demo, "train", "--idx", args.idx, "--hidden", hidden, "--batch", str(batch),
               "--epochs", str(args.epochs), "--lr", str(args.lr), "--seed", str(args.seed), "--save", save, "--force"]
    code, output, rss = run(command)
    # e.g. "epoch   1/2  loss 0.9799  train 82.25%  test 80.81%  1.06 s/epoch (+0.48 s to measure)"
    epochs = [float(value) * (1e-6 if unit == "µs" else 1)
              for value, unit in re.findall(r"^epoch +\d+/\d+ .* ([\d.]+) (s|µs)/epoch", output, re.M)]
    accuracy = re.search(r"^final test accuracy ([\d.]+)%", output, re.M)
    if code != 0 or len(epochs) != args.epochs or not accuracy:
        sys.exit(f"compare.py: {' '.join(command)} failed (exit code {code}):\n{output}")
    return statistics.mean(epochs), rss, float(accuracy.group(1))


def peer(args, hidden, batch):
    command = [args.python, PEER, "train", "--idx", args.idx, "--hidden", hidden, "--batch", str(batch),
               "--epochs", str(args.epochs), "--lr", str(args.lr), "--seed", str(args.seed)]
    code, output, rss = run(command, env=numpy_environment())
    # e.g. "epoch 1/2 seconds 0.4612 test_accuracy 0.8412"
    epochs = [float(s) for s in re.findall(r"^epoch \d+/\d+ seconds ([\d.]+) test_accuracy", output, re.M)]
    accuracy = re.search(r"^mean seconds/epoch [\d.]+ final test_accuracy ([\d.]+)", output, re.M)
    blas = re.search(r"blas (.*)$", output, re.M)
    if code != 0 or len(epochs) != args.epochs or not accuracy:
        sys.exit(f"compare.py: {' '.join(command)} failed (exit code {code}):\n{output}")
    return statistics.mean(epochs), rss, float(accuracy.group(1)) * 100, blas.group(1) if blas else "unknown"


def machine(args):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
        with open("/proc/cpuinfo") as f:
            flags = next((line for line in f if line.startswith("flags")), "")
        vectors = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "no AVX2"
    except OSError:
        vectors = "unknown vectors"
    runtimes = subprocess.run(["dotnet", "--list-runtimes"], capture_output=True, text=True).stdout
    dotnet = max(re.findall(r"Microsoft\.NETCore\.App (\S+)", runtimes) or ["unknown"], key=lambda v: [int(p) if p.isdigit() else 0 for p in re.split(r"[.-]", v)])
    numpy = subprocess.run([args.python, "-c", "import numpy; print(numpy.__version__)"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores, {vectors}; .NET {dotnet}; numpy {numpy or 'missing'}"


def check(args, saved):
    """The peer's predictions for the test images against Network.Load + Predict, in the test PeerTests."""
    env = dict(os.environ, FROMSCRATCH_PEER_NETWORK=saved, FROMSCRATCH_PEER_IDX=args.idx)
    command = ["dotnet", "test", "Tests/Tests.csproj", "-c", "Release", "--nologo",
               "--filter", "FullyQualifiedName~FromScratch.Tests.PeerTests", "--logger", "console;verbosity=detailed"]
    code, output, _ = run(command, env=env)
    found = list(dict.fromkeys(re.findall(r"^\s*(peer check: .*)$", output, re.M)))  # the logger shows each line twice
    for line in found:
        print(line)
    if code != 0 or not any("Fashion-MNIST" in line for line in found):
        sys.exit(f"compare.py: the cross-check failed (exit code {code}):\n{output[-4000:]}")
    print("cross-check passed: the peer's outputs equal ours within 1e-12")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[1:]))
    parser.add_argument("--configs", default="30:10 30:100 30:1000 100:10",
                        help="HIDDEN:BATCH, separated by spaces; HIDDEN may list layers, e.g. 64,32:100 (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs per run (default %(default)s)")
    parser.add_argument("--lr", type=float, default=0.5, help="learning rate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of both (default %(default)s)")
    parser.add_argument("--idx", default="/usr/share/datasets/fashion-mnist", help="IDX folder (default %(default)s)")
    parser.add_argument("--demo", default="Demo/bin/Release/net10.0/Demo.dll", help="our built demo (default %(default)s)")
    parser.add_argument("--python", default="/usr/bin/python3", help="a python3 with numpy (default %(default)s, Debian's)")
    parser.add_argument("--no-check", action="store_true", help="skip the cross-check of predictions at the end")
    args = parser.parse_args()
    configs = [(hidden, int(batch)) for hidden, batch in (c.rsplit(":", 1) for c in args.configs.split())]
    if args.rounds < 1 or args.epochs < 1 or not configs:
        sys.exit("compare.py: --rounds and --epochs must be at least 1, and --configs must name a configuration")

    print(f"{machine(args)}; {datetime.date.today()}", flush=True)
    results = {config: [] for config in configs}  # per configuration, one (ours, peer) per round
    blas = "unknown"
    with tempfile.TemporaryDirectory(prefix="fromscratch-compare-") as scratch:
        saved = os.path.join(scratch, "ours.json")
        for r in range(args.rounds):
            for i, (hidden, batch) in enumerate(configs):
                # The first configuration's network is the one the check loads; the others are saved too, so every run does the same work.
                save = saved if i == 0 else os.path.join(scratch, f"ours-{i}.json")
                if (r + i) % 2 == 0:
                    mine = ours(args, hidden, batch, save)
                    theirs = peer(args, hidden, batch)
                else:
                    theirs = peer(args, hidden, batch)
                    mine = ours(args, hidden, batch, save)
                blas = theirs[3]
                results[(hidden, batch)].append((mine, theirs))
                print(f"round {r + 1}/{args.rounds}, [784, {hidden}, 10] batch {batch}: ours {mine[0]:.3f} s/epoch, "
                      f"numpy {theirs[0]:.3f} s/epoch", flush=True)
        print()
        print(f"numpy's BLAS (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset): {blas}")
        print(f"Fashion-MNIST, {args.epochs} epoch{'s' if args.epochs > 1 else ''} per run, {args.rounds} round{'s' if args.rounds > 1 else ''} interleaved, learning rate {args.lr}, seed {args.seed}; "
              "s/epoch: median over the rounds of each run's mean training time per epoch")
        print()
        print("| configuration | ours s/epoch | numpy s/epoch | ours ÷ numpy | per round | ours max RSS | numpy max RSS | RSS ours ÷ numpy | test accuracy ours / numpy |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for (hidden, batch), rounds in results.items():
            mine = statistics.median(m[0] for m, _ in rounds)
            theirs = statistics.median(t[0] for _, t in rounds)
            per_round = " / ".join(f"{m[0] / t[0]:.2f}" for m, t in rounds)
            rss_mine = statistics.median(m[1] for m, _ in rounds)
            rss_theirs = statistics.median(t[1] for _, t in rounds)
            accuracy = f"{rounds[-1][0][2]:.2f} % / {rounds[-1][1][2]:.2f} %"
            print(f"| `[784, {hidden.replace(',', ', ')}, 10]` batch {batch} | {mine:.3f} | {theirs:.3f} | {mine / theirs:.2f} | {per_round} | "
                  f"{rss_mine / 1e9:.2f} GB | {rss_theirs / 1e9:.2f} GB | {rss_mine / rss_theirs:.2f} | {accuracy} |")
        print(flush=True)
        if not args.no_check:
            check(args, saved)


if __name__ == "__main__":
    main()
