using System.Globalization;
using System.Runtime.CompilerServices;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.Components.Pages.Data;

/// <summary>
/// The data explorer under the quality report: a histogram per feature (raw or log x), the feature correlation
/// heatmap, a scatter matrix of chosen features (a seeded sample above <see cref="SampleSize"/> customers), and for
/// transaction files the top countries, top products and revenue per month.
/// </summary>
public partial class DataExplorer
{
    /// <summary>Customers above which the scatter matrix shows a seeded random sample (Plotly's splom slows beyond that).</summary>
    public const int SampleSize = 2000;

    /// <summary>Seed of the scatter-matrix sample, so the same data always shows the same points.</summary>
    public const int SampleSeed = 42;

    private const int MaxMatrixFeatures = 6;

    // Keyed by the immutable dataset object and weak, so every circuit on the same dataset shares one computation
    // and a replaced dataset takes its summaries with it.
    private static readonly ConditionalWeakTable<LoadedDataset, TransactionSummary> Summaries = [];
    private static readonly ConditionalWeakTable<LoadedDataset, FeatureCorrelationResult> Correlations = [];

    private LoadedDataset? _dataset;
    private SegmentationResult? _coloredBy;
    private bool _matrixAwaitsSegments;
    private string _feature = "";
    private bool _logX;
    private HistogramData? _histogram;
    private string? _histogramNote;
    private HeatmapData? _correlation;
    private IReadOnlyList<string> _correlationWarnings = [];
    private List<string> _matrixFeatures = [];
    private bool _matrixLog = true;
    private ScatterMatrixData? _matrix;
    private string _matrixCaption = "";
    private TransactionSummary? _summary;
    private BarChartData? _countries;
    private BarChartData? _products;
    private BarChartData? _months;

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    private void SetFeature(string feature)
    {
        _feature = feature;
        BuildHistogram();
    }

    private void SetLog(bool log)
    {
        _logX = log;
        BuildHistogram();
    }

    private void SetMatrixLog(bool log)
    {
        _matrixLog = log;
        BuildMatrix();
    }

    private void ToggleMatrixFeature(string name, bool on)
    {
        if (on && !_matrixFeatures.Contains(name) && _matrixFeatures.Count < MaxMatrixFeatures)
        {
            _matrixFeatures.Add(name);
        }
        else if (!on)
        {
            _matrixFeatures.Remove(name);
        }

        BuildMatrix();
    }

    private void Refresh()
    {
        var dataset = Session.Dataset;
        if (dataset is null)
        {
            return;
        }

        if (!ReferenceEquals(dataset, _dataset))
        {
            _dataset = dataset;
            var table = dataset.Features;
            _feature = table.Contains(FeatureNames.Monetary) ? FeatureNames.Monetary : table.Columns[0].Name;
            _logX = table.Column(_feature).Skewed && table[_feature].All(v => v > 0);
            var space = Session.Space;
            _matrixFeatures = space is not null && ReferenceEquals(space.Table, table)
                ? [.. space.Options.Features.Take(MaxMatrixFeatures)]
                : [.. table.Columns.Take(4).Select(c => c.Name)];
            BuildHistogram();
            BuildCorrelation(dataset);
            _coloredBy = Session.Segmentation;

            // A new dataset's first segmentation is being computed (a fraction of a second): the matrix waits for it and
            // is sent and drawn once, coloured, instead of grey now and again coloured (a few hundred KB and a WebGL draw each).
            _matrixAwaitsSegments = _coloredBy is null && Session.IsBusy;
            if (_matrixAwaitsSegments)
            {
                _matrix = null;
                _matrixCaption = "Colouring by the segments…";
            }
            else
            {
                BuildMatrix();
            }

            _summary = null;
            if (dataset.Purchases is not null)
            {
                _ = LoadSummaryAsync(dataset);
            }
        }
        else if (!ReferenceEquals(Session.Segmentation, _coloredBy) || (_matrixAwaitsSegments && !Session.IsBusy))
        {
            // The segments arrived, or their computation ended without any (the matrix is then drawn uncoloured).
            _matrixAwaitsSegments = false;
            _coloredBy = Session.Segmentation;
            BuildMatrix();
        }
    }

    private void BuildHistogram()
    {
        var table = _dataset?.Features;
        if (table is null || !table.Contains(_feature))
        {
            return;
        }

        var values = table[_feature];
        var excluded = _logX ? values.Count(v => v <= 0) : 0;
        _histogram = new HistogramData(values, _feature, _logX);
        _histogramNote = excluded > 0
            ? $"{Format.Count(excluded)} customers with {_feature} ≤ 0 cannot be placed on a log scale and are not shown."
            : null;
    }

    private void BuildCorrelation(LoadedDataset dataset)
    {
        if (dataset.Features.Count < 2)
        {
            _correlation = null;
            _correlationWarnings = ["At least two customers are needed for correlations."];
            return;
        }

        var result = Correlations.GetValue(dataset, d => FeatureCorrelation.Pearson(d.Features));
        _correlation = new HeatmapData(result.FeatureNames, result.FeatureNames, result.Correlations.Data.ToArray(), ColorBarTitle: "r");
        _correlationWarnings = result.Warnings;
    }

    private void BuildMatrix()
    {
        var dataset = _dataset;
        if (dataset is null || _matrixFeatures.Count < 2)
        {
            _matrix = null;
            _matrixCaption = "";
            return;
        }

        var table = dataset.Features;
        var rows = SampleRows(table.Count);
        var segmentation = _coloredBy is not null && Session.Space is { } space && ReferenceEquals(space.Table, table) ? _coloredBy : null;
        var features = _matrixFeatures.ToArray();

        // Spend-like features crowd every point into one corner; log1p (as the clustering space uses) spreads them.
        var logged = features.Select(f => _matrixLog && table.Column(f).Skewed && table[f].All(v => v >= 0)).ToArray();
        var groups = segmentation is null
            ? [(Name: "Customers", Color: ChartStyle.SegmentColor(0), Rows: rows)]
            : rows.GroupBy(r => segmentation.Labels[r])
                .OrderBy(g => g.Key < 0 ? int.MaxValue : g.Key)
                .Select(g => (Name: SegmentNames.Display(g.Key, Session.Insights is { } insights && ReferenceEquals(insights.Segmentation, segmentation) ? insights.Personas : null), Color: ChartStyle.SegmentColor(g.Key), Rows: g.ToArray()))
                .ToList();
        _matrix = new ScatterMatrixData(
            [.. features.Select((f, j) => logged[j] ? $"log1p({f})" : f)],
            [.. groups.Select(g => new ScatterMatrixSeries(
                g.Name,
                [.. features.Select((f, j) => (IReadOnlyList<double>)g.Rows.Select(r => logged[j] ? Math.Log(1 + table[f][r]) : table[f][r]).ToArray())],
                g.Color,
                [.. g.Rows.Select(r => "Customer " + table.CustomerIds[r] + string.Concat(features.Select(f => $"\n{f}: {Format.Number(table[f][r], 1)}")))]))]);
        var colour = segmentation is null ? "" : " Coloured by the current segments.";
        _matrixCaption = rows.Length < table.Count
            ? $"Sampled: {Format.Count(rows.Length)} of {Format.Count(table.Count)} customers (seeded random sample, seed {SampleSeed.ToString(CultureInfo.InvariantCulture)}).{colour}"
            : $"All {Format.Count(table.Count)} customers.{colour}";
    }

    /// <summary>All rows, or a seeded sample of <see cref="SampleSize"/> rows in ascending order.</summary>
    internal static int[] SampleRows(int count)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (count <= SampleSize)
        {
            return all;
        }

        // Partial Fisher–Yates: the first SampleSize slots become a uniform sample without replacement.
        var random = new Random(SampleSeed);
        for (var i = 0; i < SampleSize; i++)
        {
            var j = random.Next(i, count);
            (all[i], all[j]) = (all[j], all[i]);
        }

        var sample = all[..SampleSize];
        Array.Sort(sample);
        return sample;
    }

    /// <summary>Long descriptions would squeeze the bars; the hover text keeps the full one.</summary>
    private static string Shorten(string text) => text.Length <= 30 ? text : string.Concat(text.AsSpan(0, 29), "…");

    private async Task LoadSummaryAsync(LoadedDataset dataset)
    {
        // A pass over every purchase line (hundreds of thousands for a full year): off the render thread.
        var summary = await Task.Run(() => Summaries.GetValue(dataset, d => TransactionSummary.Compute(d.Purchases!)));
        if (!ReferenceEquals(dataset, _dataset))
        {
            return;
        }

        _summary = summary;
        _countries = new BarChartData(
            [.. summary.TopCountries.Select(c => c.Country)],
            [new BarSeries("Revenue", [.. summary.TopCountries.Select(c => c.Revenue)], HoverText: [.. summary.TopCountries.Select(c => $"{c.Country}\nRevenue {Format.Money(c.Revenue)} ({Format.Percent(c.Share)})\n{Format.Count(c.Lines)} lines")])],
            "Revenue",
            Horizontal: true);
        _products = new BarChartData(
            [.. summary.TopProducts.Select(p => string.IsNullOrEmpty(p.Description) ? p.ProductCode : $"{Shorten(p.Description)} ({p.ProductCode})")],
            [new BarSeries("Revenue", [.. summary.TopProducts.Select(p => p.Revenue)], HoverText: [.. summary.TopProducts.Select(p => $"{p.ProductCode} {p.Description}\nRevenue {Format.Money(p.Revenue)} ({Format.Percent(p.Share)})\n{Format.Count((long)p.Quantity)} units")])],
            "Revenue",
            Horizontal: true);
        // A month the data only partly covers is labelled and paler, so its short total does not read as a drop.
        _months = new BarChartData(
            [.. summary.RevenueByMonth.Select(m => m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture) + (m.IsPartial ? $" (partial, {m.DaysCovered} d)" : ""))],
            [new BarSeries(
                "Revenue",
                [.. summary.RevenueByMonth.Select(m => m.Revenue)],
                Colors: [.. summary.RevenueByMonth.Select(m => m.IsPartial ? "#9ecae1" : "#1f77b4")],
                HoverText: [.. summary.RevenueByMonth.Select(m => $"{m.Month:MMMM yyyy}{(m.IsPartial ? $" (data covers {m.DaysCovered} of {m.DaysInMonth} days)" : "")}\nRevenue {Format.Money(m.Revenue)}\n{Format.Count(m.Invoices)} invoices")])],
            "Revenue",
            CategoryTitle: "Month");
        await InvokeAsync(StateHasChanged);
    }
}
