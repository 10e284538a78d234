using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SegmentIQ.Analytics.Numerics;

/// <summary>
/// k-means++ seeding (Arthur and Vassilvitskii 2007) in its greedy form, as scikit-learn uses: each new centre is
/// the best of <c>2 + ln k</c> candidates drawn proportionally to the squared distance to the nearest chosen centre.
/// Shared by K-Means and the Gaussian mixture initialisation.
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>Returns the row indices of <paramref name="k"/> seeds (k ≤ rows).</summary>
    public static int[] SeedIndices(FeatureMatrix data, int k, Random random) =>
        SeedIndices(data, FeatureMajor(data), k, random);

    /// <summary>
    /// As <see cref="SeedIndices(FeatureMatrix, int, Random)"/>, given the feature-major copy of the data
    /// (<see cref="FeatureMajor"/>), which callers seeding many times compute once.
    /// </summary>
    public static int[] SeedIndices(FeatureMatrix data, double[] featureMajor, int k, Random random) =>
        SeedIndices(data, featureMajor, k, random, new Scratch(data.Rows));

    /// <summary>
    /// As <see cref="SeedIndices(FeatureMatrix, double[], int, Random)"/>, with the three per-row distance arrays
    /// taken from <paramref name="scratch"/>, so restarts run one after another allocate them once (they were most
    /// of a K-Means fit's allocations).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] SeedIndices(FeatureMatrix data, double[] featureMajor, int k, Random random, Scratch scratch)
    {
        var n = data.Rows;
        var seeds = new int[k];
        var closest = scratch.Closest;
        var candidateDistances = scratch.Candidate;
        var bestDistances = scratch.Best;
        var trials = 2 + (int)Math.Log(k);

        seeds[0] = random.Next(n);
        Array.Fill(closest, double.PositiveInfinity);
        var potential = CandidatePass(featureMajor, n, data.Row(seeds[0]), closest, closest);

        for (var c = 1; c < k; c++)
        {
            var bestCandidate = -1;
            var bestPotential = double.PositiveInfinity;
            for (var t = 0; t < trials; t++)
            {
                var candidate = Sample(closest, potential, random);
                var candidatePotential = CandidatePass(featureMajor, n, data.Row(candidate), closest, candidateDistances);
                if (candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestCandidate = candidate;
                    (candidateDistances, bestDistances) = (bestDistances, candidateDistances);
                }
            }

            seeds[c] = bestCandidate;
            potential = bestPotential;
            (closest, bestDistances) = (bestDistances, closest);
        }

        return seeds;
    }

    /// <summary>Copies the seed rows into a row-major k × columns array of centres.</summary>
    public static double[] Seed(FeatureMatrix data, int k, Random random) => Seed(data, FeatureMajor(data), k, random);

    /// <summary>As <see cref="Seed(FeatureMatrix, int, Random)"/>, given the feature-major copy of the data.</summary>
    public static double[] Seed(FeatureMatrix data, double[] featureMajor, int k, Random random) =>
        Seed(data, featureMajor, k, random, new Scratch(data.Rows));

    /// <summary>As <see cref="Seed(FeatureMatrix, double[], int, Random)"/>, reusing <paramref name="scratch"/>.</summary>
    public static double[] Seed(FeatureMatrix data, double[] featureMajor, int k, Random random, Scratch scratch)
    {
        var indices = SeedIndices(data, featureMajor, k, random, scratch);
        var centres = new double[k * data.Columns];
        for (var c = 0; c < k; c++)
        {
            data.Row(indices[c]).CopyTo(centres.AsSpan(c * data.Columns, data.Columns));
        }

        return centres;
    }

    /// <summary>The data with column f of all rows contiguous (<c>[f * rows + i]</c>), for the SIMD distance passes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] FeatureMajor(FeatureMatrix data)
    {
        var n = data.Rows;
        var d = data.Columns;
        var raw = data.Data;
        var transposed = new double[raw.Length];
        for (var i = 0; i < n; i++)
        {
            for (var f = 0; f < d; f++)
            {
                transposed[(f * n) + i] = raw[(i * d) + f];
            }
        }

        return transposed;
    }

    /// <summary>
    /// output[i] = min(closest[i], ‖row i − candidate‖²) for every row, returning their sum (the potential if the
    /// candidate were chosen). Vectorised across rows; <paramref name="output"/> may be <paramref name="closest"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CandidatePass(double[] featureMajor, int n, ReadOnlySpan<double> candidate, double[] closest, double[] output)
    {
        var d = candidate.Length;
        var i = 0;
        var total = 0.0;
        if (Vector512.IsHardwareAccelerated)
        {
            var sum = Vector512<double>.Zero;
            for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var distance = Vector512<double>.Zero;
                for (var f = 0; f < d; f++)
                {
                    var diff = Vector512.LoadUnsafe(ref featureMajor[(f * n) + i]) - Vector512.Create(candidate[f]);
                    distance += diff * diff;
                }

                var nearest = Vector512.Min(Vector512.LoadUnsafe(ref closest[i]), distance);
                nearest.StoreUnsafe(ref output[i]);
                sum += nearest;
            }

            total = Vector512.Sum(sum);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var sum = Vector256<double>.Zero;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var distance = Vector256<double>.Zero;
                for (var f = 0; f < d; f++)
                {
                    var diff = Vector256.LoadUnsafe(ref featureMajor[(f * n) + i]) - Vector256.Create(candidate[f]);
                    distance += diff * diff;
                }

                var nearest = Vector256.Min(Vector256.LoadUnsafe(ref closest[i]), distance);
                nearest.StoreUnsafe(ref output[i]);
                sum += nearest;
            }

            total = Vector256.Sum(sum);
        }

        for (; i < n; i++)
        {
            var distance = 0.0;
            for (var f = 0; f < d; f++)
            {
                var diff = featureMajor[(f * n) + i] - candidate[f];
                distance += diff * diff;
            }

            var nearest = Math.Min(closest[i], distance);
            output[i] = nearest;
            total += nearest;
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Sample(double[] weights, double total, Random random)
    {
        if (total <= 0)
        {
            // Every remaining point coincides with a chosen centre: any index is as good as another.
            return random.Next(weights.Length);
        }

        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        var i = 0;

        // Whole blocks whose sum keeps the running total below the target are skipped a vector at a time, so the
        // running sum is a chain of one add per four rows instead of one per row (the row-by-row chain was most of
        // the seeding time); the row is then found row by row. The block sums round differently from a row-by-row
        // sum, so only a target within rounding (about 1e-16 of the total) of a row boundary can pick its neighbour.
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= weights.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var next = cumulative + Vector256.Sum(Vector256.LoadUnsafe(ref weights[i]));
                if (next >= target)
                {
                    break;
                }

                cumulative = next;
            }
        }

        for (; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative >= target && weights[i] > 0)
            {
                return i;
            }
        }

        // Rounding left the target past the end: take the last point with weight.
        for (var last = weights.Length - 1; last >= 0; last--)
        {
            if (weights[last] > 0)
            {
                return last;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>Per-row working arrays of one seeding; every value is written before it is read, so reuse is safe.</summary>
    internal sealed class Scratch(int rows)
    {
        public double[] Closest { get; } = new double[rows];

        public double[] Candidate { get; } = new double[rows];

        public double[] Best { get; } = new double[rows];
    }
}
