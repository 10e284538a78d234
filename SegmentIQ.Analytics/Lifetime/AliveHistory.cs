namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// One customer's P(alive) day by day from their first purchase to the end of the data, as lifetimes'
/// <c>plot_history_alive</c>: on each day the customer's history so far (x, t_x, T measured to that day) goes through
/// the fitted model, so the curve jumps back up on every purchase and decays while they stay away.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Dates">Every day from the first purchase to the last day of the data.</param>
/// <param name="ProbabilityAlive">P(alive) at the end of each day.</param>
/// <param name="Purchases">The customer's purchase days.</param>
public sealed record AliveHistory(string CustomerId, DateTime[] Dates, double[] ProbabilityAlive, DateTime[] Purchases)
{
    /// <summary>The history of <paramref name="customerId"/>, or null when the calendar has no purchases of theirs.</summary>
    public static AliveHistory? Compute(BgNbdModel model, PurchaseCalendar calendar, string customerId, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calendar);
        var index = calendar.IndexOf(customerId);
        if (index < 0 || calendar.DaysOf(index) is not { Length: > 0 } days)
        {
            return null;
        }

        var unitDays = TimeUnits.DaysPer(model.Unit);
        var first = days[0];
        var last = Math.Max(PurchaseCalendar.DayNumber(end), first);
        var dates = new DateTime[last - first + 1];
        var alive = new double[dates.Length];
        int repeats = 0, next = 1, lastPurchase = first;
        for (var day = first; day <= last; day++)
        {
            while (next < days.Length && days[next] <= day)
            {
                repeats++;
                lastPurchase = days[next++];
            }

            dates[day - first] = PurchaseCalendar.DateOf(day);
            alive[day - first] = model.ProbabilityAlive(repeats, (lastPurchase - first) / unitDays, (day - first) / unitDays);
        }

        var purchases = new DateTime[days.Length];
        for (var i = 0; i < days.Length; i++)
        {
            purchases[i] = PurchaseCalendar.DateOf(days[i]);
        }

        return new AliveHistory(customerId, dates, alive, purchases);
    }
}
