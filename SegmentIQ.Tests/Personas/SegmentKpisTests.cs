using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Tests.Personas;

public sealed class SegmentKpisTests
{
    [Fact]
    public void Compute_HandTable_GivesSharesMeansAndMedians()
    {
        var table = RfmScoresTests.Table(
            recency: [10, 20, 90, 300, 30],
            frequency: [5, 3, 1, 1, 2],
            monetary: [500, 300, 100, 50, 50]);
        int[] labels = [0, 0, 1, 1, -1];

        var report = SegmentKpis.Compute(table, labels);

        Assert.Equal([0, 1, -1], report.Segments.Select(s => s.Label!.Value));
        var first = report.ForLabel(0)!;
        Assert.Equal(2, first.Customers);
        Assert.Equal(0.4, first.Share, 12);
        Assert.Equal(800, first.Revenue!.Value, 12);
        Assert.Equal(0.8, first.RevenueShare!.Value, 12);
        Assert.Equal(15, first.Recency!.Value.Mean, 12);
        Assert.Equal(15, first.Recency!.Value.Median, 12);
        Assert.Equal(100, first.AverageOrderValue!.Value.Mean, 12);
        Assert.Null(first.Tenure);
        Assert.Null(first.RevenueAtRisk);
        Assert.Equal(100, report.Overall.Monetary!.Value.Median, 12);
        Assert.Equal(1000, report.Overall.Revenue!.Value, 12);
        Assert.True(report.ForLabel(-1)!.IsNoise);
    }

    [Fact]
    public void Compute_WithPersonas_RevenueAtRiskIsRevenueOfAtRiskSegments()
    {
        var table = SyntheticCustomers.Generate(2000, seed: 5);
        var labels = SyntheticCustomers.KMeansLabels(SyntheticCustomers.Matrix(table), 6, seed: 2);
        var personas = PersonaNamer.Describe(table, labels);

        var report = SegmentKpis.Compute(table, labels, personas);

        var expected = personas.Personas.Where(p => p.IsAtRisk).Sum(p => report.ForLabel(p.Label)!.Revenue!.Value);
        Assert.Equal(expected, report.Overall.RevenueAtRisk!.Value, 6);
        Assert.All(report.Segments, s => Assert.Equal(personas.ForLabel(s.Label!.Value)!.IsAtRisk ? s.Revenue : 0, s.RevenueAtRisk));
        Assert.Equal(1.0, report.Segments.Sum(s => s.RevenueShare!.Value), 12);
    }

    [Fact]
    public void Compute_TableWithoutMonetary_HasNoRevenue()
    {
        var table = new CustomerFeatureTable(["a", "b"], [new FeatureColumn("Fresh", [1.0, 2.0], false)], hasRfm: false);

        var report = SegmentKpis.Compute(table, [0, 1]);

        Assert.Null(report.Overall.Revenue);
        Assert.Null(report.ForLabel(0)!.RevenueShare);
        Assert.Equal(0.5, report.ForLabel(1)!.Share);
    }

    [Fact]
    public void Compute_CustomerTable_ProfilesEveryColumnWithMeanAndMedian()
    {
        var table = new CustomerFeatureTable(
            ["a", "b", "c", "d"],
            [new FeatureColumn("Age", [20, 30, 60, 70], false), new FeatureColumn("Income", [10, 50, 40, 100], false)],
            hasRfm: false);

        var report = SegmentKpis.Compute(table, [0, 0, 0, 1]);

        var first = report.ForLabel(0)!;
        Assert.Equal(["Age", "Income"], first.Features.Select(f => f.Name));
        Assert.Equal(new MetricSummary(110 / 3.0, 30), first.Features[0].Summary);
        Assert.Equal(new MetricSummary(100 / 3.0, 40), first.Features[1].Summary);
        Assert.Equal(new MetricSummary(70, 70), report.ForLabel(1)!.Features[0].Summary);
        Assert.Equal(new MetricSummary(45, 45), report.Overall.Features[0].Summary);
    }
}
