"""The seed's network in numpy, corrected as the accepted answer says; README section 10 sets it
beside the same steps in C#. Run: python3 Demo/samples/seed_numpy.py (needs numpy)."""
import numpy as np

X = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=float).T   # (5, 2): one sample per column
Y = np.array([[0, 1, 0, 0], [1, 0, 0, 0]], dtype=float).T         # (4, 2)
m = X.shape[1]                                                     # samples

def start(rows, cols):            # fixed starting weights in [-1, 1], the same in the C# version
    return np.array([[((7 * r + 3 * c) % 11) / 5.5 - 1 for c in range(cols)] for r in range(rows)])

W1, b1 = start(4, 5), np.zeros((4, 1))
W2, b2 = start(4, 4), np.zeros((4, 1))
sigmoid = lambda z: 1 / (1 + np.exp(-z))

def forward(X):                    # prediction is a function of X
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    return A1, A2

for epoch in range(5000):          # one step is not training: loop
    A1, A2 = forward(X)
    dZ2 = A2 - Y                                   # cross-entropy with a sigmoid output
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.mean(axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)             # σ′(Z1) = A1(1 − A1)
    dW1 = dZ1 @ X.T / m
    db1 = dZ1.mean(axis=1, keepdims=True)
    W2 -= 0.5 * dW2; b2 -= 0.5 * db2
    W1 -= 0.5 * dW1; b1 -= 0.5 * db1

print(forward(X)[1])
