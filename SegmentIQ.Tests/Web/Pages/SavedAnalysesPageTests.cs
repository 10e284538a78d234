using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Web.Components.Pages.SavedAnalyses;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class SavedAnalysesPageTests : SegmentIqBunitContext
{
    private AnalysisLibrary Library => Services.GetRequiredService<AnalysisLibrary>();

    [Fact]
    public void Open_LibraryWithOneAnalysis_ListsItsNameFileAlgorithmAndCopy()
    {
        Library.Save(Definition("Spring review", k: 5) with { Notes = "For the board" }, null);

        var cut = Render<SavedAnalysesPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=library-row]")));
        Assert.Equal("Spring review", cut.Find("[data-testid=library-name]").TextContent);
        Assert.Equal("shop.csv", cut.Find("[data-testid=library-file]").TextContent);
        Assert.Equal("K-Means, k = 5", cut.Find("[data-testid=library-algorithm]").TextContent);
        Assert.Equal("no", cut.Find("[data-testid=library-copy]").TextContent);
        Assert.Contains("For the board", cut.Find("[data-testid=library-row]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=library-open]").HasAttribute("disabled"), "without a data copy Open needs a file");
    }

    [Fact]
    public void Open_EmptyLibrary_SaysHowToSaveOne()
    {
        var cut = Render<SavedAnalysesPage>();

        cut.WaitForAssertion(() => Assert.Contains("Save analysis", cut.Find("[data-testid=library-empty]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Rename_NewName_IsListedAndStored()
    {
        var entry = Library.Save(Definition("Spring review"), null);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=library-row]")));

        Click(cut, "[data-testid=library-rename]");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=rename-save]")));
        var field = dialogs.FindComponents<MudTextField<string>>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-testid"), "rename-name"));
        dialogs.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("Spring review (final)"));
        Click(dialogs, "[data-testid=rename-save]");

        cut.WaitForAssertion(() => Assert.Equal("Spring review (final)", cut.Find("[data-testid=library-name]").TextContent));
        Assert.Equal("Spring review (final)", Library.Find(entry.Id)!.Name);
        Assert.Contains("Renamed 'Spring review' to 'Spring review (final)'", cut.Find("[data-testid=library-notice]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_Confirmed_RemovesTheAnalysis()
    {
        Library.Save(Definition("Keep me"), null);
        var doomed = Library.Save(Definition("Delete me"), null);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=library-row]").Count));

        Click(cut, $"[data-id='{doomed.Id}'] [data-testid=library-delete]");
        dialogs.WaitForAssertion(() => Assert.Contains("Delete me", dialogs.Find("[data-testid=delete-question]").TextContent, StringComparison.Ordinal));
        Click(dialogs, "[data-testid=delete-confirm]");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=library-row]")));
        Assert.Equal("Keep me", cut.Find("[data-testid=library-name]").TextContent);
        Assert.Null(Library.Find(doomed.Id));
    }

    [Theory]
    [InlineData("\"numberOfClusters\": 4", "\"numberOfClusters\": 4, \"clusterCount\": 4", "clusterCount")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 2", "formatVersion")]
    [InlineData("\"numberOfClusters\": 4", "\"numberOfClusters\": 99", "segmentation.numberOfClusters")]
    public void UploadJson_BadField_ShowsAMessageNamingIt(string from, string to, string field)
    {
        var json = Encoding.UTF8.GetString(Definition("Spring review").ToJson());
        Assert.Contains(from, json, StringComparison.Ordinal);
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=library-empty]"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json.Replace(from, to, StringComparison.Ordinal), "review.json"));

        cut.WaitForAssertion(() => Assert.Contains(field, cut.Find("[data-testid=upload-json-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("review.json", cut.Find("[data-testid=upload-json-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=uploaded-analysis]"));
    }

    [Fact]
    public void UploadJson_NotASavedAnalysis_SaysSoWithoutExceptionText()
    {
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=library-empty]"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("InvoiceNo,StockCode\n1,A\n", "data.json"));

        cut.WaitForAssertion(() => Assert.Contains("data.json is not valid JSON", cut.Find("[data-testid=upload-json-error]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", cut.Find("[data-testid=upload-json-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadJson_ValidWithDataCopyInLibrary_OpensOnTheSegmentsPage()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        await session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 5 });
        var definition = session.CaptureAnalysis("Sample, k = 5", null);
        Library.Save(definition, session.DataFilePath);
        await session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 3 });
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=library-row]")));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(definition.ToJson(), "sample.json"));
        cut.WaitForAssertion(() => Assert.Contains("has a copy", cut.Find("[data-testid=uploaded-data]").TextContent, StringComparison.Ordinal));
        Click(cut, "[data-testid=uploaded-open]");

        cut.WaitForAssertion(() => Assert.EndsWith("/segments", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Equal(5, session.Settings.NumberOfClusters);
        Assert.Equal(5, session.Segmentation!.NumberOfClusters);
        Assert.StartsWith("Opened 'Sample, k = 5'", session.OpenedAnalysis!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenQuery_LatestSavedAnalysis_OpensItOnTheSegmentsPage()
    {
        // What the banner of a tab whose data was lost links to: analyses?open={id} of the latest analysis with a copy.
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        await session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 6 });
        var older = Library.Save(session.CaptureAnalysis("Older", null) with { SavedAt = DateTimeOffset.UnixEpoch }, session.DataFilePath);
        var latest = Library.Save(session.CaptureAnalysis("Latest, k = 6", null) with { SavedAt = DateTimeOffset.UnixEpoch.AddDays(1) }, session.DataFilePath);
        Assert.Equal(latest.Id, Library.LatestReopenable()!.Id);
        Assert.NotEqual(older.Id, latest.Id);
        await session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 3 });
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"analyses?open={latest.Id}");

        var cut = Render<SavedAnalysesPage>();

        cut.WaitForAssertion(() => Assert.EndsWith("/segments", navigation.Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Equal(6, session.Settings.NumberOfClusters);
        Assert.StartsWith("Opened 'Latest, k = 6'", session.OpenedAnalysis!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenQuery_UnknownId_SaysItIsGoneAndListsTheLibrary()
    {
        Library.Save(Definition("Spring review"), null);
        Services.GetRequiredService<NavigationManager>().NavigateTo("analyses?open=no-such-analysis");

        var cut = Render<SavedAnalysesPage>();

        cut.WaitForAssertion(() => Assert.Contains("no longer in the library", cut.Find("[data-testid=library-error]").TextContent, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=library-row]")));
    }

    [Fact]
    public void UploadJson_WithoutDataCopy_AsksForTheFileAndReRunsOnNewData()
    {
        using var files = new Ingestion.TempFiles();
        var shop = files.Write("shop.csv", Browser.TestCsv.ThirtyCustomers());
        var dataset = AnalysisPipeline.Load(shop, "shop.csv", null, null, null, null, CancellationToken.None).Dataset!;
        var space = new AnalysisPipeline().Space(dataset, null, CancellationToken.None);
        var definition = AnalysisRunner.Capture(dataset, space, new SegmentationSettings { NumberOfClusters = 3 }, null, "Shop", null, DateTimeOffset.UnixEpoch);
        var session = Services.GetRequiredService<AnalysisSession>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=library-empty]"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(definition.ToJson(), "shop.json"));
        cut.WaitForAssertion(() => Assert.Contains("no copy of shop.csv", cut.Find("[data-testid=uploaded-data]").TextContent, StringComparison.Ordinal));
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindComponents<InputFile>()));
        var nextMonth = Browser.TestCsv.ThirtyCustomers().Replace("United Kingdom", "France", StringComparison.Ordinal);
        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(nextMonth, "next-month.csv"));

        cut.WaitForAssertion(() => Assert.EndsWith("/segments", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.True(session.OpenedAnalysis!.IsNewData);
        Assert.Equal("Re-run of 'Shop' on new data: next-month.csv is not the file it was saved with (shop.csv).", session.OpenedAnalysis.Message);
        Assert.Equal(3, session.Segmentation!.NumberOfClusters);
        Assert.Equal("next-month.csv", session.Dataset!.Name);
    }

    // The page re-renders as the session initialises in the background: find and click in one renderer step.
    private static void Click<TComponent>(IRenderedComponent<TComponent> component, string selector)
        where TComponent : IComponent =>
        component.InvokeAsync(() => component.Find(selector).Click()).GetAwaiter().GetResult();

    private static AnalysisDefinition Definition(string name, int k = 4) => new()
    {
        Name = name,
        SavedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero),
        Data = new DataReference { FileName = "shop.csv", Sha256 = new string('b', 64) },
        Features = new FeatureSpaceOptions { Features = [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary], Log1p = [FeatureNames.Monetary] },
        Segmentation = new SegmentationSettings { NumberOfClusters = k },
    };
}
