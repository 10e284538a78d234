using System.Globalization;
using System.Text.Json;
using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Numerics;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Explain;

/// <summary>
/// Kruskal–Wallis, ANOVA, Mann–Whitney and Holm against SciPy 1.10.1 on the UCI Wholesale customers file grouped by
/// Channel and by Region, every spending column (<c>shared/reference/tests_wholesale.json</c>). Compared to a relative
/// 1e-6, or 5e-9 absolute for the small effect sizes, which the file stores rounded to 8 decimals.
/// </summary>
public class WholesaleTestsReferenceTests
{
    private static readonly string[] Columns = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"];

    [SharedDataTheory]
    [InlineData("Channel")]
    [InlineData("Region")]
    public void SegmentFeatureTests_WholesaleGroups_MatchSciPy(string by)
    {
        var (raw, labels, groups) = Load(by);
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.ReferenceFile("tests_wholesale.json")));
        var reference = document.RootElement.GetProperty("by").GetProperty(by);
        Assert.Equal(reference.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()), labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));

        var report = new SegmentFeatureTests().Fit(raw, labels, groups);
        var pair = SegmentFeatureTests.ComparePair(raw, labels, groups, 0, 1);
        for (var j = 0; j < Columns.Length; j++)
        {
            var expected = reference.GetProperty("columns").GetProperty(Columns[j]);
            var row = report.Features[j];
            Assert.Equal(Columns[j], row.Feature);
            Close(expected, "kruskal_H", row.Kruskal!.H);
            Close(expected, "kruskal_p", row.Kruskal.P);
            Close(expected, "epsilon2", row.Kruskal.EpsilonSquared);
            Close(expected, "anova_F", row.Anova!.F);
            Close(expected, "anova_p", row.Anova.P);
            Close(expected, "eta2", row.Anova.EtaSquared);
            Close(expected, "kruskal_p_holm", row.KruskalPHolm);

            var mw = expected.GetProperty($"mann_whitney_{by.ToLowerInvariant()}_1_vs_2");
            var test = pair.Features[j].Test!;
            Close(mw, "U", test.U);
            Close(mw, "p", test.P);
            Close(mw, "rank_biserial", test.RankBiserial);
        }
    }

    private static void Close(JsonElement parent, string name, double actual)
    {
        var expected = parent.GetProperty(name).GetDouble();
        Assert.True(Math.Abs(actual - expected) <= Math.Max(1e-6 * Math.Abs(expected), 5e-9), $"{name}: expected {expected:R}, got {actual:R}");
    }

    private static (FeatureMatrix Raw, int[] Labels, int Groups) Load(string by)
    {
        var lines = File.ReadAllLines(SharedData.DataFile("wholesale_customers.csv")).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var groupColumn = Array.IndexOf(header, by);
        var columns = Columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var codes = rows.Select(r => int.Parse(r[groupColumn], CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var labels = rows.Select(r => codes.IndexOf(int.Parse(r[groupColumn], CultureInfo.InvariantCulture))).ToArray();
        var data = rows.SelectMany(r => columns.Select(c => double.Parse(r[c], CultureInfo.InvariantCulture))).ToArray();
        return (new FeatureMatrix(data, rows.Length, Columns.Length, Columns), labels, codes.Count);
    }
}
