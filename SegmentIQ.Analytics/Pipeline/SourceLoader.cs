using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Loads a dataset from an <see cref="ITransactionSource"/>: the aggregation runs where the data lives and the result is
/// a <see cref="LoadedDataset"/> like an upload's, without purchase lines (only the per-customer features came back).
/// </summary>
public static class SourceLoader
{
    /// <summary>
    /// Aggregates <paramref name="source"/>. Never throws for a bad source: problems come back as
    /// <see cref="LoadOutcome.Error"/> with the source, table and column named; a source whose roles cannot all be
    /// matched by name comes back as a mapping request.
    /// </summary>
    public static async Task<LoadOutcome> LoadAsync(
        ITransactionSource source,
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var preview = await source.PreviewAsync(0, cancellationToken).ConfigureAwait(false);
            var matched = ColumnAliases.Match(preview.Headers, null);
            foreach (var (role, column) in mapping ?? new Dictionary<ColumnRole, string>())
            {
                var index = preview.Headers.ToList().FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    matched[role] = index;
                }
            }

            var missing = ColumnAliases.RequiredRoles.Where(r => !matched.ContainsKey(r)).ToArray();
            if (missing.Length > 0)
            {
                return LoadOutcome.NeedsMapping(new ColumnMappingRequest(
                    source.DisplayName, preview.Headers, matched.ToDictionary(m => m.Key, m => preview.Headers[m.Value]), missing));
            }

            var aggregation = await source.AggregateAsync(mapping, cleaning, progress, cancellationToken).ConfigureAwait(false);
            return LoadOutcome.Loaded(ToDataset(aggregation, cleaning) with { Source = source });
        }
        catch (SourceException ex)
        {
            return LoadOutcome.Failed(ex.Message);
        }
    }

    /// <summary>The dataset of an aggregation; its identity hashes the source, the mapping and what came back.</summary>
    public static LoadedDataset ToDataset(SourceAggregation aggregation, CleaningOptions? cleaning)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        var report = aggregation.Report;
        var features = aggregation.Features;
        var identity = new StringBuilder(aggregation.SourceName);
        foreach (var (role, column) in aggregation.Mapping.OrderBy(m => m.Key))
        {
            identity.Append(CultureInfo.InvariantCulture, $"|{role}={column}");
        }

        identity.Append(CultureInfo.InvariantCulture, $"|{report.RowsRead}|{report.RowsKept}|{report.Revenue:R}|{report.FirstDate:O}|{report.LastDate:O}|{features.Count}");
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())));
        var format = new DetectedFormat("SQL source", null, "n/a", '.', DateLayout.Iso, false, []);
        return new LoadedDataset(
            aggregation.SourceName, sha, false, format, FileShape.Transactions, aggregation.Mapping, report.RowsRead, [], report.UnparseableLines,
            report.Warnings, report, null, features)
        {
            CleaningOptions = cleaning ?? CleaningOptions.Default,
        };
    }
}
