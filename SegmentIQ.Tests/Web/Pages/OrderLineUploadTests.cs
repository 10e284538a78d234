using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Tests.Infrastructure;
using SegmentIQ.Web.Components.Pages.Baskets;
using SegmentIQ.Web.Components.Pages.Data;
using SegmentIQ.Web.Components.Pages.Lifetime;
using SegmentIQ.Web.Components.Pages.Personas;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>An order-line file (CDNOW, no header, no products) uploaded in the browser, through to segments and lifetime value.</summary>
public class OrderLineUploadTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private async Task<AnalysisSession> UploadCdnowSampleAsync()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var cut = Render<UploadPanel>();

        var bytes = await File.ReadAllBytesAsync(SharedData.DataFile("cdnow_sample.txt"));
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, "cdnow_sample.txt"));

        cut.WaitForAssertion(() => Assert.Contains("2,357 customers", cut.Find("[data-testid=upload-success]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("order lines", cut.Find("[data-testid=upload-success]").TextContent, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal(2357, session.Segmentation?.Labels.Count), Wait);
        return session;
    }

    [SharedDataFact]
    public async Task Upload_CdnowSample_GivesSegmentsAndALifetimePageWithThePublishedParameters()
    {
        var session = await UploadCdnowSampleAsync();

        Assert.Equal(FileShape.OrderLines, session.Dataset!.Shape);
        Assert.Equal(["Recency", "Frequency", "Monetary"], session.Space!.Options.Features);
        Assert.True(session.Segmentation!.NumberOfClusters >= 2);

        var page = Render<LifetimeValuePage>();
        page.WaitForAssertion(() => Assert.NotNull(session.LifetimeFit), Wait);
        var picker = page.FindComponents<MudDatePicker>().Single(p => Equals(p.Instance.UserAttributes["data-testid"], "calibration-date"));

        // The published split: calibration to 1997-09-30, parameters in weeks (the page's default unit).
        await page.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(new DateTime(1997, 9, 30)));

        page.WaitForAssertion(() => Assert.Equal(new DateTime(1997, 9, 30), session.LifetimeFit?.Summary.CalibrationEnd), Wait);
        var model = session.LifetimeFit!.Purchases;
        Assert.Equal(0.243, model.R, 3);
        Assert.Equal(4.414, model.Alpha, 3);
        Assert.Equal(0.793, model.A, 3);
        Assert.Equal(2.426, model.B, 3);
        page.WaitForAssertion(() => Assert.Contains($"r = {Format.Number(model.R, 3)}", page.Find("[data-testid=lifetime-parameters]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("week", page.Find("[data-testid=lifetime-parameters]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=segment-lifetime-table] tbody tr")), Wait);
    }

    [SharedDataFact]
    public async Task Upload_CdnowSample_DataPageNamesTheShapeAndBasketPagesSayTheyNeedProducts()
    {
        var session = await UploadCdnowSampleAsync();

        var quality = Render<DataQualityReport>(p => p.Add(c => c.Dataset, session.Dataset!));
        Assert.Contains("Order lines", quality.Find("[data-testid=data-shape]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Amount (order total) = Column 5 (29.33)", quality.Find("[data-testid=data-shape]").TextContent, StringComparison.Ordinal);
        Assert.Empty(quality.FindAll("[data-testid=products]"));
        Assert.DoesNotContain(session.Dataset!.Features.Columns, c => c.Name == FeatureNames.UniqueProducts);

        var baskets = Render<MarketBasketPage>();
        baskets.WaitForAssertion(() => Assert.Contains("needs to know which products", baskets.Find("[data-testid=no-baskets]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(baskets.FindAll("[data-chart]"));

        var recommendations = Render<RecommendationsPanel>();
        Assert.Contains("order lines without products", recommendations.Find("[data-testid=recommendations-unavailable]").TextContent, StringComparison.Ordinal);
        Assert.Null(session.Recommender);
    }

    [Fact]
    public async Task ChangeColumns_WrongGuess_ReadsTheSameFileAgainAndAFailedReReadKeepsTheData()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var dialogs = Render<MudDialogProvider>();
        var upload = Render<UploadPanel>();

        // Customer, date, quantity, amount, store number: the guess takes the last column (the store) as the amount.
        var lines = Enumerable.Range(1, 8).SelectMany(c => new[]
        {
            $"C{c} 202401{c:00} 1 {c * 10}.00 {c % 3 + 1}",
            $"C{c} 202402{c:00} 2 {c * 5}.50 {c % 3 + 1}",
        });
        upload.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(string.Join("\n", lines) + "\n", "orders.txt"));
        upload.WaitForAssertion(() => Assert.Equal(8, session.Dataset?.Features.Count), Wait);
        var guessed = session.Dataset!;
        Assert.Equal(FileShape.OrderLines, guessed.Shape);
        Assert.Equal("Column 5 (2)", guessed.Mapping[ColumnRole.Price]);
        Assert.Equal(2d * 2, guessed.Features.Column(FeatureNames.Monetary).Values[0]);

        var cut = Render<OrderLineColumns>(p => p.Add(c => c.Dataset, guessed));
        Assert.Contains("Amount (order total) = Column 5 (2)", cut.Find("[data-testid=order-line-columns]").TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid=change-columns]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("read again", dialogs.Markup, StringComparison.Ordinal), Wait);
        await ChooseAsync(dialogs, ColumnRole.Price, "Column 4 (10.00)");
        dialogs.Find("[data-testid=map-apply]").Click();

        cut.WaitForAssertion(() => Assert.NotSame(guessed, session.Dataset), Wait);
        var corrected = session.Dataset!;
        Assert.Equal("Column 4 (10.00)", corrected.Mapping[ColumnRole.Price]);
        Assert.Equal("Column 3 (1)", corrected.Mapping[ColumnRole.Quantity]);
        Assert.Equal(Enumerable.Range(1, 8).Select(c => c * 10 + c * 5 + 0.5), corrected.Features.Column(FeatureNames.Monetary).Values);
        Assert.NotNull(session.DataFilePath);

        // A date column that holds no dates: the re-read fails, says where, and the corrected data stays.
        cut.Render(p => p.Add(c => c.Dataset, corrected));
        cut.Find("[data-testid=change-columns]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("read again", dialogs.Markup, StringComparison.Ordinal), Wait);
        await ChooseAsync(dialogs, ColumnRole.Quantity, "");
        await ChooseAsync(dialogs, ColumnRole.Date, "Column 3 (1)");
        dialogs.Find("[data-testid=map-apply]").Click();

        cut.WaitForAssertion(() => Assert.Contains("line 1", cut.Find("[data-testid=change-columns-error]").TextContent, StringComparison.Ordinal), Wait);
        var error = cut.Find("[data-testid=change-columns-error]").TextContent;
        Assert.Contains("orders.txt", error, StringComparison.Ordinal);
        Assert.Contains("is not a date", error, StringComparison.Ordinal);
        Assert.Contains("still in use", error, StringComparison.Ordinal);
        Assert.Same(corrected, session.Dataset);

        // The file is gone from the server: no dialog, the page says to drop it again.
        File.Delete(session.DataFilePath!);
        cut.Find("[data-testid=change-columns]").Click();
        Assert.Contains("drop the file again", cut.Find("[data-testid=change-columns-error]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("read again;", dialogs.Markup, StringComparison.Ordinal);
        Assert.Same(corrected, session.Dataset);
    }

    private static async Task ChooseAsync(IRenderedComponent<MudDialogProvider> dialogs, ColumnRole role, string column)
    {
        var select = dialogs.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes["data-testid"], $"map-{role}"));
        await dialogs.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(column));
    }

    [Fact]
    public async Task Upload_OrderLinesWhoseColumnsCannotBeToldApart_AsksForCustomerAndAmountInTheMappingDialog()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var before = session.Dataset;
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UploadPanel>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("A 10.5 20240101\nB 4 20240102\n", "odd.txt"));

        dialogs.WaitForAssertion(() => Assert.Contains("could not be matched", dialogs.Markup, StringComparison.Ordinal), Wait);
        Assert.Contains("Amount (order total)", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("Customer id", dialogs.Markup, StringComparison.Ordinal);

        // The optional columns can be mapped at once too, or left at (none).
        var optional = dialogs.FindComponents<MudSelect<string>>()
            .Where(s => s.Instance.Label?.EndsWith("(optional)", StringComparison.Ordinal) == true)
            .Select(s => s.Instance.UserAttributes["data-testid"]);
        Assert.Equal(["map-Quantity", "map-Invoice"], optional);
        Assert.Same(before, session.Dataset);
    }
}
