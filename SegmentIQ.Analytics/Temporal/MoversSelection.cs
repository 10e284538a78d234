namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// Which movers to list: those between snapshot <paramref name="From"/> and snapshot <paramref name="To"/> (indices)
/// under the model's segments or the RFM map, optionally only from some states and to some states (null or empty: any).
/// </summary>
public sealed record MoversSelection(
    int From,
    int To,
    bool Rfm = false,
    IReadOnlyCollection<int>? FromStates = null,
    IReadOnlyCollection<int>? ToStates = null)
{
    /// <summary>The movement between the last two snapshots of an analysis with <paramref name="snapshots"/> snapshots, any state; null with fewer than two.</summary>
    public static MoversSelection? Latest(int snapshots) => snapshots < 2 ? null : new MoversSelection(snapshots - 2, snapshots - 1);

    /// <summary>True when both snapshot indices exist in an analysis with <paramref name="snapshots"/> snapshots.</summary>
    public bool FitsSnapshots(int snapshots) => From >= 0 && From < snapshots && To >= 0 && To < snapshots;

    /// <summary>
    /// What a person reads for this selection in <paramref name="timeline"/>: "2011-Q3 → 2011-Q4, from Segment 1 ·
    /// Champions to Lapsed" (states named by the timeline's scheme; "any state" where none is chosen).
    /// </summary>
    public string Describe(SegmentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        string States(IReadOnlyCollection<int>? states) =>
            states is not { Count: > 0 } ? "any state" : string.Join(" or ", timeline.StateOrder.Where(states.Contains).Select(timeline.NameOf));
        return $"{timeline.Snapshots[From].Label} → {timeline.Snapshots[To].Label} ({timeline.Scheme}), from {States(FromStates)} to {States(ToStates)}";
    }

    /// <summary>The movers of <paramref name="timeline"/> this selection asks for (see <see cref="SegmentTimeline.Movers"/>).</summary>
    public IReadOnlyList<Mover> Apply(SegmentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Movers(From, To, FromStates is { Count: > 0 } ? FromStates : null, ToStates is { Count: > 0 } ? ToStates : null);
    }
}
