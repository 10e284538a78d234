namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// The per-customer repeat-purchase summary the lifetime models fit on, as lifetimes'
/// <c>summary_data_from_transaction_data</c> (with a calibration and holdout split) builds it. Lines of one customer
/// on one calendar day are one transaction with their values summed. Frequency x is the number of purchase days after
/// the first one up to the calibration end; recency t_x the time from the first to the last calibration purchase day
/// (0 when x = 0); age T the time from the first purchase day to the calibration end; the monetary value is the mean
/// value of the x repeat purchase days (the first purchase is left out; 0 when x = 0). Customers whose first purchase
/// falls after the calibration end are left out and counted.
/// </summary>
public sealed class RfmSummary
{
    private RfmSummary(
        string[] customerIds,
        double[] frequency,
        double[] recency,
        double[] age,
        double[] monetaryValue,
        double[] calibrationRevenue,
        int[] holdoutPurchases,
        DateTime[] firstPurchase,
        DateTime calibrationEnd,
        DateTime observationEnd,
        TimeUnit unit,
        int customersFirstSeenInHoldout)
    {
        CustomerIds = customerIds;
        Frequency = frequency;
        Recency = recency;
        T = age;
        MonetaryValue = monetaryValue;
        CalibrationRevenue = calibrationRevenue;
        HoldoutPurchases = holdoutPurchases;
        FirstPurchase = firstPurchase;
        CalibrationEnd = calibrationEnd;
        ObservationEnd = observationEnd;
        Unit = unit;
        CustomersFirstSeenInHoldout = customersFirstSeenInHoldout;
    }

    /// <summary>Customer ids, in row order.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Number of customers (rows).</summary>
    public int Count => CustomerIds.Count;

    /// <summary>Repeat purchase days x in the calibration period.</summary>
    public double[] Frequency { get; }

    /// <summary>Recency t_x in <see cref="Unit"/>s.</summary>
    public double[] Recency { get; }

    /// <summary>Age T in <see cref="Unit"/>s.</summary>
    public double[] T { get; }

    /// <summary>Mean value of the repeat purchase days (0 when x = 0).</summary>
    public double[] MonetaryValue { get; }

    /// <summary>Value of all calibration purchases, the first included.</summary>
    public double[] CalibrationRevenue { get; }

    /// <summary>Purchase days after the calibration end, up to the observation end.</summary>
    public int[] HoldoutPurchases { get; }

    /// <summary>Day of the first purchase.</summary>
    public DateTime[] FirstPurchase { get; }

    /// <summary>Last calibration day (inclusive).</summary>
    public DateTime CalibrationEnd { get; }

    /// <summary>Last observation day (inclusive).</summary>
    public DateTime ObservationEnd { get; }

    /// <summary>Unit of recency, age and holdout length.</summary>
    public TimeUnit Unit { get; }

    /// <summary>Length of the holdout period in <see cref="Unit"/>s (0 without a holdout).</summary>
    public double HoldoutDuration => (ObservationEnd - CalibrationEnd).Days / TimeUnits.DaysPer(Unit);

    /// <summary>Customers left out because their first purchase came after the calibration end.</summary>
    public int CustomersFirstSeenInHoldout { get; }

    /// <summary>Customers with at least one repeat purchase in calibration.</summary>
    public int RepeatBuyers => Frequency.Count(x => x > 0);

    /// <summary>Row of a customer id, or -1.</summary>
    public int IndexOf(string customerId)
    {
        for (var i = 0; i < CustomerIds.Count; i++)
        {
            if (string.Equals(CustomerIds[i], customerId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Builds the summary of a purchase log.</summary>
    /// <exception cref="LifetimeDataException">The log is empty or nobody bought by the calibration end.</exception>
    public static RfmSummary Build(PurchaseLog log, RfmSummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= RfmSummaryOptions.Default;
        options.Validate();
        if (log.Count == 0)
        {
            throw new LifetimeDataException("The data have no dated purchases, so lifetime value cannot be computed.");
        }

        // Calendar day numbers; lines are bucketed by customer (counting sort), then sorted by day within a customer.
        var customers = log.CustomerIds.Count;
        var start = new int[customers + 1];
        long firstDay = long.MaxValue, lastDay = long.MinValue;
        var days = new int[log.Count];
        for (var i = 0; i < log.Count; i++)
        {
            start[log.Customer[i] + 1]++;
            var day = DayNumber(log.Date[i]);
            days[i] = day;
            firstDay = Math.Min(firstDay, day);
            lastDay = Math.Max(lastDay, day);
        }

        for (var c = 0; c < customers; c++)
        {
            start[c + 1] += start[c];
        }

        var fill = start[..^1];
        var sortedDay = new int[log.Count];
        var sortedAmount = new double[log.Count];
        for (var i = 0; i < log.Count; i++)
        {
            var at = fill[log.Customer[i]]++;
            sortedDay[at] = days[i];
            sortedAmount[at] = log.Amount[i];
        }

        var observationEnd = options.ObservationEnd is { } o ? DayNumber(o) : (int)lastDay;
        var calibrationEnd = options.CalibrationEnd is { } c0 ? DayNumber(c0) : Math.Min((int)lastDay, observationEnd);
        observationEnd = Math.Max(observationEnd, calibrationEnd);

        var unitDays = TimeUnits.DaysPer(options.Unit);
        var ids = new List<string>(customers);
        var frequency = new List<double>(customers);
        var recency = new List<double>(customers);
        var age = new List<double>(customers);
        var monetary = new List<double>(customers);
        var revenue = new List<double>(customers);
        var holdout = new List<int>(customers);
        var first = new List<DateTime>(customers);
        var lateCustomers = 0;
        for (var c = 0; c < customers; c++)
        {
            int from = start[c], count = start[c + 1] - from;
            if (count == 0)
            {
                continue;
            }

            Array.Sort(sortedDay, sortedAmount, from, count);
            var day0 = sortedDay[from];
            if (day0 > calibrationEnd)
            {
                lateCustomers++;
                continue;
            }

            // Walk the purchase days: merge lines of one day, split calibration from holdout.
            int repeatDays = 0, holdoutDays = 0, lastCalibrationDay = day0;
            double repeatValue = 0, calibrationValue = 0;
            var i = from;
            while (i < from + count)
            {
                var day = sortedDay[i];
                var value = 0.0;
                while (i < from + count && sortedDay[i] == day)
                {
                    value += sortedAmount[i++];
                }

                if (day <= calibrationEnd)
                {
                    calibrationValue += value;
                    if (day != day0)
                    {
                        repeatDays++;
                        repeatValue += value;
                        lastCalibrationDay = day;
                    }
                }
                else if (day <= observationEnd)
                {
                    holdoutDays++;
                }
            }

            ids.Add(log.CustomerIds[c]);
            frequency.Add(repeatDays);
            recency.Add((lastCalibrationDay - day0) / unitDays);
            age.Add((calibrationEnd - day0) / unitDays);
            monetary.Add(repeatDays > 0 ? repeatValue / repeatDays : 0);
            revenue.Add(calibrationValue);
            holdout.Add(holdoutDays);
            first.Add(new DateTime(day0 * TimeSpan.TicksPerDay));
        }

        if (ids.Count == 0)
        {
            throw new LifetimeDataException(
                $"No customer bought on or before the calibration end {new DateTime(calibrationEnd * TimeSpan.TicksPerDay):yyyy-MM-dd}; " +
                $"the first purchase in the data is on {new DateTime(firstDay * TimeSpan.TicksPerDay):yyyy-MM-dd}. Choose a later calibration end.");
        }

        return new RfmSummary(
            [.. ids],
            [.. frequency],
            [.. recency],
            [.. age],
            [.. monetary],
            [.. revenue],
            [.. holdout],
            [.. first],
            new DateTime(calibrationEnd * TimeSpan.TicksPerDay),
            new DateTime(observationEnd * TimeSpan.TicksPerDay),
            options.Unit,
            lateCustomers);
    }

    private static int DayNumber(DateTime date) => (int)(date.Ticks / TimeSpan.TicksPerDay);

    /// <summary>A summary from precomputed columns (a customer table with x, t_x, T), for fitting and tests.</summary>
    public static RfmSummary FromColumns(
        IReadOnlyList<string> customerIds,
        double[] frequency,
        double[] recency,
        double[] age,
        double[]? monetaryValue = null,
        TimeUnit unit = TimeUnit.Weeks)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(recency);
        ArgumentNullException.ThrowIfNull(age);
        var n = customerIds.Count;
        if (frequency.Length != n || recency.Length != n || age.Length != n || (monetaryValue is not null && monetaryValue.Length != n))
        {
            throw new ArgumentException("Every column must have one value per customer.", nameof(frequency));
        }

        for (var i = 0; i < n; i++)
        {
            if (!(frequency[i] >= 0) || !(recency[i] >= 0) || !(age[i] >= recency[i]))
            {
                throw new LifetimeDataException(
                    $"Customer '{customerIds[i]}' has frequency {frequency[i]}, recency {recency[i]} and age {age[i]}: " +
                    "frequency and recency must be at least 0 and age at least the recency.");
            }
        }

        var monetary = monetaryValue ?? new double[n];
        var revenue = new double[n];
        var end = DateTime.MinValue;
        return new RfmSummary([.. customerIds], frequency, recency, age, monetary, revenue, new int[n], new DateTime[n], end, end, unit, 0);
    }
}
