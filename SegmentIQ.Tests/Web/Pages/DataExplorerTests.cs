using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Pages.Data;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class DataExplorerTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public void Open_BundledSample_ShowsFeatureChartsAndTheTransactionOverview()
    {
        var cut = Render<DataExplorer>();
        var session = Services.GetRequiredService<AnalysisSession>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-chart=revenue-by-month]")), Wait);
        Assert.Single(cut.FindAll("[data-chart=feature-histogram]"));
        var table = session.Dataset!.Features;
        var correlation = cut.FindComponents<Heatmap>().Single(c => c.Instance.Id == "correlation-heatmap").Instance.Data!;
        Assert.Equal(table.Columns.Count, correlation.RowLabels.Count);
        var countries = cut.FindComponents<BarChart>().Single(c => c.Instance.Id == "top-countries").Instance.Data!;
        Assert.True(countries.Series[0].Values.SequenceEqual(countries.Series[0].Values.OrderByDescending(v => v)), "countries are sorted by revenue");

        // The scatter matrix (drawn once the first segments are there to colour it) names how many customers it shows.
        cut.WaitForAssertion(() => Assert.NotNull(cut.FindComponent<ScatterMatrix>().Instance.Data), Wait);
        var matrix = cut.FindComponent<ScatterMatrix>().Instance.Data!;
        var shown = matrix.Series.Sum(s => s.Values[0].Count);
        Assert.Equal(Math.Min(table.Count, DataExplorer.SampleSize), shown);
        Assert.Contains(shown.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=matrix-sample]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewDataset_TheScatterMatrixIsSentOnceAndColouredBySegments()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var cut = Render<DataExplorer>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.FindComponent<ScatterMatrix>().Instance.Data), Wait);
        var path = Path.Combine(Path.GetTempPath(), $"explorer-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, Browser.TestCsv.Customers(60));
        int MatrixDraws() => JSInterop.Invocations.Count(i => i.Identifier == "siqCharts.draw" && Equals(i.Arguments[0], "scatter-matrix"));
        cut.WaitForAssertion(() => Assert.Equal(1, MatrixDraws()), Wait);
        try
        {
            var outcome = await session.LoadFileAsync(path, "sixty.csv", null, null, null, null, CancellationToken.None);
            Assert.Null(outcome.Error);

            cut.WaitForAssertion(() => Assert.Contains("Coloured by the current segments.", cut.Find("[data-testid=matrix-sample]").TextContent, StringComparison.Ordinal), Wait);
            var matrix = cut.FindComponent<ScatterMatrix>();
            Assert.Equal(session.Segmentation!.NumberOfClusters, matrix.Instance.Data!.Series.Count);
            Assert.Equal(60, matrix.Instance.Data.Series.Sum(s => s.Values[0].Count));

            // Sent to the browser once for this dataset: not first uncoloured while its segments were computed.
            Assert.Equal(2, MatrixDraws());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LogToggle_SwitchesTheHistogramAxis()
    {
        var cut = Render<DataExplorer>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.FindComponent<Histogram>().Instance.Data), Wait);
        var before = cut.FindComponent<Histogram>().Instance.Data!.LogX;

        var toggle = cut.FindComponents<MudBlazor.MudSwitch<bool>>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-testid"), "histogram-log"));
        await cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(!before));

        Assert.Equal(!before, cut.FindComponent<Histogram>().Instance.Data!.LogX);
    }

    [Fact]
    public async Task CustomerTable_ShowsFeaturePartsAndExplainsTheMissingTransactionCharts()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var path = Path.Combine(Path.GetTempPath(), $"explorer-{Guid.NewGuid():N}.csv");
        var rows = Enumerable.Range(0, 40).Select(i => $"{i},{(i * 37) % 101 + 1},{(i * 11) % 13 + 1},{i % 7 + 0.5}");
        await File.WriteAllTextAsync(path, "Customer ID,Spend,Visits,Score\n" + string.Join("\n", rows) + "\n");
        try
        {
            var outcome = await session.LoadFileAsync(path, "customers.csv", null, null, null, null, CancellationToken.None);
            Assert.NotNull(outcome.Dataset);

            var cut = Render<DataExplorer>();

            cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=no-purchases]")), Wait);
            Assert.Empty(cut.FindAll("[data-chart=top-countries]"));
            Assert.Equal(["Spend", "Visits", "Score"], cut.FindComponents<Heatmap>().Single(c => c.Instance.Id == "correlation-heatmap").Instance.Data!.RowLabels);
            Assert.Equal("Spend", cut.FindComponent<Histogram>().Instance.Data!.XTitle);
            Assert.Contains("All 40 customers", cut.Find("[data-testid=matrix-sample]").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SourceAggregation_SaysTheLinesWereAggregatedWhereTheyLive_NotThatItIsACustomerTable()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        using var files = new SegmentIQ.Tests.Ingestion.TempFiles();
        var path = files.Write("shop.csv", SegmentIQ.Tests.Browser.TestCsv.ThirtyCustomers());
        var settings = new SegmentIQ.Analytics.Sources.DuckDbSettings { AllowedRoot = Path.GetDirectoryName(path)!, SpillDirectory = files.PathOf("spill") };
        var outcome = await session.LoadSourceAsync(new SegmentIQ.Analytics.Sources.DuckDbFileSource("shop.csv", settings), null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);

        var cut = Render<DataExplorer>();

        cut.WaitForAssertion(() => Assert.Contains("aggregated where they live", cut.Find("[data-testid=no-purchases]").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("customer-level table", cut.Find("[data-testid=no-purchases]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("The lines were aggregated where they live", session.CurrencyDetectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OrderLinesWithoutCountries_TheCurrencyTextFollowsAndNoCountryChart()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var page = Render<DataPage>();
        page.WaitForAssertion(() => Assert.Contains("detected", page.Find("[data-testid=currency-reason]").TextContent, StringComparison.Ordinal), Wait);
        var path = Path.Combine(Path.GetTempPath(), $"orders-{Guid.NewGuid():N}.txt");
        // CDNOW's layout: customer, yyyyMMdd date, quantity, amount; space-separated, no header, no country.
        var rows = Enumerable.Range(0, 60).Select(i => $"{1000 + i % 20} 2024{i % 12 + 1:00}{i % 27 + 1:00} {1 + i % 3} {10 + i % 9}.50");
        await File.WriteAllTextAsync(path, string.Join("\n", rows) + "\n");
        try
        {
            // Loaded while the page is open: the page's currency text must follow the new file, not keep the sample's.
            var outcome = await page.InvokeAsync(() => session.LoadFileAsync(path, "orders.txt", null, null, null, null, CancellationToken.None));
            Assert.True(outcome.Dataset is not null, $"{outcome.Error} {outcome.MappingRequest}");

            page.WaitForAssertion(() => Assert.Contains("no country column", page.Find("[data-testid=currency-reason]").TextContent, StringComparison.Ordinal), Wait);
            page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-chart=revenue-by-month]")), Wait);
            Assert.Empty(page.FindAll("[data-chart=top-countries]"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SampleRows_AboveTheLimit_IsSeededSortedAndWithoutRepeats()
    {
        var first = DataExplorer.SampleRows(10_000);
        var second = DataExplorer.SampleRows(10_000);

        Assert.Equal(DataExplorer.SampleSize, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(first.Length, first.Distinct().Count());
        Assert.Equal(first.Order(), first);
        Assert.True(first[^1] > 9_000, "the sample spans the whole table");
        Assert.Equal(Enumerable.Range(0, 50), DataExplorer.SampleRows(50));
    }
}
