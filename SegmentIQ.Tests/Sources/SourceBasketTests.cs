using System.Globalization;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// Baskets pushed down to a source (the engine groups the cleaned lines, counts the frequent products and pairs, and
/// sends back each basket's pair products) mine to the same itemsets and rules as the baskets built in process from the
/// cleaned table, at the support they were reduced at and at higher ones (what <see cref="SourceBaskets.Serves"/> allows).
/// </summary>
public sealed class SourceBasketTests(OnlineRetailSources data, PostgresRetailTable table)
    : IClassFixture<OnlineRetailSources>, IClassFixture<PostgresRetailTable>
{
    private const string HostileInvoice = "Invoice'; DROP TABLE sentinel; --";
    private const string HostileProduct = "Item\"; DELETE FROM sentinel; --";

    [SharedDataTheory]
    [InlineData(0.02, 0.02)]
    [InlineData(0.01, 0.01)]
    [InlineData(0.005, 0.005)]
    [InlineData(0.005, 0.02)]
    [InlineData(0.001, 0.005)]
    public async Task Baskets_OnlineRetailParquet_MineTheInProcessItemsetsAndRules(double reducedAt, double support)
    {
        var pushed = await new DuckDbFileSource("online_retail.parquet", data.Settings).BasketsAsync(null, null, BasketGrouping.Invoice, reducedAt, CancellationToken.None);
        AssertSameMining(TransactionBaskets.Build(data.InProcess.Purchases!), pushed, support);
    }

    [SharedDataFact]
    public async Task Baskets_OnlineRetailGzipCsvByCustomer_MineTheInProcessItemsetsAndRules()
    {
        var pushed = await new DuckDbFileSource("online_retail.csv.gz", data.Settings).BasketsAsync(null, null, BasketGrouping.Customer, 0.05, CancellationToken.None);
        var inProcess = TransactionBaskets.Build(data.InProcess.Purchases!, BasketGrouping.Customer);
        AssertSameMining(inProcess, pushed, 0.05);
        AssertSameMining(inProcess, pushed, 0.06);
    }

    [SharedDataFact]
    public async Task Baskets_ReducedToPairProducts_MineAsAprioriDoesAndRefuseSubsets()
    {
        var pushed = await new DuckDbFileSource("online_retail.parquet", data.Settings).BasketsAsync(null, null, BasketGrouping.Invoice, 0.01, CancellationToken.None);
        var options = new FrequentItemsetOptions { MinSupport = 0.01, MaxLength = 4 };
        Assert.Equal(ItemsetRows(new Apriori(options).Mine(pushed.Baskets)), ItemsetRows(new FpGrowth(options).Mine(pushed.Baskets)));

        // Products outside every frequent pair are in no stored basket, yet count their full baskets.
        var db = pushed.Baskets;
        var paired = pushed.Pairs.SelectMany(p => new[] { p.First, p.Second }).ToHashSet();
        var single = Enumerable.Range(0, db.ItemCount).First(i => !paired.Contains(i));
        Assert.Equal(db.ItemCounts[single], db.CountSupport([single]));
        Assert.True(db.ItemCounts[single] >= options.MinCount(db.BasketCount));
        var subset = Assert.Throws<InvalidOperationException>(() => db.Subset([0, 1]));
        Assert.Contains("only the products of frequent pairs", subset.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task DatasetBaskets_FromASource_AskAgainOnlyBelowTheLowestSupportAsked()
    {
        var outcome = await SourceLoader.LoadAsync(new DuckDbFileSource("online_retail.parquet", data.Settings), null, null, null, CancellationToken.None);
        var dataset = outcome.Dataset!;
        Assert.True(dataset.HasBaskets);
        Assert.False(dataset.HasProducts);
        var baskets = new DatasetBaskets(dataset);

        var at2 = baskets.For(BasketGrouping.Invoice, 0.02, CancellationToken.None);
        Assert.Same(at2, baskets.For(BasketGrouping.Invoice, 0.03, CancellationToken.None));
        var at1 = baskets.For(BasketGrouping.Invoice, 0.01, CancellationToken.None);
        Assert.NotSame(at2, at1);
        Assert.True(at1.ItemCount > at2.ItemCount);
        Assert.Same(at1, baskets.For(BasketGrouping.Invoice, 0.02, CancellationToken.None));

        // The step every front door calls: rules at 2 % from the baskets asked at 1 % equal the in-process rules.
        var settings = new BasketSettings { MinSupport = 0.02, MinConfidence = 0.3, MaxLength = 3 };
        var fromSource = BasketMiner.Mine(settings, dataset, null, null, null, (d, s, ct) => baskets.For(s.Grouping, s.MinSupport, ct), null, CancellationToken.None);
        var inProcess = BasketMiner.Mine(settings, data.InProcess, null, null, null, (d, s, ct) => TransactionBaskets.Build(d.Purchases!, s.Grouping, ct), null, CancellationToken.None);
        Assert.Same(at1, fromSource.Baskets);
        Assert.Equal(RuleRows(inProcess.Rules!), RuleRows(fromSource.Rules!));
        Assert.NotEmpty(RuleRows(fromSource.Rules!));

        // The report's rules (products named by their descriptions) are mined through the source as well. The products of
        // one side are listed in item-code order, which is file order in process and product-code order from a source.
        var pipeline = new AnalysisPipeline();
        static string Side(string products) => string.Join(" + ", products.Split(" + ").Order(StringComparer.Ordinal));
        static List<string> Report(IReadOnlyList<SegmentIQ.Analytics.Reporting.ReportRule> rules) =>
            [.. rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{Side(r.Antecedent)} -> {Side(r.Consequent)}: {r.Support:R} {r.Confidence:R} {r.Lift:R}")).Order(StringComparer.Ordinal)];
        var reportRules = pipeline.TopRules(dataset, settings, CancellationToken.None);
        Assert.InRange(reportRules.Count, 1, AnalysisPipeline.ReportRuleCount - 1);
        Assert.Equal(Report(pipeline.TopRules(data.InProcess, settings, CancellationToken.None)), Report(reportRules));

        var inSegment = Assert.Throws<InvalidOperationException>(() =>
            BasketMiner.Mine(settings with { Segment = 0 }, dataset, null, null, null, (d, s, ct) => baskets.For(s.Grouping, s.MinSupport, ct), null, CancellationToken.None));
        Assert.Equal("online_retail.parquet was aggregated where it lives, without its lines in memory: its baskets are mined for all customers, not inside one segment.", inSegment.Message);
    }

    [Fact]
    public async Task Baskets_HostileColumnNames_AreQuotedAndTheBasketsAreRight()
    {
        var header = $"\"{HostileInvoice}\",\"{HostileProduct.Replace("\"", "\"\"", StringComparison.Ordinal)}\",Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n";
        var lines = string.Join('\n',
            "1,A,Apple,1,2011-01-01 10:00:00,1.5,7",
            "1,B,Bread,1,2011-01-01 10:00:00,1.5,7",
            "2,A,Apple,2,2011-01-02 10:00:00,1.5,8",
            "2,C,Cheese,1,2011-01-02 10:00:00,1.5,8",
            "C3,A,Apple,-1,2011-01-03 10:00:00,1.5,8",
            "4,B,Bread,1,2011-01-04 10:00:00,1.5,9",
            "5,C,Cheese,1,2011-01-05 10:00:00,0,9");
        data.Write("hostile-baskets.csv", [.. System.Text.Encoding.UTF8.GetBytes(header + lines + "\n")]);
        var mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Invoice] = HostileInvoice, [ColumnRole.Product] = HostileProduct };

        var pushed = await new DuckDbFileSource("hostile-baskets.csv", data.Settings).BasketsAsync(mapping, null, BasketGrouping.Invoice, 0.5, CancellationToken.None);

        // Invoices 1, 2 and 4 remain (C3 is a cancellation, 5 has a zero price); A and B are in 2 of 3 baskets, C in 1.
        var db = pushed.Baskets;
        Assert.Equal(3, db.BasketCount);
        Assert.Equal(["A", "B"], db.ItemLabels);
        Assert.Equal(["Apple", "Bread"], db.ItemDescriptions!);
        Assert.Equal([2, 2], db.ItemCounts);
        Assert.Equal(3, pushed.ProductCount);

        // No pair is in 2 baskets, so no basket comes back with products, yet A and B keep their counts.
        Assert.Empty(pushed.Pairs);
        Assert.Equal(0, db.TotalItems);
        Assert.Equal(
            [
                "DuckDB sent back the 2 of 3 products that are in at least 50 % of the 3 baskets; the others are in no rule at that support or above.",
                "DuckDB counted the 0 product pairs in at least 50 % of the baskets and sent back the 0 baskets holding two or more of their products, with those products only (no itemset of two or more products at that support or above is in the others).",
            ],
            db.Warnings);
        var itemsets = new FpGrowth(new FrequentItemsetOptions { MinSupport = 0.5 }).Mine(db);
        Assert.Equal(["A = 2", "B = 2"], ItemsetRows(itemsets));
    }

    [Fact]
    public void PairProductBaskets_QuotesEveryIdentifierAndPassesEveryValueAsAParameter()
    {
        var columns = new Dictionary<ColumnRole, SourceColumn>
        {
            [ColumnRole.Invoice] = new(HostileInvoice, SourceColumnKind.Text, "VARCHAR"),
            [ColumnRole.Product] = new(HostileProduct, SourceColumnKind.Text, "VARCHAR"),
            [ColumnRole.Quantity] = new("Quantity", SourceColumnKind.Number, "BIGINT"),
            [ColumnRole.Date] = new("InvoiceDate", SourceColumnKind.Date, "TIMESTAMP"),
            [ColumnRole.Price] = new("UnitPrice", SourceColumnKind.Number, "DOUBLE"),
            [ColumnRole.Customer] = new("CustomerID", SourceColumnKind.Text, "VARCHAR"),
        };
        foreach (SqlDialect dialect in new SqlDialect[] { DuckDbDialect.Instance, PostgresDialect.Instance })
        {
            var statement = BasketSql.PairProductBaskets(dialect, p => dialect.QuoteIdentifier("sales; DROP TABLE x"), columns, CleaningOptions.Default, BasketGrouping.Invoice, 0.0125);
            Assert.Contains("src.\"Invoice'; DROP TABLE sentinel; --\"", statement.Text, StringComparison.Ordinal);
            Assert.Contains("src.\"Item\"\"; DELETE FROM sentinel; --\"", statement.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("0.0125", statement.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("'", statement.Text.Replace(HostileInvoice, "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(2, statement.Parameters.Count(v => v is double d && d == 0.0125));
        }
    }

    [PostgresDataFact]
    public async Task Baskets_OnlineRetailPostgresTable_MineTheInProcessItemsetsAndRules()
    {
        var pushed = await new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail").BasketsAsync(null, null, BasketGrouping.Invoice, 0.005, CancellationToken.None);
        var inProcess = TransactionBaskets.Build(data.InProcess.Purchases!);
        AssertSameMining(inProcess, pushed, 0.005);
        AssertSameMining(inProcess, pushed, 0.01);
    }

    [PostgresDataFact]
    public async Task Baskets_OnlineRetailPostgresTableByCustomer_MineTheInProcessItemsetsAndRules()
    {
        var pushed = await new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail").BasketsAsync(null, null, BasketGrouping.Customer, 0.05, CancellationToken.None);
        var inProcess = TransactionBaskets.Build(data.InProcess.Purchases!, BasketGrouping.Customer);
        AssertSameMining(inProcess, pushed, 0.05);
        AssertSameMining(inProcess, pushed, 0.06);
    }

    [PostgresDataFact]
    public async Task Baskets_HostileTableAndColumnNamesInPostgres_ReadThoseObjectsAndDropNothing()
    {
        var s = table.Schema;
        const string hostileTable = "baskets\"; DROP TABLE sentinel; --";
        table.Execute($"CREATE TABLE IF NOT EXISTS \"{s}\".sentinel (x int); INSERT INTO \"{s}\".sentinel VALUES (1); " +
            $"CREATE TABLE \"{s}\".\"{hostileTable.Replace("\"", "\"\"", StringComparison.Ordinal)}\" AS SELECT \"InvoiceNo\" AS \"{HostileInvoice}\", " +
            $"\"StockCode\" AS \"{HostileProduct.Replace("\"", "\"\"", StringComparison.Ordinal)}\", \"Description\", \"Quantity\", \"InvoiceDate\", \"UnitPrice\", \"CustomerID\", \"Country\" " +
            $"FROM \"{s}\".online_retail");
        var mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Invoice] = HostileInvoice, [ColumnRole.Product] = HostileProduct };

        var pushed = await new PostgresTableSource("warehouse", table.ConnectionString!, s, hostileTable).BasketsAsync(mapping, null, BasketGrouping.Invoice, 0.02, CancellationToken.None);

        AssertSameMining(TransactionBaskets.Build(data.InProcess.Purchases!), pushed, 0.02);
        Assert.Equal(1L, table.Scalar($"SELECT COUNT(*) FROM \"{s}\".sentinel"));
    }

    /// <summary>
    /// Asserts what the source sent back at <see cref="SourceBaskets.FilteredAt"/> (the basket count, the frequent
    /// products with their counts and descriptions, the frequent pairs with their counts, fewer (basket, product) entries),
    /// then mines both databases at <paramref name="support"/> (at or above it) and asserts the same itemsets with support
    /// counts, and rules with support, confidence and lift (bit for bit: the counts are the same integers over the same
    /// basket count).
    /// </summary>
    private static void AssertSameMining(BasketDatabase inProcess, SourceBaskets pushed, double support)
    {
        var db = pushed.Baskets;
        Assert.True(pushed.Serves(support));
        Assert.True(db.IsPairReduced);
        Assert.Equal(inProcess.BasketCount, db.BasketCount);
        Assert.Equal(inProcess.ItemCount, pushed.ProductCount);
        var reducedAt = new FrequentItemsetOptions { MinSupport = pushed.FilteredAt, MaxLength = 2 };
        var minCount = reducedAt.MinCount(inProcess.BasketCount);
        var frequent = Enumerable.Range(0, inProcess.ItemCount).Where(i => inProcess.ItemCounts[i] >= minCount)
            .Select(i => (inProcess.ItemLabels[i], inProcess.ItemCounts[i])).Order().ToArray();
        Assert.Equal(frequent, Enumerable.Range(0, db.ItemCount).Select(i => (db.ItemLabels[i], db.ItemCounts[i])).Order().ToArray());
        Assert.True(db.TotalItems < inProcess.TotalItems);
        var descriptions = Enumerable.Range(0, db.ItemCount).Select(i => (db.ItemLabels[i], db.DisplayLabel(i))).Order().ToArray();
        Assert.Equal(descriptions, frequent.Select(f => (f.Item1, inProcess.DisplayLabel(inProcess.FindItem(f.Item1)))).Order().ToArray());

        // The engine's pair counts are the in-process 2-itemsets, and the reduced baskets count them alike.
        var pairs = new FpGrowth(reducedAt).Mine(inProcess);
        var expectedPairs = ItemsetRows(pairs).Where(r => r.Contains(" + ", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedPairs, [.. pushed.Pairs.Select(p => $"{Key(db, [p.First, p.Second])} = {p.Count}").Order(StringComparer.Ordinal)]);
        Assert.Equal(expectedPairs, ItemsetRows(new FpGrowth(reducedAt).Mine(db)).Where(r => r.Contains(" + ", StringComparison.Ordinal)).ToList());
        Assert.NotEmpty(expectedPairs);

        var options = new FrequentItemsetOptions { MinSupport = support, MaxLength = 4 };
        var expected = new FpGrowth(options).Mine(inProcess);
        var actual = new FpGrowth(options).Mine(db);
        Assert.Equal(ItemsetRows(expected), ItemsetRows(actual));
        Assert.True(expected.Count > 20, $"only {expected.Count} itemsets at {support}");
        Assert.True(expected.CountsByLength().Length > 3, $"no itemset of 3 products at {support}");

        var ruleOptions = new RuleOptions { MinConfidence = 0, MinLift = 0 };
        Assert.Equal(RuleRows(AssociationRules.Generate(expected, ruleOptions)), RuleRows(AssociationRules.Generate(actual, ruleOptions)));
    }

    private static string Key(BasketDatabase db, ReadOnlySpan<int> items) =>
        string.Join(" + ", items.ToArray().Select(i => db.ItemLabels[i]).Order(StringComparer.Ordinal));

    private static List<string> ItemsetRows(FrequentItemsets itemsets) =>
        [.. Enumerable.Range(0, itemsets.Count).Select(i => $"{Key(itemsets.Baskets, itemsets.Itemset(i))} = {itemsets.SupportCounts[i]}").Order(StringComparer.Ordinal)];

    /// <summary>Rules as sortable rows: product codes of both sides, support, confidence and lift to the last bit.</summary>
    internal static List<string> RuleRows(AssociationRules rules) =>
        [.. Enumerable.Range(0, rules.Count).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{Key(rules.Baskets, rules.Antecedent(i))} -> {Key(rules.Baskets, rules.Consequent(i))}: {rules.Support[i]:R} {rules.Confidence[i]:R} {rules.Lift[i]:R}")).Order(StringComparer.Ordinal)];
}
