using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Baskets;

/// <summary>FP-Growth and Apriori must return identical frequent itemsets (same items, same supports).</summary>
public sealed class AprioriContractTests
{
    public static TheoryData<int, double> SeedsAndSupports()
    {
        var data = new TheoryData<int, double>();
        foreach (var seed in new[] { 1, 2, 3, 17, 42 })
        {
            foreach (var support in new[] { 0.005, 0.02, 0.05, 0.15 })
            {
                data.Add(seed, support);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndSupports))]
    public void Apriori_RandomBaskets_EqualsFpGrowth(int seed, double minSupport)
    {
        var db = BasketTestData.Random(seed);
        var options = new FrequentItemsetOptions { MinSupport = minSupport };
        var apriori = new Apriori(options).Mine(db);
        AssertSame(new FpGrowth(options).Mine(db), apriori);

        // Conditional bases as FP-trees only, and a mix of trees (many items) and bit masks (few).
        AssertSame(new FpGrowth(options, maskItems: 0).Mine(db), apriori);
        AssertSame(new FpGrowth(options, maskItems: 6).Mine(db), apriori);
    }

    [Theory]
    [InlineData(11, 1, null)]
    [InlineData(12, 2, 3)]
    [InlineData(13, 5, 2)]
    public void Apriori_AbsoluteCountAndMaxLength_EqualsFpGrowth(int seed, int minCount, int? maxLength)
    {
        var db = BasketTestData.Random(seed, baskets: 120, items: 20);
        var options = new FrequentItemsetOptions { MinSupportCount = minCount, MaxLength = maxLength };
        var fp = new FpGrowth(options).Mine(db);
        var apriori = new Apriori(options).Mine(db);
        AssertSame(fp, apriori);
        AssertSame(new FpGrowth(options, maskItems: 0).Mine(db), apriori);
        AssertSame(new FpGrowth(options, maskItems: 5).Mine(db), apriori);
        Assert.True(fp.Count > 50, "the case should not be trivial");
    }

    [Fact]
    public void Apriori_Textbook_ListsCanonicalOrder()
    {
        var db = BasketTestData.Textbook();
        var ap = new Apriori(new FrequentItemsetOptions { MinSupportCount = 2 }).Mine(db);
        Assert.Equal(7, ap.Count);
        Assert.Equal([0, 1, 2, 0, 1, 0, 2, 1, 2, 0, 1, 2], ap.Items.ToArray());
        Assert.Equal([4, 4, 4, 3, 3, 3, 2], ap.SupportCounts.ToArray());
    }

    [SharedDataFact]
    public void Apriori_Retail_EqualsFpGrowthAtOnePercent()
    {
        var db = BasketFileReader.ReadFile(SharedData.DataFile("retail.dat.gz"));
        var options = new FrequentItemsetOptions { MinSupport = 0.01 };
        var apriori = new Apriori(options).Mine(db);
        AssertSame(new FpGrowth(options).Mine(db), apriori);
        AssertSame(new FpGrowth(options, maskItems: 0).Mine(db), apriori);
    }

    private static void AssertSame(FrequentItemsets fpGrowth, FrequentItemsets apriori)
    {
        var fp = fpGrowth.InCanonicalOrder();
        Assert.Equal(apriori.Count, fp.Count);
        Assert.Equal(apriori.Offsets.ToArray(), fp.Offsets.ToArray());
        Assert.Equal(apriori.Items.ToArray(), fp.Items.ToArray());
        Assert.Equal(apriori.SupportCounts.ToArray(), fp.SupportCounts.ToArray());
    }
}
