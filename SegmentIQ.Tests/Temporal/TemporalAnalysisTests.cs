using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Tests.Temporal;

public class TemporalAnalysisTests
{
    private static readonly Lazy<LoadedDataset> Movements = new(() => TemporalTestData.Load());

    private static readonly TemporalOptions MonthlyThreeMonthWindow = new() { Period = SnapshotPeriodLength.Month, WindowMonths = 3 };

    private static string BundledSample => Path.Combine(Web.WebProject.Directory, "Data", "online-retail-sample.csv.gz");

    private static TemporalAnalysis Run(LoadedDataset dataset, TemporalOptions options, int k = 2) =>
        new AnalysisPipeline().Temporal(dataset, null, new SegmentationSettings { NumberOfClusters = k }, options, null, CancellationToken.None);

    private static int State(TemporalAnalysis analysis, string customer, int snapshot) =>
        analysis.Segments.States(snapshot)[analysis.Segments.RowOf(customer)];

    [Fact]
    public void Snapshots_Monthly_OnePerCalendarMonthWithTheLastEndingTheDayAfterTheData()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        Assert.Equal(12, analysis.Snapshots.Count);
        Assert.Equal("2011-01", analysis.Snapshots[0].Label);
        Assert.Equal(new DateTime(2011, 2, 1), analysis.Snapshots[0].AsOf);
        Assert.Equal(new DateTime(2011, 12, 16), analysis.Snapshots[^1].AsOf);
        Assert.Equal(new DateTime(2011, 9, 16), analysis.Snapshots[^1].WindowStart);
        Assert.Equal(11, analysis.ReferenceIndex);
    }

    [Fact]
    public void SteadyBuyers_StayInOneSegmentEverySnapshotAfterTheirFirst()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        foreach (var customer in TemporalTestData.BigBuyers)
        {
            Assert.Equal(CustomerStates.New, State(analysis, customer, 0));
            Assert.All(Enumerable.Range(1, 11), s => Assert.Equal(0, State(analysis, customer, s)));
        }

        foreach (var customer in TemporalTestData.SmallBuyers)
        {
            Assert.All(Enumerable.Range(1, 11), s => Assert.Equal(1, State(analysis, customer, s)));
        }
    }

    [Fact]
    public void Stopper_BecomesLapsedOnceTheWindowHoldsNoPurchase()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        // Last purchase 15 April; the July snapshot (as of 1 August) has the window 1 May – 1 August: nothing.
        Assert.NotEqual(CustomerStates.Lapsed, State(analysis, TemporalTestData.Stopper, 5));
        Assert.All(Enumerable.Range(6, 6), s => Assert.Equal(CustomerStates.Lapsed, State(analysis, TemporalTestData.Stopper, s)));
    }

    [Fact]
    public void Newcomer_IsNotYetACustomerThenNewInTheMonthOfTheFirstPurchase()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        Assert.All(Enumerable.Range(0, 5), s => Assert.Equal(CustomerStates.NotYetCustomer, State(analysis, TemporalTestData.Newcomer, s)));
        Assert.Equal(CustomerStates.New, State(analysis, TemporalTestData.Newcomer, 5));
        Assert.Equal(1, State(analysis, TemporalTestData.Newcomer, 11));
    }

    [Fact]
    public void MigrationAndSankeyFlows_FebruaryToDecember_EqualTheHandCount()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);
        var matrix = analysis.Segments.Migration(1, 11);
        int Cell(int from, int to) => matrix.Counts[matrix.IndexOf(from), matrix.IndexOf(to)];

        Assert.Equal(10, Cell(0, 0));
        Assert.Equal(10, Cell(1, 1));
        Assert.Equal(1, Cell(0, CustomerStates.Lapsed));
        Assert.Equal(1, Cell(CustomerStates.NotYetCustomer, 1));
        Assert.Equal(22, matrix.Total);
        Assert.Equal(20.0 / 21, matrix.StayedShare);

        var flows = matrix.Flows(byRevenue: false);
        var hand = new Dictionary<(int, int), int> { [(0, 0)] = 10, [(1, 1)] = 10, [(0, CustomerStates.Lapsed)] = 1, [(CustomerStates.NotYetCustomer, 1)] = 1 };
        Assert.Equal(hand.Count, flows.Count);
        Assert.All(flows, f => Assert.Equal(hand[(matrix.States[f.From], matrix.States[f.To])], f.Customers));

        // Revenue of the December period: big buyers 100…109, small 10…10.9, newcomer 10.5, stopper nothing.
        Assert.Equal(1045, matrix.Revenue[matrix.IndexOf(0), matrix.IndexOf(0)], 6);
        Assert.Equal(104.5, matrix.Revenue[matrix.IndexOf(1), matrix.IndexOf(1)], 6);
        Assert.Equal(10.5, matrix.Revenue[matrix.IndexOf(CustomerStates.NotYetCustomer), matrix.IndexOf(1)], 6);
        Assert.Equal(0, matrix.Revenue[matrix.IndexOf(0), matrix.IndexOf(CustomerStates.Lapsed)]);
    }

    [Fact]
    public void Movers_FromSegmentOneToLapsed_AreTheStopperOnly()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        var movers = analysis.Segments.Movers(1, 11, [0], [CustomerStates.Lapsed]);

        var mover = Assert.Single(movers);
        Assert.Equal(TemporalTestData.Stopper, mover.CustomerId);
        Assert.Equal("Lapsed", mover.To);
        Assert.StartsWith("Segment 1", mover.From, StringComparison.Ordinal);
        Assert.Equal(105, mover.RevenueBefore, 6);
    }

    [Theory]
    [InlineData(SnapshotPeriodLength.Month, 3, false)]
    [InlineData(SnapshotPeriodLength.Quarter, 6, false)]
    [InlineData(SnapshotPeriodLength.HalfYear, 12, true)]
    public void Conservation_EveryPairOfSnapshots_CountsEachCustomerOnceOnEachSide(SnapshotPeriodLength period, int window, bool allHistory)
    {
        var dataset = Movements.Value;
        var analysis = Run(dataset, new TemporalOptions { Period = period, WindowMonths = window, AllHistory = allHistory });
        var sizes = analysis.Segments.Sizes();

        for (var a = 0; a < analysis.Snapshots.Count; a++)
        {
            for (var b = 0; b < analysis.Snapshots.Count; b++)
            {
                var matrix = analysis.Segments.Migration(a, b);
                Assert.Equal(dataset.Features.Count, matrix.Total);
                for (var i = 0; i < matrix.States.Count; i++)
                {
                    Assert.Equal(sizes.Customers[a, i], matrix.RowTotal(i));
                    Assert.Equal(sizes.Customers[b, i], matrix.ColumnTotal(i));
                }
            }
        }
    }

    [Fact]
    public void Conservation_OnTheBundledSample_HoldsForModelAndRfmTimelines()
    {
        var dataset = AnalysisPipeline.Load(BundledSample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var analysis = Run(dataset, new TemporalOptions { Period = SnapshotPeriodLength.Quarter }, k: 4);

        foreach (var timeline in new[] { analysis.Segments, analysis.Rfm })
        {
            for (var a = 0; a < analysis.Snapshots.Count; a++)
            {
                for (var b = a + 1; b < analysis.Snapshots.Count; b++)
                {
                    var matrix = timeline.Migration(a, b);
                    Assert.Equal(dataset.Features.Count, matrix.Total);
                    var states = timeline.States(a).ToArray();
                    Assert.All(Enumerable.Range(0, matrix.States.Count), i => Assert.Equal(states.Count(s => s == matrix.States[i]), matrix.RowTotal(i)));
                }
            }
        }
    }

    [Fact]
    public void Revenue_PeriodsTileTheData_SoSnapshotRevenueSumsToEveryLine()
    {
        var dataset = AnalysisPipeline.Load(BundledSample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var analysis = Run(dataset, new TemporalOptions { Period = SnapshotPeriodLength.Month }, k: 4);
        var sizes = analysis.Segments.Sizes();
        var purchases = dataset.Purchases!;
        var lines = 0.0;
        for (var i = 0; i < purchases.Count; i++)
        {
            lines += purchases.Customer[i] >= 0 ? purchases.Quantity[i] * purchases.Price[i] : 0;
        }

        var snapshots = 0.0;
        foreach (var r in sizes.Revenue)
        {
            snapshots += r;
        }

        Assert.Equal(lines, snapshots, lines * 1e-12);
        Assert.Equal(dataset.Features[FeatureNames.Monetary].Sum(), snapshots, lines * 1e-12);

        var hand = Run(Movements.Value, MonthlyThreeMonthWindow).Segments.Sizes();
        var handTotal = 0.0;
        foreach (var r in hand.Revenue)
        {
            handTotal += r;
        }

        // 12 months × (100…109 + 10…10.9), the stopper 4 × 105, the newcomer 7 × 10.5.
        Assert.Equal((12 * (1045 + 104.5)) + (4 * 105) + (7 * 10.5), handTotal, 6);
    }

    [Fact]
    public void FrozenModel_AssigningTheReferenceSnapshot_ReproducesItsSegmentation()
    {
        var dataset = AnalysisPipeline.Load(BundledSample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        foreach (var reference in new int?[] { null, 2 })
        {
            var analysis = Run(dataset, new TemporalOptions { ReferenceSnapshot = reference }, k: 4);

            var assigned = analysis.Model.Assign(analysis.SnapshotFeatures[analysis.ReferenceIndex]);

            Assert.Equal(analysis.ReferenceSegmentation.Labels, assigned);
            Assert.Null(analysis.Model.Caveat);
        }
    }

    [Fact]
    public void AllHistory_LatestSnapshot_IsTheDatasetsOwnSegmentation()
    {
        var pipeline = new AnalysisPipeline();
        var dataset = AnalysisPipeline.Load(BundledSample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var settings = new SegmentationSettings { NumberOfClusters = 4 };
        var whole = pipeline.Segment(pipeline.Space(dataset, null, CancellationToken.None), settings, null, CancellationToken.None);

        var analysis = pipeline.Temporal(dataset, null, settings, new TemporalOptions { AllHistory = true }, null, CancellationToken.None);

        var latest = analysis.SnapshotFeatures[^1];
        Assert.Equal(dataset.Features.CustomerIds, latest.CustomerIds);
        foreach (var column in dataset.Features.Columns)
        {
            Assert.Equal(column.Values, latest[column.Name]);
        }

        Assert.Equal(whole.Labels, analysis.ReferenceSegmentation.Labels);
    }

    [Theory]
    [InlineData(SegmentMatching.CentroidDistance)]
    [InlineData(SegmentMatching.MemberOverlap)]
    public void Refit_StableGroups_MatchesEverySnapshotToTheReferenceNumbering(SegmentMatching matching)
    {
        // Without the stopper and the newcomer (an outlier in some snapshots, so refitting there rightly differs).
        var analysis = Run(TemporalTestData.Load(withMovers: false), MonthlyThreeMonthWindow with { Assignment = SegmentAssignment.Refit, Matching = matching });

        foreach (var customer in TemporalTestData.BigBuyers)
        {
            Assert.All(Enumerable.Range(1, 11), s => Assert.Equal(0, State(analysis, customer, s)));
        }

        foreach (var customer in TemporalTestData.SmallBuyers)
        {
            Assert.All(Enumerable.Range(1, 11), s => Assert.Equal(1, State(analysis, customer, s)));
        }

        Assert.Empty(analysis.Changes);
    }

    [Fact]
    public void MapToReference_ExtraOrMissingRefittedSegments_AppearOrDisappearNamedWithTheirPersona()
    {
        string Name(int j) => $"Segment {j + 1} · Persona {j + 1}";
        var changes = new List<SegmentChange>();
        var extra = 0;

        // Three refitted segments, two reference ones: the middle one is far from both, so it is the one left over.
        var three = TemporalAnalysis.MapToReference(HungarianAssignment.Solve(new double[,] { { 1, 9 }, { 50, 60 }, { 9, 1 } }), 2, 3, "2011-Q3", Name, changes, ref extra);

        // One refitted segment nearest the second reference segment: the first disappears.
        var one = TemporalAnalysis.MapToReference(HungarianAssignment.Solve(new double[,] { { 8, 2 } }), 2, 4, "2011-Q4", Name, changes, ref extra);

        Assert.Equal([0, 2, 1], three);
        Assert.Equal([1], one);
        Assert.Equal(1, extra);
        Assert.Collection(
            changes,
            c => Assert.Equal(new SegmentChange(3, SegmentChangeKind.Appears, c.Segments, "2011-Q3: Segment 3 appears (no reference segment matches it)."), c),
            c => Assert.Equal(new SegmentChange(4, SegmentChangeKind.Disappears, c.Segments, "2011-Q4: Segment 1 · Persona 1 disappears (no segment of this snapshot matches it)."), c));
        Assert.Equal([2], changes[0].Segments);
        Assert.Equal([0], changes[1].Segments);
    }

    [Fact]
    public void SplitsAndMerges_HandMadeTimeline_AreFlaggedWhereAQuarterGoesEachWay()
    {
        SnapshotPeriod Period(int i) => new(i, $"P{i}", new DateTime(2011, i + 1, 1), new DateTime(2011, i + 2, 1), new DateTime(2011, 1, 1));
        int[][] states =
        [
            [0, 0, 0, 0, 1, 1, 1, 1],
            [0, 0, 2, 2, 1, 1, 1, 1],
            [1, 1, 1, 1, 1, 1, 1, 1],
        ];
        var timeline = new SegmentTimeline(
            "Segments",
            [Period(0), Period(1), Period(2)],
            [.. Enumerable.Range(0, 8).Select(i => $"c{i}")],
            states,
            [new double[8], new double[8], new double[8]],
            [new(0, "Segment 1"), new(1, "Segment 2"), new(2, "Segment 3")]);
        var changes = new List<SegmentChange>();

        TemporalAnalysis.AddSplitsAndMerges(timeline, changes);

        var split = Assert.Single(changes, c => c.Kind == SegmentChangeKind.Split);
        Assert.Equal(1, split.Snapshot);
        Assert.Equal([0, 0, 2], split.Segments);
        Assert.Equal("P1: Segment 1 split into Segment 1 and Segment 3.", split.Description);
        var merge = Assert.Single(changes, c => c.Kind == SegmentChangeKind.Merge);
        Assert.Equal(2, merge.Snapshot);
        Assert.Equal([0, 1, 2, 1], merge.Segments);
    }

    [Fact]
    public void Refit_SnapshotTooSmallForK_KeepsTheReferenceModelThereAndSaysSo()
    {
        // June (window April – June) holds 22 distinct customers: the stopper's last purchase and the newcomer's first.
        // Every other month holds 21, so 22 segments fit only there.
        var dataset = TemporalTestData.Load();
        var options = new TemporalOptions { Period = SnapshotPeriodLength.Month, WindowMonths = 3, Assignment = SegmentAssignment.Refit, ReferenceSnapshot = 5 };

        var analysis = Run(dataset, options, k: 22);

        Assert.Contains(analysis.Caveats, c => c.StartsWith("2011-02 could not be refitted", StringComparison.Ordinal));
        Assert.Equal(analysis.Model.Assign(analysis.SnapshotFeatures[1]), analysis.SnapshotFeatures[1].CustomerIds.Select(id => analysis.Segments.States(1)[analysis.Segments.RowOf(id)]));
    }

    [Fact]
    public void Rfm_FollowsTheElevenSegmentMapWithTheSameExtraStates()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        Assert.Equal(CustomerStates.Lapsed, analysis.Rfm.States(11)[analysis.Rfm.RowOf(TemporalTestData.Stopper)]);
        Assert.Equal(CustomerStates.New, analysis.Rfm.States(5)[analysis.Rfm.RowOf(TemporalTestData.Newcomer)]);
        Assert.Contains("Champions", analysis.Rfm.StateOrder.Select(analysis.Rfm.NameOf));
    }

    [Fact]
    public void History_OfTheStopper_ShowsFeaturesWhileActiveAndWhatChanged()
    {
        var analysis = Run(Movements.Value, MonthlyThreeMonthWindow);

        var history = analysis.History(TemporalTestData.Stopper)!;

        Assert.Equal(12, history.Count);
        Assert.Equal(3.0, history[3].Features![FeatureNames.Frequency]);
        Assert.Contains(FeatureNames.Recency, history[4].Changed);
        Assert.Null(history[6].Features);
        Assert.Equal("Lapsed", history[6].StateName);
        Assert.Null(analysis.History("no such customer"));
    }

    [Fact]
    public void Run_CustomerTable_SaysItNeedsDatedPurchases()
    {
        var dataset = Movements.Value with { Purchases = null };

        var error = Assert.Throws<TemporalDataException>(() => Run(dataset, TemporalOptions.Default));

        Assert.Contains("dated purchase lines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReferencePastTheLastSnapshot_NamesTheSnapshotsThereAre()
    {
        var error = Assert.Throws<TemporalDataException>(() => Run(Movements.Value, TemporalOptions.Default with { ReferenceSnapshot = 9 }));

        Assert.Contains("4 quarterly snapshots (2011-Q1 to 2011-Q4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_WindowShorterThanAPeriod_NamesTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TemporalOptions { Period = SnapshotPeriodLength.HalfYear, WindowMonths = 3 }.Validate());

        Assert.Equal(nameof(TemporalOptions.WindowMonths), error.ParamName);
    }
}
