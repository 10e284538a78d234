using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.Components.Pages.Segments;

/// <summary>The Segments page: controls, the segment scatter, the elbow and silhouette charts and the profiles.</summary>
public partial class SegmentsPage
{
    private SegmentationResult? _chartedResult;
    private KMeansSweepResult? _chartedSweep;
    private int _chartedK;
    private ClusteringSpace? _scatterSpace;
    private SegmentScatterPoints? _scatterPoints;
    private SegmentColouring? _scatterColouring;
    private LineChartData? _elbow;
    private LineChartData? _silhouette;
    private BarChartData? _sizes;
    private DendrogramData? _dendrogram;
    private LineChartData? _linkageSilhouette;
    private LineChartData? _kdistance;
    private LineChartData? _bic;
    private object? _linkageKey;
    private object? _kdistanceKey;
    private object? _bicKey;
    private (MergeTree Tree, Analytics.Clustering.Agglomerative.Dendrogram Dendrogram)? _dendrogramCache;
    private bool _showAic;
    private (SegmentationSettings Settings, long Timestamp)? _sliderMoved;

    private static readonly string[] LineColors = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a"];

    private double MaxCutHeight => Session.Segmentation?.Model is AgglomerativeModel { Tree.Merges.Count: > 0 } model ? model.Tree.Merges[^1].Height : 10;

    private int? SampledAbove => Session.Space is { } space && space.Table.Count > Session.AgglomerativeSampleLimit ? Session.AgglomerativeSampleLimit : null;

    private StabilityResult? CurrentStability => ReferenceEquals(Session.StabilityFor, Session.Segmentation) ? Session.Stability : null;

    private string DendrogramTitle => Session.Segmentation?.Model is AgglomerativeModel model
        ? $"Dendrogram ({model.Linkage} linkage, top {_dendrogram?.Tree.Leaves.Count ?? 0} clusters{(model.IsSampled ? $", tree of a {Format.Count(model.TreeRows)}-customer sample" : "")})"
        : "Dendrogram";

    private string KDistanceTitle => Session.KDistance is { } curve
        ? $"Distance to the {SegmentIQ.Analytics.Reporting.Wording.Ordinal(curve.MinSamples)} nearest neighbour, sorted (knee ≈ suitable eps)"
        : "k-distance curve";

    private int MaxClusters => Session.Space is { } space
        ? Math.Min(SegmentationSettings.MaxClusters, Math.Max(SegmentationSettings.MinClusters, space.Table.Count - 1))
        : SegmentationSettings.MaxClusters;

    private string ScatterTitle => Session.Space is { } space
        ? $"Customers on the first two principal components ({Format.Percent(space.Pca.CumulativeExplainedVarianceRatio[Math.Min(1, space.Pca.NumberOfComponents - 1)], 0)} of the variance)"
        : "Customers";

    private string SilhouetteTitle => Session.KMeansSweep is { SilhouetteSampled: true } sweep
        ? $"Silhouette per k (sampled: {Format.Count(sweep.Points[0].SilhouetteRows)} customers)"
        : "Silhouette per k (exact)";

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    /// <summary>Asks for the sweeps and stability this page shows (computed only while someone looks), then rebuilds the charts.</summary>
    private void Refresh()
    {
        Session.EnsureSegmentsPageResults();
        RefreshCharts();
    }

    [Inject] private ILogger<SegmentsPage> Logger { get; set; } = null!;

    private Task OnSettingsChanged(SegmentationSettings settings)
    {
        _sliderMoved = (settings, Stopwatch.GetTimestamp());
        return Session.UpdateSettingsAsync(settings);
    }

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        // On the server an after-render runs once the browser has acknowledged the render batch: from the slider's
        // event to here is the server's work plus the round trip and the browser applying the new table (the load
        // bench reads it; Plotly drawing the scatter happens after, in the browser).
        if (_sliderMoved is { } moved && _chartedResult is { } shown && ReferenceEquals(shown, Session.Segmentation) && shown.Settings == moved.Settings)
        {
            _sliderMoved = null;
            if (Logger.IsEnabled(LogLevel.Information))
            {
                var elapsedMs = Stopwatch.GetElapsedTime(moved.Timestamp).TotalMilliseconds;
                LogSliderRendered(Logger, shown.Settings.NumberOfClusters, elapsedMs);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slider render timing: k {K}, {ElapsedMs:F1} ms from the slider's event to the browser acknowledging the new segments")]
    private static partial void LogSliderRendered(ILogger logger, int k, double elapsedMs);

    private void OnCriterionChanged(bool showAic)
    {
        _showAic = showAic;
        RefreshCharts();
    }

    // The slider has a 0.01 step: a suggestion off that grid would leave the slider and the value disagreeing.
    private static double SuggestedEps(double eps) => Math.Clamp(Math.Round(eps, 2), SegmentationSettings.MinEps, SegmentationSettings.MaxEps);

    /// <summary>Rebuilds chart data only for what changed, so a re-render never re-sends thousands of points needlessly.</summary>
    private void RefreshCharts()
    {
        var result = Session.Segmentation;
        var space = Session.Space;
        if (space is not null && result is not null && !ReferenceEquals(result, _chartedResult))
        {
            _chartedResult = result;
            if (!ReferenceEquals(space, _scatterSpace))
            {
                // The coordinates belong to the space: a new segmentation of the same space only recolours them.
                _scatterSpace = space;
                _scatterPoints = BuildScatterPoints(space);
            }

            _scatterColouring = BuildColouring(result, Session.Insights?.Personas);
            _sizes = new BarChartData(
                Enumerable.Range(0, result.NumberOfClusters).Select(s => SegmentNames.Display(s, Session.Insights?.Personas)).Append(result.NoiseCount > 0 ? "Noise" : null).OfType<string>().ToList(),
                [new BarSeries("Customers",
                    result.Sizes.Select(s => (double)s).Concat(result.NoiseCount > 0 ? [result.NoiseCount] : []).ToList(),
                    Enumerable.Range(0, result.NumberOfClusters).Select(ChartStyle.SegmentColor).Concat(result.NoiseCount > 0 ? [ChartStyle.NoiseColor] : []).ToList())],
                "Customers");
        }

        RefreshAlgorithmCharts(result);
        var sweep = Session.KMeansSweep;
        // The current k marked on the sweep charts is the shown segmentation's: it moves with the result table and the
        // scatter in one render, not ahead of them (a render of its own per move cost the browser 20–60 ms).
        var k = result?.Settings.NumberOfClusters ?? Session.Settings.NumberOfClusters;
        if (sweep is not null && (!ReferenceEquals(sweep, _chartedSweep) || k != _chartedK))
        {
            _chartedSweep = sweep;
            _chartedK = k;
            var ks = sweep.Points.Select(p => (double)p.NumberOfClusters).ToList();
            _elbow = new LineChartData(
                [new LineSeries("Inertia", ks, sweep.Points.Select(p => p.Inertia).ToList(), "#1565c0")],
                "k (segments)", "Inertia (within-segment sum of squares)", Current: k);
            _silhouette = new LineChartData(
                [new LineSeries("Silhouette", ks, sweep.Points.Select(p => p.Silhouette).ToList(), "#00897b")],
                "k (segments)", "Mean silhouette", Current: k, Suggested: sweep.SuggestedNumberOfClusters);
        }
        else if (sweep is null)
        {
            _chartedSweep = null;
            _elbow = null;
            _silhouette = null;
        }
    }

    private void RefreshAlgorithmCharts(SegmentationResult? result)
    {
        var settings = Session.Settings;
        if (result?.Model is AgglomerativeModel model && result.CutHeight is { } cutHeight)
        {
            if (_dendrogram is null || !ReferenceEquals(_chartedDendrogramResult, result))
            {
                _chartedDendrogramResult = result;
                _dendrogram = BuildDendrogram(model, result, cutHeight);
            }
        }
        else
        {
            _dendrogram = null;
            _chartedDendrogramResult = null;
        }

        var linkageSweep = Session.LinkageSweep;
        var linkageKey = (linkageSweep, settings.NumberOfClusters, settings.Linkage);
        if (linkageSweep is null)
        {
            _linkageSilhouette = null;
        }
        else if (!Equals(linkageKey, _linkageKey))
        {
            _linkageKey = linkageKey;
            var current = linkageSweep.Series.FirstOrDefault(s => s.Linkage == settings.Linkage);
            _linkageSilhouette = new LineChartData(
                linkageSweep.Series.Select((s, i) => new LineSeries(
                    s.Linkage.ToString(), s.Clusters.Select(k => (double)k).ToList(), s.Silhouettes.ToList(), LineColors[i % LineColors.Length],
                    Dash: s.Linkage == settings.Linkage ? null : "dot")).ToList(),
                "k (segments)",
                linkageSweep.Sampled ? $"Mean silhouette (sampled: {Format.Count(linkageSweep.ScoredRows)})" : "Mean silhouette",
                Current: settings.NumberOfClusters,
                Suggested: current?.BestClusters);
        }

        var curve = Session.KDistance;
        var kdKey = (curve, settings.Eps);
        if (curve is null)
        {
            _kdistance = null;
        }
        else if (!Equals(kdKey, _kdistanceKey))
        {
            _kdistanceKey = kdKey;
            _kdistance = BuildKDistance(curve, settings.Eps);
        }

        var mixtures = Session.MixtureSweep;
        var bicKey = (mixtures, settings.NumberOfClusters, settings.CovarianceType, _showAic);
        if (mixtures is null)
        {
            _bic = null;
        }
        else if (!Equals(bicKey, _bicKey))
        {
            _bicKey = bicKey;
            _bic = new LineChartData(
                mixtures.Points.GroupBy(p => p.CovarianceType).Select((g, i) => new LineSeries(
                    g.Key.ToString(),
                    g.OrderBy(p => p.Components).Select(p => (double)p.Components).ToList(),
                    g.OrderBy(p => p.Components).Select(p => _showAic ? p.Aic : p.Bic).ToList(),
                    LineColors[i % LineColors.Length],
                    Dash: g.Key == settings.CovarianceType ? null : "dot")).ToList(),
                "k (components)",
                _showAic ? "AIC" : "BIC",
                Current: settings.NumberOfClusters,
                Suggested: mixtures.Suggested.Components);
        }
    }

    private SegmentationResult? _chartedDendrogramResult;

    private DendrogramData BuildDendrogram(AgglomerativeModel model, SegmentationResult result, double cutHeight)
    {
        var tree = model.Tree;
        if (_dendrogramCache is not { } cached || !ReferenceEquals(cached.Tree, tree))
        {
            cached = (tree, tree.ToDendrogram(Math.Min(30, tree.LeafCount)));
            _dendrogramCache = cached;
        }

        // Each leaf is a cluster of the 30-cluster cut; its segment is the canonical label of any of its rows.
        var dendrogram = cached.Dendrogram;
        var leafCut = tree.CutToClusters(dendrogram.Leaves.Count);
        var segmentOfLeafLabel = new Dictionary<int, int>();
        var sample = model.SampleRows;
        for (var treeRow = 0; treeRow < leafCut.Length; treeRow++)
        {
            var dataRow = sample is null ? treeRow : sample[treeRow];
            segmentOfLeafLabel.TryAdd(leafCut[treeRow], result.Labels[dataRow]);
        }

        var leafSegments = dendrogram.Leaves.Select(l => segmentOfLeafLabel.GetValueOrDefault(l.ClusterLabel, -1)).ToList();
        return new DendrogramData(dendrogram, leafSegments, cutHeight, $"Merge height ({model.Linkage})");
    }

    private static LineChartData BuildKDistance(KDistanceCurve curve, double eps)
    {
        // Thousands of sorted distances draw the same curve as ~600 of them (plus the knee), and send far less.
        var distances = curve.Distances;
        var stride = Math.Max(1, distances.Count / 600);
        var indices = Enumerable.Range(0, (distances.Count + stride - 1) / stride).Select(i => i * stride).Append(distances.Count - 1).Append(curve.KneeIndex).Distinct().Order().ToList();
        var markers = new List<HorizontalMarker>
        {
            new(eps, $"eps = {eps.ToString("0.00", CultureInfo.InvariantCulture)} (current)"),
            new(curve.SuggestedEps, $"knee ≈ {curve.SuggestedEps.ToString("0.00", CultureInfo.InvariantCulture)} (suggested)", "#2e7d32", "dot"),
        };
        return new LineChartData(
            [new LineSeries($"{curve.MinSamples}-distance", indices.Select(i => (double)i).ToList(), indices.Select(i => distances[i]).ToList(), "#1565c0")],
            "Customers, sorted by distance",
            $"Distance to {SegmentIQ.Analytics.Reporting.Wording.Ordinal(curve.MinSamples)} neighbour",
            Suggested: curve.KneeIndex,
            HorizontalMarkers: markers);
    }


    private static SegmentScatterPoints BuildScatterPoints(ClusteringSpace space)
    {
        var scores = space.Pca.Scores;
        var rows = Enumerable.Range(0, space.Table.Count).ToArray();
        return new SegmentScatterPoints(
            rows.Select(r => scores[r, 0]).ToArray(),
            rows.Select(r => scores.Columns > 1 ? scores[r, 1] : 0.0).ToArray(),
            rows.Select(r => HoverText(space.Table, space.Options.Features, r)).ToArray(),
            "PC1",
            "PC2");
    }

    private static readonly string[] KindNames = ["Core customer", "Border customer", "Noise (anomaly)"];

    /// <summary>Colours and names ("Segment 1 · Persona") of the scatter's points; the personas belong to <paramref name="result"/>.</summary>
    private static SegmentColouring BuildColouring(SegmentationResult result, PersonaSet? personas)
    {
        var segments = Enumerable.Range(0, result.NumberOfClusters).ToArray();
        var legend = segments.Where(s => result.Sizes[s] > 0)
            .Select(s => new SegmentLegendEntry(ChartStyle.Text(SegmentNames.Display(s, personas)), ChartStyle.SegmentColor(s)))
            .Concat(result.NoiseCount > 0 ? [new SegmentLegendEntry(ChartStyle.Text(SegmentNames.Label(-1)), ChartStyle.NoiseColor)] : [])
            .ToArray();
        return new SegmentColouring(
            result.Labels,
            segments.Select(ChartStyle.SegmentColor).ToArray(),
            segments.Select(s => ChartStyle.Text(SegmentNames.Display(s, personas))).ToArray(),
            legend,
            ChartStyle.Text(SegmentNames.Label(-1)),
            ChartStyle.NoiseColor,
            result.PointKinds?.Select(k => k switch { DbscanPointKind.Core => 0, DbscanPointKind.Border => 1, _ => 2 }).ToArray(),
            result.PointKinds is null ? null : KindNames,
            result.MembershipProbability);
    }

    private static string HoverText(CustomerFeatureTable table, IReadOnlyList<string> features, int row)
    {
        var text = new StringBuilder();
        text.Append("Customer ").Append(table.CustomerIds[row]);
        foreach (var feature in features)
        {
            text.Append('\n').Append(feature).Append(": ").Append(table[feature][row].ToString("N1", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
