using System.Globalization;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Analytics.Personas;

/// <summary>
/// Names every segment from its profile relative to the whole population. Each customer's feature value is turned
/// into a percentile (mid-rank, so ties count half); a segment's score on a feature is the mean percentile of its
/// members (0.5 = typical, recency reversed so higher = more recent). Percentiles make the comparison robust to the
/// heavy skew of spend and frequency. Transaction tables are matched to the nearest RFM archetype (Champions, Loyal,
/// Big spenders…); customer tables without RFM are named from their two most distinctive columns. Names are made
/// unique: segments sharing an archetype get the trait that tells them apart ("At risk — high order value").
/// </summary>
public static class PersonaNamer
{
    /// <summary>Name of the noise group.</summary>
    public const string NoiseName = "Anomalies / outliers";

    private const string Separator = " — ";

    // Eight percentile points: a next-best archetype this close describes the segment about as well.
    private const double AlternativeSlack = 0.08;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dimension[] RfmDimensions =
    [
        new(FeatureNames.Recency, "recent", "long inactive", "more recent", "less recent", Inverted: true, Weight: 1.0),
        new(FeatureNames.Frequency, "frequent", "infrequent", "more frequent", "less frequent", Inverted: false, Weight: 1.0),
        new(FeatureNames.Monetary, "high spend", "low spend", "higher spend", "lower spend", Inverted: false, Weight: 1.0),
        new(FeatureNames.AverageOrderValue, "high order value", "low order value", "higher order value", "lower order value", Inverted: false, Weight: 0.5),
        new(FeatureNames.Tenure, "long-standing", "newer", "longer-standing", "more recently joined", Inverted: false, Weight: 0.5),
    ];

    /// <summary>Builds the persona of every label present (noise included) and makes the names unique.</summary>
    public static PersonaSet Describe(CustomerFeatureTable table, IReadOnlyList<int> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != table.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {table.Count} customers.", nameof(labels));
        }

        if (table.Count == 0)
        {
            throw new ArgumentException("The table has no customers to describe.", nameof(table));
        }

        var useRfm = table.HasRfm && table.Contains(FeatureNames.Recency) && table.Contains(FeatureNames.Frequency) && table.Contains(FeatureNames.Monetary);
        var dimensions = useRfm
            ? RfmDimensions.Where(d => table.Contains(d.Column)).ToArray()
            : table.Columns.Select(c => new Dimension(c.Name, $"high {c.Name}", $"low {c.Name}", $"higher {c.Name}", $"lower {c.Name}", Inverted: false, Weight: 1.0)).ToArray();
        if (dimensions.Length == 0)
        {
            throw new ArgumentException("The table has no feature columns to describe segments with.", nameof(table));
        }

        var percentiles = dimensions.Select(d =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = Percentiles(table[d.Column]);
            if (d.Inverted)
            {
                for (var i = 0; i < p.Length; i++)
                {
                    p[i] = 1 - p[i];
                }
            }

            return p;
        }).ToArray();

        var kpis = SegmentKpis.Compute(table, labels);
        var raw = dimensions.Select(d => table[d.Column]).ToArray();
        var overall = raw.Select(v => new MetricSummary(v.Average(), Median(v))).ToArray();
        var drafts = new List<Draft>();
        foreach (var kpi in kpis.Segments)
        {
            var label = kpi.Label!.Value;
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            var scores = new double[dimensions.Length];
            var stats = new MetricSummary[dimensions.Length];
            for (var d = 0; d < dimensions.Length; d++)
            {
                var values = new double[members.Length];
                for (var j = 0; j < members.Length; j++)
                {
                    scores[d] += percentiles[d][members[j]];
                    values[j] = raw[d][members[j]];
                }

                scores[d] /= members.Length;
                stats[d] = new MetricSummary(values.Average(), Median(values));
            }

            var directions = dimensions.Select((dim, d) => Direction(dim, scores[d], stats[d], overall[d])).ToArray();
            drafts.Add(new Draft(label, kpi, scores, stats, directions));
        }

        foreach (var draft in drafts)
        {
            if (draft.Label == ClusterLabels.Noise)
            {
                draft.BaseName = NoiseName;
            }
            else if (useRfm)
            {
                draft.Candidates = Archetype.Ranked(dimensions, draft.Scores)
                    .Where(c => !Contradicts(c.Archetype, dimensions, draft.Directions))
                    .ToList();
            }
            else
            {
                var ranked = RankedTraits(dimensions, draft, reference: null);
                draft.BaseName = ranked.Count == 0 ? "Typical profile" : Capitalize(string.Join(", ", ranked.Take(2)));
                draft.ExtraQualifiers = ranked.Skip(2).ToList();
            }
        }

        if (useRfm)
        {
            AssignArchetypes(drafts.Where(d => d.Label != ClusterLabels.Noise).ToList());
        }

        AssignUniqueNames(drafts, dimensions, useRfm);
        var personas = drafts.Select(d => Build(d, dimensions, overall, kpis.Overall, useRfm)).ToArray();
        return new PersonaSet(personas);
    }

    /// <summary>Mid-rank percentile of each value in (0, 1): ties share the mean of their ranks.</summary>
    internal static double[] Percentiles(double[] values)
    {
        var n = values.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var result = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            // Ranks start..end-1 (0-based) → mean rank (start + end − 1) / 2, centred in its cell.
            var percentile = (((start + end - 1) / 2.0) + 0.5) / n;
            for (var i = start; i < end; i++)
            {
                result[order[i]] = percentile;
            }

            start = end;
        }

        return result;
    }

    /// <summary>
    /// Most confident segments choose first; a segment whose nearest archetype is taken moves to its next-nearest
    /// free one when that fits almost as well (within <see cref="AlternativeSlack"/> in percentile distance), and
    /// otherwise shares the archetype and is told apart by a trait later.
    /// </summary>
    private static void AssignArchetypes(List<Draft> drafts)
    {
        var taken = new HashSet<Archetype>();
        foreach (var draft in drafts.OrderBy(d => d.Candidates[0].Distance).ThenBy(d => d.Label))
        {
            var best = draft.Candidates[0];
            var choice = best.Archetype;
            if (taken.Contains(choice))
            {
                var alternative = draft.Candidates.FirstOrDefault(c => !taken.Contains(c.Archetype) && c.Distance <= best.Distance + AlternativeSlack);
                choice = alternative.Archetype ?? choice;
            }

            taken.Add(choice);
            draft.Archetype = choice;
            draft.BaseName = choice.Name;
        }
    }

    private static void AssignUniqueNames(List<Draft> drafts, Dimension[] dimensions, bool useRfm)
    {
        foreach (var group in drafts.GroupBy(d => d.BaseName).Where(g => g.Count() > 1).ToArray())
        {
            var members = group.ToArray();
            if (useRfm)
            {
                // Within a shared archetype, the traits on which each member differs most from the others.
                var groupMean = new double[dimensions.Length];
                foreach (var m in members)
                {
                    for (var d = 0; d < dimensions.Length; d++)
                    {
                        groupMean[d] += m.Scores[d] / members.Length;
                    }
                }

                foreach (var m in members)
                {
                    m.ExtraQualifiers = RankedTraits(dimensions, m, groupMean);
                }
            }

            var depth = members.ToDictionary(m => m, _ => 1);
            while (true)
            {
                foreach (var m in members)
                {
                    m.Name = Qualified(m, depth[m]);
                }

                var clashes = members.GroupBy(m => m.Name).Where(g => g.Count() > 1).SelectMany(g => g).ToArray();
                if (clashes.Length == 0)
                {
                    break;
                }

                foreach (var m in clashes)
                {
                    depth[m]++;
                }
            }
        }

        foreach (var draft in drafts.Where(d => d.Name is null))
        {
            draft.Name = draft.BaseName;
        }
    }

    private static string Qualified(Draft draft, int depth)
    {
        if (depth > draft.ExtraQualifiers.Count)
        {
            // Out of distinguishing traits (near-identical segments): the label keeps names unique.
            var traits = draft.ExtraQualifiers.Count == 0 ? string.Empty : Separator + string.Join(", ", draft.ExtraQualifiers);
            return $"{draft.BaseName}{traits} ({SegmentNames.Label(draft.Label)})";
        }

        return draft.BaseName + Separator + string.Join(", ", draft.ExtraQualifiers.Take(depth));
    }

    /// <summary>
    /// Trait words ordered by distance from the reference, largest first. Against the population (null reference) a
    /// word is used only where the segment's mean and median both agree with it (<see cref="Direction"/>); within a
    /// group of segments sharing an archetype the words are comparative ("less recent"), true of the member against
    /// the group's other members.
    /// </summary>
    private static List<string> RankedTraits(Dimension[] dimensions, Draft draft, double[]? reference)
    {
        // Against the population, deviations under 0.05 (five percentile points) are not a trait worth naming.
        var threshold = reference is null ? 0.05 : 0;
        return dimensions.Select((d, i) => (d, i, delta: draft.Scores[i] - (reference?[i] ?? 0.5)))
            .Where(p => Math.Abs(p.delta) > threshold)
            .Where(p => reference is not null || draft.Directions[p.i] == Math.Sign(p.delta))
            .OrderByDescending(p => Math.Abs(p.delta) * p.d.Weight)
            .Select(p => reference is null
                ? (p.delta > 0 ? p.d.HighWord : p.d.LowWord)
                : (p.delta > 0 ? p.d.MoreWord : p.d.LessWord))
            .ToList();
    }

    /// <summary>
    /// +1 when the segment is above all customers on this feature by every statistic we show (mean percentile, mean
    /// and median; for Recency "above" means more recent, i.e. fewer days), −1 when below by all three, 0 when they
    /// disagree. A trait word is only ever chosen from a non-zero direction, so its numbers can never contradict it.
    /// </summary>
    internal static int Direction(Dimension dimension, double score, MetricSummary segment, MetricSummary overall)
    {
        var sign = dimension.Inverted ? -1 : 1;
        var byPercentile = Math.Sign(score - 0.5);
        var byMean = Math.Sign(sign * (segment.Mean - overall.Mean));
        var byMedian = Math.Sign(sign * (segment.Median - overall.Median));
        return byPercentile != 0 && byPercentile == byMean && byMean == byMedian ? byPercentile : 0;
    }

    /// <summary>
    /// True when the archetype's prototype clearly sits on one side of typical on a feature where the segment is
    /// clearly on the other ("Champions" for customers who bought less recently than average).
    /// </summary>
    private static bool Contradicts(Archetype archetype, Dimension[] dimensions, int[] directions)
    {
        for (var d = 0; d < dimensions.Length; d++)
        {
            if (archetype.Prototype.TryGetValue(dimensions[d].Column, out var target) && Math.Abs(target - 0.5) >= 0.15
                && directions[d] != 0 && directions[d] != Math.Sign(target - 0.5))
            {
                return true;
            }
        }

        return false;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static Persona Build(Draft draft, Dimension[] dimensions, MetricSummary[] overallStats, SegmentKpi overall, bool useRfm)
    {
        var kpi = draft.Kpi;
        var traits = new List<string>();
        var order = Enumerable.Range(0, dimensions.Length).OrderByDescending(d => Math.Abs(draft.Scores[d] - 0.5)).ToArray();
        foreach (var d in order)
        {
            if (Math.Abs(draft.Scores[d] - 0.5) >= 0.1 && draft.Directions[d] != 0)
            {
                traits.Add(TraitSentence(dimensions[d], draft.Directions[d], draft.Stats[d], overallStats[d]));
            }
        }

        if (traits.Count == 0)
        {
            traits.Add("Close to the typical customer on every feature.");
        }

        var archetype = draft.Archetype;
        var actions = draft.Label == ClusterLabels.Noise
            ? Archetype.NoiseActions(kpi)
            : archetype is not null
                ? archetype.Actions(new ActionContext(kpi, overall))
                : GenericActions(dimensions, draft);
        if (actions.Count == 0)
        {
            // Every standard action's reason is false for this segment: say so rather than recommend on a false premise.
            actions =
            [
                new RecommendedAction(
                    "Test any offer on a small sample before a full campaign",
                    $"This segment's numbers do not support the usual actions for \"{archetype?.Name ?? draft.BaseName}\"; measure the response first."),
            ];
        }
        var scores = dimensions.Select((d, i) => (d.Column, Score: draft.Scores[i])).ToDictionary(p => p.Column, p => p.Score, StringComparer.OrdinalIgnoreCase);
        return new Persona(
            draft.Label,
            draft.Name!,
            draft.Label == ClusterLabels.Noise ? NoiseName : archetype?.Name ?? draft.BaseName,
            Description(kpi, useRfm, traits),
            traits,
            actions,
            archetype?.IsAtRisk ?? false,
            kpi.Customers,
            kpi.Share,
            kpi.RevenueShare,
            scores);
    }

    private static string Description(SegmentKpi kpi, bool useRfm, List<string> traits)
    {
        var head = string.Create(Invariant, $"{kpi.Customers:N0} customers ({Percent(kpi.Share)} of customers)");
        if (kpi.RevenueShare is { } revenueShare)
        {
            head += string.Create(Invariant, $", {Percent(revenueShare)} of revenue");
        }

        if (useRfm && kpi.Recency is { } r && kpi.Frequency is { } f && kpi.Monetary is { } m)
        {
            var text = string.Create(Invariant, $"{head}; last purchase {Ago(r.Mean)} on average, {f.Mean:0.#} orders and {m.Mean:N0} spent per customer");
            if (kpi.AverageOrderValue is { } aov)
            {
                text += string.Create(Invariant, $", {aov.Mean:N0} per order");
            }

            return text + ".";
        }

        return $"{head}. {traits[0]}";
    }

    private static string TraitSentence(Dimension dimension, int direction, MetricSummary segment, MetricSummary overall)
    {
        var word = Capitalize(direction > 0 ? dimension.HighWord : dimension.LowWord);
        var what = dimension.Column switch
        {
            FeatureNames.Recency => "days since last purchase",
            FeatureNames.Frequency => "orders",
            FeatureNames.Monetary => "spent",
            FeatureNames.AverageOrderValue => "per order",
            FeatureNames.Tenure => "days between first and last purchase",
            var other => other,
        };
        return string.Create(
            Invariant,
            $"{word}: {Number(segment.Mean)} {what} on average (median {Number(segment.Median)}) vs {Number(overall.Mean)} (median {Number(overall.Median)}) for all customers.");
    }

    private static List<RecommendedAction> GenericActions(Dimension[] dimensions, Draft draft)
    {
        var scores = draft.Scores;
        var high = Enumerable.Range(0, dimensions.Length).MaxBy(d => scores[d]);
        var low = Enumerable.Range(0, dimensions.Length).MinBy(d => scores[d]);
        var actions = new List<RecommendedAction>
        {
            new(
                $"Lead campaigns for this segment with {dimensions[high].Column}",
                string.Create(Invariant, $"It is their strongest column: the typical member is at the {Ordinal(scores[high])} percentile of all customers.")),
            new(
                $"Cross-sell {dimensions[low].Column} with a targeted offer",
                string.Create(Invariant, $"They under-index on it (typical member at the {Ordinal(scores[low])} percentile), so there is room to grow.")),
        };
        if (draft.Kpi.Share < 0.05)
        {
            actions.Add(new RecommendedAction(
                "Review these customers individually before targeting",
                string.Create(Invariant, $"The segment is small ({Percent(draft.Kpi.Share)} of customers), so one campaign may not pay off.")));
        }

        return actions;
    }

    /// <summary>A percentile as an English ordinal: 0.31 → "31st".</summary>
    internal static string Ordinal(double fraction) => Reporting.Wording.Ordinal((int)Math.Round(fraction * 100));

    internal static string Percent(double share) => string.Create(Invariant, $"{share * 100:0} %");

    internal static string Number(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N0", Invariant) : value.ToString("0.#", Invariant);

    /// <summary>"12 days ago", "3 weeks ago", "5 months ago".</summary>
    internal static string Ago(double days)
    {
        if (days < 14)
        {
            return string.Create(Invariant, $"{days:0} days ago");
        }

        return days < 60
            ? string.Create(Invariant, $"{days / 7:0} weeks ago")
            : string.Create(Invariant, $"{days / 30.44:0} months ago");
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A feature seen by the namer; <see cref="Inverted"/> flips it so that higher is better (recency).</summary>
    internal sealed record Dimension(string Column, string HighWord, string LowWord, string MoreWord, string LessWord, bool Inverted, double Weight);

    private sealed class Draft(int label, SegmentKpi kpi, double[] scores, MetricSummary[] stats, int[] directions)
    {
        public int Label { get; } = label;

        public SegmentKpi Kpi { get; } = kpi;

        /// <summary>Mean percentile per dimension.</summary>
        public double[] Scores { get; } = scores;

        /// <summary>Mean and median raw value per dimension.</summary>
        public MetricSummary[] Stats { get; } = stats;

        /// <summary>Per dimension, +1 / −1 when every statistic puts the segment above / below all customers, else 0.</summary>
        public int[] Directions { get; } = directions;

        public Archetype? Archetype { get; set; }

        public List<(Archetype Archetype, double Distance)> Candidates { get; set; } = [];

        public string BaseName { get; set; } = string.Empty;

        public string? Name { get; set; }

        public List<string> ExtraQualifiers { get; set; } = [];
    }
}
