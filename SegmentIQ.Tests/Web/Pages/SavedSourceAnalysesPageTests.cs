using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Web.Components.Pages.SavedAnalyses;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>
/// An analysis saved after loading a source (DuckDB over a CSV in a temporary sources folder) reopens from the Saved
/// analyses page by aggregating the source again: same segments and settings; a source that is gone says so by name
/// and the current dataset stays.
/// </summary>
public sealed class SavedSourceAnalysesPageTests : SourceFolderBunitContext
{
    private readonly string _sources;

    public SavedSourceAnalysesPageTests()
    {
        _sources = SourcesFolder;
        Directory.CreateDirectory(Path.Combine(_sources, "exports"));
    }

    private AnalysisSession Session => Services.GetRequiredService<AnalysisSession>();

    private AnalysisLibrary Library => Services.GetRequiredService<AnalysisLibrary>();

    private SourceCatalog Catalog => Services.GetRequiredService<DataSources>().Catalog;

    [Fact]
    public async Task SaveAfterSourceLoad_ThenOpen_ReaggregatesAndGivesTheSameSegments()
    {
        File.WriteAllText(Path.Combine(_sources, "exports", "shop.csv"), TestCsv.ThirtyCustomers());
        await LoadSourceAsync("exports/shop.csv");
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 3, Seed = 9 });
        var labels = Session.Segmentation!.Labels.ToArray();
        var personas = Session.Insights!.Personas.Personas.Select(p => p.Name).ToArray();
        var entry = Library.Save(Session.CaptureAnalysis("Shop from the warehouse", null), null);
        Assert.Equal("exports/shop.csv", entry.Definition.Source!.Path);
        Assert.Equal("CustomerID", entry.Definition.Source.Mapping![Analytics.Ingestion.ColumnRole.Customer]);
        Assert.Equal(entry.Id, Library.LatestReopenable()!.Id);

        // Other data and settings on screen, then the analysis is opened from the library page.
        File.WriteAllText(Path.Combine(_sources, "exports", "other.csv"), TestCsv.ThirtyCustomers().Replace(",4.25,", ",9.25,", StringComparison.Ordinal));
        await LoadSourceAsync("exports/other.csv");
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 5, Seed = 1 });
        Assert.NotEqual(labels, Session.Segmentation!.Labels);
        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => Assert.Equal("Source: exports/shop.csv", cut.Find("[data-testid=library-file]").TextContent));
        Assert.False(cut.Find("[data-testid=library-open]").HasAttribute("disabled"), "a source analysis opens without a data copy");
        await cut.InvokeAsync(() => cut.Find("[data-testid=library-open]").Click());

        cut.WaitForAssertion(() => Assert.NotNull(Session.OpenedAnalysis));
        cut.WaitForAssertion(() => Assert.Equal(labels, Session.Segmentation?.Labels));
        Assert.Equal("exports/shop.csv", Session.Dataset!.Name);
        Assert.Equal(3, Session.Settings.NumberOfClusters);
        Assert.Equal(9, Session.Settings.Seed);
        Assert.Equal(personas, Session.Insights!.Personas.Personas.Select(p => p.Name));
        Assert.False(Session.OpenedAnalysis!.IsNewData);
        Assert.Contains("on source exports/shop.csv, aggregated again: its data is unchanged.", Session.OpenedAnalysis.Message, StringComparison.Ordinal);
        Assert.Equal(entry.Definition.Source.Path, Session.DataSource!.Path);
        Assert.Equal(entry.Definition.Source.Mapping, Session.DataSource.Mapping);
    }

    [Fact]
    public async Task Open_SourceFileGone_SaysWhichSourceAndKeepsTheCurrentDataset()
    {
        var file = Path.Combine(_sources, "exports", "shop.csv");
        File.WriteAllText(file, TestCsv.ThirtyCustomers());
        await LoadSourceAsync("exports/shop.csv");
        Library.Save(Session.CaptureAnalysis("Shop from the warehouse", null), null);
        File.Delete(file);
        var before = Session.Dataset;
        var segmentation = Session.Segmentation;

        var cut = Render<SavedAnalysesPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=library-row]")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=library-open]").Click());

        cut.WaitForAssertion(() => Assert.Contains(
            "exports/shop.csv: no file matches 'exports/shop.csv' in the data folder for sources. The previous dataset is still in use.",
            cut.Find("[data-testid=library-error]").TextContent,
            StringComparison.Ordinal));
        Assert.Same(before, Session.Dataset);
        Assert.Same(segmentation, Session.Segmentation);
    }

    [Fact]
    public async Task OpenSourceAnalysis_Cancelled_SaysSoOnceAndKeepsTheCurrentDataset()
    {
        File.WriteAllText(Path.Combine(_sources, "exports", "shop.csv"), TestCsv.ThirtyCustomers());
        await LoadSourceAsync("exports/shop.csv");
        var definition = Session.CaptureAnalysis("Shop from the warehouse", null);
        var before = Session.Dataset;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var error = await Session.OpenSourceAnalysisAsync(definition, Catalog.Open(definition.Source!), null, cancelled.Token);

        Assert.Equal("Loading exports/shop.csv was cancelled. The previous dataset is still in use.", error);
        Assert.Same(before, Session.Dataset);
    }

    [Fact]
    public void UploadedJson_NamingAnUnconfiguredConnection_IsRefusedNamingIt()
    {
        var definition = new AnalysisDefinition
        {
            Name = "Elsewhere",
            Data = new DataReference { FileName = "warehouse: lines", Sha256 = new string('d', 64) },
            Source = SourceReference.ForTable("warehouse", null, "lines"),
            Features = new Analytics.Features.FeatureSpaceOptions { Features = [Analytics.Features.FeatureNames.Recency, Analytics.Features.FeatureNames.Monetary] },
        };

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(definition.ToJson(), "elsewhere.json", Catalog));

        Assert.Contains("no connection named 'warehouse' is configured", ex.Message, StringComparison.Ordinal);
    }

    private async Task LoadSourceAsync(string path)
    {
        var reference = SourceReference.ForFiles(path);
        var outcome = await Session.LoadSourceAsync(Catalog.Open(reference), null, null, null, CancellationToken.None, reference);
        Assert.Null(outcome.Error);
    }
}
