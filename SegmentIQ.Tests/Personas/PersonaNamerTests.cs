using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Tests.Infrastructure;
using SegmentIQ.Tests.Projection;

namespace SegmentIQ.Tests.Personas;

public sealed class PersonaNamerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Describe_RealisticSegmentations_GivesUniqueNames(int k)
    {
        var table = SyntheticCustomers.Generate(3000, seed: 11);
        var labels = SyntheticCustomers.KMeansLabels(SyntheticCustomers.Matrix(table), k, seed: k);

        var personas = PersonaNamer.Describe(table, labels);

        Assert.Equal(k, personas.Personas.Count);
        Assert.Equal(k, personas.Personas.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(personas.Personas, p =>
        {
            Assert.InRange(p.Actions.Count, 1, 3);
            Assert.All(p.Actions, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
            Assert.Contains("customers", p.Description, StringComparison.Ordinal);
            Assert.NotEmpty(p.Traits);
        });
    }

    [Fact]
    public void Describe_HandBuiltSegments_NamesChampionsAndLost()
    {
        var recency = new List<double>();
        var frequency = new List<double>();
        var monetary = new List<double>();
        var labels = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            // Segment 0: bought in the last days, many orders, large spend.
            recency.Add(2 + i);
            frequency.Add(20 + i);
            monetary.Add(5000 + (300 * i));
            labels.Add(0);

            // Segment 1: a single small order almost a year ago.
            recency.Add(300 + (6 * i));
            frequency.Add(1);
            monetary.Add(50 + (5 * i));
            labels.Add(1);

            // Segment 2: in between.
            recency.Add(60 + (10 * i));
            frequency.Add(3 + (i % 3));
            monetary.Add(600 + (40 * i));
            labels.Add(2);
        }

        var table = RfmScoresTests.Table(recency.ToArray(), frequency.ToArray(), monetary.ToArray());

        var personas = PersonaNamer.Describe(table, labels);

        Assert.Equal("Champions", personas.NameOf(0));
        Assert.Equal("Lost", personas.NameOf(1));
        Assert.False(personas.ForLabel(0)!.IsAtRisk);
        Assert.StartsWith("10 customers (33 % of customers), ", personas.ForLabel(0)!.Description, StringComparison.Ordinal);
        Assert.Equal(
            "10 customers (33 % of customers), 88 % of revenue; last purchase 7 days ago on average, 24.5 orders and 6,350 spent per customer, 259 per order.",
            personas.ForLabel(0)!.Description);
    }

    [Fact]
    public void Describe_NoiseLabel_IsAnomalies()
    {
        var table = SyntheticCustomers.Generate(300, seed: 3);
        var labels = SyntheticCustomers.KMeansLabels(SyntheticCustomers.Matrix(table), 3, seed: 1);
        labels[0] = -1;
        labels[1] = -1;

        var personas = PersonaNamer.Describe(table, labels);
        var noise = personas.ForLabel(-1)!;

        Assert.Equal(PersonaNamer.NoiseName, noise.Name);
        Assert.True(noise.IsNoise);
        Assert.Equal(2, noise.Customers);
        Assert.Equal(-1, personas.Personas[^1].Label);
    }

    [Fact]
    public void Describe_TwoSegmentsWithTheSameArchetype_AreToldApartByATrait()
    {
        // Segments 1 and 2 are the same lapsed regulars on R, F and M (both "At risk"); only tenure differs.
        var recency = new List<double>();
        var frequency = new List<double>();
        var monetary = new List<double>();
        var tenure = new List<double>();
        var labels = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            recency.Add(5 + i);
            frequency.Add(1 + (i % 2));
            monetary.Add(100 + i);
            tenure.Add(10 + i);
            labels.Add(0);
            for (var segment = 1; segment <= 2; segment++)
            {
                recency.Add(200 + i + (0.1 * segment));
                frequency.Add(8 + (i % 3));
                monetary.Add(1000 + (10 * i) + segment);
                tenure.Add(segment == 1 ? 300 + i : 20 + i);
                labels.Add(segment);
            }
        }

        var table = new CustomerFeatureTable(
            Enumerable.Range(0, labels.Count).Select(i => $"C{i}").ToArray(),
            [
                new FeatureColumn(FeatureNames.Recency, recency.ToArray(), false),
                new FeatureColumn(FeatureNames.Frequency, frequency.ToArray(), true),
                new FeatureColumn(FeatureNames.Monetary, monetary.ToArray(), true),
                new FeatureColumn(FeatureNames.Tenure, tenure.ToArray(), false),
            ],
            hasRfm: true);

        var personas = PersonaNamer.Describe(table, labels);

        Assert.Equal("At risk", personas.ForLabel(1)!.Archetype);
        Assert.Equal("At risk", personas.ForLabel(2)!.Archetype);
        Assert.Equal("At risk — longer-standing", personas.NameOf(1));
        Assert.Equal("At risk — more recently joined", personas.NameOf(2));
        Assert.True(personas.ForLabel(1)!.IsAtRisk);
    }

    [Fact]
    public void Describe_TableWithoutRfm_NamesFromTopColumnsInBusinessWords()
    {
        var ids = Enumerable.Range(0, 40).Select(i => $"W{i}").ToArray();
        var fresh = Enumerable.Range(0, 40).Select(i => i < 20 ? 10000.0 + i : 100.0 + i).ToArray();
        var milk = Enumerable.Range(0, 40).Select(i => i < 20 ? 50.0 + i : 5000.0 + i).ToArray();
        var grocery = Enumerable.Range(0, 40).Select(i => 1000.0 + ((i * 37) % 40)).ToArray();
        var table = new CustomerFeatureTable(
            ids,
            [new FeatureColumn("Fresh", fresh, true), new FeatureColumn("Milk", milk, true), new FeatureColumn("Grocery", grocery, true)],
            hasRfm: false);
        var labels = Enumerable.Range(0, 40).Select(i => i < 20 ? 0 : 1).ToArray();

        var personas = PersonaNamer.Describe(table, labels);

        Assert.Equal("Big fresh buyers, light on milk", personas.NameOf(0));
        Assert.Equal("Big milk buyers, light on fresh", personas.NameOf(1));
        Assert.Null(personas.ForLabel(0)!.RevenueShare);
        Assert.InRange(personas.ForLabel(0)!.Actions.Count, 2, 3);
    }

    [SharedDataTheory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Describe_WholesaleWardSegments_GivesUniqueBusinessNames(int k)
    {
        var table = ProjectionTestData.WholesaleTable();
        var labels = ProjectionTestData.WardLabels(k);

        var personas = PersonaNamer.Describe(table, labels);

        Assert.Equal(k, personas.Personas.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(personas.Personas, p => Assert.Matches("^(Big|Light) .* buyers", p.Name));
    }

    [Fact]
    public void Describe_LabelCountMismatch_Throws()
    {
        var table = SyntheticCustomers.Generate(10, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => PersonaNamer.Describe(table, new int[9]));
        Assert.Equal("labels", error.ParamName);
    }

    [Fact]
    public void Percentiles_Ties_ShareTheirMidRank()
    {
        var p = PersonaNamer.Percentiles([3, 1, 1, 2]);

        // Sorted 1,1,2,3: the tied ones share ranks 0 and 1 → (0.5 + 0.5) / 4.
        Assert.Equal([0.875, 0.25, 0.25, 0.625], p);
    }

    [Theory]
    [InlineData(5, "5 days ago")]
    [InlineData(21, "3 weeks ago")]
    [InlineData(152, "5 months ago")]
    public void Ago_Days_ReadsNaturally(double days, string expected) => Assert.Equal(expected, PersonaNamer.Ago(days));
}
