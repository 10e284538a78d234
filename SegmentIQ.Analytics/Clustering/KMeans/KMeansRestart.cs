using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SegmentIQ.Analytics.Clustering.KMeans;

/// <summary>The outcome of one k-means++ start followed by Lloyd or Elkan iterations.</summary>
internal sealed record KMeansRestartResult(int[] Labels, double[] Centres, double Inertia, int Iterations, bool Converged);

/// <summary>
/// One restart, following scikit-learn's <c>_kmeans_single_lloyd</c> / <c>_kmeans_single_elkan</c>: iterate until
/// the labels stop changing (strict convergence) or the summed squared centre shift is within the tolerance, then,
/// unless strictly converged, assign labels once more to the final centres so labels, centres and inertia agree.
/// All work buffers are allocated once per restart, none per iteration.
/// </summary>
internal sealed class KMeansRestart
{
    private const int Lanes = 4;
    private readonly double[] _data;
    private readonly double[] _transposed;
    private readonly int _n;
    private readonly int _d;
    private readonly int _k;
    private readonly int[] _labels;
    private readonly int[] _counts;
    private readonly double[] _sums;
    private readonly double[] _partialSums;
    private readonly int[] _partialCounts;
    private double[] _centres;
    private double[] _nextCentres;

    public KMeansRestart(double[] data, double[] transposed, int rows, int columns, double[] initialCentres, int k)
    {
        _data = data;
        _transposed = transposed;
        _n = rows;
        _d = columns;
        _k = k;
        _labels = new int[rows];
        _counts = new int[k];
        _sums = new double[k * columns];
        _partialSums = new double[Lanes * k * columns];
        _partialCounts = new int[Lanes * k];
        _centres = initialCentres;
        _nextCentres = new double[k * columns];
    }

    public KMeansRestartResult Run(KMeansAlgorithm algorithm, int maxIterations, double tolerance, CancellationToken cancellationToken) =>
        algorithm == KMeansAlgorithm.Elkan
            ? RunElkan(maxIterations, tolerance, cancellationToken)
            : RunLloyd(maxIterations, tolerance, cancellationToken);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private KMeansRestartResult RunLloyd(int maxIterations, double tolerance, CancellationToken cancellationToken)
    {
        var strict = false;
        var converged = false;
        var iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            // The first assignment always counts as a change (as against the "no labels yet" of scikit-learn).
            var changed = KMeansKernels.AssignLabels(_transposed, _n, _d, _centres, _k, _labels) || iteration == 1;
            AccumulateAll();

            var shift = UpdateCentres();
            if (!changed)
            {
                strict = true;
                converged = true;
                break;
            }

            if (shift <= tolerance)
            {
                converged = true;
                break;
            }
        }

        return Finish(strict, converged, iteration);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private KMeansRestartResult RunElkan(int maxIterations, double tolerance, CancellationToken cancellationToken)
    {
        var n = _n;
        var k = _k;
        var d = _d;
        var upper = new double[n];
        var lower = new double[n * k];
        var halfCentreDistances = new double[k * k];
        var nextCentreHalfDistance = new double[k];
        var centreShifts = new double[k];
        var previousLabels = new int[n];
        Array.Fill(previousLabels, -1);

        // Exact bounds for the initial centres.
        for (var i = 0; i < n; i++)
        {
            var row = _data.AsSpan(i * d, d);
            var best = double.PositiveInfinity;
            var bestIndex = 0;
            for (var c = 0; c < k; c++)
            {
                var distance = Math.Sqrt(KMeansKernels.SquaredDistance(row, _centres.AsSpan(c * d, d)));
                lower[(i * k) + c] = distance;
                if (distance < best)
                {
                    best = distance;
                    bestIndex = c;
                }
            }

            _labels[i] = bestIndex;
            upper[i] = best;
        }

        var strict = false;
        var converged = false;
        var iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            HalfCentreDistances(halfCentreDistances, nextCentreHalfDistance);
            for (var i = 0; i < n; i++)
            {
                var row = _data.AsSpan(i * d, d);
                var label = _labels[i];
                var bound = upper[i];
                var lowerRow = lower.AsSpan(i * k, k);
                if (bound > nextCentreHalfDistance[label])
                {
                    var tight = false;
                    for (var c = 0; c < k; c++)
                    {
                        if (c == label || bound <= lowerRow[c] || bound <= halfCentreDistances[(label * k) + c])
                        {
                            continue;
                        }

                        if (!tight)
                        {
                            bound = Math.Sqrt(KMeansKernels.SquaredDistance(row, _centres.AsSpan(label * d, d)));
                            lowerRow[label] = bound;
                            tight = true;
                            if (bound <= lowerRow[c] || bound <= halfCentreDistances[(label * k) + c])
                            {
                                continue;
                            }
                        }

                        var distance = Math.Sqrt(KMeansKernels.SquaredDistance(row, _centres.AsSpan(c * d, d)));
                        lowerRow[c] = distance;
                        if (distance < bound)
                        {
                            label = c;
                            bound = distance;
                        }
                    }

                    upper[i] = bound;
                    _labels[i] = label;
                }
            }

            AccumulateAll();

            var oldCentres = _centres;
            var shift = UpdateCentres();
            for (var c = 0; c < k; c++)
            {
                centreShifts[c] = Math.Sqrt(KMeansKernels.SquaredDistance(_centres.AsSpan(c * d, d), oldCentres.AsSpan(c * d, d)));
            }

            for (var i = 0; i < n; i++)
            {
                upper[i] += centreShifts[_labels[i]];
                var lowerRow = lower.AsSpan(i * k, k);
                for (var c = 0; c < k; c++)
                {
                    lowerRow[c] = Math.Max(lowerRow[c] - centreShifts[c], 0.0);
                }
            }

            if (_labels.AsSpan().SequenceEqual(previousLabels))
            {
                strict = true;
                converged = true;
                break;
            }

            if (shift <= tolerance)
            {
                converged = true;
                break;
            }

            _labels.AsSpan().CopyTo(previousLabels);
        }

        return Finish(strict, converged, iteration);
    }

    /// <summary>
    /// Per-cluster row counts and coordinate sums for the current labels (the M-step's numerators). Consecutive rows
    /// often share a label, so summing into one buffer would chain every add through the same memory; rows go
    /// round-robin into <see cref="Lanes"/> partial buffers instead, combined at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateAll()
    {
        var d = _d;
        var width = _k * d;
        Array.Clear(_partialSums);
        Array.Clear(_partialCounts);
        ref var data = ref _data[0];
        ref var sums = ref _partialSums[0];
        ref var counts = ref _partialCounts[0];
        if (d == Vector256<double>.Count && Vector256.IsHardwareAccelerated)
        {
            // The common four-feature case: one row is one vector. Fields are read once into locals: the stores
            // through refs would otherwise make the JIT reload them for every row.
            var n = _n;
            var k = _k;
            var labels = _labels;
            for (var i = 0; i < n; i++)
            {
                var lane = i & (Lanes - 1);
                var label = labels[i];
                Unsafe.Add(ref counts, (lane * k) + label)++;
                ref var sum = ref Unsafe.Add(ref sums, (lane * width) + (label * d));
                (Vector256.LoadUnsafe(ref sum) + Vector256.LoadUnsafe(ref Unsafe.Add(ref data, i * d))).StoreUnsafe(ref sum);
            }
        }
        else
        {
            for (var i = 0; i < _n; i++)
            {
                var lane = i & (Lanes - 1);
                var label = _labels[i];
                Unsafe.Add(ref counts, (lane * _k) + label)++;
                ref var sum = ref Unsafe.Add(ref sums, (lane * width) + (label * d));
                ref var row = ref Unsafe.Add(ref data, i * d);
                for (var f = 0; f < d; f++)
                {
                    Unsafe.Add(ref sum, f) += Unsafe.Add(ref row, f);
                }
            }
        }

        for (var j = 0; j < width; j++)
        {
            _sums[j] = (_partialSums[j] + _partialSums[width + j]) + (_partialSums[(2 * width) + j] + _partialSums[(3 * width) + j]);
        }

        for (var c = 0; c < _k; c++)
        {
            _counts[c] = _partialCounts[c] + _partialCounts[_k + c] + _partialCounts[(2 * _k) + c] + _partialCounts[(3 * _k) + c];
        }
    }

    /// <summary>
    /// Moves empty clusters to the rows farthest from their centre, averages the sums into the next centres, swaps
    /// them in and returns the summed squared centre shift.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double UpdateCentres()
    {
        RelocateEmptyClusters();
        var shift = 0.0;
        for (var c = 0; c < _k; c++)
        {
            var next = _nextCentres.AsSpan(c * _d, _d);
            var old = _centres.AsSpan(c * _d, _d);
            if (_counts[c] > 0)
            {
                var sum = _sums.AsSpan(c * _d, _d);
                var inverse = 1.0 / _counts[c];
                for (var f = 0; f < _d; f++)
                {
                    next[f] = sum[f] * inverse;
                }
            }
            else
            {
                // Only reachable when relocation emptied a singleton cluster: keep its centre.
                old.CopyTo(next);
            }

            shift += KMeansKernels.SquaredDistance(next, old);
        }

        (_centres, _nextCentres) = (_nextCentres, _centres);
        return shift;
    }

    /// <summary>
    /// scikit-learn's <c>_relocate_empty_clusters_dense</c>: each empty cluster takes one of the rows farthest from
    /// their current centre (farthest first); that row's contribution moves from its old cluster to the empty one.
    /// </summary>
    private void RelocateEmptyClusters()
    {
        var empty = 0;
        for (var c = 0; c < _k; c++)
        {
            if (_counts[c] == 0)
            {
                empty++;
            }
        }

        if (empty == 0)
        {
            return;
        }

        var distances = new double[_n];
        for (var i = 0; i < _n; i++)
        {
            distances[i] = KMeansKernels.SquaredDistance(_data.AsSpan(i * _d, _d), _centres.AsSpan(_labels[i] * _d, _d));
        }

        var order = Enumerable.Range(0, _n).OrderByDescending(i => distances[i]).ThenBy(i => i).Take(empty).ToArray();
        var taken = 0;
        for (var c = 0; c < _k; c++)
        {
            if (_counts[c] != 0)
            {
                continue;
            }

            var far = order[taken++];
            var old = _labels[far];
            var row = _data.AsSpan(far * _d, _d);
            var oldSum = _sums.AsSpan(old * _d, _d);
            var newSum = _sums.AsSpan(c * _d, _d);
            for (var f = 0; f < _d; f++)
            {
                oldSum[f] -= row[f];
                newSum[f] = row[f];
            }

            _counts[old]--;
            _counts[c] = 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HalfCentreDistances(double[] half, double[] nextHalf)
    {
        for (var a = 0; a < _k; a++)
        {
            half[(a * _k) + a] = 0;
            for (var b = a + 1; b < _k; b++)
            {
                var distance = 0.5 * Math.Sqrt(KMeansKernels.SquaredDistance(_centres.AsSpan(a * _d, _d), _centres.AsSpan(b * _d, _d)));
                half[(a * _k) + b] = distance;
                half[(b * _k) + a] = distance;
            }
        }

        for (var a = 0; a < _k; a++)
        {
            var min = double.PositiveInfinity;
            for (var b = 0; b < _k; b++)
            {
                if (b != a)
                {
                    min = Math.Min(min, half[(a * _k) + b]);
                }
            }

            nextHalf[a] = min;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private KMeansRestartResult Finish(bool strict, bool converged, int iterations)
    {
        if (!strict)
        {
            // The centres moved after the last assignment: relabel so labels, centres and inertia agree.
            KMeansKernels.AssignLabels(_transposed, _n, _d, _centres, _k, _labels);
        }

        // Recomputed row-major in row order so the reported inertia does not depend on the SIMD width.
        var inertia = KMeansKernels.Inertia(_data, _d, _labels, _centres);
        return new KMeansRestartResult(_labels, _centres, inertia, iterations, converged);
    }
}
