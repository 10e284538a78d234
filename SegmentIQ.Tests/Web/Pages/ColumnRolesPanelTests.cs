using System.Globalization;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Web.Components.Pages.Data;
using SegmentIQ.Web.Components.Pages.Personas;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>The Data page's column roles: correcting a guessed role and applying it renames the personas everywhere.</summary>
public class ColumnRolesPanelTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ApplyIncome_ToColumnGuessedOther_PersonasPageNamesSpeakOfIncome()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var file = Path.Combine(Path.GetTempPath(), $"x1-customers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, UnlabelledIncomeCsv());
        try
        {
            var outcome = await session.LoadFileAsync(file, "x1-customers.csv", null, null, null, null, CancellationToken.None);
            Assert.Null(outcome.Error);
            await session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 2 });
            var personas = Render<PersonasPage>();
            personas.WaitForAssertion(() => Assert.Equal(2, personas.FindAll("[data-testid=persona-card]").Count), Wait);
            Assert.DoesNotContain(Names(personas), n => n.Contains("Affluent", StringComparison.Ordinal));

            var panel = Render<ColumnRolesPanel>(p => p.Add(c => c.Table, session.Space!.Table).Add(c => c.Roles, session.ColumnRoles));
            var select = panel.FindComponents<MudSelect<BusinessRole>>().Single(s => Equals(s.Instance.UserAttributes["data-testid"], "role-X1"));
            Assert.Equal(BusinessRole.Other, BusinessRoles.Infer(session.Space!.Table)["X1"]);
            Assert.True(panel.Find("[data-testid=apply-roles]").HasAttribute("disabled"));

            await panel.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(BusinessRole.Income));
            panel.Find("[data-testid=apply-roles]").Click();

            Assert.Equal(BusinessRole.Income, session.ColumnRoles.Corrections["X1"]);
            Assert.Single(session.ColumnRoles.Corrections);
            personas.WaitForAssertion(() => Assert.Contains(Names(personas), n => n.StartsWith("Affluent", StringComparison.Ordinal)), Wait);
            Assert.Contains(Names(personas), n => n.StartsWith("Budget-conscious", StringComparison.Ordinal));
            Assert.Equal(session.Insights!.Personas.Personas.Select(p => p.Name), Names(personas));

            // Back to the guesses: the correction is dropped and the income words go.
            panel.Render(p => p.Add(c => c.Roles, session.ColumnRoles));
            panel.Find("[data-testid=reset-roles]").Click();
            panel.Find("[data-testid=apply-roles]").Click();
            Assert.Empty(session.ColumnRoles.Corrections);
            personas.WaitForAssertion(() => Assert.DoesNotContain(Names(personas), n => n.Contains("Affluent", StringComparison.Ordinal)), Wait);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Corrections_BelongToTheirDataset_AnotherDatasetStartsFromTheGuesses()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var sample = session.Dataset;
        var file = Path.Combine(Path.GetTempPath(), $"x1-customers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, UnlabelledIncomeCsv());
        try
        {
            Assert.Null((await session.LoadFileAsync(file, "x1-customers.csv", null, null, null, null, CancellationToken.None)).Error);
            session.SetColumnRoles(new BusinessRoleMap([new("X1", BusinessRole.Income)]));
            Assert.Single(session.ColumnRoles.Corrections);

            Assert.Null((await session.LoadFileAsync(file, "x1-customers.csv", null, null, null, null, CancellationToken.None)).Error);
            Assert.NotSame(sample, session.Dataset);
            Assert.Empty(session.ColumnRoles.Corrections);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Corrections_SurviveAReload_InTheTabsWorkspace()
    {
        var first = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
        await first.EnsureInitializedAsync();
        await first.AttachWorkspaceAsync("tab-roles", rememberedDataset: null);
        var file = Path.Combine(Path.GetTempPath(), $"x1-customers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, UnlabelledIncomeCsv());
        try
        {
            Assert.Null((await first.LoadFileAsync(file, "x1-customers.csv", null, null, null, null, CancellationToken.None)).Error);
            await first.UpdateSettingsAsync(first.Settings with { NumberOfClusters = 2 });
            first.SetColumnRoles(new BusinessRoleMap([new("X1", BusinessRole.Income)]));
            var names = first.Insights!.Personas.Personas.Select(p => p.Name).ToArray();
            Assert.Contains(names, n => n.StartsWith("Affluent", StringComparison.Ordinal));

            // The reload: a new circuit joins the same workspace id.
            var second = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
            var init = second.EnsureInitializedAsync();
            await second.AttachWorkspaceAsync("tab-roles", rememberedDataset: "x1-customers.csv");
            await init;

            Assert.Equal(first.ColumnRoles, second.ColumnRoles);
            Assert.Equal(names, second.Insights!.Personas.Personas.Select(p => p.Name));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Corrections_AreSavedWithTheAnalysis_AndReopenedWithIt()
    {
        var first = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
        await first.EnsureInitializedAsync();
        var file = Path.Combine(Path.GetTempPath(), $"x1-customers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, UnlabelledIncomeCsv());
        try
        {
            Assert.Null((await first.LoadFileAsync(file, "x1-customers.csv", null, null, null, null, CancellationToken.None)).Error);
            await first.UpdateSettingsAsync(first.Settings with { NumberOfClusters = 2 });
            first.SetColumnRoles(new BusinessRoleMap([new("X1", BusinessRole.Income)]));
            var names = first.Insights!.Personas.Personas.Select(p => p.Name).ToArray();

            var saved = AnalysisDefinition.FromJson(first.CaptureAnalysis("roles", null).ToJson(), "roles.json");
            Assert.Equal(BusinessRole.Income, saved.ColumnRoles!["X1"]);

            var second = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
            await second.EnsureInitializedAsync();
            Assert.Null(await second.OpenAnalysisAsync(saved, file, "x1-customers.csv", null, DataPolicy.SameData, CancellationToken.None));

            Assert.Equal(first.ColumnRoles, second.ColumnRoles);
            Assert.Equal(names, second.Insights!.Personas.Personas.Select(p => p.Name));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task DataPage_ShowsColumnRolesForACustomerTableOnly()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var page = Render<DataPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=feature-selector]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=column-roles]"));

        var file = Path.Combine(Path.GetTempPath(), $"x1-customers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, UnlabelledIncomeCsv());
        try
        {
            Assert.Null((await page.InvokeAsync(() => session.LoadFileAsync(file, "x1-customers.csv", null, null, null, null, CancellationToken.None))).Error);
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=column-roles]")), Wait);
            Assert.Equal(2, page.FindAll("[data-testid=column-roles] tbody tr").Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<string> Names(IRenderedComponent<PersonasPage> page) =>
        [.. page.FindAll("[data-testid=persona-name]").Select(e => e.TextContent.Trim())];

    /// <summary>Two groups: high "X1" (an income nobody labelled) with a high spending score, and both low.</summary>
    internal static string UnlabelledIncomeCsv()
    {
        var random = new Random(11);
        var text = new StringBuilder("X1,Spending Score (1-100)\n");
        for (var i = 0; i < 200; i++)
        {
            var rich = i % 2 == 0;
            text.Append(CultureInfo.InvariantCulture, $"{(rich ? 95 : 35) + random.Next(-10, 11)},{(rich ? 75 : 30) + random.Next(-8, 9)}\n");
        }

        return text.ToString();
    }
}
