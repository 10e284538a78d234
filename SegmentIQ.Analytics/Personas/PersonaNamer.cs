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
    public static PersonaSet Describe(CustomerFeatureTable table, IReadOnlyList<int> labels, CancellationToken cancellationToken = default) =>
        Describe(table, labels, roles: null, cancellationToken);

    /// <summary>
    /// <see cref="Describe(CustomerFeatureTable, IReadOnlyList{int}, CancellationToken)"/> with the roles of a customer
    /// table's columns as the user corrected them (null: inferred from the headers by <see cref="BusinessRoles"/>).
    /// </summary>
    public static PersonaSet Describe(CustomerFeatureTable table, IReadOnlyList<int> labels, IReadOnlyDictionary<string, BusinessRole>? roles, CancellationToken cancellationToken = default)
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
            : CustomerTableDimensions(table, roles ?? BusinessRoles.Infer(table));
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
        var everyone = Enumerable.Range(0, table.Count).ToArray();
        var overall = raw.Select(v => SegmentKpis.Summary(v, everyone)!.Value).ToArray();
        var drafts = new List<Draft>();
        foreach (var kpi in kpis.Segments)
        {
            var label = kpi.Label!.Value;
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            var scores = new double[dimensions.Length];
            var stats = new MetricSummary[dimensions.Length];
            for (var d = 0; d < dimensions.Length; d++)
            {
                foreach (var member in members)
                {
                    scores[d] += percentiles[d][member];
                }

                scores[d] /= members.Length;
                stats[d] = SegmentKpis.Summary(raw[d], members)!.Value;
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
                draft.BaseName = RoleName(dimensions, draft);
                draft.ExtraQualifiers = RankedTraits(dimensions, draft, reference: null);
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

    /// <summary>
    /// The dimensions of a customer table: every column but category codes (Channel, Region), in words from its role
    /// ("high annual income"); Recency-like columns are reversed so that higher means more recent.
    /// </summary>
    private static Dimension[] CustomerTableDimensions(CustomerFeatureTable table, IReadOnlyDictionary<string, BusinessRole> roles)
    {
        var described = table.Columns.Where(c => roles.GetValueOrDefault(c.Name, BusinessRole.Other) != BusinessRole.Code).ToArray();
        if (described.Length == 0)
        {
            described = [.. table.Columns];
        }

        return described.Select(c =>
        {
            var role = roles.GetValueOrDefault(c.Name, BusinessRole.Other);
            var human = BusinessRoles.Humanize(c.Name);
            return role == BusinessRole.Recency
                ? new Dimension(c.Name, "recent", "long inactive", "more recent", "less recent", Inverted: true, Weight: 1.0, role, human)
                : new Dimension(c.Name, $"high {human}", $"low {human}", $"higher {human}", $"lower {human}", Inverted: false, Weight: 1.0, role, human);
        }).ToArray();
    }

    /// <summary>
    /// A business name for a customer-table segment from its strongest traits' roles: a describing word (income, age,
    /// volume) with a kind of buyer (spend, score, frequency), such as "Affluent keen spenders" or "Young careful
    /// spenders". Only traits whose mean, median and percentile agree are used.
    /// </summary>
    private static string RoleName(Dimension[] dimensions, Draft draft)
    {
        var ranked = Enumerable.Range(0, dimensions.Length)
            .Where(d => draft.Directions[d] != 0 && Math.Abs(draft.Scores[d] - 0.5) > 0.05)
            .OrderByDescending(d => Math.Abs(draft.Scores[d] - 0.5))
            .Take(3)
            .ToArray();
        string? adjective = null;
        string? noun = null;
        string? contrast = null;
        double Strength(int d) => Math.Abs(draft.Scores[d] - 0.5);
        foreach (var d in ranked)
        {
            var (dimension, up) = (dimensions[d], draft.Directions[d] > 0);
            if (adjective is null && AdjectiveFor(dimension, up) is { } a)
            {
                adjective = a;
            }
            else if (noun is null && NounFor(dimension, up) is { } n)
            {
                noun = n;

                // A second spend category almost as marked joins the first ("big grocery & milk buyers"); one marked
                // the other way becomes a contrast ("big fresh buyers, light on milk").
                var partner = ranked.FirstOrDefault(o => o != d && dimensions[o].Role == BusinessRole.Spend && dimension.Role == BusinessRole.Spend
                    && !IsGenericSpend(dimensions[o].Human) && !IsGenericSpend(dimension.Human) && Strength(o) >= 0.5 * Strength(d), -1);
                if (partner >= 0 && draft.Directions[partner] == draft.Directions[d])
                {
                    noun = $"{(up ? "big" : "light")} {dimension.Human} & {dimensions[partner].Human} buyers";
                }
                else if (partner >= 0)
                {
                    contrast = $", {(up ? "light" : "big")} on {dimensions[partner].Human}";
                }
            }
        }

        return (adjective, noun) switch
        {
            ({ } a, { } n) => $"{a} {n}{contrast}",
            (null, { } n) => Capitalize(n) + contrast,
            ({ } a, null) => $"{a} customers",
            _ => "Typical customers",
        };
    }

    private static string? AdjectiveFor(Dimension dimension, bool up) => dimension.Role switch
    {
        BusinessRole.Income => up ? "Affluent" : "Budget-conscious",
        BusinessRole.Age => up ? "Older" : "Young",
        BusinessRole.Count => up ? "High-volume" : "Low-volume",
        BusinessRole.Share => up ? $"High-{dimension.Human}" : $"Low-{dimension.Human}",
        _ => null,
    };

    private static string? NounFor(Dimension dimension, bool up) => dimension.Role switch
    {
        BusinessRole.Spend when IsGenericSpend(dimension.Human) => up ? "high spenders" : "low spenders",
        BusinessRole.Spend => up ? $"big {dimension.Human} buyers" : $"light {dimension.Human} buyers",
        BusinessRole.Score when dimension.Human.Contains("spend", StringComparison.Ordinal) => up ? "keen spenders" : "careful spenders",
        BusinessRole.Score => up ? $"high-{dimension.Human} customers" : $"low-{dimension.Human} customers",
        BusinessRole.Frequency => up ? "frequent buyers" : "occasional buyers",
        BusinessRole.Recency => up ? "recent buyers" : "lapsed buyers",
        BusinessRole.Other => up ? $"high-{dimension.Human} customers" : $"low-{dimension.Human} customers",
        _ => null,
    };

    private static bool IsGenericSpend(string human) =>
        human is "spend" or "spending" or "amount" or "revenue" or "sales" or "monetary" or "total" or "total spend" or "spent" or "value";

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
                : GenericActions(dimensions, draft, overallStats);
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
            _ => null, // a customer-table column: the trait word already names it in words
        };
        var unit = what is null ? string.Empty : " " + what;
        return string.Create(
            Invariant,
            $"{word}: {Number(segment.Mean)}{unit} on average (median {Number(segment.Median)}) vs {Number(overall.Mean)} (median {Number(overall.Median)}) for all customers.");
    }

    /// <summary>
    /// Actions for a customer-table segment from its strongest high and low traits, worded by the column's role. Each
    /// reason quotes the segment's mean against all customers' on a trait whose every statistic agrees, so it is true.
    /// </summary>
    private static List<RecommendedAction> GenericActions(Dimension[] dimensions, Draft draft, MetricSummary[] overall)
    {
        var agreeing = Enumerable.Range(0, dimensions.Length).Where(d => draft.Directions[d] != 0).ToArray();
        var actions = new List<RecommendedAction>();
        var high = agreeing.Where(d => draft.Directions[d] > 0).OrderByDescending(d => draft.Scores[d]).Cast<int?>().FirstOrDefault();
        var low = agreeing.Where(d => draft.Directions[d] < 0).OrderBy(d => draft.Scores[d]).Cast<int?>().FirstOrDefault();
        if (high is { } h)
        {
            actions.Add(RoleAction(dimensions[h], up: true, draft.Stats[h].Mean, overall[h].Mean));
        }

        if (low is { } l)
        {
            actions.Add(RoleAction(dimensions[l], up: false, draft.Stats[l].Mean, overall[l].Mean));
        }

        if (draft.Kpi.Share < 0.05)
        {
            actions.Add(new RecommendedAction(
                "Review these customers individually before targeting",
                string.Create(Invariant, $"The segment is small ({Percent(draft.Kpi.Share)} of customers), so one campaign may not pay off.")));
        }

        return actions;
    }

    private static RecommendedAction RoleAction(Dimension d, bool up, double mean, double overall)
    {
        // For Recency "up" means more recent, i.e. fewer days.
        var numbers = string.Create(Invariant, $"{Number(mean)} on average vs {Number(overall)} for all customers");
        var (action, reason) = (d.Role, up) switch
        {
            (BusinessRole.Spend, true) when IsGenericSpend(d.Human) => ("Offer premium ranges and bundles", $"They spend more: {numbers}."),
            (BusinessRole.Spend, false) when IsGenericSpend(d.Human) => ("Raise basket value with bundles and spend thresholds", $"They spend less: {numbers}."),
            (BusinessRole.Spend, true) => ($"Feature {d.Human} in this segment's offers", $"Their {d.Human} spend is high: {numbers}."),
            (BusinessRole.Spend, false) => ($"Cross-sell {d.Human} with a targeted offer", $"Their {d.Human} spend is low ({numbers}): room to grow."),
            (BusinessRole.Income, true) => ("Lead with premium products and service", $"Their {d.Human} is high: {numbers}."),
            (BusinessRole.Income, false) => ("Stress value for money", $"Their {d.Human} is low: {numbers}."),
            (BusinessRole.Age, true) => ("Match products, tone and channels to older customers", $"They are older: {numbers}."),
            (BusinessRole.Age, false) => ("Match products, tone and channels to younger customers", $"They are younger: {numbers}."),
            (BusinessRole.Score, true) => ("Prioritise them in new-product and loyalty campaigns", $"Their {d.Human} is high: {numbers}."),
            (BusinessRole.Score, false) => ("Find out what holds them back before discounting", $"Their {d.Human} is low: {numbers}."),
            (BusinessRole.Frequency, true) => ("Reward their frequency with a loyalty tier", $"They buy more often: {numbers}."),
            (BusinessRole.Frequency, false) => ("Prompt the next purchase with a timely reminder", $"They buy less often: {numbers}."),
            (BusinessRole.Recency, true) => ("Follow up while their last purchase is fresh", $"They bought more recently: {numbers}."),
            (BusinessRole.Recency, false) => ("Reactivate them with a personal offer", $"They have not bought for longer: {numbers}."),
            (BusinessRole.Count, true) => ("Offer volume pricing", $"They buy in volume: {numbers}."),
            (BusinessRole.Count, false) => ("Suggest add-on items at checkout", $"They buy few items: {numbers}."),
            (_, true) => ($"Build the offer around their high {d.Human}", $"It sets them apart: {numbers}."),
            _ => ($"Address their low {d.Human}", $"It sets them apart: {numbers}."),
        };
        return new RecommendedAction(action, reason);
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
    internal sealed record Dimension(
        string Column, string HighWord, string LowWord, string MoreWord, string LessWord, bool Inverted, double Weight,
        BusinessRole Role = BusinessRole.Other, string Human = "");

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
