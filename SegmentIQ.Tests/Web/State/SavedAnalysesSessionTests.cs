using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.State;

/// <summary>The session's side of saved analyses: capture, save, reopen on the same file, refuse or re-run on another.</summary>
public sealed class SavedAnalysesSessionTests : SegmentIqBunitContext
{
    private static readonly string OtherCsv = TestCsv.ThirtyCustomers().Replace(",4.25,", ",9.25,", StringComparison.Ordinal);

    private AnalysisSession Session => Services.GetRequiredService<AnalysisSession>();

    private AnalysisLibrary Library => Services.GetRequiredService<AnalysisLibrary>();

    [Fact]
    public async Task CaptureSaveAndOpen_SameFile_GivesIdenticalLabelsAndPersonaNames()
    {
        var shop = await UploadAsync("shop.csv", TestCsv.ThirtyCustomers());
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 3, Seed = 9 });
        var labels = Session.Segmentation!.Labels.ToArray();
        var personas = Session.Insights!.Personas.Personas.Select(p => p.Name).ToArray();
        var entry = Library.Save(Session.CaptureAnalysis("Shop", "three segments"), Session.DataFilePath);
        Assert.True(entry.HasDataCopy);

        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 5, Seed = 1 });
        await UploadAsync("other.csv", OtherCsv);
        Assert.False(File.Exists(shop), "the session deletes the upload it owned once its dataset is replaced");

        // Read back from disk, as the Saved analyses page does: nothing is shared with the captured objects.
        var stored = Library.Find(entry.Id)!;
        var error = await Session.OpenAnalysisAsync(stored.Definition, Library.DataCopyOf(stored)!, "shop.csv", null, DataPolicy.SameData, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("shop.csv", Session.Dataset!.Name);
        Assert.Equal(3, Session.Settings.NumberOfClusters);
        Assert.Equal(9, Session.Settings.Seed);
        Assert.Equal(labels, Session.Segmentation!.Labels);
        Assert.Equal(personas, Session.Insights!.Personas.Personas.Select(p => p.Name));
        Assert.False(Session.OpenedAnalysis!.IsNewData);
        Assert.StartsWith("Opened 'Shop' (saved ", Session.OpenedAnalysis.Message, StringComparison.Ordinal);
        Assert.EndsWith("on file shop.csv.", Session.OpenedAnalysis.Message, StringComparison.Ordinal);
        Assert.Equal(Library.DataCopyOf(entry), Session.DataFilePath);
    }

    [Fact]
    public async Task CaptureSaveAndOpen_KeepsTheAbInputsAndRecommendationCount()
    {
        await UploadAsync("shop.csv", TestCsv.ThirtyCustomers());
        var conversion = new AbTestOptions { BaselineRate = 0.12, MinimumDetectableEffect = 0.25, RelativeEffect = true, Alpha = 0.1, Power = 0.9, AllocationRatio = 2, TwoSided = false };
        var orderValue = AbTestOptions.OrderValueDefaults with { MinimumDetectableEffect = 7.5, RelativeEffect = false, Alpha = 0.01 };
        Session.AbConversion = conversion;
        Session.AbOrderValue = orderValue;
        Session.RecommendationCount = 12;
        var entry = Library.Save(Session.CaptureAnalysis("Shop", null), Session.DataFilePath);

        Session.ReportSettings = ReportSettings.Defaults;
        var stored = Library.Find(entry.Id)!;
        var error = await Session.OpenAnalysisAsync(stored.Definition, Library.DataCopyOf(stored)!, "shop.csv", null, DataPolicy.SameData, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(conversion, Session.AbConversion);
        Assert.Equal(orderValue, Session.AbOrderValue);
        Assert.Equal(12, Session.RecommendationCount);
        var plans = Session.AbPlansForReport();
        Assert.Equal([conversion, orderValue], plans.Select(p => p.Options));
    }

    [Fact]
    public async Task OpenAnalysis_SavedBeforeReportSettings_UsesTheDefaults()
    {
        await UploadAsync("shop.csv", TestCsv.ThirtyCustomers());
        var definition = Session.CaptureAnalysis("Shop", null) with { Report = null };
        Session.AbConversion = new AbTestOptions { BaselineRate = 0.3 };
        Session.RecommendationCount = 9;

        var error = await Session.OpenAnalysisAsync(definition, Session.DataFilePath!, "shop.csv", null, DataPolicy.SameData, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(ReportSettings.Defaults, Session.ReportSettings);
    }

    [Fact]
    public async Task OpenAnalysis_OtherFileUnderSameData_IsRefusedAndKeepsTheDataset()
    {
        await UploadAsync("shop.csv", TestCsv.ThirtyCustomers());
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 3 });
        var definition = Session.CaptureAnalysis("Shop", null);
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 4 });
        var before = Session.Dataset;
        var segmentation = Session.Segmentation;
        using var files = new Ingestion.TempFiles();
        var other = files.Write("next.csv", OtherCsv);

        var error = await Session.OpenAnalysisAsync(definition, other, "next.csv", null, DataPolicy.SameData, CancellationToken.None);

        Assert.NotNull(error);
        Assert.Contains("next.csv is not the file 'Shop' was saved with", error, StringComparison.Ordinal);
        Assert.Contains("previous dataset is still in use", error, StringComparison.Ordinal);
        Assert.Same(before, Session.Dataset);
        Assert.Same(segmentation, Session.Segmentation);
        Assert.Equal(4, Session.Settings.NumberOfClusters);
        Assert.Null(Session.OpenedAnalysis);
        Assert.True(File.Exists(other), "a refused file stays the caller's");
    }

    [Fact]
    public async Task OpenAnalysis_OtherFileUnderNewData_RunsAndSetsTheBannerUntilTheDataChanges()
    {
        await UploadAsync("shop.csv", TestCsv.ThirtyCustomers());
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 3 });
        var definition = Session.CaptureAnalysis("Shop", null);
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 5 });
        var other = UploadedFile("next.csv", OtherCsv);

        var error = await Session.OpenAnalysisAsync(definition, other, "next.csv", null, DataPolicy.NewData, CancellationToken.None, takeOwnership: true);

        Assert.Null(error);
        Assert.Equal(3, Session.Segmentation!.NumberOfClusters);
        Assert.True(Session.OpenedAnalysis!.IsNewData);
        Assert.Equal("Re-run of 'Shop' on new data: next.csv is not the file it was saved with (shop.csv).", Session.OpenedAnalysis.Message);
        Assert.Equal(other, Session.DataFilePath);

        await UploadAsync("later.csv", TestCsv.ThirtyCustomers().Replace("United Kingdom", "France", StringComparison.Ordinal));

        Assert.Null(Session.OpenedAnalysis);
        Assert.False(File.Exists(other));
    }

    [Fact]
    public async Task Dispose_DeletesTheUploadedFileItOwns()
    {
        var shop = await UploadAsync("shop.csv", TestCsv.ThirtyCustomers());
        Assert.Equal(shop, Session.DataFilePath);

        Session.Dispose();

        Assert.False(File.Exists(shop));
    }

    /// <summary>Uploads <paramref name="text"/> as the Data page does (a temporary file the session then owns).</summary>
    private async Task<string> UploadAsync(string name, string text)
    {
        var path = UploadedFile(name, text);
        var outcome = await Session.LoadUploadedFileAsync(path, name, null, null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);
        Assert.Equal(name, Session.Dataset!.Name);
        return path;
    }

    private static string UploadedFile(string name, string text)
    {
        var path = SegmentIQ.Web.Services.UploadedFiles.TemporaryPathFor(name);
        File.WriteAllText(path, text);
        return path;
    }
}
