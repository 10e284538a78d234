using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Numerics;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Bench;

/// <summary>
/// Loads the benchmark inputs the suites share through the engine's own pipeline (<see cref="AnalysisPipeline"/>), so
/// the bench reads, cleans, featurises and numbers segments exactly as the app and the API do.
/// </summary>
public static class BenchData
{
    /// <summary>The dataset of <paramref name="path"/> as the app loads it (standard read and cleaning options).</summary>
    public static LoadedDataset LoadDataset(string path)
    {
        var outcome = AnalysisPipeline.Load(path, Path.GetFileName(path), null, null, null, null, CancellationToken.None);
        return outcome.Dataset ?? throw new InvalidOperationException(outcome.Error
            ?? $"{Path.GetFileName(path)}: columns for {string.Join(", ", outcome.MappingRequest!.Missing)} not found among {string.Join(", ", outcome.MappingRequest.Headers)}.");
    }

    /// <summary>The default clustering space (the app's default features, log1p, z-score) of <paramref name="path"/>.</summary>
    public static ClusteringSpace LoadDefaultSpace(string path) => new AnalysisPipeline().Space(LoadDataset(path), null, CancellationToken.None);

    /// <summary>The default clustering matrix of the customers in <paramref name="path"/> (see <see cref="LoadDefaultSpace"/>).</summary>
    public static FeatureMatrix LoadDefaultMatrix(string path) => LoadDefaultSpace(path).Features.Matrix;

    /// <summary>
    /// Writes <paramref name="matrix"/> as CSV (a header of its column names, then one row per customer, each value in
    /// round-trip format) so the peers' scripts under <c>bench/anchors/</c> cluster exactly the numbers we cluster.
    /// </summary>
    public static void WriteMatrixCsv(FeatureMatrix matrix, string path)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine(string.Join(',', matrix.ColumnNames.Select(name => name.Replace(',', ' '))));
        var cells = new string[matrix.Columns];
        for (var row = 0; row < matrix.Rows; row++)
        {
            var values = matrix.Row(row);
            for (var column = 0; column < cells.Length; column++)
            {
                cells[column] = values[column].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }

            writer.WriteLine(string.Join(',', cells));
        }
    }

    /// <summary>The customer feature table of a file (RFM features for transactions, the file's columns for a customer table).</summary>
    public static CustomerFeatureTable LoadFeatureTable(string path) => LoadDataset(path).Features;

    /// <summary>The cleaned purchase lines of a transaction file (standard cleaning).</summary>
    public static TransactionTable LoadCleanTransactions(string path)
    {
        var dataset = LoadDataset(path);
        return dataset.Purchases ?? throw new InvalidOperationException($"{dataset.Name} is a customer table, not transaction or order lines.");
    }
}
