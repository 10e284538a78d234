using System.Globalization;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Web.State;

/// <summary>
/// Lifetime value state: the BG/NBD and Gamma-Gamma fit of the current dataset (refitted when the calibration end or
/// the unit changes) and the per-customer values over the chosen horizon and discount (recomputed from the fit when
/// only those change). Both run in the background in slots; the newest settings win.
/// </summary>
public sealed partial class AnalysisSession
{
    private readonly Slot<LifetimeFit> _lifetimeFitSlot = new(DescribeDataError);
    private readonly Slot<CustomerLifetimeTable> _lifetimeValuesSlot = new(DescribeDataError);
    private (LoadedDataset? Dataset, (DateTime First, DateTime Last) Period) _purchasePeriod;
    private (CustomerLifetimeTable? Values, PersonaInsights? Insights, double Threshold, IReadOnlyList<SegmentLifetime> Segments) _segmentLifetimes;

    /// <summary>The Lifetime value page's settings.</summary>
    public LifetimeOptions LifetimeOptions { get; private set; } = LifetimeOptions.Default;

    /// <summary>Why lifetime value cannot be computed for this dataset at all (a customer table has no purchase dates), or null.</summary>
    public string? LifetimeUnavailable => Dataset is { Purchases: null, Source: null }
        ? "This dataset is a customer table without purchase dates. Lifetime value needs dated purchases: upload transaction lines or order lines (customer, date, amount)."
        : null;

    /// <summary>The fit for the current dataset, calibration end and unit, once computed.</summary>
    public LifetimeFit? LifetimeFit => _lifetimeFitSlot.ValueFor(LifetimeFitKey);

    /// <summary>The per-customer values for the current settings, once computed.</summary>
    public CustomerLifetimeTable? LifetimeValues => _lifetimeValuesSlot.ValueFor(LifetimeValuesKey);

    /// <summary>Why the current settings could not be fitted or valued, if they could not.</summary>
    public string? LifetimeError =>
        LifetimeFitKey is { } fitKey && _lifetimeFitSlot.Key == fitKey && _lifetimeFitSlot.Error is { } fitError
            ? fitError
            : LifetimeValuesKey is { } valuesKey && _lifetimeValuesSlot.Key == valuesKey ? _lifetimeValuesSlot.Error : null;

    /// <summary>True while the fit or the values are computed.</summary>
    public bool IsComputingLifetime => _lifetimeFitSlot.IsRunning || _lifetimeValuesSlot.IsRunning;

    /// <summary>What the lifetime computation is doing, in words: a source dataset first has its purchase days summed where it lives.</summary>
    public string LifetimeStage => Dataset?.Source is { } source && _lifetimeFitSlot.IsRunning
        ? $"{source.DisplayName} sums the purchases per customer and day, then the models are fitted…"
        : "Fitting the models…";

    /// <summary>First and last purchase day of the dataset (for the calibration control), or null without purchases.</summary>
    public (DateTime First, DateTime Last)? PurchasePeriod
    {
        get
        {
            var dataset = Dataset;
            if (dataset is { Purchases: null, Cleaning: { FirstDate: { } firstKept, LastDate: { } lastKept } } && dataset.Source is not null)
            {
                // A source dataset's report dates its kept lines, as the lines would.
                return (firstKept.Date, lastKept.Date);
            }

            if (dataset?.Purchases is not { Count: > 0 } lines)
            {
                return null;
            }

            var cached = _purchasePeriod;
            if (ReferenceEquals(cached.Dataset, dataset))
            {
                return cached.Period;
            }

            DateTime first = DateTime.MaxValue, last = DateTime.MinValue;
            foreach (var date in lines.Date)
            {
                first = date < first ? date : first;
                last = date > last ? date : last;
            }

            _purchasePeriod = (dataset, (first.Date, last.Date));
            return (first.Date, last.Date);
        }
    }

    /// <summary>
    /// CLV and churn risk per segment of the current segmentation ("Segment 1 · Persona"), for the persona cards and the
    /// summary; null until the values of the current settings are computed (see <see cref="EnsureLifetimeAsync"/>).
    /// </summary>
    public IReadOnlyList<SegmentLifetime>? SegmentLifetimes
    {
        get
        {
            if (LifetimeValues is not { } values || Insights is not { } insights)
            {
                return null;
            }

            var threshold = LifetimeOptions.AtRiskThreshold;
            var cached = _segmentLifetimes;
            if (ReferenceEquals(cached.Values, values) && ReferenceEquals(cached.Insights, insights) && cached.Threshold == threshold)
            {
                return cached.Segments;
            }

            var segments = ChurnRisk.BySegment(values, insights.Table.CustomerIds, insights.Segmentation.Labels, insights.Personas, threshold);
            _segmentLifetimes = (values, insights, threshold, segments);
            return segments;
        }
    }

    private string? LifetimeFitKey => Dataset is { } dataset && LifetimeUnavailable is null
        ? StepKeys.Lifetime(dataset.Key, LifetimeOptions.CalibrationEnd, LifetimeOptions.Unit)
        : null;

    private string? LifetimeValuesKey => LifetimeFitKey is { } key
        ? string.Create(CultureInfo.InvariantCulture, $"{key}|horizon:{LifetimeOptions.HorizonMonths}|discount:{LifetimeOptions.MonthlyDiscountRate:R}")
        : null;

    /// <summary>Stores new settings (validated: an out-of-range value throws naming the field); the page then asks for the results.</summary>
    public void SetLifetimeOptions(LifetimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LifetimeOptions = options;
        Notify();
    }

    /// <summary>
    /// Fits the models and values the customers for the current settings unless that is done or running; returns at
    /// once when nothing needs computing.
    /// </summary>
    public async Task EnsureLifetimeAsync()
    {
        if (Dataset is not { } dataset || LifetimeFitKey is not { } fitKey)
        {
            return;
        }

        var options = LifetimeOptions;
        await _lifetimeFitSlot.RunAsync(fitKey, (_, ct) => _pipeline.Lifetime(dataset, options, ct));
        if (_lifetimeFitSlot.ValueFor(LifetimeFitKey) is { } fit && LifetimeValuesKey is { } valuesKey)
        {
            var clv = LifetimeOptions.Clv;
            await _lifetimeValuesSlot.RunAsync(valuesKey, (_, ct) => fit.Values(clv, ct));
        }
    }
}
