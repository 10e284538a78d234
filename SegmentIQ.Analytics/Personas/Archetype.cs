using System.Globalization;
using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Analytics.Personas;

/// <summary>
/// The numbers an archetype's actions quote (the segment's KPIs and those of all customers) and the comparisons their
/// reasons rest on. Every comparison uses the mean, the statistic the reasons quote.
/// </summary>
internal sealed record ActionContext(SegmentKpi Segment, SegmentKpi Overall)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Recency => Segment.Recency is { } r ? PersonaNamer.Ago(r.Mean) : "some time ago";

    public string OverallRecency => Overall.Recency is { } r ? PersonaNamer.Ago(r.Mean) : "some time ago";

    public string Orders => Segment.Frequency is { } f ? f.Mean.ToString("0.#", Invariant) : "?";

    public string OverallOrders => Overall.Frequency is { } f ? f.Mean.ToString("0.#", Invariant) : "?";

    public string Spend => Segment.Monetary is { } m ? PersonaNamer.Number(m.Mean) : "?";

    public string OverallSpend => Overall.Monetary is { } m ? PersonaNamer.Number(m.Mean) : "?";

    public string OrderValue => Segment.AverageOrderValue is { } a ? PersonaNamer.Number(a.Mean) : Spend;

    public string OverallOrderValue => Overall.AverageOrderValue is { } a ? PersonaNamer.Number(a.Mean) : OverallSpend;

    public string RevenueShare => Segment.RevenueShare is { } s ? PersonaNamer.Percent(s) : "an unknown share";

    /// <summary>Bought more recently than all customers on average (fewer days since the last purchase).</summary>
    public bool MoreRecent => Below(Segment.Recency, Overall.Recency);

    /// <summary>Bought less recently than all customers on average.</summary>
    public bool LessRecent => Above(Segment.Recency, Overall.Recency);

    public bool MoreFrequent => Above(Segment.Frequency, Overall.Frequency);

    public bool LessFrequent => Below(Segment.Frequency, Overall.Frequency);

    public bool HigherSpend => Above(Segment.Monetary, Overall.Monetary);

    public bool LowerSpend => Below(Segment.Monetary, Overall.Monetary);

    public bool HigherOrderValue => Above(Segment.AverageOrderValue ?? Segment.Monetary, Overall.AverageOrderValue ?? Overall.Monetary);

    public bool LowerOrderValue => Below(Segment.AverageOrderValue ?? Segment.Monetary, Overall.AverageOrderValue ?? Overall.Monetary);

    /// <summary>Most members bought more than once.</summary>
    public bool RepeatBuyers => Segment.Frequency is { } f && f.Median >= 2;

    /// <summary>A shorter history than all customers (or, without tenure, a more recent last purchase).</summary>
    public bool ShortHistory => Segment.Tenure is { } t && Overall.Tenure is { } o ? t.Mean < o.Mean : MoreRecent;

    private static bool Above(MetricSummary? segment, MetricSummary? overall) => segment is { } s && overall is { } o && s.Mean > o.Mean;

    private static bool Below(MetricSummary? segment, MetricSummary? overall) => segment is { } s && overall is { } o && s.Mean < o.Mean;
}

/// <summary>
/// An action an archetype may recommend, with the condition under which its reason is true. An action whose reason is
/// false for the segment (a "we miss you" offer for customers who bought recently) is dropped, never shown.
/// </summary>
internal sealed record ActionRule(Func<ActionContext, bool> Holds, Func<ActionContext, RecommendedAction> Make)
{
    /// <summary>A rule whose reason is general advice, true of any segment it is offered to.</summary>
    public static ActionRule Always(string action, string reason) => new(_ => true, _ => new RecommendedAction(action, reason));
}

/// <summary>
/// An RFM persona archetype: a prototype profile in percentile space (0.5 = typical; recency higher = more recent)
/// and the actions it calls for. Segments take the archetype nearest to their profile (weighted Euclidean over the
/// features the prototype specifies). Prototype values are placed where segment means of real RFM data fall: a
/// cluster's mean percentile rarely leaves 0.15–0.85 because clusters mix customers.
/// </summary>
internal sealed class Archetype
{
    private Archetype(string name, bool isAtRisk, Dictionary<string, double> prototype, params ActionRule[] rules)
    {
        Name = name;
        IsAtRisk = isAtRisk;
        Prototype = prototype;
        Rules = rules;
    }

    public string Name { get; }

    public bool IsAtRisk { get; }

    public Dictionary<string, double> Prototype { get; }

    /// <summary>Every action this archetype may recommend, with its condition.</summary>
    public IReadOnlyList<ActionRule> Rules { get; }

    /// <summary>The actions whose reasons hold for the segment in <paramref name="context"/>.</summary>
    public IReadOnlyList<RecommendedAction> Actions(ActionContext context) =>
        Rules.Where(rule => rule.Holds(context)).Select(rule => rule.Make(context)).ToArray();

    public static IReadOnlyList<Archetype> All { get; } =
    [
        new("Champions", false, P(r: 0.8, f: 0.8, m: 0.8),
            new(c => c.MoreRecent && c.MoreFrequent, c => new("Reward them with early access and a top loyalty tier", $"They bought {c.Recency} on average and placed {c.Orders} orders vs {c.OverallOrders} for all customers.")),
            new(c => c.MoreFrequent && c.HigherSpend, c => new("Ask for reviews and referrals", $"They buy more often than most ({c.Orders} vs {c.OverallOrders} orders) and bring {c.RevenueShare} of revenue.")),
            new(c => c.MoreFrequent, _ => new("Avoid blanket discounts", "They already buy often at full price; discounts would cost margin without changing behaviour."))),
        new("Loyal", false, P(r: 0.65, f: 0.7, m: 0.65, t: 0.65),
            new(c => c.MoreFrequent, c => new("Upsell higher-value products and bundles", $"They order more often than most ({c.Orders} orders vs {c.OverallOrders}) at {c.OrderValue} per order vs {c.OverallOrderValue} overall.")),
            new(c => c.RepeatBuyers, c => new("Invite them into the loyalty programme", $"Most of them have bought more than once ({c.Orders} orders on average, last {c.Recency}); repeat buyers respond well to recognition."))),
        new("Big spenders", false, P(r: 0.55, f: 0.5, m: 0.75, a: 0.85),
            new(c => c.HigherOrderValue, c => new("Offer premium and bulk ranges with a personal contact", $"Their order value averages {c.OrderValue} vs {c.OverallOrderValue} for all customers.")),
            new(c => c.HigherSpend && !c.MoreFrequent, c => new("Prompt a repeat order with a time-limited offer", $"They spend more than most ({c.Spend} vs {c.OverallSpend}) in no more orders than average ({c.Orders} vs {c.OverallOrders})."))),
        new("New customers", false, P(r: 0.8, f: 0.25, m: 0.3, t: 0.15),
            new(c => c.MoreRecent && c.LessFrequent, c => new("Send an onboarding series with a second-order incentive", $"They bought {c.Recency} but have only {c.Orders} orders so far vs {c.OverallOrders} for all customers.")),
            new(c => c.ShortHistory, _ => new("Recommend best-sellers related to their first purchase", "Their history is shorter than most customers': relevance matters more than discounts."))),
        new("Promising", false, P(r: 0.7, f: 0.4, m: 0.42, t: 0.4),
            new(c => c.MoreRecent && c.LessFrequent, c => new("Build the habit with a follow-up offer within weeks", $"They are recent ({c.Recency} vs {c.OverallRecency} overall) but order less than most ({c.Orders} orders vs {c.OverallOrders}).")),
            new(c => c.LowerOrderValue, c => new("Set a free-shipping threshold just above their order value", $"Their orders average {c.OrderValue}, below the {c.OverallOrderValue} of all customers."))),
        new("Need attention", false, P(r: 0.5, f: 0.5, m: 0.5),
            ActionRule.Always("Send personalised recommendations from past purchases", "A mid-profile segment can go either way; relevance is the cheapest lever."),
            new(c => !c.MoreRecent, c => new("Run a limited-time offer to bring the next order forward", $"They last bought {c.Recency} on average vs {c.OverallRecency} for all customers; pulling them ahead keeps them active."))),
        new("About to sleep", true, P(r: 0.38, f: 0.35, m: 0.38),
            new(c => c.LessRecent, c => new("Reactivate with a personalised 'we miss you' offer", $"Their last purchase was {c.Recency} on average vs {c.OverallRecency} for all customers.")),
            new(c => c.LessFrequent, c => new("Share popular products and news", $"With {c.Orders} orders on average (vs {c.OverallOrders}) they have few habits to fall back on."))),
        new("At risk", true, P(r: 0.28, f: 0.62, m: 0.62),
            new(c => c.MoreFrequent && c.LessRecent, c => new("Win them back with a personalised offer now", $"They used to buy often ({c.Orders} orders vs {c.OverallOrders}) but last bought {c.Recency} (all customers: {c.OverallRecency}).")),
            new(c => c.HigherSpend, c => new("Contact them directly to ask what changed", $"They spent {c.Spend} each on average (all customers: {c.OverallSpend}), {c.RevenueShare} of revenue in total.")),
            new(c => c.LessRecent, _ => new("Remind them of products they bought before", "Replenishment reminders are the cheapest way back for lapsing regulars."))),
        new("Can't lose them", true, P(r: 0.2, f: 0.8, m: 0.8),
            new(c => c.MoreFrequent && c.HigherSpend && c.LessRecent, c => new("Reach out personally with a strong win-back offer", $"They placed {c.Orders} orders and spent {c.Spend} each (all customers: {c.OverallOrders} and {c.OverallSpend}), but last bought {c.Recency}.")),
            new(c => c.HigherSpend, c => new("Survey them about what changed", $"Losing them costs {c.RevenueShare} of revenue; a high-value customer leaving usually has a specific cause."))),
        new("Hibernating", false, P(r: 0.3, f: 0.3, m: 0.3),
            new(c => c.LessFrequent && c.LessRecent, c => new("Include them only in low-cost seasonal campaigns", $"They buy rarely ({c.Orders} orders vs {c.OverallOrders}) and last bought {c.Recency}.")),
            new(c => c.LowerSpend, c => new("Offer relevant products at a discount", $"Their spend ({c.Spend} each) is below the {c.OverallSpend} of all customers; price may be the barrier."))),
        new("Lost", false, P(r: 0.12, f: 0.2, m: 0.2),
            new(c => c.LessRecent, c => new("Try one low-cost reactivation email, then stop spending on them", $"Their last purchase was {c.Recency} on average vs {c.OverallRecency} for all customers.")),
            new(c => c.LessFrequent && c.LowerSpend, c => new("Exclude them from paid retargeting", $"With {c.Orders} orders and {c.Spend} spent each (all customers: {c.OverallOrders} and {c.OverallSpend}), the expected return is low."))),
    ];

    /// <summary>Every archetype with its distance to <paramref name="scores"/>, nearest first.</summary>
    public static List<(Archetype Archetype, double Distance)> Ranked(IReadOnlyList<PersonaNamer.Dimension> dimensions, double[] scores)
    {
        var ranked = new List<(Archetype, double)>(All.Count);
        foreach (var archetype in All)
        {
            var distance = 0.0;
            var weight = 0.0;
            for (var d = 0; d < dimensions.Count; d++)
            {
                if (archetype.Prototype.TryGetValue(dimensions[d].Column, out var target))
                {
                    var delta = scores[d] - target;
                    distance += dimensions[d].Weight * delta * delta;
                    weight += dimensions[d].Weight;
                }
            }

            // Normalise by the weight used, so prototypes naming more features are not penalised.
            ranked.Add((archetype, Math.Sqrt(distance / weight)));
        }

        return ranked.OrderBy(p => p.Item2).ToList();
    }

    public static IReadOnlyList<RecommendedAction> NoiseActions(SegmentKpi kpi) =>
    [
        new("Review these customers individually", string.Create(CultureInfo.InvariantCulture, $"{kpi.Customers:N0} customers fit no segment: extreme or unusual mixes of values (wholesalers, one-off bulk orders).")),
        new("Check them for data issues before targeting", "Outliers often come from returns, test accounts or shared customer ids."),
    ];

    private static Dictionary<string, double> P(double r, double f, double m, double? a = null, double? t = null)
    {
        var prototype = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            [FeatureNames.Recency] = r,
            [FeatureNames.Frequency] = f,
            [FeatureNames.Monetary] = m,
        };
        if (a is { } aov)
        {
            prototype[FeatureNames.AverageOrderValue] = aov;
        }

        if (t is { } tenure)
        {
            prototype[FeatureNames.Tenure] = tenure;
        }

        return prototype;
    }
}
