using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// Lifetime value and segments over time of Online Retail aggregated at a source (DuckDB over the gzip'd CSV and over
/// Parquet, PostgreSQL over a table) against the same file read, cleaned and summarised in process.
/// </summary>
public sealed class SourcePurchaseHistoryTests(OnlineRetailSources files, PostgresRetailTable table, ITestOutputHelper output)
    : IClassFixture<OnlineRetailSources>, IClassFixture<PostgresRetailTable>
{
    /// <summary>A holdout of the last 13 weeks, so the holdout counts are compared too.</summary>
    private static readonly LifetimeOptions WithHoldout = new() { CalibrationEnd = new DateTime(2011, 9, 8) };

    private const double SpendTolerance = 1e-8;

    private static readonly TemporalOptions Quarterly = new() { Period = SnapshotPeriodLength.Quarter, WindowMonths = 6 };

    [SharedDataFact]
    public async Task PurchaseDays_DuckDbOverCsv_GiveTheInProcessLifetimeFit()
    {
        var dataset = await LoadAsync(new DuckDbFileSource("online_retail.csv.gz", files.Settings));
        AssertSameFit(files.InProcess, dataset, LifetimeOptions.Default);
        AssertSameFit(files.InProcess, dataset, WithHoldout);
    }

    [SharedDataFact]
    public async Task PurchaseDays_DuckDbOverParquet_AreOnePerCustomerAndDayWithTheFeaturesIds()
    {
        var dataset = await LoadAsync(new DuckDbFileSource("online_retail.parquet", files.Settings));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var log = await dataset.Source!.PurchaseDaysAsync(dataset.Mapping, dataset.CleaningOptions, CancellationToken.None);
        output.WriteLine($"purchase days: {log.Count:N0} rows for {files.InProcess.Cleaning!.RowsKept:N0} kept lines in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(dataset.Features.CustomerIds, log.CustomerIds);
        var days = log.Customer.Zip(log.Date, (c, d) => (c, d)).ToList();
        Assert.Equal(days.Count, days.Distinct().Count());
        Assert.All(log.Date, d => Assert.Equal(d.Date, d));
        Assert.Equal(files.InProcess.Cleaning!.Revenue, log.Amount.Sum(), 2);
        AssertSameFit(files.InProcess, dataset, WithHoldout);
    }

    [PostgresDataFact]
    public async Task PurchaseDays_PostgresTable_GiveTheInProcessLifetimeFit()
    {
        var dataset = await LoadAsync(new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail"));
        AssertSameFit(files.InProcess, dataset, LifetimeOptions.Default);
        AssertSameFit(files.InProcess, dataset, WithHoldout);
    }

    [SharedDataFact]
    public async Task OverTime_DuckDbOverCsv_EqualsTheInProcessAnalysis()
    {
        var dataset = await LoadAsync(new DuckDbFileSource("online_retail.csv.gz", files.Settings));
        AssertSameTemporal(files.InProcess, dataset, Quarterly);
        AssertSameTemporal(files.InProcess, dataset, new TemporalOptions { Period = SnapshotPeriodLength.Month, AllHistory = true, Assignment = SegmentAssignment.Refit });
    }

    [PostgresDataFact]
    public async Task OverTime_PostgresTable_EqualsTheInProcessAnalysis()
    {
        var dataset = await LoadAsync(new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail"));
        AssertSameTemporal(files.InProcess, dataset, Quarterly);
    }

    [SharedDataFact]
    public async Task Lifetime_SourceDataset_AsksTheSourceOnceAndNotWhileLoading()
    {
        var counting = new CountingSource(new DuckDbFileSource("online_retail.parquet", files.Settings));
        var dataset = await LoadAsync(counting);
        Assert.Equal(0, counting.PurchaseDayQueries);

        var pipeline = new AnalysisPipeline();
        pipeline.Lifetime(dataset, LifetimeOptions.Default, CancellationToken.None);
        pipeline.Lifetime(dataset, WithHoldout, CancellationToken.None);
        pipeline.Temporal(dataset, null, new SegmentationSettings { NumberOfClusters = 3 }, Quarterly, null, CancellationToken.None);
        Assert.Equal(1, counting.PurchaseDayQueries);
    }

    [SharedDataFact]
    public async Task Lifetime_SourceThatFails_ThrowsItsMessage()
    {
        var dataset = await LoadAsync(new DuckDbFileSource("online_retail.parquet", files.Settings));
        var gone = dataset with { Source = new DuckDbFileSource("no-such-file.parquet", files.Settings) };

        var error = Assert.Throws<SourceException>(() => new AnalysisPipeline().Lifetime(gone, LifetimeOptions.Default, CancellationToken.None));
        Assert.Contains("no-such-file.parquet", error.Message, StringComparison.Ordinal);
    }

    private static async Task<LoadedDataset> LoadAsync(ITransactionSource source)
    {
        var outcome = await SourceLoader.LoadAsync(source, null, null, null, CancellationToken.None);
        return outcome.Dataset ?? throw new InvalidOperationException(outcome.Error);
    }

    /// <summary>The fits of both datasets agree: every customer's summary row and every fitted parameter, to 1e-9 (relative).</summary>
    private static void AssertSameFit(LoadedDataset inProcess, LoadedDataset atSource, LifetimeOptions options)
    {
        var expected = LifetimeFit.Fit(PurchaseLog.FromTransactions(inProcess.Purchases!), options, CancellationToken.None);
        var actual = new AnalysisPipeline().Lifetime(atSource, options, CancellationToken.None);

        var e = expected.Summary;
        var a = actual.Summary;
        Assert.Equal(e.Count, a.Count);
        Assert.Equal(e.CalibrationEnd, a.CalibrationEnd);
        Assert.Equal(e.ObservationEnd, a.ObservationEnd);
        Assert.Equal(e.CustomersFirstSeenInHoldout, a.CustomersFirstSeenInHoldout);
        for (var i = 0; i < e.Count; i++)
        {
            var j = a.IndexOf(e.CustomerIds[i]);
            Assert.True(j >= 0, $"customer {e.CustomerIds[i]} is missing");
            Assert.Equal(e.Frequency[i], a.Frequency[j]);
            Assert.Equal(e.Recency[i], a.Recency[j]);
            Assert.Equal(e.T[i], a.T[j]);
            Assert.Equal(e.HoldoutPurchases[i], a.HoldoutPurchases[j]);
            Assert.Equal(e.FirstPurchase[i], a.FirstPurchase[j]);
            Close(e.MonetaryValue[i], a.MonetaryValue[j], $"monetary value of {e.CustomerIds[i]}");
            Close(e.CalibrationRevenue[i], a.CalibrationRevenue[j], $"calibration revenue of {e.CustomerIds[i]}");
        }

        Assert.NotNull(expected.Spend);
        Assert.NotNull(actual.Spend);
        for (var k = 0; k < BgNbdModel.ParameterNames.Count; k++)
        {
            Close(expected.Purchases.Parameters[k], actual.Purchases.Parameters[k], $"BG/NBD {BgNbdModel.ParameterNames[k]}");
        }

        Close(expected.Purchases.LogLikelihood, actual.Purchases.LogLikelihood, "BG/NBD log-likelihood");
        // The mean spends differ in their last bits (a day's lines are summed in another order where the data is), and the
        // Gamma-Gamma optimizer stops at a gradient of 1e-9, so its parameters, and what uses them, agree to 1e-8 (1.4e-9 seen).
        for (var k = 0; k < GammaGammaModel.ParameterNames.Count; k++)
        {
            Close(expected.Spend!.Parameters[k], actual.Spend!.Parameters[k], $"Gamma-Gamma {GammaGammaModel.ParameterNames[k]}", SpendTolerance);
        }

        var expectedValues = expected.Values(options.Clv);
        var actualValues = actual.Values(options.Clv);
        for (var i = 0; i < e.Count; i++)
        {
            var j = a.IndexOf(e.CustomerIds[i]);
            Close(expectedValues.ProbabilityAlive[i], actualValues.ProbabilityAlive[j], $"P(alive) of {e.CustomerIds[i]}");
            Close(expectedValues.ExpectedPurchases[i], actualValues.ExpectedPurchases[j], $"expected purchases of {e.CustomerIds[i]}");
            Close(expectedValues.Clv[i], actualValues.Clv[j], $"CLV of {e.CustomerIds[i]}", SpendTolerance);
        }

        Assert.Equal(expected.CumulativeTransactions()!.Actual, actual.CumulativeTransactions()!.Actual);
    }

    /// <summary>The Over time analyses agree: snapshots, every customer's state per snapshot, migration counts, snapshot features and cohorts.</summary>
    private void AssertSameTemporal(LoadedDataset inProcess, LoadedDataset atSource, TemporalOptions options)
    {
        var settings = new SegmentationSettings { NumberOfClusters = 4 };
        var expected = new AnalysisPipeline().Temporal(inProcess, null, settings, options, null, CancellationToken.None);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var actual = new AnalysisPipeline().Temporal(atSource, null, settings, options, null, CancellationToken.None);
        output.WriteLine($"{atSource.Name}: {actual.Snapshots.Count} snapshots at the source in {watch.ElapsedMilliseconds} ms (purchase days included)");

        Assert.Equal(expected.Snapshots, actual.Snapshots);
        Assert.Equal(expected.Segments.CustomerIds, actual.Segments.CustomerIds);
        Assert.Equal(expected.Caveats, actual.Caveats);
        for (var s = 0; s < expected.Snapshots.Count; s++)
        {
            var want = expected.SnapshotFeatures[s];
            var got = actual.SnapshotFeatures[s];
            Assert.Equal(want.CustomerIds, got.CustomerIds);
            foreach (var column in want.Columns)
            {
                for (var r = 0; r < want.Count; r++)
                {
                    Close(column.Values[r], got[column.Name][r], $"{column.Name} of {want.CustomerIds[r]} in {expected.Snapshots[s].Label}");
                }
            }

            Assert.Equal(expected.Segments.States(s), actual.Segments.States(s));
            Assert.Equal(expected.Rfm.States(s), actual.Rfm.States(s));
            if (s > 0)
            {
                var wantMoves = expected.Segments.Migration(s - 1, s);
                var gotMoves = actual.Segments.Migration(s - 1, s);
                Assert.Equal(wantMoves.Counts, gotMoves.Counts);
                for (var row = 0; row < wantMoves.States.Count; row++)
                {
                    Close(wantMoves.RowRevenue(row), gotMoves.RowRevenue(row), $"revenue of {wantMoves.Names[row]} from {wantMoves.From.Label} to {wantMoves.To.Label}");
                }
            }
        }

        Assert.Equal(expected.Changes.Select(c => c.Description), actual.Changes.Select(c => c.Description));
        Assert.Equal(expected.Cohorts.Sizes, actual.Cohorts.Sizes);
        Assert.Equal(expected.Cohorts.Active, actual.Cohorts.Active);
    }

    private static void Close(double expected, double actual, string what, double tolerance = 1e-9) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)) || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: in-process {expected:R}, source {actual:R}");

    /// <summary>A source that counts how often its purchase days are asked for.</summary>
    private sealed class CountingSource(ITransactionSource inner) : ITransactionSource
    {
        private int _purchaseDayQueries;

        public int PurchaseDayQueries => _purchaseDayQueries;

        public string DisplayName => inner.DisplayName;

        public Task<SourcePreview> PreviewAsync(int rows, CancellationToken cancellationToken) => inner.PreviewAsync(rows, cancellationToken);

        public Task<long> CountRowsAsync(CancellationToken cancellationToken) => inner.CountRowsAsync(cancellationToken);

        public Task<SourceAggregation> AggregateAsync(
            IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, IProgress<SourceProgress>? progress, CancellationToken cancellationToken) =>
            inner.AggregateAsync(mapping, cleaning, progress, cancellationToken);

        public Task<SourceBaskets> BasketsAsync(
            IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, BasketGrouping grouping, double minSupport, CancellationToken cancellationToken) =>
            inner.BasketsAsync(mapping, cleaning, grouping, minSupport, cancellationToken);

        public Task<PurchaseLog> PurchaseDaysAsync(IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _purchaseDayQueries);
            return inner.PurchaseDaysAsync(mapping, cleaning, cancellationToken);
        }

        public Task<IReadOnlyList<CustomerFeatureTable>> WindowFeaturesAsync(
            IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, IReadOnlyList<(DateTime Start, DateTime AsOf)> windows, CancellationToken cancellationToken) =>
            inner.WindowFeaturesAsync(mapping, cleaning, windows, cancellationToken);
    }
}
