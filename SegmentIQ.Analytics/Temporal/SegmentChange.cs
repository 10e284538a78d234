namespace SegmentIQ.Analytics.Temporal;

/// <summary>What happened to a segment when segments are refitted per snapshot.</summary>
public enum SegmentChangeKind
{
    /// <summary>A segment of the earlier snapshot sent large parts of its customers to two or more segments.</summary>
    Split,

    /// <summary>A segment took large parts of its customers from two or more earlier segments.</summary>
    Merge,

    /// <summary>A snapshot has a segment no reference segment matches.</summary>
    Appears,

    /// <summary>A reference segment has no match in a snapshot.</summary>
    Disappears,
}

/// <summary>One flagged change of the refitted segments at snapshot <paramref name="Snapshot"/> (index).</summary>
public sealed record SegmentChange(int Snapshot, SegmentChangeKind Kind, IReadOnlyList<int> Segments, string Description);
