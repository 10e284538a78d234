using System.Runtime.CompilerServices;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.GaussianMixture;

/// <summary>
/// The starting partition of a mixture, as scikit-learn's <c>init_params="kmeans"</c>: one k-means run (shared
/// k-means++ seeding, then Lloyd iterations until no label changes) whose hard labels become the first
/// responsibilities. Kept inside this folder so the mixture does not depend on the K-Means feature's options.
/// </summary>
internal static class KMeansInitializer
{
    private const int MaxLloydIterations = 300;

    /// <summary>Fills <paramref name="responsibilities"/> (n × k) with one-hot k-means labels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Initialize(FeatureMatrix data, int k, Random random, double[] responsibilities, CancellationToken cancellationToken) =>
        Initialize(data, KMeansPlusPlus.FeatureMajor(data), k, random, responsibilities, cancellationToken);

    /// <summary>As above, given the feature-major copy of the data (<see cref="KMeansPlusPlus.FeatureMajor"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Initialize(FeatureMatrix data, double[] featureMajor, int k, Random random, double[] responsibilities, CancellationToken cancellationToken)
    {
        var n = data.Rows;
        var d = data.Columns;
        var centres = KMeansPlusPlus.Seed(data, featureMajor, k, random);
        var labels = new int[n];
        var sums = new double[k * d];
        var counts = new int[k];
        for (var iteration = 0; iteration < MaxLloydIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The K-Means kernel: rows vectorised over the feature-major copy, nearest centre, lowest index on ties.
            var changed = KMeansKernels.AssignLabels(featureMajor, n, d, centres, k, labels) || iteration == 0;
            if (!changed)
            {
                break;
            }

            Array.Clear(sums);
            Array.Clear(counts);
            for (var i = 0; i < n; i++)
            {
                var c = labels[i];
                counts[c]++;
                var row = data.Row(i);
                for (var j = 0; j < d; j++)
                {
                    sums[(c * d) + j] += row[j];
                }
            }

            for (var c = 0; c < k; c++)
            {
                // An emptied cluster keeps its centre; EM's count floor copes with an empty component.
                if (counts[c] == 0)
                {
                    continue;
                }

                for (var j = 0; j < d; j++)
                {
                    centres[(c * d) + j] = sums[(c * d) + j] / counts[c];
                }
            }
        }

        Array.Clear(responsibilities);
        for (var i = 0; i < n; i++)
        {
            responsibilities[(i * k) + labels[i]] = 1;
        }
    }
}
