"""Our test accuracy beside scikit-learn's MLPClassifier, on the same splits of its small datasets.

Each dataset is written as an ordinary CSV (a header of column names, the features, a `label` column of
class names), split 75/25 by scikit-learn (stratified, random_state=0) into train.csv and test.csv, and
then trained on by both:

    ours:    Demo train --csv train.csv --test-csv test.csv --label label --hidden 30 --epochs 100 [--standardize]
    sklearn: StandardScaler fitted on train.csv, then MLPClassifier(hidden_layer_sizes=(30,)) with its defaults
             (Adam, ReLU, at most 200 epochs, which often stops it before it converges) and with max_iter=2000

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
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
}


def write_csv(path, names, x, labels):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([*names, "label"])
        for row, label in zip(x, labels):
            out.writerow([*(repr(float(v)) for v in row), label])


def ours(demo, train, test, scaled):
    command = ["dotnet", demo, "train", "--csv", train, "--test-csv", test, "--label", "label",
               "--hidden", "30", "--epochs", "100", *(["--standardize"] if scaled else [])]
    result = subprocess.run(command, capture_output=True, text=True)
    found = re.search(r"final test accuracy ([\d.]+)%", result.stdout)
    if result.returncode != 0 or not found:
        sys.exit(f"csv_vs_sklearn: {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return float(found.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", default="Demo/bin/Release/net10.0/Demo.dll", help="the built demo")
    parser.add_argument("--datasets", default=",".join(LOADERS), help="comma-separated: " + ", ".join(LOADERS))
    parser.add_argument("--keep", help="write the CSV files to this folder and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csv-vs-sklearn-") as scratch:
        folder = args.keep or scratch
        os.makedirs(folder, exist_ok=True)
        compare(args, folder)
    if args.keep:
        print(f"the CSV files are in {args.keep}")


def compare(args, folder):
    print("| data set | samples × features, classes | ours, raw | ours, --standardize | scikit-learn MLP | MLP, max_iter=2000 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.datasets.split(","):
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


if __name__ == "__main__":
    main()
