using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The keys of the pipeline's step results. A step's key is its input's key plus its own settings, so two results
/// with the same key are the same value and a cache can hand one out for the other; a result whose key differs from
/// the current inputs' key is stale. This is the only staleness rule in SegmentIQ.
/// </summary>
public static class StepKeys
{
    /// <summary>The key of a dataset: the file's SHA-256, how it was read and how it was cleaned.</summary>
    public static string Dataset(string sha256, DataFileReadOptions? read, CleaningOptions? cleaning)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        read ??= DataFileReadOptions.Default;
        cleaning ??= CleaningOptions.Default;
        var mapping = read.Mapping is null
            ? ""
            : string.Join(',', read.Mapping.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"data:{sha256}|shape:{read.Shape}|map:{mapping}|delim:{(int?)read.Delimiter}|dec:{(int?)read.DecimalSeparator}|date:{read.DateLayout}|dup:{cleaning.RemoveDuplicates}");
    }

    /// <summary>The key of a clustering space: its dataset's key plus the features and which get log1p.</summary>
    public static string Space(string datasetKey, FeatureSpaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"{datasetKey}|features:{string.Join(',', options.Features)}|log:{string.Join(',', options.Log1p)}";
    }

    /// <summary>The key of a dataset's dated purchases (a source's per-customer, per-day amounts): its dataset's key.</summary>
    public static string Purchases(string datasetKey) => $"{datasetKey}|purchases";

    /// <summary>The key of a lifetime fit: its dataset's key plus the calibration end and the time unit.</summary>
    public static string Lifetime(string datasetKey, DateTime? calibrationEnd, Lifetime.TimeUnit unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{datasetKey}|lifetime:{calibrationEnd:yyyy-MM-dd}|unit:{unit}");

    /// <summary>The key of a segmentation: its space's key plus every setting of the algorithm.</summary>
    public static string Segmentation(string spaceKey, SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var b = new StringBuilder(spaceKey).Append("|seg:").Append(settings.Algorithm);
        b.Append(CultureInfo.InvariantCulture, $"|k:{settings.NumberOfClusters}|seed:{settings.Seed}");
        switch (settings.Algorithm)
        {
            case SegmentationAlgorithm.Hierarchical:
                b.Append(CultureInfo.InvariantCulture, $"|link:{settings.Linkage}|cut:{settings.CutMode}|h:{settings.CutHeight:R}");
                break;
            case SegmentationAlgorithm.Dbscan:
                b.Append(CultureInfo.InvariantCulture, $"|eps:{settings.Eps:R}|min:{settings.MinSamples}");
                break;
            case SegmentationAlgorithm.GaussianMixture:
                b.Append(CultureInfo.InvariantCulture, $"|cov:{settings.CovarianceType}");
                break;
        }

        return b.ToString();
    }

    /// <summary>
    /// The key of the K-Means sweep over k of a space (elbow and silhouette per k, each point a ready segmentation):
    /// the space's key plus the seed and the largest number of rows whose silhouette is exact.
    /// </summary>
    public static string KMeansSweep(string spaceKey, int seed, int silhouetteExactLimit) =>
        string.Create(CultureInfo.InvariantCulture, $"{spaceKey}|kmeans-sweep|seed:{seed}|exact:{silhouetteExactLimit}");

    /// <summary>The key of a segments-over-time analysis: the segmentation's key plus the snapshot settings.</summary>
    public static string Temporal(string spaceKey, SegmentationSettings settings, Temporal.TemporalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Segmentation(spaceKey, settings) + options.KeyPart();
    }
}
