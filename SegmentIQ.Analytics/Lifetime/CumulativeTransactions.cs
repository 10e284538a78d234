namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// Cumulative repeat transactions of all customers over the whole period, actual against the BG/NBD expectation, as
/// lifetimes' <c>expected_cumulative_transactions</c> and Fader, Hardie &amp; Lee's (2005) tracking plot: a customer
/// whose first purchase was on day b is expected to have made E[X(t − b)] repeat purchases by day t. Customers first
/// seen after the calibration end count too (their expectation uses the new-customer formula from their first day),
/// so the curve past <see cref="CalibrationEnd"/> checks the model on purchases it has not seen.
/// </summary>
/// <param name="Dates">Grid days: every unit from the first purchase in the data, plus the calibration end and the last day.</param>
/// <param name="Actual">Repeat purchase days (a customer's first purchase day left out) up to and including each grid day.</param>
/// <param name="Expected">The model's expected repeat purchases up to each grid day.</param>
/// <param name="CalibrationEnd">Last calibration day.</param>
/// <param name="Unit">Unit of the model (the grid step).</param>
public sealed record CumulativeTransactions(DateTime[] Dates, double[] Actual, double[] Expected, DateTime CalibrationEnd, TimeUnit Unit)
{
    /// <summary>Builds the curves for a fitted model and the purchase days it was fitted on.</summary>
    public static CumulativeTransactions Compute(BgNbdModel model, PurchaseCalendar calendar, DateTime calibrationEnd, DateTime observationEnd)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calendar);
        var first = calendar.FirstDay;
        var last = Math.Max(PurchaseCalendar.DayNumber(observationEnd), first);
        var span = last - first;
        var births = new int[span + 1];
        var repeats = new int[span + 1];
        for (var c = 0; c < calendar.CustomerIds.Count; c++)
        {
            var days = calendar.DaysOf(c);
            if (days.Length == 0 || days[0] > last)
            {
                continue;
            }

            births[days[0] - first]++;
            for (var i = 1; i < days.Length && days[i] <= last; i++)
            {
                repeats[days[i] - first]++;
            }
        }

        // Every (grid day − birth day) is a whole number of days, so E[X] is needed at most once per day offset.
        var unitDays = TimeUnits.DaysPer(model.Unit);
        var expectedByAge = new double[span + 1];
        for (var d = 1; d <= span; d++)
        {
            expectedByAge[d] = model.ExpectedPurchases(d / unitDays);
        }

        var step = (int)unitDays;
        var calibrationDay = Math.Clamp(PurchaseCalendar.DayNumber(calibrationEnd), first, last);
        var grid = new SortedSet<int>();
        for (var day = first; day <= last; day += step)
        {
            grid.Add(day);
        }

        grid.Add(calibrationDay);
        grid.Add(last);

        var cumulativeRepeats = new long[span + 1];
        long running = 0;
        for (var d = 0; d <= span; d++)
        {
            running += repeats[d];
            cumulativeRepeats[d] = running;
        }

        var dates = new DateTime[grid.Count];
        var actual = new double[grid.Count];
        var expected = new double[grid.Count];
        var k = 0;
        foreach (var day in grid)
        {
            var offset = day - first;
            var sum = 0.0;
            for (var b = 0; b <= offset; b++)
            {
                if (births[b] > 0)
                {
                    sum += births[b] * expectedByAge[offset - b];
                }
            }

            dates[k] = PurchaseCalendar.DateOf(day);
            actual[k] = cumulativeRepeats[offset];
            expected[k] = sum;
            k++;
        }

        return new CumulativeTransactions(dates, actual, expected, PurchaseCalendar.DateOf(calibrationDay), model.Unit);
    }

    /// <summary>Index of the grid day that is the calibration end.</summary>
    public int CalibrationIndex => Array.IndexOf(Dates, CalibrationEnd);
}
