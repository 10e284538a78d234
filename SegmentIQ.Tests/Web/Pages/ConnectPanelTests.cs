using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Web.Components.Pages.Data;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>
/// The Connect tab over DuckDB files in a temporary sources folder: the cleaning switch the upload has (also remove
/// exact duplicate lines) reaches the aggregation where the data lives, and a saved analysis records it.
/// </summary>
public sealed class ConnectPanelTests : SourceFolderBunitContext
{
    private AnalysisSession Session => Services.GetRequiredService<AnalysisSession>();

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 3)]
    public async Task RemoveDuplicatesSwitch_IsAppliedWhereTheDataLives(bool remove, long removed)
    {
        // The 30-customer file with three of its lines repeated exactly.
        var lines = TestCsv.ThirtyCustomers().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        File.WriteAllLines(Path.Combine(SourcesFolder, "shop.csv"), [.. lines, lines[1], lines[2], lines[40]]);
        await Session.EnsureInitializedAsync();
        var cut = Render<ConnectPanel>();

        var kind = cut.FindComponent<MudRadioGroup<ConnectPanel.SourceKind>>();
        await cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(ConnectPanel.SourceKind.Files));
        var path = cut.FindComponents<MudTextField<string>>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-testid"), "connect-path"));
        await cut.InvokeAsync(() => path.Instance.ValueChanged.InvokeAsync("shop.csv"));
        var toggle = cut.FindComponents<MudSwitch<bool>>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-testid"), "connect-remove-duplicates"));
        await cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(remove));
        await cut.InvokeAsync(() => cut.Find("[data-testid=connect-load]").Click());

        cut.WaitForAssertion(() => Assert.Equal("shop.csv", Session.Dataset?.Name), TimeSpan.FromSeconds(30));
        var dataset = Session.Dataset!;
        Assert.Equal(remove, dataset.CleaningOptions.RemoveDuplicates);
        Assert.Equal(3, dataset.Cleaning!.ExactDuplicates);
        Assert.Equal(removed, dataset.Cleaning.RemovedBy(CleaningRule.Duplicate));
        Assert.Equal(123 - removed, dataset.Cleaning.RowsKept);
        Assert.Equal(remove, Session.CaptureAnalysis("Shop", null).Cleaning.RemoveDuplicates);
    }
}
