using System.Globalization;
using System.Text.RegularExpressions;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Personas;

/// <summary>
/// Persona text never contradicts its own numbers: over k = 2..12 on the real Online Retail customers and on the
/// Wholesale customer table, every trait word agrees with the mean and median printed beside it (and with the data),
/// archetype names agree with the segment's recency, and every action's reason is true of the segment.
/// </summary>
public sealed partial class PersonaConsistencyTests
{
    // Trait word → +1 when the printed segment numbers must be above all customers', −1 when below.
    private static readonly Dictionary<string, int> RfmWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Recent"] = -1, ["Long inactive"] = +1, // recency is in days: recent = fewer days
        ["Frequent"] = +1, ["Infrequent"] = -1,
        ["High spend"] = +1, ["Low spend"] = -1,
        ["High order value"] = +1, ["Low order value"] = -1,
        ["Long-standing"] = +1, ["Newer"] = -1,
    };

    private static readonly string[] RecentArchetypes = ["Champions", "New customers", "Promising"];
    private static readonly string[] LapsingArchetypes = ["About to sleep", "At risk", "Can't lose them", "Hibernating", "Lost"];


    [SharedDataFact]
    public void Describe_OnlineRetailKMeans_TextNeverContradictsItsNumbers()
    {
        var read = DataFileReader.Read(SharedData.DataFile("online_retail.csv.gz"));
        var table = CustomerFeatures.FromTransactions(TransactionCleaner.Clean(read).Table);
        var matrix = FeatureSpace.Fit(table).Matrix;
        var failures = new List<string>();
        for (var k = 2; k <= 12; k++)
        {
            var labels = new KMeans(new KMeansOptions { NumberOfClusters = k, Seed = 42 }).Fit(matrix).Labels;
            failures.AddRange(Contradictions(table, labels, k));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SharedDataFact]
    public void Describe_WholesaleKMeans_TextNeverContradictsItsNumbers()
    {
        var table = DataFileReader.Read(SharedData.DataFile("wholesale_customers.csv")).CustomerTable!;
        var matrix = FeatureSpace.Fit(table).Matrix;
        var failures = new List<string>();
        for (var k = 2; k <= 12; k++)
        {
            var labels = new KMeans(new KMeansOptions { NumberOfClusters = k, Seed = 42 }).Fit(matrix).Labels;
            failures.AddRange(Contradictions(table, labels, k));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<string> Contradictions(CustomerFeatureTable table, IReadOnlyList<int> labels, int k)
    {
        var personas = PersonaNamer.Describe(table, labels).Personas;
        foreach (var persona in personas.Where(p => !p.IsNoise))
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == persona.Label).ToArray();
            foreach (var trait in persona.Traits.Where(t => t.Contains(" vs ", StringComparison.Ordinal)))
            {
                var m = TraitNumbers().Match(trait);
                if (!m.Success)
                {
                    yield return $"k={k} {persona.Name}: trait without its numbers: {trait}";
                    continue;
                }

                var word = m.Groups["word"].Value;
                var expected = RfmWords.TryGetValue(word, out var sign) ? sign
                    : word.StartsWith("High ", StringComparison.Ordinal) ? +1
                    : word.StartsWith("Low ", StringComparison.Ordinal) ? -1
                    : 0;
                if (expected == 0)
                {
                    yield return $"k={k} {persona.Name}: unknown trait word '{word}'";
                    continue;
                }

                var meanGap = Math.Sign(Parse(m.Groups["mean"].Value) - Parse(m.Groups["omean"].Value));
                var medianGap = Math.Sign(Parse(m.Groups["median"].Value) - Parse(m.Groups["omedian"].Value));
                if (meanGap == -expected || medianGap == -expected)
                {
                    yield return $"k={k} {persona.Name}: '{trait}'";
                }
            }

            if (!table.HasRfm)
            {
                continue;
            }

            double SegmentMean(string column) => members.Average(i => table[column][i]);
            double OverallMean(string column) => table[column].Average();
            var lessRecent = SegmentMean(FeatureNames.Recency) > OverallMean(FeatureNames.Recency);
            var moreFrequent = SegmentMean(FeatureNames.Frequency) > OverallMean(FeatureNames.Frequency);
            var higherSpend = SegmentMean(FeatureNames.Monetary) > OverallMean(FeatureNames.Monetary);
            var clearlyLessRecent = lessRecent && Median(members.Select(i => table[FeatureNames.Recency][i])) > Median(table[FeatureNames.Recency]);
            var clearlyMoreRecent = !lessRecent && Median(members.Select(i => table[FeatureNames.Recency][i])) < Median(table[FeatureNames.Recency]);
            if (RecentArchetypes.Contains(persona.Archetype) && clearlyLessRecent)
            {
                yield return $"k={k} '{persona.Name}' bought less recently than all customers by mean and median";
            }

            if (LapsingArchetypes.Contains(persona.Archetype) && clearlyMoreRecent)
            {
                yield return $"k={k} '{persona.Name}' bought more recently than all customers by mean and median";
            }

            foreach (var action in persona.Actions)
            {
                var text = action.Action + " " + action.Reason;
                var falseReason =
                    (text.Contains("we miss you", StringComparison.Ordinal) && !lessRecent)
                    || (text.Contains("Win them back", StringComparison.Ordinal) && !(lessRecent && moreFrequent))
                    || (text.Contains("early access", StringComparison.Ordinal) && !(!lessRecent && moreFrequent))
                    || (text.Contains("Upsell", StringComparison.Ordinal) && !moreFrequent)
                    || (text.Contains("buy rarely", StringComparison.Ordinal) && moreFrequent)
                    || (text.Contains("Offer relevant products at a discount", StringComparison.Ordinal) && higherSpend)
                    || (text.Contains("Exclude them from paid retargeting", StringComparison.Ordinal) && (moreFrequent || higherSpend))
                    || (text.Contains("used to buy often", StringComparison.Ordinal) && !moreFrequent);
                if (falseReason)
                {
                    yield return $"k={k} '{persona.Name}': action whose reason is false: {text}";
                }
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Parse(string number) => double.Parse(number, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<word>[^:]+): (?<mean>-?[\d,]+(\.\d+)?) .*\(median (?<median>-?[\d,]+(\.\d+)?)\) vs (?<omean>-?[\d,]+(\.\d+)?) \(median (?<omedian>-?[\d,]+(\.\d+)?)\)")]
    private static partial Regex TraitNumbers();
}

/// <summary>Customer tables get business personas from their columns' roles, never raw column labels.</summary>
public sealed class CustomerTablePersonaTests
{
    private static readonly string[] RoleWords = ["Affluent", "Budget-conscious", "Young", "Older", "spenders", "buyers"];

    [SharedDataFact]
    public void Describe_Wholesale_NamesAndActionsUseBusinessWordsNotColumnLabels()
    {
        var table = DataFileReader.Read(SharedData.DataFile("wholesale_customers.csv")).CustomerTable!;
        var roles = BusinessRoles.Infer(table);
        Assert.Equal(BusinessRole.Code, roles["Channel"]);
        Assert.Equal(BusinessRole.Code, roles["Region"]);
        Assert.Equal(BusinessRole.Spend, roles["Detergents_Paper"]);
        AssertBusinessPersonas(table, ["Channel", "Region", "Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]);
    }

    [Fact]
    public void Describe_AgeIncomeScoreTable_NamesPersonasFromRoles()
    {
        // Four groups a mall would recognise: young keen spenders, affluent careful spenders, and their opposites.
        var random = new Random(5);
        var ids = new List<string>();
        var age = new List<double>();
        var income = new List<double>();
        var score = new List<double>();
        var labels = new List<int>();
        (double Age, double Income, double Score)[] centres = [(24, 40, 80), (45, 95, 20), (52, 35, 40), (30, 90, 85)];
        for (var i = 0; i < 200; i++)
        {
            var g = i % 4;
            ids.Add($"C{i}");
            age.Add(centres[g].Age + random.Next(-4, 5));
            income.Add(centres[g].Income + random.Next(-8, 9));
            score.Add(centres[g].Score + random.Next(-8, 9));
            labels.Add(g);
        }

        var table = new CustomerFeatureTable(
            ids,
            [
                new FeatureColumn("Age", [.. age], false),
                new FeatureColumn("Annual Income (k$)", [.. income], false),
                new FeatureColumn("Spending Score (1-100)", [.. score], false),
            ],
            hasRfm: false);

        var personas = AssertBusinessPersonas(table, ["Age", "Annual Income (k$)", "Spending Score (1-100)"], labels);

        Assert.Contains(personas, p => p.Label == 0 && p.Name.Contains("keen spenders", StringComparison.Ordinal));
        Assert.Contains(personas, p => p.Label == 1 && p.Name.StartsWith("Affluent careful spenders", StringComparison.Ordinal));
        Assert.All(personas, p => Assert.DoesNotContain("(k$)", string.Join(" ", p.Traits), StringComparison.Ordinal));
    }

    private static IReadOnlyList<Persona> AssertBusinessPersonas(CustomerFeatureTable table, string[] labelsToAvoid, IReadOnlyList<int>? given = null)
    {
        var matrix = FeatureSpace.Fit(table).Matrix;
        var all = new List<Persona>();
        for (var k = 2; k <= (given is null ? 8 : 2); k++)
        {
            var labels = given ?? new KMeans(new KMeansOptions { NumberOfClusters = k, Seed = 42 }).Fit(matrix).Labels;
            var personas = PersonaNamer.Describe(table, labels).Personas;
            foreach (var persona in personas.Where(p => !p.IsNoise))
            {
                var text = persona.Name + " | " + string.Join(" | ", persona.Actions.Select(a => a.Action));
                foreach (var label in labelsToAvoid)
                {
                    Assert.False(text.Contains(label, StringComparison.Ordinal), $"k={k}: '{text}' contains the column label '{label}'");
                }

                Assert.True(RoleWords.Any(w => persona.Name.Contains(w, StringComparison.Ordinal)) || persona.Name.StartsWith("Typical", StringComparison.Ordinal), $"k={k}: '{persona.Name}' has no business word");
            }

            all.AddRange(personas);
            if (given is not null)
            {
                break;
            }
        }

        return all;
    }
}
