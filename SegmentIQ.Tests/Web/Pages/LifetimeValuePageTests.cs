using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Pages.Lifetime;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class LifetimeValuePageTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private IRenderedComponent<LifetimeValuePage> Open(out AnalysisSession session)
    {
        var cut = Render<LifetimeValuePage>();
        session = Services.GetRequiredService<AnalysisSession>();
        var s = session;
        cut.WaitForAssertion(() => Assert.NotNull(s.LifetimeValues), Wait);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=lifetime-customers] tbody tr")), Wait);
        return cut;
    }

    [Fact]
    public void Open_BundledSample_FitsTheEngineModelAndShowsItsViews()
    {
        var cut = Open(out var session);

        // The page shows what the engine computes from the same purchases, not numbers of its own.
        var expected = LifetimeFit.Fit(PurchaseLog.FromTransactions(session.Dataset!.Purchases!), LifetimeOptions.Default);
        var fit = session.LifetimeFit!;
        Assert.Equal(expected.Purchases.Parameters, fit.Purchases.Parameters);
        Assert.Equal(expected.Summary.Count, session.LifetimeValues!.Clv.Length);
        var parameters = cut.Find("[data-testid=lifetime-parameters]").TextContent;
        Assert.Contains($"r = {Format.Number(fit.Purchases.R, 3)} ± {Format.Number(fit.Purchases.StandardErrors[0], 3)}", parameters, StringComparison.Ordinal);
        Assert.Contains("leaves for good with probability", parameters, StringComparison.Ordinal);

        var alive = cut.FindComponents<Heatmap>().Single(c => c.Instance.Id == "lifetime-alive-heatmap").Instance.Data!;
        Assert.All(alive.Values, p => Assert.InRange(p, 0, 1));
        Assert.Equal(alive.RowLabels.Count * alive.ColumnLabels.Count, alive.Values.Count);
        var distribution = cut.FindComponents<BarChart>().Single(c => c.Instance.Id == "lifetime-distribution-chart").Instance.Data!;
        Assert.Equal(expected.Summary.Count, distribution.Series[0].Values.Sum());
        Assert.Single(cut.FindAll("[data-testid=no-holdout]"));

        // Largest CLV first; the pager shows 10 rows.
        var firstRow = cut.FindAll("[data-testid=lifetime-customers] tbody tr")[0].TextContent;
        var top = Enumerable.Range(0, expected.Summary.Count).MaxBy(i => session.LifetimeValues.Clv[i]);
        Assert.Contains(expected.Summary.CustomerIds[top], firstRow, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithSegments_ShowsClvPerNamedSegment()
    {
        var cut = Open(out var session);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=segment-lifetime-table] tbody tr")), Wait);
        var rows = cut.FindAll("[data-testid=segment-lifetime-table] tbody tr");
        Assert.Equal(session.Segmentation!.Labels.Distinct().Count(), rows.Count);
        Assert.StartsWith("Segment 1", rows[0].TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void HoldoutSlider_RefitsOnTheCalibrationPeriodAndChecksTheHoldout()
    {
        var cut = Open(out var session);
        var period = session.PurchasePeriod!.Value;
        var slider = cut.FindComponents<MudSlider<int>>().Single(s => Equals(s.Instance.UserAttributes["data-testid"], "holdout-slider"));

        cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(8));

        cut.WaitForAssertion(() => Assert.Equal(period.Last.AddDays(-56), session.LifetimeFit?.Summary.CalibrationEnd), Wait);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-chart=lifetime-holdout-chart]")), Wait);
        var holdout = cut.FindComponents<BarChart>().Single(c => c.Instance.Id == "lifetime-holdout-chart").Instance.Data!;
        Assert.Equal(["Actual", "Model"], holdout.Series.Select(s => s.Name));
        Assert.Equal("8", cut.Find("[data-testid=holdout-value]").TextContent);
    }

    [Fact]
    public void HorizonSlider_RevaluesWithoutRefitting()
    {
        var cut = Open(out var session);
        var fit = session.LifetimeFit;
        var before = session.LifetimeValues!;
        var slider = cut.FindComponents<MudSlider<int>>().Single(s => Equals(s.Instance.UserAttributes["data-testid"], "horizon-slider"));

        cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(24));

        cut.WaitForAssertion(() => Assert.Equal(24, session.LifetimeValues?.Options.HorizonMonths), Wait);
        Assert.Same(fit, session.LifetimeFit);
        var after = session.LifetimeValues!;
        Assert.True(after.Clv.Where(double.IsFinite).Sum() > before.Clv.Where(double.IsFinite).Sum());
        Assert.Equal("24", cut.Find("[data-testid=horizon-value]").TextContent);
    }
    [Fact]
    public void CalibrationDatePicker_RefitsAndTheCumulativeChartMarksTheCalibrationEnd()
    {
        var cut = Open(out var session);
        var period = session.PurchasePeriod!.Value;
        var picker = cut.FindComponents<MudDatePicker>().Single(p => Equals(p.Instance.UserAttributes["data-testid"], "calibration-date"));
        var end = period.Last.AddDays(-70);

        cut.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(end));

        cut.WaitForAssertion(() => Assert.Equal(end, session.LifetimeFit?.Summary.CalibrationEnd), Wait);
        cut.WaitForAssertion(() => Assert.Contains("10", cut.Find("[data-testid=holdout-value]").TextContent, StringComparison.Ordinal), Wait);
        LineChartData? cumulative = null;
        cut.WaitForAssertion(
            () =>
            {
                cumulative = cut.FindComponents<LineChart>().Single(c => c.Instance.Id == "lifetime-cumulative-chart").Instance.Data;
                Assert.NotNull(cumulative);
                Assert.NotNull(cumulative.VerticalMarkers);
            },
            Wait);

        // The chart draws the engine's curves: actual repeat purchases by the calibration end are the summary's Σx.
        var curves = session.LifetimeFit!.CumulativeTransactions()!;
        Assert.Equal(["Actual", "Model"], cumulative!.Series.Select(s => s.Name));
        Assert.Equal(curves.Actual, cumulative.Series[0].Y);
        Assert.Equal(curves.Expected, cumulative.Series[1].Y);
        Assert.Equal(session.LifetimeFit.Summary.Frequency.Sum(), curves.Actual[curves.CalibrationIndex]);
        var marker = Assert.Single(cumulative.VerticalMarkers!);
        Assert.Equal(cumulative.Series[0].X[curves.CalibrationIndex], marker.X, 9);
    }

    [Fact]
    public void AliveHistory_DefaultsToTheTopClvCustomerAndFollowsTheChosenOne()
    {
        var cut = Open(out var session);
        var values = session.LifetimeValues!;
        var top = values.Summary.CustomerIds[Enumerable.Range(0, values.Summary.Count).MaxBy(i => values.Clv[i])];
        LineChartData HistoryData() => cut.FindComponents<LineChart>().Single(c => c.Instance.Id == "lifetime-alive-history-chart").Instance.Data!;

        cut.WaitForAssertion(() => Assert.Equal($"Customer {top}", HistoryData().Series[0].Name), Wait);
        Assert.Equal(session.LifetimeFit!.AliveHistory(top)!.ProbabilityAlive, HistoryData().Series[0].Y);

        var other = values.Summary.CustomerIds.First(id => id != top);
        var field = cut.FindComponents<MudTextField<string>>().Single(f => Equals(f.Instance.UserAttributes["data-testid"], "alive-history-customer"));
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(other));
        cut.WaitForAssertion(() => Assert.Equal($"Customer {other}", HistoryData().Series[0].Name), Wait);

        field = cut.FindComponents<MudTextField<string>>().Single(f => Equals(f.Instance.UserAttributes["data-testid"], "alive-history-customer"));
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("no-such-customer"));
        cut.WaitForAssertion(() => Assert.Contains("No purchases of customer 'no-such-customer'", cut.Find("[data-testid=alive-history-message]").TextContent, StringComparison.Ordinal), Wait);
    }
}
