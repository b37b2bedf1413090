"""Our test accuracy beside scikit-learn's MLPClassifier, on the same splits of its small datasets, and our
test R² beside its MLPRegressor's on the diabetes data.

Each classification dataset is written as an ordinary CSV (a header of column names, the features, a `label`
column of class names), split 75/25 by scikit-learn (stratified, random_state=0) into train.csv and test.csv,
and then trained on by both:

    ours:    Demo train --csv train.csv --test-csv test.csv --label label --hidden 30 --epochs 100 [--standardize]
    sklearn: StandardScaler fitted on train.csv, then MLPClassifier(hidden_layer_sizes=(30,)) with its defaults
             (Adam, ReLU, at most 200 epochs, which often stops it before it converges) and with max_iter=2000

Diabetes (442 patients, 10 measurements, the disease's progression a year later, a number from 25 to 346) is
written as diabetes.csv, its target column `progression`, and split at seeds 1 to 5, 331 rows to train on and
111 to test, five times:

    ours:    Demo train --csv diabetes.csv --target progression --standardize --test-fraction 0.25 --seed S
    sklearn: train_test_split(test_size=0.25, random_state=S) (splits of the same sizes; ours are drawn by our
             own random numbers, so they are other rows), StandardScaler, then
             MLPRegressor(hidden_layer_sizes=(30,), max_iter=2000, random_state=S)
    paired:  ours on scikit-learn's very split, given as --csv and --test-csv

Run it with `make sklearn` (needs Debian's python3-sklearn); `--keep DIR` keeps the CSV files.
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import warnings

from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LinearRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
}
REGRESSION = ["diabetes"]
SEEDS = range(1, 6)


def write_csv(path, names, x, labels):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([*names, "label"])
        for row, label in zip(x, labels):
            out.writerow([*(repr(float(v)) for v in row), label])


def ours(demo, train, test, scaled):
    command = ["dotnet", demo, "train", "--csv", train, "--test-csv", test, "--label", "label",
               "--hidden", "30", "--epochs", "100", *(["--standardize"] if scaled else [])]
    return float(run(command, r"final test accuracy ([\d.]+)%"))


def run(command, pattern):
    """Runs the demo and returns what `pattern`'s group found in its output."""
    result = subprocess.run(command, capture_output=True, text=True)
    found = re.search(pattern, result.stdout)
    if result.returncode != 0 or not found:
        sys.exit(f"csv_vs_sklearn: {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return found.group(1)


def our_r2(demo, train, *split):
    command = ["dotnet", demo, "train", "--csv", train, "--target", "progression", "--standardize", *split]
    return float(run(command, r"final test .*R² (-?[\d.]+)"))


def write_numbers(path, names, x, y):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([*names, "progression"])
        for row, value in zip(x, y):
            out.writerow([*(repr(float(v)) for v in row), repr(float(value))])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", default="Demo/bin/Release/net10.0/Demo.dll", help="the built demo")
    parser.add_argument("--datasets", default=",".join([*LOADERS, *REGRESSION]), help="comma-separated: " + ", ".join([*LOADERS, *REGRESSION]))
    parser.add_argument("--keep", help="write the CSV files to this folder and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csv-vs-sklearn-") as scratch:
        folder = args.keep or scratch
        os.makedirs(folder, exist_ok=True)
        names = args.datasets.split(",")
        if any(name in LOADERS for name in names):
            compare(args, folder, [name for name in names if name in LOADERS])
        if "diabetes" in names:
            compare_regression(args, folder)
    if args.keep:
        print(f"the CSV files are in {args.keep}")


def compare(args, folder, names):
    print("| data set | samples × features, classes | ours, raw | ours, --standardize | scikit-learn MLP | MLP, max_iter=2000 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in names:
        data = LOADERS[name]()
        labels = [str(data.target_names[t]) for t in data.target]
        names = [re.sub(r"[^A-Za-z0-9]+", "_", n).strip("_") for n in data.feature_names]
        x_train, x_test, y_train, y_test = train_test_split(
            data.data, labels, test_size=0.25, stratify=labels, random_state=0)
        train, test = os.path.join(folder, f"{name}_train.csv"), os.path.join(folder, f"{name}_test.csv")
        write_csv(train, names, x_train, y_train)
        write_csv(test, names, x_test, y_test)

        scaler = StandardScaler().fit(x_train)
        theirs = []
        for iterations in (200, 2000):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)  # the default 200 often stops short
                mlp = MLPClassifier(hidden_layer_sizes=(30,), max_iter=iterations, random_state=0)
                mlp.fit(scaler.transform(x_train), y_train)
            theirs.append(100 * mlp.score(scaler.transform(x_test), y_test))
        shape = f"{len(labels)} × {data.data.shape[1]}, {len(data.target_names)}"
        print(f"| {name} | {shape} | {ours(args.demo, train, test, False):.1f} % "
              f"| {ours(args.demo, train, test, True):.1f} % | {theirs[0]:.1f} % | {theirs[1]:.1f} % |", flush=True)



def compare_regression(args, folder):
    """Test R² on diabetes over seeds 1 to 5: ours on our splits, scikit-learn's MLPRegressor on its splits of the
    same sizes, and ours on scikit-learn's splits (paired); LinearRegression on those for scale."""
    data = datasets.load_diabetes(scaled=False)
    path = os.path.join(folder, "diabetes.csv")
    write_numbers(path, data.feature_names, data.data, data.target)
    rows = []
    for seed in SEEDS:
        x_train, x_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.25, random_state=seed)
        scaler = StandardScaler().fit(x_train)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp = MLPRegressor(hidden_layer_sizes=(30,), max_iter=2000, random_state=seed).fit(scaler.transform(x_train), y_train)
        train, test = os.path.join(folder, f"diabetes_train_{seed}.csv"), os.path.join(folder, f"diabetes_test_{seed}.csv")
        write_numbers(train, data.feature_names, x_train, y_train)
        write_numbers(test, data.feature_names, x_test, y_test)
        rows.append((our_r2(args.demo, path, "--test-fraction", "0.25", "--seed", str(seed)), mlp.score(scaler.transform(x_test), y_test),
                     our_r2(args.demo, train, "--test-csv", test, "--seed", str(seed)), LinearRegression().fit(x_train, y_train).score(x_test, y_test)))
    print()
    print("| diabetes, test R² | ours, `--test-fraction 0.25` | scikit-learn MLPRegressor(30), max_iter=2000 | ours on scikit-learn's split | LinearRegression on it |")
    print("| --- | --- | --- | --- | --- |")
    for seed, row in zip(SEEDS, rows):
        print(f"| seed {seed} | " + " | ".join(f"{r2:.3f}" for r2 in row) + " |")
    print("| **mean** | " + " | ".join(f"**{sum(column) / len(column):.3f}**" for column in zip(*rows)) + " |", flush=True)


if __name__ == "__main__":
    main()
