namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// The distinct purchase days of every customer of a <see cref="PurchaseLog"/>, sorted, in one flat array with an
/// offset per customer: what the cumulative-transactions check and a customer's P(alive) history walk through. Days
/// are calendar day numbers (lines of one customer on one day are one purchase, as in <see cref="RfmSummary"/>).
/// </summary>
public sealed class PurchaseCalendar
{
    private readonly Dictionary<string, int> _customerIndex;
    private readonly int[] _start;
    private readonly int[] _days;

    private PurchaseCalendar(IReadOnlyList<string> customerIds, int[] start, int[] days, int firstDay, int lastDay)
    {
        CustomerIds = customerIds;
        _start = start;
        _days = days;
        FirstDay = firstDay;
        LastDay = lastDay;
        _customerIndex = new Dictionary<string, int>(customerIds.Count, StringComparer.Ordinal);
        for (var c = 0; c < customerIds.Count; c++)
        {
            _customerIndex.TryAdd(customerIds[c], c);
        }
    }

    /// <summary>Customer ids, as in the log (customers without lines have no days).</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Day number of the first purchase in the data.</summary>
    public int FirstDay { get; }

    /// <summary>Day number of the last purchase in the data.</summary>
    public int LastDay { get; }

    /// <summary>The day number of a date (days since 0001-01-01), the unit of <see cref="DaysOf(int)"/>.</summary>
    public static int DayNumber(DateTime date) => (int)(date.Ticks / TimeSpan.TicksPerDay);

    /// <summary>The date of a day number.</summary>
    public static DateTime DateOf(int day) => new(day * TimeSpan.TicksPerDay);

    /// <summary>Collects the distinct purchase days of every customer.</summary>
    public static PurchaseCalendar Build(PurchaseLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var customers = log.CustomerIds.Count;
        var start = new int[customers + 1];
        for (var i = 0; i < log.Count; i++)
        {
            start[log.Customer[i] + 1]++;
        }

        for (var c = 0; c < customers; c++)
        {
            start[c + 1] += start[c];
        }

        var fill = start[..^1];
        var days = new int[log.Count];
        int first = int.MaxValue, last = int.MinValue;
        for (var i = 0; i < log.Count; i++)
        {
            var day = DayNumber(log.Date[i]);
            days[fill[log.Customer[i]]++] = day;
            first = Math.Min(first, day);
            last = Math.Max(last, day);
        }

        // Sort each customer's days and drop repeats in place, compacting into a new offset table.
        var compactStart = new int[customers + 1];
        var write = 0;
        for (var c = 0; c < customers; c++)
        {
            int from = start[c], count = start[c + 1] - from;
            Array.Sort(days, from, count);
            compactStart[c] = write;
            for (var i = from; i < from + count; i++)
            {
                if (i == from || days[i] != days[i - 1])
                {
                    days[write++] = days[i];
                }
            }
        }

        compactStart[customers] = write;
        Array.Resize(ref days, write);
        return new PurchaseCalendar(log.CustomerIds, compactStart, days, log.Count == 0 ? 0 : first, log.Count == 0 ? 0 : last);
    }

    /// <summary>The sorted distinct purchase days of customer index <paramref name="customer"/>.</summary>
    public ReadOnlySpan<int> DaysOf(int customer) => _days.AsSpan(_start[customer], _start[customer + 1] - _start[customer]);

    /// <summary>The index of a customer id, or -1.</summary>
    public int IndexOf(string customerId) => _customerIndex.TryGetValue(customerId, out var index) ? index : -1;
}
