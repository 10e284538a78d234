using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>A file ready to download: its name, MIME type and bytes.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Turns an analysis (dataset, space, personas) into the exports: the Excel report (<see cref="ExcelReport"/>) and the CSV of
/// customer → segment → persona. Everything the report shows comes from the analysis; optional parts it does
/// not have yet (membership probabilities, anomaly flags) stay null rather than being invented.
/// </summary>
public static class ReportBuilder
{
    /// <summary>MIME type of .xlsx files.</summary>
    public const string ExcelContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>MIME type of the CSV export.</summary>
    public const string CsvContentType = "text/csv";

    private const int MaxIssueRows = 200;

    /// <summary>The report input for one segmentation of a dataset.</summary>
    public static ReportInput BuildInput(LoadedDataset dataset, ClusteringSpace space, PersonaInsights insights, IReadOnlyList<ReportRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(insights);
        var segmentation = insights.Segmentation;
        var settings = segmentation.Settings;
        var quality = segmentation.Quality;
        var parameters = new List<ReportItem>
        {
            new("Algorithm", AlgorithmName(settings.Algorithm)),
            new("Number of clusters (k)", settings.NumberOfClusters),
            new("Seed", settings.Seed),
            new("Features", string.Join(", ", space.Options.Features)),
            new("log1p applied to", space.Options.Log1p.Count == 0 ? "none" : string.Join(", ", space.Options.Log1p)),
            new("Scaling", "z-score after log1p"),
            new("Segments found", segmentation.NumberOfClusters),
            new("Noise customers", segmentation.NoiseCount),
        };
        var metrics = new List<ReportItem>
        {
            new("Silhouette", quality.Silhouette.IsDefined ? quality.Silhouette.Mean : null, quality.Silhouette.IsSampled ? string.Create(CultureInfo.InvariantCulture, $"sampled on {quality.Silhouette.ScoredRows:N0} customers") : "exact"),
            new("Davies-Bouldin", quality.DaviesBouldin.IsDefined ? quality.DaviesBouldin.Value : null, "lower is better"),
            new("Calinski-Harabasz", quality.CalinskiHarabasz.IsDefined ? quality.CalinskiHarabasz.Value : null, "higher is better"),
        };
        if (insights.Kpis.Overall.RevenueAtRisk is { } atRisk)
        {
            metrics.Add(new ReportItem("Revenue at risk", atRisk, "revenue of segments whose persona is at risk"));
        }

        return new ReportInput
        {
            DatasetName = dataset.Name,
            DatasetSha256 = dataset.Sha256,
            Algorithm = AlgorithmName(settings.Algorithm),
            Parameters = parameters,
            Metrics = metrics,
            Customers = insights.Table,
            Labels = segmentation.Labels,
            Personas = insights.Personas,
            Kpis = insights.Kpis,
            MembershipProbabilities = null,
            AnomalyFlags = null,
            Rules = rules,
            DataQualitySummary = DataQualitySummary(dataset),
            DataQualityIssues = DataQualityIssues(dataset),
            SegmentTests = new Explain.SegmentFeatureTests().Fit(
                Explain.SegmentFeatureTests.RawFeatures(insights.Table, [.. insights.Table.Columns.Select(c => c.Name)]), segmentation.Labels, segmentation.NumberOfClusters),
            SegmentDifferences = space.Features.Matrix.Rows == segmentation.Labels.Count
                ? Explain.CentroidDifferences.Compute(space.Features.Matrix, segmentation.Labels, segmentation.NumberOfClusters)
                : null,
            Warnings = segmentation.Warnings.Concat(dataset.Warnings).Concat(dataset.Cleaning?.Warnings ?? []).Distinct().ToList(),
        };
    }

    /// <summary>
    /// The movers of <paramref name="analysis"/> that <paramref name="selection"/> asks for (the Over time page's
    /// snapshots, scheme and state filters), or the movers of its segments between its last two snapshots (the latest
    /// movement) when the selection is null or names a snapshot the analysis lacks; for the report's Movers sheet. Null
    /// when the analysis has a single snapshot.
    /// </summary>
    public static ReportMovers? Movers(Temporal.TemporalAnalysis analysis, Temporal.MoversSelection? selection = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var count = analysis.Snapshots.Count;
        var chosen = selection is not null && selection.FitsSnapshots(count) ? selection : Temporal.MoversSelection.Latest(count);
        if (chosen is null)
        {
            return null;
        }

        var timeline = analysis.Timeline(chosen.Rfm);
        return new ReportMovers(
            timeline.Snapshots[chosen.From].Label,
            timeline.Snapshots[chosen.To].Label,
            chosen.Apply(timeline),
            chosen.Rfm ? "RFM segment" : "Segment",
            chosen.Describe(timeline));
    }

    /// <summary>The Excel workbook of <paramref name="input"/>.</summary>
    public static ExportFile BuildWorkbook(ReportInput input, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ExportFile(FileName(input.DatasetName, "segments", "xlsx"), ExcelContentType, ExcelReport.Build(input, progress, cancellationToken));
    }

    /// <summary>The CSV of customer id → segment label → persona name (UTF-8 with BOM so spreadsheets detect the encoding).</summary>
    public static ExportFile BuildCustomerCsv(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        CsvExport.WriteCustomerSegments(writer, input.Customers, input.Labels, input.Personas);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(writer.ToString())).ToArray();
        return new ExportFile(FileName(input.DatasetName, "customer-segments", "csv"), CsvContentType, bytes);
    }

    /// <summary>Display name of an algorithm.</summary>
    public static string AlgorithmName(SegmentationAlgorithm algorithm) => algorithm switch
    {
        SegmentationAlgorithm.KMeans => "K-Means",
        _ => algorithm.ToString(),
    };

    /// <summary>A safe download name: the dataset's base name (letters, digits, - and _ only), a suffix and the extension.</summary>
    public static string FileName(string datasetName, string suffix, string extension)
    {
        ArgumentNullException.ThrowIfNull(datasetName);
        var baseName = datasetName;
        foreach (var known in new[] { ".gz", ".csv", ".xlsx", ".xls", ".txt", ".tsv" })
        {
            if (baseName.EndsWith(known, StringComparison.OrdinalIgnoreCase))
            {
                baseName = baseName[..^known.Length];
            }
        }

        var safe = new string(baseName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return $"{(safe.Length == 0 ? "dataset" : safe)}-{suffix}.{extension}";
    }

    private static List<ReportItem> DataQualitySummary(LoadedDataset dataset)
    {
        var rows = new List<ReportItem> { new("Rows read", dataset.RowsRead) };
        if (dataset.Cleaning is { } cleaning)
        {
            rows.AddRange(cleaning.Removed.Select(r => new ReportItem($"Removed: {r.Description}", r.Count)));
            rows.Add(new ReportItem("Purchase lines kept", cleaning.RowsKept));
            rows.Add(new ReportItem("Exact duplicate lines found", cleaning.ExactDuplicates, "kept unless duplicate removal is on"));
            if (dataset.HasProducts)
            {
                rows.Add(new ReportItem("Invoices", cleaning.Invoices));
                rows.Add(new ReportItem("Products", cleaning.Products));
                rows.Add(new ReportItem("Countries", cleaning.Countries));
            }
            else
            {
                rows.Add(new ReportItem("Orders", cleaning.Invoices, "order lines: one row per order, no products"));
            }

            rows.Add(new ReportItem("First date", cleaning.FirstDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            rows.Add(new ReportItem("Last date", cleaning.LastDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            rows.Add(new ReportItem("Revenue (kept lines)", cleaning.Revenue));
        }
        else
        {
            rows.Add(new ReportItem("Unparseable rows skipped", dataset.IssueCount));
        }

        rows.Add(new ReportItem("Customers", dataset.Features.Count));
        return rows;
    }

    private static List<ReportIssue> DataQualityIssues(LoadedDataset dataset)
    {
        var samples = dataset.Cleaning?.UnparseableSamples ?? dataset.Issues;
        var total = dataset.Cleaning?.UnparseableLines ?? dataset.IssueCount;
        var issues = new List<ReportIssue>();
        if (total > 0)
        {
            issues.Add(new ReportIssue("Skipped", "Unparseable lines (all; examples below)", total));
        }

        issues.AddRange(samples
            .Take(MaxIssueRows)
            .Select(issue => new ReportIssue(
                "Skipped",
                $"{issue.Column}: {issue.Reason}",
                1,
                $"{(issue.Sheet is null ? "" : issue.Sheet + " ")}line {issue.Line.ToString(CultureInfo.InvariantCulture)}: {issue.RawValue}")));
        return issues;
    }
}
