using SegmentIQ.Analytics.Clustering;

namespace SegmentIQ.Analytics.Personas;

/// <summary>A recommended action and the trait of the segment that motivates it.</summary>
public sealed record RecommendedAction(string Action, string Reason);

/// <summary>
/// A named segment: a unique name within its segmentation, the archetype it was matched to, a one-line description
/// built from its numbers, key traits and recommended actions.
/// </summary>
/// <param name="Label">The segment label (-1 for noise).</param>
/// <param name="Name">Unique display name, e.g. "At risk — high order value".</param>
/// <param name="Archetype">The archetype before disambiguation ("At risk"), or the trait name for non-RFM tables.</param>
/// <param name="Description">One line of numbers: size, revenue share, recency, orders, spend.</param>
/// <param name="Traits">What sets the segment apart from all customers, most distinctive first.</param>
/// <param name="Actions">Two or three recommended actions with their reasons.</param>
/// <param name="IsAtRisk">True for archetypes whose revenue is at risk (At risk, Can't lose them, About to sleep).</param>
/// <param name="Customers">Customers in the segment.</param>
/// <param name="Share">Share of all customers.</param>
/// <param name="RevenueShare">Share of revenue, null without a Monetary column.</param>
/// <param name="RelativeScores">
/// Per feature, the segment's mean percentile among all customers (0.5 = typical; for Recency higher = more recent).
/// </param>
public sealed record Persona(
    int Label,
    string Name,
    string Archetype,
    string Description,
    IReadOnlyList<string> Traits,
    IReadOnlyList<RecommendedAction> Actions,
    bool IsAtRisk,
    int Customers,
    double Share,
    double? RevenueShare,
    IReadOnlyDictionary<string, double> RelativeScores)
{
    /// <summary>True for the noise group (-1).</summary>
    public bool IsNoise => Label == ClusterLabels.Noise;
}

/// <summary>The personas of one segmentation (ascending label, noise last); names are unique.</summary>
public sealed class PersonaSet
{
    private readonly Dictionary<int, Persona> _byLabel;

    /// <summary>Wraps the personas; throws when two share a name or a label.</summary>
    public PersonaSet(IReadOnlyList<Persona> personas)
    {
        ArgumentNullException.ThrowIfNull(personas);
        var duplicate = personas.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Persona name '{duplicate.Key}' is used by labels {string.Join(", ", duplicate.Select(p => p.Label))}.", nameof(personas));
        }

        Personas = personas;
        _byLabel = personas.ToDictionary(p => p.Label);
    }

    /// <summary>All personas.</summary>
    public IReadOnlyList<Persona> Personas { get; }

    /// <summary>The persona of a label, or null.</summary>
    public Persona? ForLabel(int label) => _byLabel.GetValueOrDefault(label);

    /// <summary>The persona name of a label ("Segment 3" for label 2 when unknown).</summary>
    public string NameOf(int label) => ForLabel(label)?.Name ?? SegmentNames.Label(label);
}
