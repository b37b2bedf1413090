"""The numpy twin of Network (Network/Network.cs): the same conventions, formulas and data, for
`make compare` to time beside ours and to check our saved files and forward pass against.

Conventions, as in Network.cs: one sample per column. For layer sizes [n0, n1, …, nL] the input X is
(n0 × m), layer l has W_l (n_l × n_(l−1)) and b_l (n_l × 1), A_0 = X and A_l = f(Z_l). W[0] is W1
(Python counts from 0, the maths from 1).

    train    Fashion-MNIST from IDX gzip files, plain mini-batch SGD with a seeded shuffle (--batch 0:
             the whole set in one step, unshuffled), uniform [−1, 1] weights and zero biases, as
             `Demo train --idx DIR` does; --optimizer and --lr-decay as the demo takes them. Prints the data line with its seconds to read (gzip,
             frombuffer, /255, one-hot), then per epoch
             `epoch 1/2 seconds 0.4612 train_accuracy 0.8390 test_accuracy 0.8412 measure_seconds 0.2105`
             and `mean seconds/epoch …`. The seconds are the training alone; the train and test
             accuracies are measured after them, in chunks of 1000 samples as ours does, and take the
             measure_seconds. (Ours also measures the loss of every batch while training, which this
             peer does not: a cost only ours pays.)
    predict  A network saved by `Demo train --save FILE`, on the test images of --idx DIR or on the
             rows of --csv FILE (raw values: the saved scaling is applied, as `Demo predict` does).
             Prints one line per sample, its outputs as repr(float), or writes them to --out FILE
             (a regression network's outputs on the training scale of its targets, as Network.Predict).
    steps    A network saved by `Demo train --save FILE`, trained further by --epochs K full-batch
             steps on the rows of --csv FILE (its --target columns by name, scaled as the saved
             targetScaling says, or its last --targets K columns), with any --optimizer, --lr-decay
             and the file's L2 and L1, as `Demo train --load FILE --batch 0` takes them (no dropout).
             Writes the network after them to --out FILE in the same format, and with --losses FILE
             the loss before each step, for PeerTests to compare with ours.
    seed     The toy [5, 4, 4] network of `Demo seed` on its two samples, full batch, 10,000 epochs:
             `seed network [5, 4, 4] … 93.40 µs per epoch`, the median of --runs after a warm-up, as
             `Demo bench --only seed` times it.
    dot      GFLOP/s of the product at the shapes `Demo bench --shapes` takes (MxKxN, a T after N for
             A @ B.T with B stored N×K and read in place), on 1 thread and on --threads, as the median
             of --runs after a warm-up: `dot 30x784x100 threads 1 gflops 61.2`.

Run with Debian's numpy: /usr/bin/python3 Demo/peer/numpy_network.py train --hidden 30 --batch 10
"""
import argparse
import gzip
import json
import statistics
import struct
import sys
import time

import numpy as np

FASHION = "/usr/share/datasets/fashion-mnist"


# --- activations: a = f(z), and f′ written with a, as in Network/Activation.cs ---------------------

def sigmoid(z):
    with np.errstate(over="ignore"):  # e^−z overflows to ∞ for z < −709, and 1 / (1 + ∞) is the right 0
        return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(z, 0)


HIDDEN = {  # name: (f, f′ as a function of a = f(z))
    "sigmoid": (sigmoid, lambda a: a * (1 - a)),  # σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)
    "tanh": (np.tanh, lambda a: 1 - a * a),       # tanh′(z) = 1 − a²
    "relu": (relu, lambda a: a > 0),              # 1 where a > 0, else 0
}


def softmax(z):
    # a_i = e^(z_i − max) / Σ_j e^(z_j − max) down each column; the shift keeps every e^x ≤ 1
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


OUTPUT = {"sigmoid": sigmoid, "softmax": softmax, "linear": lambda z: z}  # linear: a = z, any number (regression)

HUBER_K = 1.0  # Huber's threshold k, as Loss.HuberThreshold: squared error within k of the target, absolute beyond


def log_sum_exp(z):
    # ln Σ_j e^(z_j) down each column, as max + ln Σ_j e^(z_j − max)
    top = z.max(axis=0, keepdims=True)
    return top + np.log(np.exp(z - top).sum(axis=0, keepdims=True))


LOSSES = {  # (output, loss): (ℓ of every entry from Z_L, A_L and Y; δ = ∂ℓ/∂z of every entry), as in Network/Loss.cs
    ("sigmoid", "ce"): (lambda Z, A, Y: np.maximum(Z, 0) + np.log(1 + np.exp(-np.abs(Z))) - Y * Z,  # softplus(z) − y·z
                        lambda A, Y: A - Y),                          # dZ_L = A_L − Y: σ′ cancels
    ("sigmoid", "mse"): (lambda Z, A, Y: 0.5 * (A - Y) ** 2,          # ½(a − y)²
                         lambda A, Y: (A - Y) * A * (1 - A)),         # (A_L − Y) ⊙ A_L(1 − A_L): σ′ does not cancel
    ("softmax", "ce"): (lambda Z, A, Y: -Y * (Z - log_sum_exp(Z)),    # −y_i ln a_i, ln a_i from Z
                        lambda A, Y: A - Y),                          # A_L − Y for one-hot Y
    ("linear", "mse"): (lambda Z, A, Y: 0.5 * (A - Y) ** 2,           # ½(a − y)²
                        lambda A, Y: A - Y),                          # a = z, so δ = a − y
    ("linear", "mae"): (lambda Z, A, Y: np.abs(A - Y),                # |a − y|
                        lambda A, Y: np.sign(A - Y)),                 # sign(a − y), 0 where a = y
    ("linear", "huber"): (lambda Z, A, Y: np.where(np.abs(A - Y) <= HUBER_K, 0.5 * (A - Y) ** 2, HUBER_K * (np.abs(A - Y) - 0.5 * HUBER_K)),
                          lambda A, Y: np.clip(A - Y, -HUBER_K, HUBER_K)),  # a − y clipped to [−k, k]
}


# --- the network: a list of (W_l, b_l) and the names of its activations ------------------------------

class Net:
    def __init__(self, W, b, hidden="sigmoid", output="sigmoid", loss="ce", l2=0.0, l1=0.0):
        for name, known, what in ((hidden, HIDDEN, "hidden activation"), (output, OUTPUT, "output activation")):
            if name not in known:
                raise ValueError(f"unknown {what} '{name}'; this peer knows {', '.join(known)}")
        if (output, loss) not in LOSSES:
            raise ValueError(f"unknown loss '{loss}' with a {output} output; this peer knows "
                             + ", ".join(f"{o} + {name}" for o, name in LOSSES))
        self.W, self.b = W, b
        self.f, self.f_prime = HIDDEN[hidden]
        self.g = OUTPUT[output]
        self.loss = loss
        self.entry_loss, self.delta = LOSSES[(output, loss)]
        self.l2, self.l1 = l2, l1                    # λ of (λ/2n)·Σ‖W‖² and (λ/n)·Σ|W|, as Network.L2 and L1; n = m: full batches only
        self.sizes = [W[0].shape[1]] + [w.shape[0] for w in W]

    @staticmethod
    def new(sizes, rng, init="uniform", **kinds):
        # W_l uniform in [−1, 1] (Initialization.Uniform) or normal with σ = √(2/n_in) (Initialization.He); b_l zero
        W = [rng.uniform(-1, 1, (n_out, n_in)) if init == "uniform" else rng.normal(0, np.sqrt(2 / n_in), (n_out, n_in))
             for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        b = [np.zeros((n_out, 1)) for n_out in sizes[1:]]
        return Net(W, b, **kinds)

    def forward(self, X):
        """A_0 = X, then Z_l = W_l · A_(l−1) + b_l and A_l = f(Z_l); the output layer uses g. Returns every A_l."""
        A = [X]
        L = len(self.W)
        for l in range(L):
            Z = self.W[l] @ A[-1] + self.b[l]         # Z1 = W1 · X + b1 (n1×m = n1×n0 · n0×m + n1×1)
            A.append(self.f(Z) if l < L - 1 else self.g(Z))  # A1 = σ(Z1); A_L = sigmoid, softmax or linear
        return A

    def loss_of(self, A, Y):
        """L = (1/m) Σ ℓ over every output of every sample, from Z_L (recomputed from A_(L−1), as forward
        made it), plus (λ/2m)·Σ‖W_l‖² and (λ/m)·Σ|W_l| when set, for a full batch (n = m), as Network.LossOf."""
        m = Y.shape[1]
        Z = self.W[-1] @ A[-2] + self.b[-1]
        loss = self.entry_loss(Z, A[-1], Y).sum() / m
        if self.l2 > 0:
            loss += self.l2 / (2 * m) * sum((w * w).sum() for w in self.W)
        if self.l1 > 0:
            loss += self.l1 / m * sum(np.abs(w).sum() for w in self.W)
        return loss

    def backward(self, A, Y):
        """Backpropagation from the cache A of forward: the gradients dW_l, db_l, from the output back."""
        m = Y.shape[1]
        dZ = self.delta(A[-1], Y)                    # dZ_L = δ(A_L, Y): A_L − Y for cross-entropy (see LOSSES)
        dW, db = [None] * len(self.W), [None] * len(self.W)
        for l in range(len(self.W) - 1, -1, -1):
            dW[l] = (dZ @ A[l].T) / m                # dW2 = (1/m) · dZ2 · A1ᵀ; dW1 = (1/m) · dZ1 · Xᵀ
            if self.l2:
                dW[l] += self.l2 / m * self.W[l]         # L2: + (λ/n)·W2
            if self.l1:
                dW[l] += self.l1 / m * np.sign(self.W[l])  # L1: + (λ/n)·sign(W2)
            db[l] = dZ.mean(axis=1, keepdims=True)   # db2 = mean(dZ2) over the m samples
            if l > 0:
                dZ = (self.W[l].T @ dZ) * self.f_prime(A[l])  # dZ1 = W2ᵀ · dZ2 ⊙ σ′(Z1), σ′(Z1) = A1(1 − A1)
        return dW, db

    def update(self, dW, db, lr):
        for l in range(len(self.W)):                 # W ← W − η·dW, b ← b − η·db
            self.W[l] -= lr * dW[l]
            self.b[l] -= lr * db[l]

    def step(self, dW, db, rule):
        """One step by an update rule below; 2l and 2l + 1 number W_(l+1) and b_(l+1), as Network.Update does."""
        for l in range(len(self.W)):
            rule.step(2 * l, self.W[l], dW[l])
            rule.step(2 * l + 1, self.b[l], db[l])


# --- update rules (Network/UpdateRule.cs and the files beside it): rule.step(i, W, dW) changes parameter i in place;
#     rule.lr is η, which a schedule sets each epoch. State per parameter i starts at zeros. ---------------------------

class GradientDescent:
    def __init__(self, lr, momentum=0.0):
        self.lr, self.beta, self.V = lr, momentum, {}

    def step(self, i, W, dW):
        if self.beta == 0:
            W -= self.lr * dW                            # W ← W − η·dW
            return
        V = self.V[i] = self.beta * self.V.get(i, 0) + dW   # V ← β·V + dW
        W -= self.lr * V                                 # W ← W − η·V


class Nesterov:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.beta, self.V = lr, momentum, {}

    def step(self, i, W, dW):
        V = self.V[i] = self.beta * self.V.get(i, 0) + dW   # V ← β·V + dW
        W -= self.lr * (dW + self.beta * V)              # W ← W − η·(dW + β·V)


class AdaGrad:
    def __init__(self, lr, epsilon=1e-8):
        self.lr, self.eps, self.G = lr, epsilon, {}

    def step(self, i, W, dW):
        G = self.G[i] = self.G.get(i, 0) + dW * dW       # G ← G + dW²
        W -= self.lr * dW / (np.sqrt(G) + self.eps)      # W ← W − η·dW / (√G + ε)


class RMSProp:
    def __init__(self, lr, rho=0.9, epsilon=1e-8):
        self.lr, self.rho, self.eps, self.S = lr, rho, epsilon, {}

    def step(self, i, W, dW):
        S = self.S[i] = self.rho * self.S.get(i, 0) + (1 - self.rho) * dW * dW   # S ← ρ·S + (1 − ρ)·dW²
        W -= self.lr * dW / (np.sqrt(S) + self.eps)      # W ← W − η·dW / (√S + ε)


class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.lr, self.beta1, self.beta2, self.eps, self.M, self.V, self.t = lr, beta1, beta2, epsilon, {}, {}, {}

    def step(self, i, W, dW):
        t = self.t[i] = self.t.get(i, 0) + 1
        M = self.M[i] = self.beta1 * self.M.get(i, 0) + (1 - self.beta1) * dW        # M ← β1·M + (1 − β1)·dW
        V = self.V[i] = self.beta2 * self.V.get(i, 0) + (1 - self.beta2) * dW * dW   # V ← β2·V + (1 − β2)·dW²
        W -= self.lr * (M / (1 - self.beta1 ** t)) / (np.sqrt(V / (1 - self.beta2 ** t)) + self.eps)  # W ← W − η·M̂ / (√V̂ + ε)


def update_rule(args):
    """The rule of --optimizer with its constants, at η = --lr; the same defaults as the demo."""
    name = args.optimizer or ("momentum" if args.momentum is not None else "sgd")
    beta = 0.9 if args.momentum is None else args.momentum
    eps = 1e-8 if args.epsilon is None else args.epsilon
    return {
        "sgd": lambda: GradientDescent(args.lr),
        "momentum": lambda: GradientDescent(args.lr, beta),
        "nesterov": lambda: Nesterov(args.lr, beta),
        "adagrad": lambda: AdaGrad(args.lr, eps),
        "rmsprop": lambda: RMSProp(args.lr, 0.9 if args.rho is None else args.rho, eps),
        "adam": lambda: Adam(args.lr, 0.9 if args.beta1 is None else args.beta1, 0.999 if args.beta2 is None else args.beta2, eps),
    }[name]()


def schedule(text, epochs):
    """--lr-decay as the demo takes it: η of an epoch (from 1) from η0, as in Network/LearningRateSchedule.cs."""
    kind, *values = text.split(":")
    if kind == "step":
        k, gamma = int(values[0]), float(values[1])
        return lambda eta0, epoch: eta0 * gamma ** ((epoch - 1) // k)        # η = η0·γ^⌊(epoch − 1)/k⌋
    if kind == "exp":
        gamma = float(values[0])
        return lambda eta0, epoch: eta0 * gamma ** (epoch - 1)               # η = η0·γ^(epoch − 1)
    if kind == "inverse":
        k = float(values[0])
        return lambda eta0, epoch: eta0 / (1 + k * (epoch - 1))              # η = η0 / (1 + k·(epoch − 1))
    if kind == "cosine":
        T = int(values[0]) if values else epochs
        return lambda eta0, epoch: eta0 * (1 + np.cos(np.pi * min(epoch - 1, T) / T)) / 2  # η = η0·(1 + cos(π·(epoch − 1)/T))/2
    raise ValueError(f"--lr-decay '{text}': this peer knows step:K:γ, exp:γ, inverse:k, cosine[:T]")


# --- data --------------------------------------------------------------------------------------------

def read_idx(path):
    """An IDX file (gzip or plain): two zero bytes, a type byte, the dimension count, big-endian sizes, data."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    _, kind, dims = struct.unpack(">HBB", data[:4])
    if kind != 0x08:
        sys.exit(f"numpy_network.py: {path}: type byte 0x{kind:02x}; only unsigned bytes (0x08) are read")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def idx_file(folder, name):
    for path in (f"{folder}/{name}.gz", f"{folder}/{name}"):
        try:
            open(path, "rb").close()
            return path
        except OSError:
            pass
    sys.exit(f"numpy_network.py: no {name}(.gz) in {folder}")


def read_images(folder, part):
    """X (pixels × m), each image a column scaled from 0..255 to [0, 1], as float64."""
    images = read_idx(idx_file(folder, f"{part}-images-idx3-ubyte"))
    return images.reshape(images.shape[0], -1).T / 255.0


def read_labels(folder, part):
    return read_idx(idx_file(folder, f"{part}-labels-idx1-ubyte")).astype(int)


def one_hot(labels, classes):
    """Y (classes × m): column s is 1 in row labels[s], 0 elsewhere."""
    return np.eye(classes)[labels].T


def read_csv(path, input_names, targets):
    """X (inputs × m) from a CSV with a header: the named columns when the network knows its inputs'
    names (others are left out, as Demo predict does), else every column but the last `targets`."""
    return read_columns(path, input_names, lambda header: range(len(header) - targets))


def read_columns(path, names, otherwise):
    """The columns `names` of a CSV with a header, one row each (columns × m); without names, the columns
    otherwise(header) gives by place."""
    with open(path, encoding="utf-8-sig") as f:
        lines = [line.rstrip("\r\n") for line in f if line.strip()]
    header = [name.strip() for name in lines[0].split(",")]
    if names is not None:
        missing = [name for name in names if name not in header]
        if missing:
            sys.exit(f"numpy_network.py: {path} has no column {', '.join(missing)}; the network takes {', '.join(names)}")
        columns = [header.index(name) for name in names]
    else:
        columns = list(otherwise(header))
    X = np.empty((len(columns), len(lines) - 1))
    for s, line in enumerate(lines[1:]):
        row = line.split(",")
        for i, c in enumerate(columns):
            try:
                X[i, s] = float(row[c])
            except (IndexError, ValueError):
                sys.exit(f"numpy_network.py: {path}: line {s + 2}, column '{header[c]}' is not a number")
    return X


# --- a network saved by Demo train --save (Network/Saving/NetworkFile.cs, versions 1 to 4) ------------

def load(path):
    """The network, its input scaling (or None) and its inputs' names (or None)."""
    saved = read_saved(path)
    return net_from(saved, path), saved.get("scaling"), saved.get("inputNames")


def read_saved(path):
    with open(path, encoding="utf-8-sig") as f:
        saved = json.load(f)
    if saved.get("format") != "FromScratch.Network" or saved.get("version") not in (1, 2, 3, 4):
        sys.exit(f"numpy_network.py: {path} is not a FromScratch.Network file of version 1 to 4")
    return saved


def net_from(saved, path):
    try:
        sizes = saved["layerSizes"]
        W = [np.array(layer["weights"], dtype=float) for layer in saved["layers"]]
        b = [np.array(layer["biases"], dtype=float).reshape(-1, 1) for layer in saved["layers"]]
    except (KeyError, TypeError, ValueError) as error:
        sys.exit(f"numpy_network.py: {path}: layerSizes or layers is missing or malformed ({error!r})")
    if len(W) != len(sizes) - 1:
        sys.exit(f"numpy_network.py: {path}: {len(W)} layers for layerSizes {sizes}")
    for l, (w, bias) in enumerate(zip(W, b)):
        if w.shape != (sizes[l + 1], sizes[l]) or bias.shape != (sizes[l + 1], 1):
            sys.exit(f"numpy_network.py: {path}: W{l + 1} is {w.shape} and b{l + 1} {bias.shape}, not what layerSizes {sizes} gives")
    try:
        net = Net(W, b, saved["hiddenActivation"], saved.get("outputActivation", "sigmoid"), saved.get("loss", "ce"),
                  saved.get("l2", 0.0), saved.get("l1", 0.0))
    except ValueError as error:
        sys.exit(f"numpy_network.py: {path}: {error}")
    return net


def scale(X, scaling):
    """Raw inputs scaled as in training: x' = (x − μ) / σ, or (x − min) / (max − min); a feature that
    was constant in training (σ = 0, or max = min) becomes 0, as in Network/Saving/FeatureScaling.cs."""
    if scaling["method"] == "standardize":
        shift, spread = np.array(scaling["mean"]), np.array(scaling["std"])
    elif scaling["method"] == "normalize":
        shift, spread = np.array(scaling["min"]), np.array(scaling["max"]) - np.array(scaling["min"])
    else:
        sys.exit(f"numpy_network.py: unknown scaling method '{scaling['method']}'; this peer knows standardize, normalize")
    shift, spread = shift.reshape(-1, 1), spread.reshape(-1, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(spread > 0, (X - shift) / spread, 0.0)


# --- the modes ---------------------------------------------------------------------------------------

def blas():
    """Which BLAS numpy calls, e.g. `openblas 0.3.21 SkylakeX, 2 threads` (needs python3-threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (no threadpoolctl)"
    return "; ".join(f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')}, {p.get('num_threads')} threads"
                     for p in threadpool_info() if p.get("user_api") == "blas") or "none found"


def accuracy(net, X, labels, chunk=1000):
    """The share of samples whose largest output is their label, forward in chunks of 1000 as ours."""
    right = sum(np.sum(net.forward(X[:, s:s + chunk])[-1].argmax(axis=0) == labels[s:s + chunk]) for s in range(0, X.shape[1], chunk))
    return right / X.shape[1]


def train(args):
    clock = time.perf_counter()
    X_train, labels_train = read_images(args.idx, "train"), read_labels(args.idx, "train")
    X_test, labels_test = read_images(args.idx, "t10k"), read_labels(args.idx, "t10k")
    classes = max(labels_train.max(), labels_test.max()) + 1
    Y_train = one_hot(labels_train, classes)
    m = X_train.shape[1]
    print(f"data: {m} training samples of {X_train.shape[0]} inputs, {X_test.shape[1]} test samples "
          f"({time.perf_counter() - clock:.3f} s to read)")

    rng = np.random.default_rng(args.seed)  # seeds the weights and the shuffle
    sizes = [X_train.shape[0], *args.hidden, classes]
    net = Net.new(sizes, rng, init=args.init, hidden=args.activation, output=args.output, loss=args.loss)
    batch = args.batch if 0 < args.batch < m else m  # --batch 0: the whole set, as ours
    # Plain SGD keeps the direct W ← W − η·dW of Net.update, as timed before the other rules existed.
    plain = args.optimizer in (None, "sgd") and args.momentum is None and args.lr_decay is None
    rule = None if plain else update_rule(args)
    decay = schedule(args.lr_decay, args.epochs) if args.lr_decay else None
    print(f"network {sizes} {args.activation} hidden, {args.output} output, {args.loss} loss; rate {args.lr}"
          f"{'' if plain else f', {type(rule).__name__}'}{f', lr-decay {args.lr_decay}' if decay else ''}, "
          f"batch {batch if batch < m else 'all'}, {args.epochs} epochs; numpy {np.__version__}, blas {blas()}")

    def step(X, Y):
        if rule is None:
            net.update(*net.backward(net.forward(X), Y), args.lr)
        else:
            net.step(*net.backward(net.forward(X), Y), rule)

    seconds = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        if decay is not None:
            rule.lr = decay(args.lr, epoch)          # the epoch's η
        if batch < m:
            order = rng.permutation(m)               # a new shuffle every epoch
            for s in range(0, m, batch):
                chosen = order[s:s + batch]
                step(X_train[:, chosen], Y_train[:, chosen])
        else:                                        # full batch: one step on X and Y themselves, as ours
            step(X_train, Y_train)
        seconds.append(time.perf_counter() - start)
        start = time.perf_counter()
        train_accuracy, test_accuracy = accuracy(net, X_train, labels_train), accuracy(net, X_test, labels_test)
        print(f"epoch {epoch}/{args.epochs} seconds {seconds[-1]:.4f} train_accuracy {train_accuracy:.4f} "
              f"test_accuracy {test_accuracy:.4f} measure_seconds {time.perf_counter() - start:.4f}", flush=True)
    print(f"mean seconds/epoch {np.mean(seconds):.4f} final test_accuracy {test_accuracy:.4f}")


def median_seconds(runs, action, minimum_seconds=0.0):
    """As `Demo bench` times: one warm-up call, then the median of `runs` timings, each repeating the
    action often enough to last about minimum_seconds, per call."""
    action()
    start, repeats = time.perf_counter(), 1
    while time.perf_counter() - start < minimum_seconds / 4 and repeats < 1 << 20:
        action()
        repeats += 1
    repeats = max(1, int(repeats * minimum_seconds / max(time.perf_counter() - start, 1e-9)))
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(repeats):
            action()
        samples.append((time.perf_counter() - start) / repeats)
    return statistics.median(samples)


def seed(args):
    """The seed network of `Demo seed`: [5, 4, 4], sigmoid, cross-entropy, rate 0.5, on two samples."""
    X = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=float).T  # (5 × 2), one sample per column
    Y = np.array([[0, 1, 0, 0], [1, 0, 0, 0]], dtype=float).T        # (4 × 2)
    epochs = 10_000

    def run():
        net = Net.new([5, 4, 4], np.random.default_rng(0))
        for _ in range(epochs):                      # full batch: one step per epoch
            net.update(*net.backward(net.forward(X), Y), 0.5)

    seconds = median_seconds(args.runs, run)
    print(f"seed network [5, 4, 4], 2 samples, full batch, ce: {seconds / epochs * 1e6:.2f} µs per epoch "
          f"({epochs} epochs in {seconds:.3f} s); numpy {np.__version__}")


def dot(args):
    """GFLOP/s of A @ B (or A @ B.T, B stored N×K) into a C made once, as ours writes into one."""
    from threadpoolctl import threadpool_limits
    rng = np.random.default_rng(1)
    for spec in args.shapes.split(","):
        m, k, n = (int(size) for size in spec.rstrip("T").split("x"))
        A = rng.uniform(-1, 1, (m, k))               # row-major, as our matrices are
        B = rng.uniform(-1, 1, (n, k)).T if spec.endswith("T") else rng.uniform(-1, 1, (k, n))
        C = np.empty((m, n))
        for threads in args.threads:
            with threadpool_limits(limits=threads, user_api="blas"):
                seconds = median_seconds(args.runs, lambda: np.matmul(A, B, out=C), minimum_seconds=0.05)
            print(f"dot {spec} threads {threads} gflops {2 * m * k * n / seconds / 1e9:.1f}", flush=True)


def predict(args):
    net, scaling, input_names = load(args.load)
    if (args.idx is None) == (args.csv is None):
        sys.exit("numpy_network.py predict: give exactly one of --idx DIR or --csv FILE")
    X = read_images(args.idx, "t10k") if args.idx else read_csv(args.csv, input_names, args.targets)
    if scaling is not None:
        X = scale(X, scaling)
    if X.shape[0] != net.sizes[0]:
        sys.exit(f"numpy_network.py: the data has {X.shape[0]} inputs but the network takes {net.sizes[0]}")
    A_L = net.forward(X)[-1]                         # (outputs × m)
    lines = "".join(" ".join(repr(float(a)) for a in sample) + "\n" for sample in A_L.T)
    if args.out:
        with open(args.out, "w") as f:
            f.write(lines)
    else:
        sys.stdout.write(lines)


def steps(args):
    """--epochs full-batch steps from a saved network by --optimizer (and --lr-decay) on a CSV's rows scaled as in
    training; the network after them to --out in the saved format, and the loss before each step to --losses."""
    saved = read_saved(args.load)
    net = net_from(saved, args.load)
    targets = args.target.split(",") if args.target else None
    X = read_columns(args.csv, saved.get("inputNames"), lambda header: range(len(header) - (len(targets) if targets else args.targets)))
    Y = read_columns(args.csv, targets, lambda header: range(len(header) - args.targets, len(header)))
    if saved.get("scaling"):
        X = scale(X, saved["scaling"])
    if saved.get("targetScaling"):
        Y = scale(Y, saved["targetScaling"])             # y′ = (y − μ) / σ, as train --target
    if X.shape[0] != net.sizes[0] or Y.shape[0] != net.sizes[-1]:
        sys.exit(f"numpy_network.py: {args.csv} gives {X.shape[0]} inputs and {Y.shape[0]} targets but the network is {net.sizes}")
    rule = update_rule(args)
    decay = schedule(args.lr_decay, args.epochs) if args.lr_decay else None
    losses = []
    for epoch in range(1, args.epochs + 1):
        rule.lr = decay(args.lr, epoch) if decay else args.lr   # the epoch's η: η0, or the schedule's
        A = net.forward(X)
        losses.append(net.loss_of(A, Y))
        net.step(*net.backward(A, Y), rule)
    saved["layers"] = [{"weights": W.tolist(), "biases": b.ravel().tolist()} for W, b in zip(net.W, net.b)]
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(saved, f)
    if args.losses:
        with open(args.losses, "w", encoding="utf-8") as f:
            json.dump(losses, f)


def add_rule_options(parser, lr):
    """--lr, --optimizer, its constants and --lr-decay, as the demo names them."""
    parser.add_argument("--lr", type=float, help=f"η (default {lr}; with adagrad 0.01, with rmsprop and adam 0.001, as the demo's train)")
    parser.add_argument("--optimizer", choices=["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"])
    for name in ("momentum", "beta1", "beta2", "rho", "epsilon"):
        parser.add_argument(f"--{name}", type=float)
    parser.add_argument("--lr-decay", help="step:K:γ, exp:γ, inverse:k or cosine[:T]")


def main():
    parser = argparse.ArgumentParser(description="The numpy twin of FromScratch's Network.")
    modes = parser.add_subparsers(dest="mode", required=True)
    t = modes.add_parser("train", help="train on Fashion-MNIST and print seconds per epoch and test accuracy")
    t.add_argument("--idx", default=FASHION, help=f"IDX folder (default {FASHION})")
    t.add_argument("--hidden", default=[30], type=lambda s: [int(n) for n in s.split(",")], help="hidden sizes, e.g. 30 or 64,32")
    t.add_argument("--activation", default="sigmoid", choices=list(HIDDEN))
    t.add_argument("--output", default="sigmoid", choices=list(OUTPUT))
    t.add_argument("--loss", default="ce", choices=["ce", "mse"])
    add_rule_options(t, lr=0.5)
    t.add_argument("--batch", default=10, type=int, help="samples per step (0 = all at once, as ours)")
    t.add_argument("--epochs", default=10, type=int)
    t.add_argument("--init", default="uniform", choices=["uniform", "he"], help="starting weights, as the demo's --init")
    t.add_argument("--seed", default=1, type=int, help="seeds the weights and the shuffle (default 1, as ours)")
    p = modes.add_parser("predict", help="print the outputs of a network saved by Demo train --save")
    p.add_argument("--load", required=True, help="the saved network (JSON)")
    p.add_argument("--idx", help="predict the test images (t10k-images) of this IDX folder")
    p.add_argument("--csv", help="predict the rows of this CSV (raw values, with a header)")
    p.add_argument("--targets", default=0, type=int, help="the CSV's last K columns are targets (without input names)")
    p.add_argument("--out", help="write the predictions here instead of printing them")
    st = modes.add_parser("steps", help="full-batch steps from a saved network with any update rule; the network after them to --out")
    st.add_argument("--load", required=True, help="the network to start from (JSON)")
    st.add_argument("--csv", required=True, help="the rows to train on (raw values, with a header)")
    st.add_argument("--target", help="the columns to predict, by name, separated by commas (as train --target)")
    st.add_argument("--targets", default=1, type=int, help="without --target: the last K columns are targets")
    st.add_argument("--epochs", "--steps", dest="epochs", default=5, type=int, help="how many full-batch steps (default 5)")
    st.add_argument("--out", required=True, help="where to write the network after the steps")
    st.add_argument("--losses", help="where to write the loss before each step (JSON list)")
    add_rule_options(st, lr=0.5)
    s = modes.add_parser("seed", help="time the toy [5, 4, 4] network of Demo seed, µs per epoch")
    s.add_argument("--runs", default=7, type=int, help="timed runs after a warm-up (default 7, as Demo bench)")
    d = modes.add_parser("dot", help="time products in GFLOP/s on 1 thread and more, as Demo bench --shapes")
    d.add_argument("--shapes", default="512x512x512,30x784x100,30x100x784T", help="MxKxN[T] separated by commas")
    d.add_argument("--threads", default=[1, 2], type=lambda s: [int(n) for n in s.split(",")], help="e.g. 1,2 (the default)")
    d.add_argument("--runs", default=7, type=int, help="timed runs after a warm-up (default 7, as Demo bench)")
    args = parser.parse_args()
    if args.mode in ("train", "steps"):
        if args.lr is None:                          # the rule's usual η, else the command's, as the demo's train does
            args.lr = {"adagrad": 0.01, "rmsprop": 0.001, "adam": 0.001}.get(args.optimizer, 0.5)
        try:
            (train if args.mode == "train" else steps)(args)
        except ValueError as error:
            sys.exit(f"numpy_network.py: {error}")
    else:
        {"predict": predict, "seed": seed, "dot": dot}[args.mode](args)


if __name__ == "__main__":
    main()
