using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Web.Components.Pages.OverTime;

/// <summary>
/// The Over time page: snapshot controls, a Sankey and the migration matrix between two snapshots, sizes over time,
/// the cohort retention heatmap, the movers table with CSV export and one customer's history. The analysis follows the
/// current dataset and segmentation settings and is computed in the session's background slot.
/// </summary>
public partial class OverTimePage
{
    /// <summary>The movers filter value meaning "any state".</summary>
    private static readonly int[] WindowChoices = [3, 6, 12, 24];

    private static readonly string[] HistoryFeatures =
        [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.AverageOrderValue, FeatureNames.UniqueProducts];

    private TemporalAnalysis? _charted;

    // Order lines have no UniqueProducts: only the dataset's own features are columns of the history.
    private IEnumerable<string> ShownHistoryFeatures =>
        HistoryFeatures.Where(f => Session.Dataset?.Features.Columns.Any(c => c.Name == f) ?? true);

    private bool _rfm;
    private bool _byRevenue;
    private int _from;
    private int _to;
    private IReadOnlyCollection<int> _moverFrom = [];
    private IReadOnlyCollection<int> _moverTo = [];
    private bool _moversStale;
    private string? _optionsError;
    private string? _historyId;
    private IReadOnlyList<CustomerSnapshot>? _history;
    private SankeyData? _sankey;
    private MigrationMatrix? _matrix;
    private StackedAreaData? _sizes;
    private HeatmapData? _cohorts;
    private IReadOnlyList<Mover> _movers = [];
    private MudBlazor.MudTable<Mover>? _moversTable;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    private TemporalAnalysis? Analysis { get; set; }

    private TemporalOptions Options => Session.TemporalOptions;

    private SegmentTimeline? Timeline => Analysis?.Timeline(_rfm);

    /// <summary>The Sankey shown now (for tests).</summary>
    internal SankeyData? Sankey => _sankey;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        Refresh();
        _ = Session.EnsureTemporalAsync();
    }

    /// <inheritdoc />
    protected override void OnSessionStateChanged()
    {
        // The dataset, features or segmentation may have changed: ask for the matching analysis (no-op when held).
        _ = Session.EnsureTemporalAsync();
        Refresh();
    }

    private static string PeriodName(SnapshotPeriodLength period) => period switch
    {
        SnapshotPeriodLength.Month => "Month",
        SnapshotPeriodLength.Quarter => "Quarter",
        _ => "Half-year",
    };

    private Task SetPeriodAsync(SnapshotPeriodLength period)
    {
        var months = TemporalOptions.MonthsIn(period);
        var window = Options.WindowMonths < months ? months : Options.WindowMonths;
        return ApplyAsync(Options with { Period = period, WindowMonths = window, ReferenceSnapshot = null });
    }

    private Task SetWindowAsync(int? months) =>
        ApplyAsync(months is { } m ? Options with { WindowMonths = m, AllHistory = false } : Options with { AllHistory = true });

    private Task SetReferenceAsync(int index) => ApplyAsync(Options with { ReferenceSnapshot = index < 0 ? null : index });

    private Task SetAssignmentAsync(SegmentAssignment assignment, SegmentMatching matching) =>
        ApplyAsync(Options with { Assignment = assignment, Matching = matching });

    private async Task ApplyAsync(TemporalOptions options)
    {
        _optionsError = await Session.SetTemporalOptionsAsync(options);
        Refresh();
    }

    private void SetScheme(bool rfm)
    {
        _rfm = rfm;
        _moverFrom = _moverTo = [];
        Rebuild();
    }

    private void SetByRevenue(bool byRevenue)
    {
        _byRevenue = byRevenue;
        Rebuild();
    }

    private void SetFrom(int index)
    {
        _from = index;
        Rebuild();
    }

    private void SetTo(int index)
    {
        _to = index;
        Rebuild();
    }

    /// <summary>From-states of the movers table; none selected means any.</summary>
    internal void SetMoverFrom(IReadOnlyCollection<int>? states)
    {
        _moverFrom = states ?? [];
        RebuildMovers();
    }

    /// <summary>To-states of the movers table; none selected means any.</summary>
    internal void SetMoverTo(IReadOnlyCollection<int>? states)
    {
        _moverTo = states ?? [];
        RebuildMovers();
    }

    /// <summary>The movers shown now (for tests).</summary>
    internal IReadOnlyList<Mover> Movers => _movers;

    /// <summary>The session's algorithm: the snapshots follow it, and so does the Segments page (one analysis).</summary>
    private async Task SetAlgorithmAsync(SegmentationAlgorithm algorithm)
    {
        if (algorithm != Session.Settings.Algorithm)
        {
            await Session.UpdateSettingsAsync(Session.Settings with { Algorithm = algorithm });
            _ = Session.EnsureTemporalAsync();
        }
    }

    private void ShowHistory(string? customerId)
    {
        _historyId = customerId?.Trim();
        _history = string.IsNullOrEmpty(_historyId) ? null : Analysis?.History(_historyId, _rfm);
    }

    /// <summary>Takes the session's analysis; chart data is rebuilt only when it changed.</summary>
    private void Refresh()
    {
        Analysis = Session.Temporal;
        if (Analysis is null)
        {
            return;
        }

        if (ReferenceEquals(Analysis, _charted))
        {
            // A movers filter set while no analysis was shown (one was computing) applies now.
            if (_moversStale)
            {
                RebuildMovers();
            }

            return;
        }

        var sameSnapshots = _charted is not null && _charted.Snapshots.Count == Analysis.Snapshots.Count;
        _charted = Analysis;
        if (!sameSnapshots)
        {
            // Default: the last two snapshots (the latest movement); the first has everyone New.
            _to = Analysis.Snapshots.Count - 1;
            _from = Math.Max(0, _to - 1);
        }

        Rebuild();
    }

    private void Rebuild()
    {
        if (Analysis is not { } analysis || Timeline is not { } timeline)
        {
            return;
        }

        _matrix = timeline.Migration(_from, _to);
        _sankey = BuildSankey(_matrix, _byRevenue);
        _sizes = BuildSizes(timeline.Sizes(), _byRevenue);
        _cohorts = BuildCohorts(analysis.Cohorts, _byRevenue);
        if (_historyId is { Length: > 0 })
        {
            _history = analysis.History(_historyId, _rfm);
        }

        RebuildMovers();
    }

    private void RebuildMovers()
    {
        if (Timeline is not { } timeline)
        {
            _moversStale = true;
            return;
        }

        _moversStale = false;

        var selection = new MoversSelection(_from, _to, _rfm, _moverFrom, _moverTo);
        _movers = selection.Apply(timeline);

        // The Excel report's Movers sheet lists what the page shows.
        Session.SelectMovers(selection);
    }

    private async Task ExportMoversAsync()
    {
        if (Timeline is not { } timeline)
        {
            return;
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(MoversCsv()));
        using var reference = new DotNetStreamReference(stream);
        await JS.InvokeVoidAsync("siqDownload", $"movers-{timeline.Snapshots[_from].Label}-to-{timeline.Snapshots[_to].Label}.csv", reference, "text/csv;charset=utf-8");
    }

    /// <summary>The movers as CSV, in the order the table is sorted by now.</summary>
    internal string MoversCsv()
    {
        var timeline = Timeline ?? throw new InvalidOperationException("No analysis is shown.");
        var from = timeline.Snapshots[_from].Label;
        var to = timeline.Snapshots[_to].Label;

        // The table's items in its current sort (header clicks); CsvExport neutralises cells a spreadsheet would run as
        // formulas (customer ids are user data).
        var rows = _moversTable?.FilteredItems ?? _movers;
        return CsvExport.ToCsv(
            ["CustomerID", $"State {from}", $"State {to}", $"Revenue {from}", $"Revenue {to}"],
            rows.Select(m => (IReadOnlyList<object?>)[m.CustomerId, m.From, m.To, m.RevenueBefore, m.RevenueAfter]));
    }

    /// <summary>The colour of a state: segments by number, New green, Lapsed dark grey, not yet a customer light grey.</summary>
    internal static string StateColor(int state) => state switch
    {
        CustomerStates.New => "#43a047",
        CustomerStates.Lapsed => "#616161",
        CustomerStates.NotYetCustomer => "#cfd8dc",
        _ => ChartStyle.SegmentColor(state),
    };

    /// <summary>Left nodes: states at the earlier snapshot; right nodes: at the later one; links: the matrix's flows.</summary>
    internal static SankeyData BuildSankey(MigrationMatrix matrix, bool byRevenue)
    {
        var flows = matrix.Flows(byRevenue);
        var nodes = new List<SankeyNode>();
        var left = new Dictionary<int, int>();
        var right = new Dictionary<int, int>();
        foreach (var (index, isLeft) in flows.Select(f => (f.From, true)).Concat(flows.Select(f => (f.To, false))).Distinct())
        {
            var snapshot = isLeft ? matrix.From : matrix.To;
            var customers = isLeft ? matrix.RowTotal(index) : matrix.ColumnTotal(index);
            (isLeft ? left : right)[index] = nodes.Count;
            nodes.Add(new SankeyNode(
                matrix.Names[index],
                StateColor(matrix.States[index]),
                $"{snapshot.Label}: {matrix.Names[index]}\n{Shared.Format.Count(customers)} customers ({Shared.Format.Percent((double)customers / Math.Max(1, matrix.Total))})"));
        }

        var links = flows.Select(f => new SankeyLink(
            left[f.From],
            right[f.To],
            byRevenue ? f.Revenue : f.Customers,
            $"{matrix.Names[f.From]} → {matrix.Names[f.To]}\n{Shared.Format.Count(f.Customers)} customers, {Shared.Format.Percent(f.RowShare)} of {matrix.Names[f.From]}\nRevenue {matrix.To.Label}: {Shared.Format.Money(f.Revenue)}")).ToList();
        return new SankeyData(nodes, links, byRevenue ? "Revenue" : "Customers");
    }

    /// <summary>One band per state that ever holds someone (not-yet-customers left out: they are not customers yet).</summary>
    internal static StackedAreaData BuildSizes(SegmentSizes sizes, bool byRevenue)
    {
        var series = new List<StackedSeries>();
        for (var j = 0; j < sizes.States.Count; j++)
        {
            if (sizes.States[j] == CustomerStates.NotYetCustomer)
            {
                continue;
            }

            var values = Enumerable.Range(0, sizes.Snapshots.Count).Select(t => byRevenue ? sizes.Revenue[t, j] : sizes.Customers[t, j]).ToList();
            if (values.Any(v => v != 0))
            {
                series.Add(new StackedSeries(sizes.Names[j], values, StateColor(sizes.States[j])));
            }
        }

        return new StackedAreaData([.. sizes.Snapshots.Select(s => s.Label)], series, byRevenue ? "Revenue in the period" : "Customers");
    }

    /// <summary>Cohorts (rows, with their size) × months since the first purchase; months not yet observed are blank.</summary>
    internal static HeatmapData BuildCohorts(CohortRetention cohorts, bool byRevenue)
    {
        var rows = cohorts.Cohorts.Count;
        var columns = cohorts.MaxMonths;
        var values = new double[rows * columns];
        for (var c = 0; c < rows; c++)
        {
            for (var m = 0; m < columns; m++)
            {
                values[(c * columns) + m] = (byRevenue ? cohorts.RevenueShare(c, m) : cohorts.CustomerShare(c, m)) ?? double.NaN;
            }
        }

        return new HeatmapData(
            [.. Enumerable.Range(0, rows).Select(c => $"{cohorts.Cohorts[c].ToString("yyyy-MM", CultureInfo.InvariantCulture)} ({Shared.Format.Count(cohorts.Sizes[c])})")],
            [.. Enumerable.Range(0, columns).Select(m => m.ToString(CultureInfo.InvariantCulture))],
            values,
            Symmetric: false,
            ValueFormat: "0%",
            ColorBarTitle: byRevenue ? "revenue vs month 0" : "bought");
    }
}
