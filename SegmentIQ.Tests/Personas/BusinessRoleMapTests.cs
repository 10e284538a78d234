using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Tests.Personas;

/// <summary>The user's corrections of a customer table's column roles change how personas are named.</summary>
public sealed class BusinessRoleMapTests
{
    /// <summary>
    /// Two groups of 100 customers: one with a high "X1" (an unlabelled income, in k) and a high spending score, one
    /// with both low. "X1" says nothing about itself, so it is guessed as "other".
    /// </summary>
    internal static (CustomerFeatureTable Table, int[] Labels) UnlabelledIncomeTable()
    {
        var random = new Random(11);
        var ids = new List<string>();
        var x1 = new List<double>();
        var score = new List<double>();
        var labels = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var rich = i % 2 == 0;
            ids.Add($"C{i}");
            x1.Add((rich ? 95 : 35) + random.Next(-10, 11));
            score.Add((rich ? 75 : 30) + random.Next(-8, 9));
            labels.Add(rich ? 0 : 1);
        }

        var table = new CustomerFeatureTable(
            ids,
            [new FeatureColumn("X1", [.. x1], false), new FeatureColumn("Spending Score (1-100)", [.. score], false)],
            hasRfm: false);
        return (table, [.. labels]);
    }

    [Fact]
    public void Describe_ColumnGuessedOtherCorrectedToIncome_NamesSpeakOfIncome()
    {
        var (table, labels) = UnlabelledIncomeTable();
        Assert.Equal(BusinessRole.Other, BusinessRoles.Infer(table)["X1"]);

        var guessed = PersonaNamer.Describe(table, labels, BusinessRoleMap.None.ResolveFor(table)).Personas;
        Assert.DoesNotContain(guessed, p => p.Name.Contains("Affluent", StringComparison.Ordinal) || p.Name.Contains("Budget-conscious", StringComparison.Ordinal));

        var corrected = PersonaNamer.Describe(table, labels, new BusinessRoleMap([new("x1", BusinessRole.Income)]).ResolveFor(table)).Personas;
        var rich = corrected.Single(p => p.Label == 0);
        var modest = corrected.Single(p => p.Label == 1);
        Assert.StartsWith("Affluent", rich.Name, StringComparison.Ordinal);
        Assert.StartsWith("Budget-conscious", modest.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ColumnCorrectedToCode_IsNoLongerDescribed()
    {
        var (table, labels) = UnlabelledIncomeTable();
        var corrected = PersonaNamer.Describe(table, labels, new BusinessRoleMap([new("X1", BusinessRole.Code)]).ResolveFor(table)).Personas;

        Assert.All(corrected, p => Assert.DoesNotContain(p.Traits, t => t.Contains("x1", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void ResolveFor_KeepsGuessesOfUncorrectedColumnsAndIgnoresUnknownOnes()
    {
        var (table, _) = UnlabelledIncomeTable();
        var roles = new BusinessRoleMap([new("X1", BusinessRole.Age), new("Not a column", BusinessRole.Income)]).ResolveFor(table);

        Assert.Equal(BusinessRole.Age, roles["X1"]);
        Assert.Equal(BusinessRole.Score, roles["Spending Score (1-100)"]);
        Assert.False(roles.ContainsKey("Not a column"));
    }

    [Fact]
    public void Equality_SameCorrectionsInAnyOrderAndCase_AreEqualWithOneKey()
    {
        var a = new BusinessRoleMap([new("X1", BusinessRole.Income), new("Age", BusinessRole.Age)]);
        var b = new BusinessRoleMap([new("age", BusinessRole.Age), new("x1", BusinessRole.Income)]);

        Assert.Equal(a, b);
        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a, new BusinessRoleMap([new("X1", BusinessRole.Spend), new("Age", BusinessRole.Age)]));
        Assert.Equal(string.Empty, BusinessRoleMap.None.Key);
    }

    [Fact]
    public void Constructor_UndefinedRole_IsRefusedNamingTheColumn()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BusinessRoleMap([new("X1", (BusinessRole)42)]));
        Assert.Contains("X1", ex.Message, StringComparison.Ordinal);
    }
}
