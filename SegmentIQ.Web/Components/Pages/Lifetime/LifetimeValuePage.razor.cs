using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Shared;

namespace SegmentIQ.Web.Components.Pages.Lifetime;

/// <summary>
/// The Lifetime value page: BG/NBD and Gamma-Gamma fitted on the current dataset in the background, parameters in
/// plain words, the holdout and repeat-purchase checks, P(alive) and expected-purchase heatmaps, CLV and churn risk
/// per segment, and a sortable customer table with CSV export. Every control updates the session's settings; the fit
/// reruns only when the calibration end or unit changes.
/// </summary>
public partial class LifetimeValuePage
{
    private const int MaxGridFrequency = 15;
    private const int GridRecencySteps = 11;

    private LifetimeFit? _chartsFit;
    private BarChartData? _holdout;
    private BarChartData? _distribution;
    private HeatmapData? _aliveGrid;
    private LineChartData? _cumulative;
    private (LifetimeFit? Fit, string? Customer) _historyKey;
    private LineChartData? _aliveHistory;
    private string? _historyCustomer;
    private string? _historyMessage;
    private double _aliveAge;
    private (LifetimeFit? Fit, int Horizon) _expectedKey;
    private HeatmapData? _expectedGrid;
    private (CustomerLifetimeTable? Values, object? Segmentation, double Threshold) _tableKey;
    private List<CustomerRow> _rows = [];
    private IReadOnlyList<SegmentLifetime> _segments = [];
    private Dictionary<string, string> _segmentOf = [];

    [Inject] private IJSRuntime JS { get; set; } = null!;

    private LifetimeOptions Options => Session.LifetimeOptions;

    private string UnitName => TimeUnits.Name(Options.Unit);

    // Up to half the period, rounded up: CDNOW's published split (39 weeks of 77.9 held out) must be reachable.
    private int MaxHoldoutWeeks => Session.PurchasePeriod is { } period ? Math.Max(0, (int)Math.Ceiling((period.Last - period.First).TotalDays / 7 / 2)) : 0;

    private int HoldoutWeeks => Options.CalibrationEnd is { } end && Session.PurchasePeriod is { } period
        ? (int)Math.Round((period.Last - end).TotalDays / 7)
        : 0;

    private static Variant VariantFor(bool selected) => selected ? Variant.Filled : Variant.Outlined;

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    private void SetHoldoutWeeks(int weeks) => Apply(Options with
    {
        CalibrationEnd = weeks <= 0 || Session.PurchasePeriod is not { } period ? null : period.Last.AddDays(-7 * weeks),
    });

    private DateTime? CalibrationDate => Options.CalibrationEnd ?? Session.PurchasePeriod?.Last;

    private DateTime? EarliestCalibrationEnd => Session.PurchasePeriod is { } period ? period.Last.AddDays(-7 * MaxHoldoutWeeks) : null;

    /// <summary>The date picker's calibration end; the last day of the data means "no holdout".</summary>
    private void SetCalibrationDate(DateTime? date)
    {
        if (date is null || Session.PurchasePeriod is not { } period)
        {
            return;
        }

        var day = date.Value.Date;
        var earliest = EarliestCalibrationEnd ?? period.First;
        day = day < earliest ? earliest : day;
        Apply(Options with { CalibrationEnd = day >= period.Last ? null : day });
    }

    private void ShowHistory(string? customerId)
    {
        _historyCustomer = string.IsNullOrWhiteSpace(customerId) ? null : customerId.Trim();
        Refresh();
    }

    private void SetUnit(TimeUnit unit) => Apply(Options with { Unit = unit });

    private void SetHorizon(int months) => Apply(Options with { HorizonMonths = months });

    private void SetDiscount(double rate) => Apply(Options with { MonthlyDiscountRate = Math.Round(rate, 4) });

    private void SetThreshold(double threshold) => Apply(Options with { AtRiskThreshold = Math.Round(threshold, 2) });

    private void Apply(LifetimeOptions options)
    {
        Session.SetLifetimeOptions(options);
        Refresh();
    }

    /// <summary>Asks for the results of the current settings and rebuilds only the views whose inputs changed.</summary>
    private void Refresh()
    {
        if (Session.Dataset is null || Session.LifetimeUnavailable is not null)
        {
            return;
        }

        // Fire and forget: the session notifies when a result lands, which brings us back here.
        _ = Session.EnsureLifetimeAsync();
        var fit = Session.LifetimeFit;
        if (fit is null)
        {
            return;
        }

        if (!ReferenceEquals(fit, _chartsFit))
        {
            _chartsFit = fit;
            var holdout = fit.HoldoutCheck();
            _holdout = holdout.Count == 0 ? null : new BarChartData(
                [.. holdout.Select(g => g.Label)],
                [
                    new BarSeries("Actual", [.. holdout.Select(g => g.MeanActual)]),
                    new BarSeries("Model", [.. holdout.Select(g => g.MeanExpected)]),
                ],
                $"Mean purchases in the {Format.Number(fit.Summary.HoldoutDuration, 0)} {UnitName} after calibration",
                CategoryTitle: "Repeat purchases in calibration");
            var distribution = fit.RepeatPurchaseDistribution();
            _distribution = new BarChartData(
                [.. distribution.Select(d => d.Label)],
                [
                    new BarSeries("Actual", [.. distribution.Select(d => (double)d.Actual)]),
                    new BarSeries("Model", [.. distribution.Select(d => d.Expected)]),
                ],
                "Customers",
                CategoryTitle: "Repeat purchases in calibration");
            var alive = fit.ProbabilityAliveGrid(GridFrequency(fit), GridRecencySteps);
            _aliveAge = alive.Age;
            _aliveGrid = ToHeatmap(alive, "P(alive)", "0.00");
            _cumulative = fit.CumulativeTransactions() is { } curves ? Cumulative(curves) : null;
        }

        RefreshHistory(fit);

        if (_expectedKey != (fit, Options.HorizonMonths))
        {
            _expectedKey = (fit, Options.HorizonMonths);
            var horizon = Options.HorizonMonths * TimeUnits.PerMonth(fit.Summary.Unit);
            _expectedGrid = ToHeatmap(fit.ExpectedPurchasesGrid(GridFrequency(fit), GridRecencySteps, horizon), "Expected purchases", "0.0");
        }

        var values = Session.LifetimeValues;
        var segmentation = Session.Segmentation;
        if (values is not null && _tableKey != (values, segmentation, Options.AtRiskThreshold))
        {
            _tableKey = (values, segmentation, Options.AtRiskThreshold);
            var summary = values.Summary;
            _rows = [.. Enumerable.Range(0, summary.Count).Select(i => new CustomerRow(
                summary.CustomerIds[i], summary.Frequency[i], summary.Recency[i], summary.T[i],
                values.ProbabilityAlive[i], values.ExpectedPurchases[i], values.ExpectedSpend[i], values.Clv[i]))];
            var ids = Session.Space?.Table.CustomerIds;
            if (segmentation is not null && ids is not null && ids.Count == segmentation.Labels.Count)
            {
                var personas = Session.Insights?.Personas;
                _segments = ChurnRisk.BySegment(values, ids, segmentation.Labels, personas, Options.AtRiskThreshold);
                _segmentOf = ids.Select((id, row) => (id, row)).ToDictionary(p => p.id, p => SegmentNames.Display(segmentation.Labels[p.row], personas), StringComparer.Ordinal);
            }
            else
            {
                _segments = [];
                _segmentOf = [];
            }
        }
    }

    private LineChartData Cumulative(CumulativeTransactions curves)
    {
        var unitDays = TimeUnits.DaysPer(curves.Unit);
        var start = curves.Dates[0];
        var x = curves.Dates.Select(d => (d - start).TotalDays / unitDays).ToArray();
        var holdout = curves.Dates[^1] > curves.CalibrationEnd;
        return new LineChartData(
            [
                new LineSeries("Actual", x, curves.Actual, "#1f77b4"),
                new LineSeries("Model", x, curves.Expected, "#ff7f0e", Dash: "dash"),
            ],
            $"{char.ToUpperInvariant(UnitName[0])}{UnitName[1..]} since {Format.Date(start)}",
            "Cumulative repeat purchases",
            VerticalMarkers: holdout ? [new VerticalMarker((curves.CalibrationEnd - start).TotalDays / unitDays, $"calibration end {Format.Date(curves.CalibrationEnd)}")] : null);
    }

    /// <summary>The P(alive) history of the chosen customer (by default the one with the highest CLV, else the first).</summary>
    private void RefreshHistory(LifetimeFit fit)
    {
        var customer = _historyCustomer ?? DefaultHistoryCustomer(fit);
        if (_historyKey == (fit, customer))
        {
            return;
        }

        _historyKey = (fit, customer);
        var history = customer is null ? null : fit.AliveHistory(customer);
        if (history is null)
        {
            _aliveHistory = null;
            _historyMessage = customer is null ? null : $"No purchases of customer '{customer}' in this dataset.";
            return;
        }

        _historyMessage = null;
        var unitDays = TimeUnits.DaysPer(fit.Summary.Unit);
        var start = history.Dates[0];
        double Offset(DateTime d) => (d - start).TotalDays / unitDays;
        var markers = new List<VerticalMarker>();
        if (fit.Summary.CalibrationEnd < history.Dates[^1] && fit.Summary.CalibrationEnd >= start)
        {
            markers.Add(new VerticalMarker(Offset(fit.Summary.CalibrationEnd), "calibration end"));
        }

        _aliveHistory = new LineChartData(
            [
                new LineSeries($"Customer {customer}", [.. history.Dates.Select(Offset)], history.ProbabilityAlive, "#2e7d32"),
            ],
            $"{char.ToUpperInvariant(UnitName[0])}{UnitName[1..]} since the first purchase on {Format.Date(start)}",
            "P(alive)",
            VerticalMarkers: markers);
        _historyPurchases = history.Purchases.Length;
    }

    private int _historyPurchases;

    private string? DefaultHistoryCustomer(LifetimeFit fit)
    {
        if (Session.LifetimeValues is { } values && ReferenceEquals(values.Summary, fit.Summary) && values.Summary.Count > 0)
        {
            var best = 0;
            for (var i = 1; i < values.Summary.Count; i++)
            {
                best = values.Clv[i] > values.Clv[best] ? i : best;
            }

            if (double.IsFinite(values.Clv[best]))
            {
                return values.Summary.CustomerIds[best];
            }
        }

        return fit.Summary.Count > 0 ? fit.Summary.CustomerIds[0] : null;
    }

    private static int GridFrequency(LifetimeFit fit) => (int)Math.Clamp(fit.Summary.Frequency.Max(), 1, MaxGridFrequency);

    private static HeatmapData ToHeatmap(FrequencyRecencyGrid grid, string title, string format) => new(
        [.. grid.Frequency.Select(x => x.ToString("0", CultureInfo.InvariantCulture))],
        [.. grid.Recency.Select(t => t.ToString("0", CultureInfo.InvariantCulture))],
        [.. grid.Values.SelectMany(row => row)],
        Symmetric: false,
        ValueFormat: format,
        ColorBarTitle: title);

    private IEnumerable<(string CustomerId, string Segment, double ProbabilityAlive, double Clv)> TopAtRisk(CustomerLifetimeTable values) =>
        Enumerable.Range(0, values.Summary.Count)
            .Where(i => ChurnRisk.IsAtRisk(values.ProbabilityAlive[i], Options.AtRiskThreshold) && double.IsFinite(values.Clv[i]))
            .OrderByDescending(i => values.Clv[i])
            .Take(10)
            .Select(i => (values.Summary.CustomerIds[i], _segmentOf.GetValueOrDefault(values.Summary.CustomerIds[i], "–"), values.ProbabilityAlive[i], values.Clv[i]));

    private IEnumerable<string> PurchaseWords(LifetimeFit fit)
    {
        var m = fit.Purchases;
        var se = m.StandardErrors;
        var unit = TimeUnits.Name(m.Unit)[..^1];
        yield return $"Purchase rates: r = {WithError(m.R, se, 0)}, α = {WithError(m.Alpha, se, 1)}. While active, the average customer buys r / α = {Format.Number(m.R / m.Alpha, 3)} times a {unit}; " +
                     (m.R < 1 ? "the small r means rates differ a lot between customers." : "rates are fairly similar across customers.");
        yield return $"Dropout: a = {WithError(m.A, se, 2)}, b = {WithError(m.B, se, 3)}. After each purchase a customer leaves for good with probability a / (a + b) = {Format.Percent(m.A / (m.A + m.B))} on average.";
        yield return $"Fitted on {Format.Count(m.Customers)} customers ({Format.Count(fit.Summary.RepeatBuyers)} bought again) by maximum likelihood ({m.Method}); log-likelihood {Format.Number(m.LogLikelihood, 2)}; " +
                     (m.Converged ? "the fit converged." : "the fit did not converge: treat the figures with care.") +
                     (fit.Summary.CustomersFirstSeenInHoldout > 0 ? $" {Format.Count(fit.Summary.CustomersFirstSeenInHoldout)} customers first bought after the calibration end and are not in the fit." : string.Empty);
        yield return "± is one standard error (from the curvature of the likelihood).";
    }

    private static IEnumerable<string> SpendWords(GammaGammaModel spend)
    {
        var se = spend.StandardErrors;
        yield return $"p = {WithError(spend.P, se, 0)}, q = {WithError(spend.Q, se, 1)}, v = {WithError(spend.V, se, 2)}: the average customer spends p·v / (q − 1) = {Format.Number(spend.PopulationMeanSpend, 2)} per purchase; " +
                     "a customer's own average counts for more the more often they bought.";
        yield return $"Fitted on {Format.Count(spend.Customers)} repeat buyers" +
                     (spend.ExcludedNonPositiveSpend > 0 ? $"; {Format.Count(spend.ExcludedNonPositiveSpend)} repeat buyers with zero or negative spend were left out" : string.Empty) +
                     $". Correlation between frequency and spend: {Format.Number(spend.FrequencySpendCorrelation, 2)}" + (spend.Converged ? "." : "; the fit did not converge.");
    }

    private static string WithError(double value, IReadOnlyList<double> errors, int index) =>
        index < errors.Count && double.IsFinite(errors[index])
            ? $"{Format.Number(value, 3)} ± {Format.Number(errors[index], 3)}"
            : $"{Format.Number(value, 3)} (standard error not available)";

    private async Task ExportAsync()
    {
        // CsvExport neutralises cells a spreadsheet would run as formulas (customer ids are user data).
        string[] headers = ["CustomerID", "Frequency", "Recency", "T", "PAlive", "ExpectedPurchases", "ExpectedSpend", "CLV"];
        var csv = CsvExport.ToCsv(headers, _rows.Select(r => (IReadOnlyList<object?>)[r.CustomerId, r.Frequency, r.Recency, r.Age, r.ProbabilityAlive, r.ExpectedPurchases, r.Spend, r.Clv]));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        using var reference = new DotNetStreamReference(stream);
        await JS.InvokeVoidAsync("siqDownload", "lifetime-value.csv", reference, "text/csv;charset=utf-8");
    }

    private sealed record CustomerRow(string CustomerId, double Frequency, double Recency, double Age, double ProbabilityAlive, double ExpectedPurchases, double Spend, double Clv);
}
