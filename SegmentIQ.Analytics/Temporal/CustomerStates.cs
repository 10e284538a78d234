using SegmentIQ.Analytics.Clustering;

namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// The state codes a customer can have in a snapshot besides a segment (0, 1, … as labels are numbered in code):
/// <see cref="ClusterLabels.Noise"/>, <see cref="New"/>, <see cref="Lapsed"/> and <see cref="NotYetCustomer"/>.
/// </summary>
public static class CustomerStates
{
    /// <summary>First purchase in the snapshot's period.</summary>
    public const int New = -2;

    /// <summary>Bought before, but not within the feature window ending at the snapshot.</summary>
    public const int Lapsed = -3;

    /// <summary>First purchase after the snapshot date.</summary>
    public const int NotYetCustomer = -4;

    /// <summary>What a person reads for New.</summary>
    public const string NewName = "New";

    /// <summary>What a person reads for Lapsed.</summary>
    public const string LapsedName = "Lapsed";

    /// <summary>What a person reads for "not yet a customer".</summary>
    public const string NotYetCustomerName = "Not yet a customer";

    /// <summary>True for a segment (including noise), false for New, Lapsed and not-yet-a-customer.</summary>
    public static bool IsSegment(int state) => state >= ClusterLabels.Noise;

    /// <summary>The name of a non-segment state, or null for a segment (named by its scheme).</summary>
    public static string? ExtraStateName(int state) => state switch
    {
        New => NewName,
        Lapsed => LapsedName,
        NotYetCustomer => NotYetCustomerName,
        _ => null,
    };
}
