"""Ours beside the numpy peer: every figure the speed issue judges, in markdown tables the README can paste.

First, once, `Demo bench --only peak` measures the machine's fp64 peak: GFLOP/s of fused multiply-adds held in
registers (2 flops per lane), on 1 thread and on all cores; the header prints its line. Then each round runs,
one after the other and alternating which goes first, so that both see the same moments of a noisy machine:

  training  for each configuration (hidden layers and batch size; batch all is full batch: --batch 0)
              ours:  dotnet Demo/bin/Release/net10.0/Demo.dll train --idx DIR --hidden H --batch B --epochs E --lr LR --seed S
              numpy: /usr/bin/python3 Demo/peer/numpy_network.py train   (the same options)
            A run's figure is the mean of its epochs' training seconds (ours prints them without the time it
            spends measuring accuracy; the peer times the same way); the table gives the median over the
            rounds, the ratio of the medians and the ratio within each round. Max RSS is each process's peak
            resident memory, as the kernel reports it when the process is reaped (os.wait4). The same runs
            give the seconds to read the gzip files (the data line of each) and to measure train and test
            accuracy after an epoch (ours: "+N s to measure"; the peer: measure_seconds). With the peak, the
            table adds each one's % of peak: the epoch's product GFLOP ÷ s/epoch ÷ the all-cores peak. For
            [784, n_1, ..., n_L] on m samples (ours' data line: 60,000), an epoch's products are
            2·m·(2·Σ_l n_l·n_(l−1) + Σ_(l≥2) n_l·n_(l−1)) flops: forward W_l·A_(l−1) and backward
            dW_l = dZ_l·A_(l−1)ᵀ in every layer, and dA_(l−1) = W_lᵀ·dZ_l in all but the first (dX is never
            computed). The rest of the work (activations, the loss, the updates) is not counted.
  products  ours: Demo bench --only dot --shapes LIST; numpy: numpy_network.py dot --shapes LIST --threads 1,C
            GFLOP/s of each product on 1 thread and on the C cores ours uses, each a median of --runs after
            a warm-up. A T after a shape reads the right operand transposed in place (A @ B.T, B stored N×K).
  seed      ours: Demo bench --only seed; numpy: numpy_network.py seed. µs per epoch of the [5, 4, 4] toy.
Once, after the rounds, `Demo bench --only fashion --epochs 1` gives ours' bytes allocated per training step
(allocation). Targets, from the issue: s/epoch ours ÷ numpy ≤ 0.5 at batch 10, ≤ 0.7 at 100, ≤ 0.8 at 1000 and
full batch; max RSS ≤ numpy's; Dot 512³ ≥ 0.9 × numpy on 1 thread and on 2, 2 threads ≥ 1.7 × one; reading ≤
numpy's; measuring after an epoch ≤ numpy's time; the seed network ≥ 20 × faster; allocation in bytes.

Then, unless --no-check, it checks the file format and the forward pass across the two implementations:
the network ours saved in the last round of the first configuration is loaded by the peer, which predicts
the 10,000 test images; Tests/DemoTests/PeerTests.cs compares every output with Network.Load + Predict
(|difference| ≤ 1e−12) and prints the largest difference.

Run it with `make compare` (needs Debian's python3-numpy and python3-threadpoolctl). The default run takes
3 to 5 minutes on 2 cores; while trying things, keep it short, e.g.
make compare ARGS="--rounds 1 --epochs 1 --configs 30:100 --parts training,seed".
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass

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


# Set by --numpy-coretype: the OpenBLAS kernels numpy is told to use, or None for its own choice.
NUMPY_CORETYPE = None

# The kernels OpenBLAS falls back to when it does not know the CPU: generic SSE code, far below an AVX2 or AVX-512 machine.
GENERIC_KERNELS = {"prescott", "nehalem", "core2", "katmai", "coppermine", "northwood", "banias", "atom", "penryn", "dunnington"}


def numpy_environment():
    """The peer's environment: ours, without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (or with --numpy-coretype's kernels).

    OPENBLAS_CORETYPE names the CPU whose kernels OpenBLAS uses instead of the one it detects, and
    OPENBLAS_L2_SIZE gives it an L2 cache size instead of the detected one. These machines set them (to
    Haswell, i.e. AVX2 kernels) so that old OpenBLAS builds stay on safe kernels on newer CPUs. With them set,
    numpy ran its products at about half speed on an AVX-512 build machine and every ratio flattered us; unset, OpenBLAS picks its
    own kernels for this CPU (threadpoolctl's "architecture" names them). They are removed for the numpy
    command only: ours and the tests run with the environment as it is.

    An OpenBLAS older than the CPU may not know it, and then picks generic kernels (OpenBLAS 0.3.21 runs "Prescott",
    SSE3, on a recent Xeon with AVX-512): the header warns, and --numpy-coretype SkylakeX (or Haswell, Zen) tells it
    which kernels to use instead.
    """
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    if NUMPY_CORETYPE:
        env["OPENBLAS_CORETYPE"] = NUMPY_CORETYPE
    return env


@dataclass
class Run:
    """One training run: its mean seconds per epoch (training only) and per epoch measuring accuracy, its
    seconds to read the data, its max RSS in bytes, its final test accuracy in % and the training samples (m)."""
    seconds: float
    measuring: float
    read: float
    rss: int
    accuracy: float
    samples: int


def ours(args, hidden, batch, save):
    command = ["dotnet", args.demo, "train", "--idx", args.idx, "--hidden", hidden, "--batch", str(batch),
               "--epochs", str(args.epochs), "--lr", str(args.lr), "--seed", str(args.seed), "--save", save, "--force"]
    code, output, rss = run(command)
    # e.g. "data: 60000 training samples of 784 inputs, 10000 test samples, 10 outputs (0.7 s to read)"
    #      "epoch   1/2  loss 0.9799  train 82.25%  test 80.81%  1.06 s/epoch (+0.48 s to measure)"
    # With at most 20 epochs, every epoch has its line, so each line's measuring is one epoch's.
    read = re.search(r"^data: (\d+) training samples .*\(([\d.]+) s to read\)$", output, re.M)
    epochs = [(float(value) * (1e-6 if unit == "µs" else 1), float(measuring))
              for value, unit, measuring in re.findall(r"^epoch +\d+/\d+ .* ([\d.]+) (s|µs)/epoch \(\+([\d.]+) s to measure\)", output, re.M)]
    accuracy = re.search(r"^final test accuracy ([\d.]+)%", output, re.M)
    if code != 0 or len(epochs) != args.epochs or not accuracy or not read:
        sys.exit(f"compare.py: {' '.join(command)} failed (exit code {code}):\n{output}")
    return Run(statistics.mean(e[0] for e in epochs), statistics.mean(e[1] for e in epochs), float(read.group(2)), rss, float(accuracy.group(1)),
               int(read.group(1)))


def peer(args, hidden, batch):
    command = [args.python, PEER, "train", "--idx", args.idx, "--hidden", hidden, "--batch", str(batch),
               "--epochs", str(args.epochs), "--lr", str(args.lr), "--seed", str(args.seed)]
    code, output, rss = run(command, env=numpy_environment())
    # e.g. "epoch 1/2 seconds 0.4612 train_accuracy 0.8390 test_accuracy 0.8412 measure_seconds 0.2105"
    read = re.search(r"^data: (\d+) training samples .*\(([\d.]+) s to read\)$", output, re.M)
    epochs = [(float(s), float(m)) for s, m in re.findall(r"^epoch \d+/\d+ seconds ([\d.]+) .* measure_seconds ([\d.]+)$", output, re.M)]
    accuracy = re.search(r"^mean seconds/epoch [\d.]+ final test_accuracy ([\d.]+)", output, re.M)
    if code != 0 or len(epochs) != args.epochs or not accuracy or not read:
        sys.exit(f"compare.py: {' '.join(command)} failed (exit code {code}):\n{output}")
    return Run(statistics.mean(e[0] for e in epochs), statistics.mean(e[1] for e in epochs), float(read.group(2)), rss, float(accuracy.group(1)) * 100,
               int(read.group(1)))


def checked(command, output, code, found, what):
    if code != 0 or not found:
        sys.exit(f"compare.py: {' '.join(command)} failed or printed no {what} (exit code {code}):\n{output}")
    return found


def ours_peak(args, cores):
    """(the probe's line, all-cores GFLOP/s) from `Demo bench --only peak`."""
    command = ["dotnet", args.demo, "bench", "--only", "peak"]
    code, output, _ = run(command)
    # e.g. "peak: 1 thread 76.0 GFLOP/s, 2 threads 150.8 GFLOP/s (Vector512 FMA, …)"
    found = checked(command, output, code, re.search(r"^peak: 1 thread [\d.]+ GFLOP/s, (\d+) threads? ([\d.]+) GFLOP/s .*$", output, re.M), "peak line")
    if int(found.group(1)) != cores or float(found.group(2)) <= 0:
        sys.exit(f"compare.py: the peak probe measured {found.group(2)} GFLOP/s on {found.group(1)} threads; the comparison needs a rate above 0 on {cores}:\n{output}")
    return found.group(0), float(found.group(2))


def product_gflop(hidden, samples):
    """GFLOP of an epoch's products for [784, hidden…, 10] on `samples` samples: forward W_l·A_(l−1) and backward
    dW_l = dZ_l·A_(l−1)ᵀ, 2·n_l·n_(l−1)·m each, in every layer; dA_(l−1) = W_lᵀ·dZ_l, 2·n_l·n_(l−1)·m, in layers
    l ≥ 2 only, as dX is never computed. [784, 30, 10]: 2·(30·784 + 10·30)·m forward, that plus 2·(10·30)·m backward."""
    sizes = [784, *(int(n) for n in hidden.split(",")), 10]
    layers = [n * previous for previous, n in zip(sizes, sizes[1:])]  # n_l·n_(l−1)
    return 2 * samples * (2 * sum(layers) + sum(layers[1:])) / 1e9


def ours_products(args, cores):
    """{spec: (GFLOP/s on 1 thread, on all cores)} from `Demo bench --only dot --shapes …`."""
    command = ["dotnet", args.demo, "bench", "--only", "dot", "--shapes", args.shapes, "--runs", str(args.runs)]
    code, output, _ = run(command)
    # e.g. "  (30×100)·(784×100)ᵀ           30x100x784T                          11.6       10.0"
    found = {spec: (float(one), float(every)) for spec, one, every in re.findall(r"^  \S+ +(\d+x\d+x\d+T?) +([\d.]+) +([\d.]+)$", output, re.M)}
    if f"{cores} cores" not in output:
        sys.exit(f"compare.py: ours used other than {cores} cores, which numpy is given:\n{output}")
    return checked(command, output, code, len(found) == len(args.shapes.split(",")) and found, "line per shape")


def peer_products(args, cores):
    command = [args.python, PEER, "dot", "--shapes", args.shapes, "--threads", f"1,{cores}", "--runs", str(args.runs)]
    code, output, _ = run(command, env=numpy_environment())
    # e.g. "dot 30x784x100 threads 1 gflops 61.2"
    rates = {(spec, int(threads)): float(rate) for spec, threads, rate in re.findall(r"^dot (\S+) threads (\d+) gflops ([\d.]+)$", output, re.M)}
    found = {spec: (rates[(spec, 1)], rates[(spec, cores)]) for spec in args.shapes.split(",") if (spec, 1) in rates and (spec, cores) in rates}
    return checked(command, output, code, len(found) == len(args.shapes.split(",")) and found, "line per shape and thread count")


def seed_network(command, env=None):
    """µs per epoch of the toy [5, 4, 4] network, from `Demo bench --only seed` or the peer's seed mode."""
    code, output, _ = run(command, env=env)
    found = re.search(r"^seed network \[5, 4, 4\].* ([\d.]+) µs per epoch", output, re.M)
    return float(checked(command, output, code, found, "seed network line").group(1))


def allocation(args):
    """Bytes allocated per training step, per (network, batch), from `Demo bench --only fashion --epochs 1`."""
    command = ["dotnet", args.demo, "bench", "--only", "fashion", "--epochs", "1", "--idx", args.idx]
    code, output, _ = run(command)
    # e.g. "  [784, 30, 10]       10               0.300                          0"
    found = re.findall(r"^  (\[784, \d+, 10\]) +(\d+) +[\d.]+ +(\d+)$", output, re.M)
    return checked(command, output, code, found, "line per network")


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
    # The peer's blas() names the kernel OpenBLAS chose, in the environment the peer runs in.
    numpy, _, blas = subprocess.run([args.python, "-B", "-c", f"import sys; sys.path.insert(0, {HERE!r}); import numpy, numpy_network; "
                                     "print(numpy.__version__); print(numpy_network.blas())"],
                                    capture_output=True, text=True, env=numpy_environment()).stdout.strip().partition("\n")
    told = f"OPENBLAS_CORETYPE={NUMPY_CORETYPE} (--numpy-coretype), OPENBLAS_L2_SIZE unset" if NUMPY_CORETYPE else "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset"
    kernels = re.search(r"openblas \S+ (\S+),", blas or "")
    warning = ""
    if kernels and kernels.group(1).lower() in GENERIC_KERNELS and vectors in ("AVX2", "AVX-512"):
        warning = (f"\nwarning: OpenBLAS does not know this CPU and runs its generic {kernels.group(1)} kernels on a machine with {vectors}: "
                   f"numpy's products are slow here and every ratio flatters ours; --numpy-coretype {'SkylakeX' if vectors == 'AVX-512' else 'Haswell'} "
                   "times numpy on its own kernels for these vectors")
    return (f"{cpu}, {os.cpu_count()} cores, {vectors}; .NET {dotnet}; numpy {numpy or 'missing'}; {datetime.date.today()}\n"
            f"numpy's BLAS ({told}): {blas or 'unknown'}{warning}")


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


# The parts --parts names, in the order they run (peak once, before the rounds; allocation once, after them).
PARTS = ["peak", "training", "products", "seed", "allocation"]

# What a product is in the training loop, for the table.
PRODUCTS = {
    "512x512x512": "square",
    "30x784x10": "W1·X, batch 10",
    "30x784x100": "W1·X, batch 100",
    "30x784x1000": "W1·X, batch 1000",
    "30x100x784T": "dW1 = dZ1·Xᵀ, batch 100",
    "100x784x10": "W1·X, 100 hidden, batch 10",
}


def mark(ok):
    return "✓" if ok else "✗"


def time_target(batch):
    """The issue's target for ours ÷ numpy s/epoch at this batch size (0: full batch), or None."""
    return {10: 0.5, 100: 0.7}.get(batch, 0.8 if batch == 0 or batch >= 1000 else None)


def product_name(spec):
    m, k, n = spec.rstrip("T").split("x")
    shape = f"({m}×{k})·({n}×{k})ᵀ" if spec.endswith("T") else f"({m}×{k})·({k}×{n})"
    return f"{shape}, {PRODUCTS[spec]}" if spec in PRODUCTS else shape


def interleaved(ours_first, mine, theirs):
    """Runs both, in the given order; returns (ours, numpy)."""
    if ours_first:
        first = mine()
        return first, theirs()
    second = theirs()
    return mine(), second


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[1:]))
    parser.add_argument("--parts", default=",".join(PARTS),
                        help="what to run, separated by commas (default %(default)s)")
    parser.add_argument("--configs", default="30:10 30:100 30:1000 30:all 100:10",
                        help="HIDDEN:BATCH, separated by spaces; HIDDEN may list layers, e.g. 64,32:100; BATCH all is full batch (default %(default)s)")
    parser.add_argument("--shapes", default=",".join(PRODUCTS),
                        help="the products, MxKxN[T] separated by commas, T: the right operand read transposed (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs per training run, at most 20 (default %(default)s)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per product and for the seed network, after a warm-up (default %(default)s)")
    parser.add_argument("--lr", type=float, default=0.5, help="learning rate (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of both (default %(default)s)")
    parser.add_argument("--idx", default="/usr/share/datasets/fashion-mnist", help="IDX folder (default %(default)s)")
    parser.add_argument("--demo", default="Demo/bin/Release/net10.0/Demo.dll", help="our built demo (default %(default)s)")
    parser.add_argument("--python", default="/usr/bin/python3", help="a python3 with numpy (default %(default)s, Debian's)")
    parser.add_argument("--no-check", action="store_true", help="skip the cross-check of predictions at the end")
    parser.add_argument("--numpy-coretype", metavar="NAME",
                        help="set OPENBLAS_CORETYPE=NAME for numpy, e.g. SkylakeX, when OpenBLAS does not know the CPU and falls back to generic kernels (default: unset)")
    args = parser.parse_args()
    global NUMPY_CORETYPE
    NUMPY_CORETYPE = args.numpy_coretype
    parts = args.parts.split(",")
    configs = [(hidden, 0 if batch == "all" else int(batch)) for hidden, batch in (c.rsplit(":", 1) for c in args.configs.split())]
    if args.rounds < 1 or not 1 <= args.epochs <= 20 or args.runs < 1 or not configs or not set(parts) <= set(PARTS):
        sys.exit("compare.py: --rounds and --runs must be at least 1, --epochs 1 to 20, --configs must name a configuration "
                 f"and --parts only {', '.join(PARTS)}")
    cores = len(os.sched_getaffinity(0))  # "2 threads" below: as many as ours uses for "all cores"

    print(machine(args), flush=True)
    peak = ours_peak(args, cores) if "peak" in parts else None  # (its line, all-cores GFLOP/s)
    if peak:
        print(peak[0], flush=True)
    training = {config: [] for config in configs}  # per configuration, one (ours, peer) per round
    products, seeds = [], []                        # one (ours, peer) per round
    with tempfile.TemporaryDirectory(prefix="fromscratch-compare-") as scratch:
        saved = os.path.join(scratch, "ours.json")
        for r in range(args.rounds):
            # Each pair runs one after the other, alternating which goes first, so that both see the same moments.
            turn = r
            for i, (hidden, batch) in enumerate(configs if "training" in parts else []):
                # The first configuration's network is the one the check loads; the others are saved too, so every run does the same work.
                save = saved if i == 0 else os.path.join(scratch, f"ours-{i}.json")
                mine, theirs = interleaved(turn % 2 == 0, lambda: ours(args, hidden, batch, save), lambda: peer(args, hidden, batch))
                turn += 1
                training[(hidden, batch)].append((mine, theirs))
                print(f"round {r + 1}/{args.rounds}, [784, {hidden}, 10] batch {batch or 'all'}: ours {mine.seconds:.3f} s/epoch, "
                      f"numpy {theirs.seconds:.3f} s/epoch", flush=True)
            if "products" in parts:
                products.append(interleaved(turn % 2 == 0, lambda: ours_products(args, cores), lambda: peer_products(args, cores)))
                turn += 1
                square = "512x512x512" if "512x512x512" in products[-1][0] else args.shapes.split(",")[0]
                print(f"round {r + 1}/{args.rounds}, products: {square} ours {products[-1][0][square][0]:.1f} / {products[-1][0][square][1]:.1f}, "
                      f"numpy {products[-1][1][square][0]:.1f} / {products[-1][1][square][1]:.1f} GFLOP/s on 1 / {cores} threads", flush=True)
            if "seed" in parts:
                seeds.append(interleaved(turn % 2 == 0, lambda: seed_network(["dotnet", args.demo, "bench", "--only", "seed", "--runs", str(args.runs)]),
                                         lambda: seed_network([args.python, PEER, "seed", "--runs", str(args.runs)], env=numpy_environment())))
                print(f"round {r + 1}/{args.rounds}, seed network: ours {seeds[-1][0]:.2f} µs/epoch, numpy {seeds[-1][1]:.2f} µs/epoch", flush=True)
        allocated = allocation(args) if "allocation" in parts else None
        rounds = f"{args.rounds} round{'s' if args.rounds > 1 else ''} interleaved"
        print()
        if "training" in parts:
            print_training(args, training, rounds, peak[1] if peak else None)
        if "products" in parts:
            print_products(args, products, cores, rounds)
        print_others(training, seeds, allocated, rounds)
        if not args.no_check and "training" in parts:
            check(args, saved)


def print_training(args, training, rounds, peak):
    """The training table; given the all-cores peak (GFLOP/s), ours' and numpy's product GFLOP per second as a % of it."""
    samples = next(iter(training.values()))[-1][0].samples  # m, from ours' data line: the same data for every configuration
    print(f"Fashion-MNIST, {args.epochs} epoch{'s' if args.epochs > 1 else ''} per run, {rounds}, learning rate {args.lr}, seed {args.seed}; "
          "s/epoch: median over the rounds of each run's mean training time per epoch; target: the issue's bound on ours ÷ numpy"
          + (f"; % of peak: the epoch's product GFLOP ÷ s/epoch ÷ the {peak:.1f} GFLOP/s all-cores FMA peak, where an epoch of "
             f"[784, n_1, …, 10] on m = {samples:,} samples does 2·m·(2·Σ_l n_l·n_(l−1) + Σ_(l≥2) n_l·n_(l−1)) flops of products "
             "(W·A forward and dW = dZ·Aᵀ in every layer, dA = Wᵀ·dZ in all but the first; the rest is not counted)" if peak else ""))
    print()
    shares = " ours % of peak | numpy % of peak |" if peak else ""
    print(f"| configuration | ours s/epoch | numpy s/epoch | ours ÷ numpy | target | per round |{shares} ours max RSS | numpy max RSS | RSS ours ÷ numpy (≤ 1) | test accuracy ours / numpy |")
    print("| --- " * (10 + 2 * bool(peak)) + "|")
    for (hidden, batch), runs in training.items():
        mine = statistics.median(m.seconds for m, _ in runs)
        theirs = statistics.median(t.seconds for _, t in runs)
        per_round = " / ".join(f"{m.seconds / t.seconds:.2f}" for m, t in runs)
        target = time_target(batch)
        verdict = f"≤ {target} {mark(mine / theirs <= target)}" if target else "—"
        rss_mine = statistics.median(m.rss for m, _ in runs)
        rss_theirs = statistics.median(t.rss for _, t in runs)
        accuracy = f"{runs[-1][0].accuracy:.2f} % / {runs[-1][1].accuracy:.2f} %"
        gflop = product_gflop(hidden, samples)
        shares = f" {100 * gflop / mine / peak:.1f} % | {100 * gflop / theirs / peak:.1f} % |" if peak else ""
        print(f"| `[784, {hidden.replace(',', ', ')}, 10]` {f'batch {batch}' if batch else 'full batch'} | {mine:.3f} | {theirs:.3f} | {mine / theirs:.2f} | {verdict} | {per_round} |{shares} "
              f"{rss_mine / 1e9:.2f} GB | {rss_theirs / 1e9:.2f} GB | {rss_mine / rss_theirs:.2f} {mark(rss_mine <= rss_theirs)} | {accuracy} |")
    print(flush=True)


def print_products(args, products, cores, rounds):
    print(f"Dot, GFLOP/s (2·m·k·n per product), {rounds}: ours `Demo bench --only dot --shapes …`, numpy `np.matmul(A, B, out=C)` "
          f"(ᵀ: B stored N×K, read in place, as `A @ B.T`) under threadpoolctl's limit; each the median over the rounds of a median of {args.runs} runs after a warm-up")
    print()
    print(f"| product | ours 1 thread | numpy 1 thread | ours ÷ numpy | ours {cores} threads | numpy {cores} threads | ours ÷ numpy | "
          f"{cores} threads ÷ 1, ours | {cores} threads ÷ 1, numpy |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for spec in args.shapes.split(","):
        mine = [statistics.median(m[spec][t] for m, _ in products) for t in (0, 1)]
        theirs = [statistics.median(n[spec][t] for _, n in products) for t in (0, 1)]
        # The targets are at 512³: ≥ 0.9 × numpy on 1 thread and on 2, and 2 threads ≥ 1.7 × one.
        judged = spec == "512x512x512"
        ratio = [f"{mine[t] / theirs[t]:.2f}" + (f" {mark(mine[t] / theirs[t] >= 0.9)} (≥ 0.9)" if judged else "") for t in (0, 1)]
        scaling = f"{mine[1] / mine[0]:.2f}" + (f" {mark(mine[1] / mine[0] >= 1.7)} (≥ 1.7)" if judged else "")
        print(f"| {product_name(spec)} | {mine[0]:.1f} | {theirs[0]:.1f} | {ratio[0]} | {mine[1]:.1f} | {theirs[1]:.1f} | {ratio[1]} | "
              f"{scaling} | {theirs[1] / theirs[0]:.2f} |")
    print(flush=True)


def print_others(training, seeds, allocated, rounds):
    rows = []
    runs = [pair for pairs in training.values() for pair in pairs]
    if runs:
        mine, theirs = statistics.median(m.read for m, _ in runs), statistics.median(t.read for _, t in runs)
        rows.append((f"reading the Fashion-MNIST gzip files, s (median of the {len(runs)} training runs)",
                     f"{mine:.2f}", f"{theirs:.2f}", f"{mine / theirs:.2f}", f"≤ 1 {mark(mine <= theirs)}"))
        for network in dict.fromkeys(hidden for hidden, _ in training):
            pairs = [pair for (hidden, _), p in training.items() if hidden == network for pair in p]
            mine, theirs = statistics.median(m.measuring for m, _ in pairs), statistics.median(t.measuring for _, t in pairs)
            rows.append((f"measuring train and test accuracy after an epoch, `[784, {network.replace(',', ', ')}, 10]`, s (60,000 + 10,000 samples)",
                         f"{mine:.2f}", f"{theirs:.2f}", f"{mine / theirs:.2f}" if theirs else "—", f"≤ 1 {mark(mine <= theirs)}"))
    if seeds:
        mine, theirs = statistics.median(m for m, _ in seeds), statistics.median(t for _, t in seeds)
        per_round = " / ".join(f"{t / m:.0f}" for m, t in seeds)
        rows.append((f"seed network `[5, 4, 4]`, µs/epoch ({rounds})", f"{mine:.2f}", f"{theirs:.2f}",
                     f"{theirs / mine:.0f}× faster (per round {per_round})", f"≥ 20× {mark(theirs / mine >= 20)}"))
    if allocated:
        names = ", ".join(f"`{network}` batch {batch}" for network, batch, _ in allocated)
        rows.append((f"bytes allocated per training step (`Demo bench`): {names}", " / ".join(b for _, _, b in allocated), "", "",
                     f"bytes, not megabytes {mark(all(int(b) < 1024 for _, _, b in allocated))}"))
    if rows:
        print("| measurement | ours | numpy | ours ÷ numpy | target |")
        print("| --- | --- | --- | --- | --- |")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print(flush=True)


if __name__ == "__main__":
    main()
