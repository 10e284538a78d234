#!/usr/bin/python3
"""scikit-learn's KMeans, DBSCAN and GaussianMixture timed on the matrix the bench clusters (issue 16).

Reads the CSV written by `SegmentIQ.Bench peers` (or `--export-matrix FILE`): a header of feature names, then one
standardized customer per row. Times each fit like the bench (one warm-up, then the median of --runs timed runs) and
prints one JSON object per kernel on stdout. Threads are whatever the environment says (OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS); the effective counts are printed so a reader can tell the two runs apart.

Run with Debian's interpreter, which sees the apt packages: /usr/bin/python3 kernels.py MATRIX.csv --runs 7
"""
import argparse
import json
import statistics
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN, KMeans
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_info


def timed(fit, runs):
    """One warm-up, then `runs` timed calls; returns (median, min, max in ms, result of the last call)."""
    result = fit()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fit()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), min(times), max(times), result


def emit(kernel, peer, timing, runs, figures):
    median, low, high, _ = timing
    line = {"kernel": kernel, "peer": peer, "median_ms": round(median, 3), "min_ms": round(low, 3),
            "max_ms": round(high, 3), "runs": runs}
    line.update(figures)
    print(json.dumps(line), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("matrix", help="CSV written by the bench: header row, then one row per customer")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--n-init", type=int, default=10)
    parser.add_argument("--eps", type=float, default=0.5)
    parser.add_argument("--min-samples", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    x = np.loadtxt(args.matrix, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    threads = {"omp": None, "blas": None}
    for pool in threadpool_info():
        key = "omp" if pool.get("user_api") == "openmp" else "blas"
        threads[key] = pool.get("num_threads")
    common = {"rows": int(x.shape[0]), "columns": int(x.shape[1]), "sklearn": sklearn.__version__,
              "omp_threads": threads["omp"], "blas_threads": threads["blas"]}
    runs = args.runs

    kmeans = lambda: KMeans(n_clusters=args.k, n_init=args.n_init, init="k-means++", algorithm="lloyd",
                            random_state=args.seed).fit(x)
    timing = timed(kmeans, runs)
    model = timing[3]
    emit("kmeans", f"scikit-learn {sklearn.__version__} KMeans(n_clusters={args.k}, n_init={args.n_init}, k-means++)",
         timing, runs, {**common, "inertia": round(float(model.inertia_), 6),
                        "sizes": sorted(np.bincount(model.labels_, minlength=args.k).tolist(), reverse=True),
                        "iterations": int(model.n_iter_)})

    # Cold fit: the neighbour index is built inside fit() every call, as in our Dbscan.Fit(matrix).
    dbscan = lambda: DBSCAN(eps=args.eps, min_samples=args.min_samples).fit(x)
    timing = timed(dbscan, runs)
    labels = timing[3].labels_
    emit("dbscan", f"scikit-learn {sklearn.__version__} DBSCAN(eps={args.eps}, min_samples={args.min_samples}) cold fit",
         timing, runs, {**common, "clusters": int(len(set(labels.tolist()) - {-1})),
                        "noise": int(np.count_nonzero(labels == -1)),
                        "core": int(len(timing[3].core_sample_indices_))})

    # The same settings as our GaussianMixtureOptions: tol 1e-3, max_iter 100, reg_covar 1e-6, k-means start, 1 start.
    def gmm(seed, n_init=1):
        return GaussianMixture(n_components=args.k, covariance_type="full", tol=1e-3, max_iter=100, reg_covar=1e-6,
                               init_params="kmeans", n_init=n_init, random_state=seed).fit(x)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a start that hits max_iter warns; its BIC still counts
        timing = timed(lambda: gmm(args.seed), runs)
        model = timing[3]
        bics = [float(gmm(seed).bic(x)) for seed in range(10)]
    emit("gmm", f"scikit-learn {sklearn.__version__} GaussianMixture(n_components={args.k}, full, n_init=1)",
         timing, runs, {**common, "bic": round(float(model.bic(x)), 4), "converged": bool(model.converged_),
                        "iterations": int(model.n_iter_),
                        "best_bic_of_10_starts": round(min(bics), 4),
                        "bic_of_10_starts": [round(b, 4) for b in bics]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
