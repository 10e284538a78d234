using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Web.Components.Pages.Baskets;
using SegmentIQ.Web.Components.Pages.Data;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>A basket-format upload goes to the Market Basket state; the customer dataset stays.</summary>
public class MarketBasketUploadTests : SegmentIqBunitContext
{
    // Groceries-style: one basket per line, comma-separated items of varying count, no header.
    private const string Groceries =
        "citrus fruit,semi-finished bread,margarine,ready soups\n" +
        "tropical fruit,yogurt,coffee\n" +
        "whole milk\n" +
        "pip fruit,yogurt,cream cheese,meat spreads\n" +
        "other vegetables,whole milk,condensed milk,long life bakery product\n" +
        "whole milk,butter,yogurt,rice,abrasive cleaner\n" +
        "rolls/buns\n" +
        "other vegetables,UHT-milk,rolls/buns,bottled beer,liquor (appetizer)\n" +
        "pot plants\n" +
        "whole milk,cereals\n";

    [Fact]
    public async Task Upload_BasketFile_LoadsBasketsKeepsDatasetAndPageOffersTheSource()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var dataset = session.Dataset;
        var cut = Render<UploadPanel>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Groceries, "groceries.csv"));

        cut.WaitForAssertion(() => Assert.Contains("Basket file detected: 10 baskets", cut.Find("[data-testid=upload-success]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.NotNull(cut.Find("[data-testid=open-baskets]"));
        Assert.Same(dataset, session.Dataset);
        Assert.Equal("groceries.csv", session.BasketFile!.Name);
        Assert.Equal(BasketSource.BasketFile, session.BasketSettings.Source);

        var page = Render<MarketBasketPage>();
        page.WaitForAssertion(() => Assert.Equal(10, session.BasketResult?.Baskets.BasketCount), TimeSpan.FromSeconds(30));
        // The page renders the result on its own dispatcher after the session has it: wait for that render.
        page.WaitForAssertion(() => Assert.Contains("groceries.csv", page.Find("[data-testid=basket-source]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=segment-select]"));
        Assert.NotNull(page.Find("[data-testid=source-select]"));
    }
}
