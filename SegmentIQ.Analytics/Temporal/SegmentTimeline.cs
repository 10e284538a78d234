namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// Every customer's state in every snapshot under one segmentation scheme (the model's segments or the RFM map), with
/// the revenue each customer brought in each snapshot's period. Customers are all customers of the dataset, so each is
/// counted exactly once per snapshot (as a segment, New, Lapsed or not yet a customer).
/// </summary>
public sealed class SegmentTimeline
{
    private readonly int[][] _states;
    private readonly double[][] _periodRevenue;
    private readonly Dictionary<int, string> _names;

    /// <summary>Creates a timeline; <paramref name="states"/> and <paramref name="periodRevenue"/> are [snapshot][customer].</summary>
    public SegmentTimeline(
        string scheme,
        IReadOnlyList<SnapshotPeriod> snapshots,
        IReadOnlyList<string> customerIds,
        int[][] states,
        double[][] periodRevenue,
        IReadOnlyList<KeyValuePair<int, string>> stateNames)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(periodRevenue);
        ArgumentNullException.ThrowIfNull(stateNames);
        if (states.Length != snapshots.Count || periodRevenue.Length != snapshots.Count
            || states.Any(s => s.Length != customerIds.Count) || periodRevenue.Any(r => r.Length != customerIds.Count))
        {
            throw new ArgumentException("States and revenue need one row per snapshot and one value per customer.", nameof(states));
        }

        Scheme = scheme;
        Snapshots = snapshots;
        CustomerIds = customerIds;
        _states = states;
        _periodRevenue = periodRevenue;
        _names = stateNames.ToDictionary(p => p.Key, p => p.Value);
        StateOrder = [.. stateNames.Select(p => p.Key)];
    }

    /// <summary>What the segments are ("Segments" from the model, "RFM segments").</summary>
    public string Scheme { get; }

    /// <summary>The snapshots, oldest first.</summary>
    public IReadOnlyList<SnapshotPeriod> Snapshots { get; }

    /// <summary>Every customer of the dataset.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Every state code in display order: segments first, then noise, New, Lapsed, not yet a customer.</summary>
    public IReadOnlyList<int> StateOrder { get; }

    /// <summary>The states of every customer in snapshot <paramref name="snapshot"/>.</summary>
    public ReadOnlySpan<int> States(int snapshot) => _states[CheckSnapshot(snapshot)];

    /// <summary>Revenue of every customer in snapshot <paramref name="snapshot"/>'s period.</summary>
    public ReadOnlySpan<double> PeriodRevenue(int snapshot) => _periodRevenue[CheckSnapshot(snapshot)];

    /// <summary>The name a person reads for a state ("Segment 1 · Champions", "New", "At risk").</summary>
    public string NameOf(int state) => _names.TryGetValue(state, out var name) ? name : CustomerStates.ExtraStateName(state) ?? state.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The snapshot index of a label, or null.</summary>
    public int? SnapshotIndex(string label)
    {
        for (var i = 0; i < Snapshots.Count; i++)
        {
            if (Snapshots[i].Label == label)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Customers and revenue per state in every snapshot.</summary>
    public SegmentSizes Sizes()
    {
        var s = Snapshots.Count;
        var n = StateOrder.Count;
        var index = IndexOfState();
        var customers = new int[s, n];
        var revenue = new double[s, n];
        for (var t = 0; t < s; t++)
        {
            var states = _states[t];
            var money = _periodRevenue[t];
            for (var c = 0; c < states.Length; c++)
            {
                var j = index[states[c]];
                customers[t, j]++;
                revenue[t, j] += money[c];
            }
        }

        return new SegmentSizes(Snapshots, StateOrder, [.. StateOrder.Select(NameOf)], customers, revenue);
    }

    /// <summary>The movement from snapshot <paramref name="from"/> to snapshot <paramref name="to"/>.</summary>
    public MigrationMatrix Migration(int from, int to)
    {
        CheckSnapshot(from);
        CheckSnapshot(to);
        var index = IndexOfState();
        var n = StateOrder.Count;
        var counts = new int[n, n];
        var revenue = new double[n, n];
        var a = _states[from];
        var b = _states[to];
        var money = _periodRevenue[to];
        for (var c = 0; c < a.Length; c++)
        {
            var i = index[a[c]];
            var j = index[b[c]];
            counts[i, j]++;
            revenue[i, j] += money[c];
        }

        return new MigrationMatrix(Snapshots[from], Snapshots[to], StateOrder, [.. StateOrder.Select(NameOf)], counts, revenue);
    }

    /// <summary>
    /// The customers whose state went from one of <paramref name="fromStates"/> (null: any) in snapshot
    /// <paramref name="from"/> to one of <paramref name="toStates"/> (null: any) in <paramref name="to"/>, excluding
    /// those who stayed in the same state; by descending revenue in the earlier period.
    /// </summary>
    public IReadOnlyList<Mover> Movers(int from, int to, IReadOnlyCollection<int>? fromStates, IReadOnlyCollection<int>? toStates)
    {
        CheckSnapshot(from);
        CheckSnapshot(to);
        var a = _states[from];
        var b = _states[to];
        var movers = new List<Mover>();
        for (var c = 0; c < a.Length; c++)
        {
            if (a[c] == b[c] || (fromStates is not null && !fromStates.Contains(a[c])) || (toStates is not null && !toStates.Contains(b[c])))
            {
                continue;
            }

            movers.Add(new Mover(CustomerIds[c], a[c], NameOf(a[c]), b[c], NameOf(b[c]), _periodRevenue[from][c], _periodRevenue[to][c]));
        }

        return [.. movers.OrderByDescending(m => m.RevenueBefore).ThenBy(m => m.CustomerId, StringComparer.Ordinal)];
    }

    /// <summary>The row of a customer id, or -1.</summary>
    public int RowOf(string customerId)
    {
        for (var c = 0; c < CustomerIds.Count; c++)
        {
            if (CustomerIds[c] == customerId)
            {
                return c;
            }
        }

        return -1;
    }

    private Dictionary<int, int> IndexOfState()
    {
        var index = new Dictionary<int, int>(StateOrder.Count);
        for (var j = 0; j < StateOrder.Count; j++)
        {
            index[StateOrder[j]] = j;
        }

        return index;
    }

    private int CheckSnapshot(int snapshot) =>
        snapshot >= 0 && snapshot < Snapshots.Count
            ? snapshot
            : throw new ArgumentOutOfRangeException(nameof(snapshot), snapshot, $"Snapshot must be between 0 and {Snapshots.Count - 1}.");
}

/// <summary>One customer who changed state between two snapshots, with the revenue of each snapshot's period.</summary>
public sealed record Mover(string CustomerId, int FromState, string From, int ToState, string To, double RevenueBefore, double RevenueAfter);

/// <summary>Customers and revenue per state (columns, <see cref="States"/> order) in every snapshot (rows).</summary>
public sealed record SegmentSizes(
    IReadOnlyList<SnapshotPeriod> Snapshots,
    IReadOnlyList<int> States,
    IReadOnlyList<string> Names,
    int[,] Customers,
    double[,] Revenue);
