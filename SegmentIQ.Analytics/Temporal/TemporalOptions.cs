namespace SegmentIQ.Analytics.Temporal;

/// <summary>How long one snapshot period is.</summary>
public enum SnapshotPeriodLength
{
    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar quarters (January, April, July, October).</summary>
    Quarter,

    /// <summary>Calendar half-years (January, July).</summary>
    HalfYear,
}

/// <summary>How snapshots other than the reference get their segments.</summary>
public enum SegmentAssignment
{
    /// <summary>The scaler and model fitted on the reference snapshot are applied unchanged to every snapshot.</summary>
    Frozen,

    /// <summary>Every snapshot is scaled and clustered on its own, then its segments are matched to the reference's.</summary>
    Refit,
}

/// <summary>What the optimal matching of refitted segments minimises.</summary>
public enum SegmentMatching
{
    /// <summary>Distance between segment centres in the reference snapshot's scaled space.</summary>
    CentroidDistance,

    /// <summary>Customers shared with the reference snapshot's segments (most shared wins).</summary>
    MemberOverlap,
}

/// <summary>The settings of a segments-over-time analysis; one source of defaults, <see cref="Validate"/> names a bad field.</summary>
public sealed record TemporalOptions
{
    /// <summary>The default trailing feature window, in months.</summary>
    public const int DefaultWindowMonths = 12;

    /// <summary>The longest trailing window accepted, in months (longer: use <see cref="AllHistory"/>).</summary>
    public const int MaxWindowMonths = 120;

    /// <summary>The shipped settings: quarterly snapshots, a 12-month window, frozen model on the latest snapshot.</summary>
    public static TemporalOptions Default { get; } = new();

    /// <summary>The snapshot period.</summary>
    public SnapshotPeriodLength Period { get; init; } = SnapshotPeriodLength.Quarter;

    /// <summary>Months of purchases each snapshot's features are computed from; also the months without a purchase after which a customer is Lapsed.</summary>
    public int WindowMonths { get; init; } = DefaultWindowMonths;

    /// <summary>True: every snapshot uses all purchases up to its date (no customer ever lapses).</summary>
    public bool AllHistory { get; init; }

    /// <summary>Zero-based index of the reference snapshot; null for the latest.</summary>
    public int? ReferenceSnapshot { get; init; }

    /// <summary>Frozen reference model or refit per snapshot.</summary>
    public SegmentAssignment Assignment { get; init; } = SegmentAssignment.Frozen;

    /// <summary>How refitted segments are matched to the reference's (used with <see cref="SegmentAssignment.Refit"/>).</summary>
    public SegmentMatching Matching { get; init; } = SegmentMatching.CentroidDistance;

    /// <summary>Months in one period.</summary>
    public int PeriodMonths => MonthsIn(Period);

    /// <summary>Months in a period of <paramref name="period"/>.</summary>
    public static int MonthsIn(SnapshotPeriodLength period) => period switch
    {
        SnapshotPeriodLength.Month => 1,
        SnapshotPeriodLength.Quarter => 3,
        SnapshotPeriodLength.HalfYear => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Period must be Month, Quarter or HalfYear."),
    };

    /// <summary>
    /// What Lapsed means under these settings, for the page to say ("no purchase in the 12 months before the snapshot").
    /// </summary>
    public string LapsedMeaning => AllHistory
        ? "With all history as the window no customer lapses."
        : $"Lapsed: no purchase in the {WindowMonths} months before the snapshot date (the feature window).";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad field and its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Period))
        {
            throw new ArgumentOutOfRangeException(nameof(Period), Period, "Period must be Month, Quarter or HalfYear.");
        }

        if (!AllHistory && (WindowMonths < PeriodMonths || WindowMonths > MaxWindowMonths))
        {
            throw new ArgumentOutOfRangeException(
                nameof(WindowMonths),
                WindowMonths,
                $"WindowMonths must be between {PeriodMonths} (one {Period} period) and {MaxWindowMonths}, or choose all history.");
        }

        if (ReferenceSnapshot is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ReferenceSnapshot), ReferenceSnapshot, "ReferenceSnapshot must be 0 or more (null for the latest).");
        }

        if (!Enum.IsDefined(Assignment))
        {
            throw new ArgumentOutOfRangeException(nameof(Assignment), Assignment, "Assignment must be Frozen or Refit.");
        }

        if (!Enum.IsDefined(Matching))
        {
            throw new ArgumentOutOfRangeException(nameof(Matching), Matching, "Matching must be CentroidDistance or MemberOverlap.");
        }
    }

    /// <summary>The part of a step key these settings add.</summary>
    public string KeyPart() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"|temporal:{Period}|win:{(AllHistory ? "all" : WindowMonths.ToString(System.Globalization.CultureInfo.InvariantCulture))}|ref:{ReferenceSnapshot?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "latest"}|{Assignment}|{Matching}");
}
