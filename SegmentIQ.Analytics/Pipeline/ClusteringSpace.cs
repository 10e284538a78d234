using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Projection;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The space the algorithms work in: the chosen features scaled (log1p, z-score), the customers' feature table, the
/// key segments are ordered by, and the PCA used for the 2D scatter.
/// </summary>
public sealed record ClusteringSpace(
    CustomerFeatureTable Table,
    FeatureSpaceOptions Options,
    FeatureSpace Features,
    double[] OrderingKey,
    string OrderingKeyName,
    PcaModel Pca)
{
    /// <summary>The key of the dataset this space was built from (empty when built outside the pipeline).</summary>
    public string DatasetKey { get; init; } = "";

    /// <summary>This step's key: the dataset's key plus the features (<see cref="StepKeys.Space"/>).</summary>
    public string Key => StepKeys.Space(DatasetKey, Options);

    /// <summary>A key identifying this space for caches: dataset hash plus feature choice.</summary>
    public string CacheKey(string datasetHash) => StepKeys.Space(datasetHash, Options);

    /// <summary>Builds the space: scales the features, picks the ordering key, fits the PCA.</summary>
    public static ClusteringSpace Build(CustomerFeatureTable table, FeatureSpaceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var features = FeatureSpace.Fit(table, options);
        double[] key;
        string keyName;
        if (table.Contains(FeatureNames.Monetary))
        {
            key = table[FeatureNames.Monetary];
            keyName = FeatureNames.Monetary;
        }
        else
        {
            // Customer tables: order segments by the overall level of the chosen (scaled) features.
            var m = features.Matrix;
            key = new double[m.Rows];
            for (var i = 0; i < m.Rows; i++)
            {
                var sum = 0.0;
                foreach (var v in m.Row(i))
                {
                    sum += v;
                }

                key[i] = sum;
            }

            keyName = "overall level of the chosen features";
        }

        var pca = new Pca().Fit(features.Matrix, cancellationToken);
        return new ClusteringSpace(table, options, features, key, keyName, pca);
    }
}
