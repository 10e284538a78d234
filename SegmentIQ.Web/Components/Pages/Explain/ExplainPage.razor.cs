using System.Globalization;
using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Web.Components.Pages.Explain;

/// <summary>
/// The Explain page: what drives the current segmentation (surrogate permutation importance in the background), whether
/// the segments differ on each feature (tests with Holm-corrected p and effect sizes, descriptive or split-half), what
/// makes each segment different (standardised centroid differences) and how many customers an A/B test needs per segment.
/// </summary>
public partial class ExplainPage
{
    private SegmentationResult? _shown;
    private bool _splitHalf;
    private SegmentTestReport? _tests;
    private string? _testsError;
    private CentroidDifferences? _differences;
    private IReadOnlyList<BarChartData> _zCharts = [];
    private Analytics.Numerics.FeatureMatrix? _raw;
    private int _pairFirst;
    private int _pairSecond = 1;
    private SegmentPairReport? _pair;
    private string? _pairError;
    private RadarChartData? _radar;
    private string? _customerId;
    private CustomerExplanation? _customer;
    private string? _customerError;

    // A/B planning inputs, as a person types them (percentages; order value's absolute effect in money). They start
    // from the session's, which the summary and the report use.
    private AbTestMetric _metric;
    private double _baselinePercent;
    private double _effect;
    private bool _relative;
    private double _meanEffect;
    private bool _meanRelative;
    private double _alpha;
    private double _power;
    private double _ratio;
    private bool _twoSided;

    /// <summary>
    /// The A/B options of the form for the chosen metric, or the message naming the bad field. Valid options become the
    /// session's, so the executive summary and the Excel report plan with them.
    /// </summary>
    internal (AbTestOptions? Options, string? Error) AbOptions()
    {
        var conversion = _metric == AbTestMetric.Conversion;
        var options = new AbTestOptions
        {
            Metric = _metric,
            BaselineRate = conversion ? _baselinePercent / 100 : AbTestOptions.Defaults.BaselineRate,
            MinimumDetectableEffect = conversion ? _effect / 100 : _meanRelative ? _meanEffect / 100 : _meanEffect,
            RelativeEffect = conversion ? _relative : _meanRelative,
            Alpha = _alpha,
            Power = _power,
            AllocationRatio = _ratio,
            TwoSided = _twoSided,
        };
        try
        {
            options.Validate();
            if (conversion)
            {
                Session.AbConversion = options;
            }
            else
            {
                Session.AbOrderValue = options;
            }

            return (options, null);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return (null, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        base.OnInitialized();
        var conversion = Session.AbConversion;
        var orderValue = Session.AbOrderValue;
        _baselinePercent = conversion.BaselineRate * 100;
        _effect = conversion.MinimumDetectableEffect * 100;
        _relative = conversion.RelativeEffect;
        _meanRelative = orderValue.RelativeEffect;
        _meanEffect = orderValue.RelativeEffect ? orderValue.MinimumDetectableEffect * 100 : orderValue.MinimumDetectableEffect;
        _alpha = conversion.Alpha;
        _power = conversion.Power;
        _ratio = conversion.AllocationRatio;
        _twoSided = conversion.TwoSided;
    }

    /// <summary>A money amount to the cent, with the dataset's currency symbol when known.</summary>
    private string Money(double value) => Session.Currency?.Symbol + Shared.Format.Number(value, 2);

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    private void SetSplitHalf(bool splitHalf)
    {
        _splitHalf = splitHalf;
        (_tests, _testsError) = Session.SegmentTests(_splitHalf);
    }

    /// <summary>Recomputes the cheap views when the segmentation changed, and asks for its importance.</summary>
    private void Refresh()
    {
        var segmentation = Session.Segmentation;
        if (segmentation is not null && !ReferenceEquals(segmentation, _shown) && Session.Space is { } space && space.Table.Count == segmentation.Labels.Count)
        {
            _shown = segmentation;
            (_tests, _testsError) = Session.SegmentTests(_splitHalf);
            _differences = CentroidDifferences.Compute(space.Features.Matrix, segmentation.Labels, segmentation.NumberOfClusters);
            _zCharts = [.. Enumerable.Range(0, segmentation.NumberOfClusters).Select(c => ZChart(_differences, c))];
            _radar = Radar(_differences, Session.Insights?.Personas);
            ExplainCustomer(space, segmentation);
            _raw = SegmentFeatureTests.RawFeatures(space.Table, [.. space.Table.Columns.Select(c => c.Name)]);
            if (_pairFirst >= segmentation.NumberOfClusters || _pairSecond >= segmentation.NumberOfClusters)
            {
                (_pairFirst, _pairSecond) = (0, 1);
            }

            ComparePair();
        }

        _ = Session.EnsureImportanceAsync();
    }

    private void SetPairFirst(int label)
    {
        _pairFirst = label;
        ComparePair();
    }

    private void SetCustomer(string? customerId)
    {
        _customerId = string.IsNullOrWhiteSpace(customerId) ? null : customerId.Trim();
        if (_shown is { } segmentation && Session.Space is { } space && space.Table.Count == segmentation.Labels.Count)
        {
            ExplainCustomer(space, segmentation);
        }
    }

    /// <summary>Explains the chosen customer (by default the first one), or says why not.</summary>
    private void ExplainCustomer(ClusteringSpace space, SegmentationResult segmentation)
    {
        _customer = null;
        _customerError = null;
        var ids = space.Table.CustomerIds;
        var row = _customerId is null ? 0 : IndexOf(ids, _customerId);
        if (row < 0)
        {
            _customerError = $"There is no customer '{_customerId}' in this dataset.";
            return;
        }

        try
        {
            _customer = CustomerExplanation.Explain(space.Features.Matrix, space.Table, segmentation.Labels, segmentation.NumberOfClusters, row);
        }
        catch (ArgumentException ex)
        {
            _customerError = ex.Message.Split(" (Parameter", 2)[0];
        }
    }

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every segment's standardised centroid differences as one outline each.</summary>
    internal static RadarChartData Radar(CentroidDifferences differences, PersonaSet? personas) => new(
        differences.Features,
        [.. Enumerable.Range(0, differences.NumberOfSegments).Select(s => new RadarSeries(
            SegmentNames.Display(s, personas),
            [.. Enumerable.Range(0, differences.Features.Count).Select(f => Math.Round(differences[s, f], 3))],
            ChartStyle.SegmentColor(s)))],
        "SD from the average");

    /// <summary>"Segment 2 · Loyal" or "Noise".</summary>
    private string StateName(int label) => label < 0 ? SegmentNames.Noise : SegmentName(label);

    private void SetPairSecond(int label)
    {
        _pairSecond = label;
        ComparePair();
    }

    /// <summary>Mann–Whitney of every customer feature between the chosen pair (descriptive, on every customer).</summary>
    private void ComparePair()
    {
        if (_shown is not { } segmentation || _raw is null)
        {
            return;
        }

        try
        {
            _pair = SegmentFeatureTests.ComparePair(_raw, segmentation.Labels, segmentation.NumberOfClusters, _pairFirst, _pairSecond);
            _pairError = null;
        }
        catch (ArgumentException ex)
        {
            _pair = null;
            _pairError = ex.Message.Split(" (Parameter", 2)[0];
        }
    }

    /// <summary>Bars of a segment's standardised differences, largest first, coloured by sign.</summary>
    internal static BarChartData ZChart(CentroidDifferences differences, int segment)
    {
        var ranked = differences.Ranked(segment);
        return new BarChartData(
            [.. ranked.Select(f => f.Feature)],
            [new BarSeries("z-score", [.. ranked.Select(f => Math.Round(f.Z, 3))], [.. ranked.Select(f => f.Z >= 0 ? "#2e7d32" : "#c62828")], [.. ranked.Select(f => f.Sentence())])],
            "Segment mean − overall mean (SD)",
            Horizontal: true);
    }

    private string SegmentName(int label) => SegmentNames.Display(label, Session.Insights?.Personas);

    /// <summary>p-values span 1 to 1e-300: fixed decimals down to 0.001, scientific below.</summary>
    internal static string P(double p) =>
        double.IsNaN(p) ? "–" : p >= 0.001 ? p.ToString("0.000", CultureInfo.InvariantCulture) : p.ToString("0.0e+0", CultureInfo.InvariantCulture);

    private static string Effect(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Statistic(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("N1", CultureInfo.InvariantCulture) : "–";
}
