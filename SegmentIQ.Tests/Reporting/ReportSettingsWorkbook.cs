using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Reporting;

/// <summary>Checks that a report workbook was made with given <see cref="ReportSettings"/>, read back from its cells.</summary>
internal static class ReportSettingsWorkbook
{
    /// <summary>
    /// The A-B planning sheet lists the conversion plan then the order-value plan with <paramref name="settings"/>'
    /// inputs, and the Recommendations sheet ranks at most <see cref="ReportSettings.RecommendationCount"/> products per customer.
    /// </summary>
    public static void AssertMadeWith(ExcelPackage package, ReportSettings settings)
    {
        var plans = package.Workbook.Worksheets[ExcelReport.AbPlanningSheet];
        Assert.NotNull(plans);
        Assert.Equal([settings.AbConversion.BaselineRate], ValuesOf(plans, "Baseline rate"));
        Assert.Equal([settings.AbConversion.Alpha, settings.AbOrderValue.Alpha], ValuesOf(plans, "Alpha"));
        Assert.Equal([settings.AbConversion.Power, settings.AbOrderValue.Power], ValuesOf(plans, "Power"));
        Assert.Equal([settings.AbConversion.AllocationRatio, settings.AbOrderValue.AllocationRatio], ValuesOf(plans, "Treated per control"));
        Assert.Equal(
            [Sides(settings.AbConversion.TwoSided), Sides(settings.AbOrderValue.TwoSided)],
            Rows(plans).Where(r => Equals(plans.Cells[r, 1].Value, "Sides")).Select(r => plans.Cells[r, 2].Value as string));

        var recommendations = package.Workbook.Worksheets[ExcelReport.RecommendationsSheet];
        Assert.NotNull(recommendations);
        Assert.Equal("Rank", recommendations.Cells[1, 3].Value);
        var ranks = Enumerable.Range(2, recommendations.Dimension.End.Row - 1).Select(r => Convert.ToInt32(recommendations.Cells[r, 3].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(settings.RecommendationCount, ranks.Max());
    }

    private static string Sides(bool twoSided) => twoSided ? "two-sided" : "one-sided (an increase)";

    private static IEnumerable<int> Rows(ExcelWorksheet sheet) => Enumerable.Range(1, sheet.Dimension.End.Row);

    private static List<double> ValuesOf(ExcelWorksheet sheet, string label) =>
        [.. Rows(sheet).Where(r => Equals(sheet.Cells[r, 1].Value, label)).Select(r => Convert.ToDouble(sheet.Cells[r, 2].Value, System.Globalization.CultureInfo.InvariantCulture))];
}
