using System.Globalization;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// Segments over time: a snapshot of every customer at each period end (features from the trailing window, Recency at
/// that date), the reference snapshot's segmentation and personas, every customer's state per snapshot under the
/// model's segments and under the RFM map, the refit changes, and the acquisition cohorts. Immutable; built by
/// <see cref="Run(LoadedDataset, PurchaseHistory, FeatureSpaceOptions, SegmentationSettings, TemporalOptions, Segmenter, IProgress{double}?, CancellationToken)"/> (through <see cref="AnalysisPipeline.Temporal"/>, which caches it by its key).
/// </summary>
public sealed class TemporalAnalysis
{
    private const double ChangeShare = 0.25;
    private readonly int[][] _tableRow;

    private TemporalAnalysis(
        TemporalOptions options,
        IReadOnlyList<CustomerFeatureTable> snapshotFeatures,
        int[][] tableRow,
        int referenceIndex,
        ClusteringSpace referenceSpace,
        SegmentationResult referenceSegmentation,
        PersonaSet referencePersonas,
        FrozenSegmentModel model,
        SegmentTimeline segments,
        SegmentTimeline rfm,
        IReadOnlyList<SegmentChange> changes,
        CohortRetention cohorts,
        IReadOnlyList<string> caveats)
    {
        Options = options;
        SnapshotFeatures = snapshotFeatures;
        _tableRow = tableRow;
        ReferenceIndex = referenceIndex;
        ReferenceSpace = referenceSpace;
        ReferenceSegmentation = referenceSegmentation;
        ReferencePersonas = referencePersonas;
        Model = model;
        Segments = segments;
        Rfm = rfm;
        Changes = changes;
        Cohorts = cohorts;
        Caveats = caveats;
    }

    /// <summary>The settings this analysis was computed with.</summary>
    public TemporalOptions Options { get; }

    /// <summary>The snapshots, oldest first.</summary>
    public IReadOnlyList<SnapshotPeriod> Snapshots => Segments.Snapshots;

    /// <summary>Per snapshot, the features of the customers who bought in its window.</summary>
    public IReadOnlyList<CustomerFeatureTable> SnapshotFeatures { get; }

    /// <summary>Index of the reference snapshot.</summary>
    public int ReferenceIndex { get; }

    /// <summary>The reference snapshot's clustering space (its scaler).</summary>
    public ClusteringSpace ReferenceSpace { get; }

    /// <summary>The segmentation fitted on the reference snapshot.</summary>
    public SegmentationResult ReferenceSegmentation { get; }

    /// <summary>Personas of the reference segmentation (the names of the segments in every snapshot).</summary>
    public PersonaSet ReferencePersonas { get; }

    /// <summary>The frozen scaler and model of the reference snapshot.</summary>
    public FrozenSegmentModel Model { get; }

    /// <summary>Every customer's segment (or New, Lapsed, not yet a customer) per snapshot.</summary>
    public SegmentTimeline Segments { get; }

    /// <summary>Every customer's RFM segment (scored within each snapshot) per snapshot.</summary>
    public SegmentTimeline Rfm { get; }

    /// <summary>Refit only: splits, merges and segments appearing or disappearing.</summary>
    public IReadOnlyList<SegmentChange> Changes { get; }

    /// <summary>Acquisition-cohort retention by calendar month.</summary>
    public CohortRetention Cohorts { get; }

    /// <summary>What the user should know about how the states were assigned.</summary>
    public IReadOnlyList<string> Caveats { get; }

    /// <summary>Customers in the dataset.</summary>
    public int CustomerCount => Segments.CustomerIds.Count;

    /// <summary>The timeline of a scheme: the model's segments, or the RFM map.</summary>
    public SegmentTimeline Timeline(bool rfm) => rfm ? Rfm : Segments;

    /// <summary>
    /// One customer's state in every snapshot with the features of that snapshot (null when they did not buy in its
    /// window) and the features that changed since their previous snapshot with features; null for an unknown id.
    /// </summary>
    public IReadOnlyList<CustomerSnapshot>? History(string customerId, bool rfm = false)
    {
        var row = Segments.RowOf(customerId);
        if (row < 0)
        {
            return null;
        }

        var timeline = Timeline(rfm);
        var result = new List<CustomerSnapshot>(Snapshots.Count);
        IReadOnlyDictionary<string, double>? previous = null;
        for (var s = 0; s < Snapshots.Count; s++)
        {
            var state = timeline.States(s)[row];
            var tableRow = _tableRow[s][row];
            Dictionary<string, double>? values = null;
            var changed = new List<string>();
            if (tableRow >= 0)
            {
                var table = SnapshotFeatures[s];
                values = table.Columns.ToDictionary(c => c.Name, c => c.Values[tableRow], StringComparer.Ordinal);
                if (previous is not null)
                {
                    changed.AddRange(values.Where(v => previous.TryGetValue(v.Key, out var p) && p != v.Value).Select(v => v.Key));
                }

                previous = values;
            }

            result.Add(new CustomerSnapshot(Snapshots[s], state, timeline.NameOf(state), values, changed));
        }

        return result;
    }

    /// <summary>
    /// Computes the analysis of <paramref name="dataset"/>'s purchases, read through <paramref name="history"/> (its lines in
    /// memory, or its source), with the chosen features and algorithm. Throws <see cref="TemporalDataException"/> when the
    /// data cannot support it (no customers, a reference snapshot past the last), <see cref="ClusteringDataException"/>
    /// when the reference snapshot cannot support the segmentation settings, and <see cref="ArgumentOutOfRangeException"/>
    /// naming a setting out of range.
    /// </summary>
    public static TemporalAnalysis Run(
        LoadedDataset dataset,
        PurchaseHistory history,
        FeatureSpaceOptions features,
        SegmentationSettings settings,
        TemporalOptions options,
        Segmenter segmenter,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(segmenter);
        options.Validate();
        settings.Validate();
        if (dataset.Features.Count == 0)
        {
            throw new TemporalDataException("The dataset has no customers with purchases, so there is nothing to follow over time.");
        }

        features.Validate(dataset.Features);
        var purchases = history.Purchases;

        // Every customer of the dataset, with the date of their first purchase.
        var customerIds = dataset.Features.CustomerIds;
        var rowOfId = new Dictionary<string, int>(customerIds.Count, StringComparer.Ordinal);
        for (var r = 0; r < customerIds.Count; r++)
        {
            rowOfId[customerIds[r]] = r;
        }

        var rowOfCode = new int[purchases.CustomerIds.Count];
        for (var code = 0; code < rowOfCode.Length; code++)
        {
            rowOfCode[code] = rowOfId.GetValueOrDefault(purchases.CustomerIds[code], -1);
        }

        var firstPurchase = new DateTime[customerIds.Count];
        Array.Fill(firstPurchase, DateTime.MaxValue);
        DateTime firstDate = DateTime.MaxValue, lastDate = DateTime.MinValue;
        for (var i = 0; i < purchases.Count; i++)
        {
            var d = purchases.Date[i];
            lastDate = d > lastDate ? d : lastDate;
            var row = rowOfCode[purchases.Customer[i]];
            if (row < 0)
            {
                continue;
            }

            ref var first = ref firstPurchase[row];
            first = d < first ? d : first;
            firstDate = d < firstDate ? d : firstDate;
        }

        // The reference date of the features: the day after the last purchase.
        var snapshots = SnapshotPeriod.Calendar(firstDate, lastDate.Date.AddDays(1), options);
        var referenceIndex = options.ReferenceSnapshot ?? snapshots.Count - 1;
        if (referenceIndex >= snapshots.Count)
        {
            throw new TemporalDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"ReferenceSnapshot {referenceIndex + 1} is past the last snapshot: the data has {snapshots.Count} {Adjective(options.Period)} snapshots ({snapshots[0].Label} to {snapshots[^1].Label})."));
        }

        // Revenue of every customer in every period: the periods tile the data, so these sum to its revenue.
        var periodRevenue = new double[snapshots.Count][];
        for (var s = 0; s < snapshots.Count; s++)
        {
            periodRevenue[s] = new double[customerIds.Count];
        }

        var firstMonth = MonthNumber(snapshots[0].Start);
        for (var i = 0; i < purchases.Count; i++)
        {
            var row = rowOfCode[purchases.Customer[i]];
            if (row < 0)
            {
                continue;
            }

            var s = (MonthNumber(purchases.Date[i]) - firstMonth) / options.PeriodMonths;
            periodRevenue[s][row] += purchases.Amount[i];
        }

        // Snapshot features: the same feature code as the whole dataset, restricted to each window.
        var tables = history.InWindows(snapshots, progress is null ? null : new ScaledProgress(progress, 0.6), cancellationToken);
        var tableRow = new int[snapshots.Count][];
        for (var s = 0; s < snapshots.Count; s++)
        {
            var table = tables[s];
            var rows = new int[customerIds.Count];
            Array.Fill(rows, -1);
            for (var r = 0; r < table.Count; r++)
            {
                rows[rowOfId[table.CustomerIds[r]]] = r;
            }

            tableRow[s] = rows;
        }

        var referenceTable = tables[referenceIndex];
        if (referenceTable.Count == 0)
        {
            throw new TemporalDataException($"Nobody bought in the window of the reference snapshot {snapshots[referenceIndex].Label}; choose another reference snapshot or a longer window.");
        }

        var space = ClusteringSpace.Build(referenceTable, features, cancellationToken);
        var segmentation = segmenter.Run(space, settings, cancellationToken);
        // Only the names are needed here (the Segments page's KPIs and RFM grid are not), named as that page names them.
        var personas = PersonaNamer.Describe(referenceTable, segmentation.Labels, cancellationToken);
        var model = FrozenSegmentModel.Freeze(space, segmentation);
        progress?.Report(0.7);

        // Segment labels of the customers active in each snapshot (table rows).
        var labels = new int[snapshots.Count][];
        var changes = new List<SegmentChange>();
        var refitFallbacks = new List<string>();
        var extraLabels = 0;
        for (var s = 0; s < snapshots.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (s == referenceIndex)
            {
                labels[s] = [.. segmentation.Labels];
            }
            else if (tables[s].Count == 0)
            {
                labels[s] = [];
            }
            else if (options.Assignment == SegmentAssignment.Frozen)
            {
                labels[s] = model.Assign(tables[s]);
            }
            else
            {
                try
                {
                    labels[s] = Refit(s, tables, tableRow, referenceIndex, segmentation, model, features, settings, options.Matching, segmenter, changes, ref extraLabels, snapshots, personas, cancellationToken);
                }
                catch (ClusteringDataException ex)
                {
                    // A snapshot too small for the settings keeps the frozen model's segments and says why.
                    labels[s] = model.Assign(tables[s]);
                    refitFallbacks.Add($"{snapshots[s].Label} could not be refitted ({ex.Message}); it uses the reference model.");
                }
            }

            progress?.Report(0.7 + (0.2 * (s + 1) / snapshots.Count));
        }

        var hasNoise = labels.Any(l => l.Contains(ClusterLabels.Noise));
        var segmentNames = new List<KeyValuePair<int, string>>();
        for (var label = 0; label < segmentation.NumberOfClusters + extraLabels; label++)
        {
            segmentNames.Add(new(label, SegmentNames.Display(label, label < segmentation.NumberOfClusters ? personas : null)));
        }

        if (hasNoise)
        {
            segmentNames.Add(new(ClusterLabels.Noise, SegmentNames.Label(ClusterLabels.Noise)));
        }

        var segmentsTimeline = BuildTimeline("Segments", snapshots, customerIds, firstPurchase, tableRow, labels, periodRevenue, segmentNames);

        var rfmLabels = new int[snapshots.Count][];
        for (var s = 0; s < snapshots.Count; s++)
        {
            rfmLabels[s] = tables[s].Count == 0 ? [] : [.. RfmScores.Compute(tables[s]).Segments.Select(x => (int)x)];
        }

        var rfmNames = Enum.GetValues<RfmSegment>()
            .Select(x => new KeyValuePair<int, string>((int)x, x == RfmSegment.New ? "New (RFM)" : RfmScores.DisplayName(x)))
            .ToList();
        var rfmTimeline = BuildTimeline("RFM segments", snapshots, customerIds, firstPurchase, tableRow, rfmLabels, periodRevenue, rfmNames);
        if (options.Assignment == SegmentAssignment.Refit)
        {
            AddSplitsAndMerges(segmentsTimeline, changes);
        }

        var cohorts = CohortRetention.Compute(purchases, cancellationToken);
        progress?.Report(1.0);

        var caveats = new List<string> { options.LapsedMeaning, "RFM scores are quintiles within each snapshot's active customers." };
        if (options.Assignment == SegmentAssignment.Frozen && model.Caveat is not null)
        {
            caveats.Add(model.Caveat);
        }

        if (options.Assignment == SegmentAssignment.Refit)
        {
            caveats.Add($"Each snapshot is clustered on its own; its segments are matched to the reference's by {(options.Matching == SegmentMatching.CentroidDistance ? "centre distance" : "shared customers")} (Hungarian algorithm).");
            caveats.AddRange(refitFallbacks);
        }

        return new TemporalAnalysis(
            options,
            tables,
            tableRow,
            referenceIndex,
            space,
            segmentation,
            personas,
            model,
            segmentsTimeline,
            rfmTimeline,
            [.. changes.OrderBy(c => c.Snapshot)],
            cohorts,
            caveats);
    }

    private static int[] Refit(
        int s,
        IReadOnlyList<CustomerFeatureTable> tables,
        int[][] tableRow,
        int referenceIndex,
        SegmentationResult reference,
        FrozenSegmentModel model,
        FeatureSpaceOptions features,
        SegmentationSettings settings,
        SegmentMatching matching,
        Segmenter segmenter,
        List<SegmentChange> changes,
        ref int extraLabels,
        IReadOnlyList<SnapshotPeriod> snapshots,
        PersonaSet personas,
        CancellationToken cancellationToken)
    {
        var table = tables[s];
        var own = segmenter.Run(ClusteringSpace.Build(table, features, cancellationToken), settings, cancellationToken);
        var kOwn = own.NumberOfClusters;
        var kRef = reference.NumberOfClusters;
        var cost = new double[kOwn, kRef];
        if (matching == SegmentMatching.CentroidDistance)
        {
            var d = model.Scalings.Count;
            var centres = FrozenSegmentModel.SegmentCentres(model.Scale(table), own.Labels, kOwn);
            for (var i = 0; i < kOwn; i++)
            {
                for (var j = 0; j < kRef; j++)
                {
                    cost[i, j] = Numerics.Distance.Euclidean(centres.AsSpan(i * d, d), model.Centres.Slice(j * d, d));
                }
            }
        }
        else
        {
            // Shared customers: those active in both this snapshot and the reference one.
            var rowsHere = tableRow[s];
            var rowsRef = tableRow[referenceIndex];
            for (var c = 0; c < rowsHere.Length; c++)
            {
                if (rowsHere[c] < 0 || rowsRef[c] < 0)
                {
                    continue;
                }

                var a = own.Labels[rowsHere[c]];
                var b = reference.Labels[rowsRef[c]];
                if (a >= 0 && b >= 0)
                {
                    cost[a, b] -= 1;
                }
            }
        }

        var map = MapToReference(HungarianAssignment.Solve(cost), kRef, s, snapshots[s].Label, j => SegmentNames.Display(j, personas), changes, ref extraLabels);
        return [.. own.Labels.Select(l => l >= 0 ? map[l] : l)];
    }

    /// <summary>
    /// The reference segment each refitted segment of snapshot <paramref name="snapshot"/> becomes, given the optimal
    /// <paramref name="match"/> (refitted segment → reference segment, -1 when unmatched): an unmatched segment gets the
    /// next new number and "appears"; a reference segment nothing matched "disappears" (named by
    /// <paramref name="referenceName"/>, so with its persona).
    /// </summary>
    internal static int[] MapToReference(
        int[] match, int referenceCount, int snapshot, string label, Func<int, string> referenceName, List<SegmentChange> changes, ref int extraLabels)
    {
        var map = new int[match.Length];
        for (var i = 0; i < match.Length; i++)
        {
            if (match[i] >= 0)
            {
                map[i] = match[i];
            }
            else
            {
                map[i] = referenceCount + extraLabels++;
                changes.Add(new SegmentChange(snapshot, SegmentChangeKind.Appears, [map[i]], $"{label}: {SegmentNames.Label(map[i])} appears (no reference segment matches it)."));
            }
        }

        for (var j = 0; j < referenceCount; j++)
        {
            if (!match.Contains(j))
            {
                changes.Add(new SegmentChange(snapshot, SegmentChangeKind.Disappears, [j], $"{label}: {referenceName(j)} disappears (no segment of this snapshot matches it)."));
            }
        }

        return map;
    }

    /// <summary>
    /// Between consecutive snapshots, flags segments that sent at least a quarter of their staying customers to each
    /// of two or more segments (split) and segments that took at least a quarter of theirs from each of two or more
    /// (merge).
    /// </summary>
    internal static void AddSplitsAndMerges(SegmentTimeline timeline, List<SegmentChange> changes)
    {
        for (var s = 1; s < timeline.Snapshots.Count; s++)
        {
            var before = timeline.States(s - 1);
            var after = timeline.States(s);
            var pairs = new Dictionary<(int From, int To), int>();
            var fromTotals = new Dictionary<int, int>();
            var toTotals = new Dictionary<int, int>();
            for (var c = 0; c < before.Length; c++)
            {
                if (before[c] >= 0 && after[c] >= 0)
                {
                    pairs[(before[c], after[c])] = pairs.GetValueOrDefault((before[c], after[c])) + 1;
                    fromTotals[before[c]] = fromTotals.GetValueOrDefault(before[c]) + 1;
                    toTotals[after[c]] = toTotals.GetValueOrDefault(after[c]) + 1;
                }
            }

            var label = timeline.Snapshots[s].Label;
            foreach (var (from, total) in fromTotals.OrderBy(p => p.Key))
            {
                var targets = pairs.Where(p => p.Key.From == from && p.Value >= ChangeShare * total).Select(p => p.Key.To).Order().ToList();
                if (targets.Count >= 2)
                {
                    changes.Add(new SegmentChange(s, SegmentChangeKind.Split, [from, .. targets], $"{label}: {timeline.NameOf(from)} split into {string.Join(" and ", targets.Select(timeline.NameOf))}."));
                }
            }

            foreach (var (to, total) in toTotals.OrderBy(p => p.Key))
            {
                var sources = pairs.Where(p => p.Key.To == to && p.Value >= ChangeShare * total).Select(p => p.Key.From).Order().ToList();
                if (sources.Count >= 2)
                {
                    changes.Add(new SegmentChange(s, SegmentChangeKind.Merge, [.. sources, to], $"{label}: {string.Join(" and ", sources.Select(timeline.NameOf))} merged into {timeline.NameOf(to)}."));
                }
            }
        }
    }

    private static SegmentTimeline BuildTimeline(
        string scheme,
        IReadOnlyList<SnapshotPeriod> snapshots,
        IReadOnlyList<string> customerIds,
        DateTime[] firstPurchase,
        int[][] tableRow,
        int[][] labels,
        double[][] periodRevenue,
        List<KeyValuePair<int, string>> segmentNames)
    {
        var states = new int[snapshots.Count][];
        for (var s = 0; s < snapshots.Count; s++)
        {
            var period = snapshots[s];
            var row = new int[customerIds.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = firstPurchase[c] >= period.AsOf ? CustomerStates.NotYetCustomer
                    : firstPurchase[c] >= period.Start ? CustomerStates.New
                    : tableRow[s][c] < 0 ? CustomerStates.Lapsed
                    : labels[s][tableRow[s][c]];
            }

            states[s] = row;
        }

        List<KeyValuePair<int, string>> names =
        [
            .. segmentNames,
            new(CustomerStates.New, CustomerStates.NewName),
            new(CustomerStates.Lapsed, CustomerStates.LapsedName),
            new(CustomerStates.NotYetCustomer, CustomerStates.NotYetCustomerName),
        ];
        return new SegmentTimeline(scheme, snapshots, customerIds, states, periodRevenue, names);
    }

    /// <summary>Reports a share of the work done as that share of <paramref name="scale"/>, on the reporting thread.</summary>
    private sealed class ScaledProgress(IProgress<double> progress, double scale) : IProgress<double>
    {
        public void Report(double value) => progress.Report(scale * value);
    }

    private static int MonthNumber(DateTime date) => (date.Year * 12) + date.Month - 1;

    private static string Adjective(SnapshotPeriodLength period) => period switch
    {
        SnapshotPeriodLength.Month => "monthly",
        SnapshotPeriodLength.Quarter => "quarterly",
        _ => "half-yearly",
    };
}

/// <summary>A customer in one snapshot: their state, the snapshot's features (null when inactive) and which changed.</summary>
public sealed record CustomerSnapshot(
    SnapshotPeriod Snapshot,
    int State,
    string StateName,
    IReadOnlyDictionary<string, double>? Features,
    IReadOnlyList<string> Changed);
