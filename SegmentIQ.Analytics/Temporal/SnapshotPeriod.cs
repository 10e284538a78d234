using System.Globalization;

namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// One snapshot: the calendar period it closes (<see cref="Start"/> inclusive to <see cref="AsOf"/> exclusive), the
/// date the customers are seen at (<see cref="AsOf"/>: the period's end, or the day after the last purchase for the
/// last, unfinished period) and the start of the feature window ending there.
/// </summary>
public sealed record SnapshotPeriod(int Index, string Label, DateTime Start, DateTime AsOf, DateTime WindowStart)
{
    /// <summary>True when <paramref name="date"/> falls in this period.</summary>
    public bool Contains(DateTime date) => date >= Start && date < AsOf;

    /// <summary>
    /// The snapshots of data whose first purchase is <paramref name="firstDate"/> and whose reference date (day after
    /// the last purchase) is <paramref name="referenceDate"/>: one per calendar period touching the data.
    /// </summary>
    public static IReadOnlyList<SnapshotPeriod> Calendar(DateTime firstDate, DateTime referenceDate, TemporalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (referenceDate <= firstDate)
        {
            throw new ArgumentException("The data's reference date must be after its first purchase.", nameof(referenceDate));
        }

        var months = options.PeriodMonths;
        var start = new DateTime(firstDate.Year, (((firstDate.Month - 1) / months) * months) + 1, 1, 0, 0, 0, firstDate.Kind);
        var result = new List<SnapshotPeriod>();
        while (start < referenceDate)
        {
            var end = start.AddMonths(months);
            var asOf = end < referenceDate ? end : referenceDate.Date;
            var windowStart = options.AllHistory ? firstDate.Date : asOf.AddMonths(-options.WindowMonths);
            result.Add(new SnapshotPeriod(result.Count, LabelOf(start, options.Period), start, asOf, windowStart));
            start = end;
        }

        return result;
    }

    private static string LabelOf(DateTime start, SnapshotPeriodLength period) => period switch
    {
        SnapshotPeriodLength.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        SnapshotPeriodLength.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-H{((start.Month - 1) / 6) + 1}"),
    };
}
