using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// Acquisition cohorts: customers grouped by the calendar month of their first purchase, and for every month since,
/// how many of them bought and how much they spent. Month 0 is the first-purchase month, so its customer share is
/// 100 % by construction.
/// </summary>
/// <param name="Cohorts">First day of each cohort's month, oldest first.</param>
/// <param name="Sizes">Customers per cohort.</param>
/// <param name="Active">[cohort, months since] customers of the cohort who bought in that month.</param>
/// <param name="Revenue">[cohort, months since] their spend in that month.</param>
/// <param name="MonthsObserved">Per cohort, how many months (month 0 included) the data covers.</param>
public sealed record CohortRetention(
    IReadOnlyList<DateTime> Cohorts,
    IReadOnlyList<int> Sizes,
    int[,] Active,
    double[,] Revenue,
    IReadOnlyList<int> MonthsObserved)
{
    /// <summary>Largest number of months since acquisition shown (columns).</summary>
    public int MaxMonths => Active.GetLength(1);

    /// <summary>Share of cohort <paramref name="cohort"/> that bought <paramref name="monthsSince"/> months after joining; null when not observed.</summary>
    public double? CustomerShare(int cohort, int monthsSince) =>
        monthsSince < MonthsObserved[cohort] && Sizes[cohort] > 0 ? (double)Active[cohort, monthsSince] / Sizes[cohort] : null;

    /// <summary>The cohort's spend that month as a share of its spend in its first month; null when not observed.</summary>
    public double? RevenueShare(int cohort, int monthsSince) =>
        monthsSince < MonthsObserved[cohort] && Revenue[cohort, 0] > 0 ? Revenue[cohort, monthsSince] / Revenue[cohort, 0] : null;

    /// <summary>Builds the cohort table from cleaned purchase lines (lines without a customer are ignored).</summary>
    public static CohortRetention Compute(TransactionTable purchases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return Compute(PurchaseLog.FromTransactions(purchases), cancellationToken);
    }

    /// <summary>
    /// Builds the cohort table from dated purchase amounts: lines, or a source's purchases summed per customer and day
    /// (the table only looks at months, so both give the same table).
    /// </summary>
    public static CohortRetention Compute(PurchaseLog purchases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var n = purchases.Count;
        var customers = purchases.CustomerIds.Count;
        var firstMonth = new int[customers];
        Array.Fill(firstMonth, int.MaxValue);
        var minMonth = int.MaxValue;
        var maxMonth = int.MinValue;
        for (var i = 0; i < n; i++)
        {
            var c = purchases.Customer[i];
            var m = MonthNumber(purchases.Date[i]);
            firstMonth[c] = Math.Min(firstMonth[c], m);
            minMonth = Math.Min(minMonth, m);
            maxMonth = Math.Max(maxMonth, m);
        }

        if (minMonth == int.MaxValue)
        {
            throw new ArgumentException("The purchase lines have no customer ids, so there are no cohorts.", nameof(purchases));
        }

        var months = maxMonth - minMonth + 1;
        var sizes = new int[months];
        for (var c = 0; c < customers; c++)
        {
            if (firstMonth[c] != int.MaxValue)
            {
                sizes[firstMonth[c] - minMonth]++;
            }
        }

        // One flag per (customer, month since joining): customers × months bytes, small next to the lines themselves.
        var bought = new bool[(long)customers * months];
        var active = new int[months, months];
        var revenue = new double[months, months];
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var c = purchases.Customer[i];
            var cohort = firstMonth[c] - minMonth;
            var since = MonthNumber(purchases.Date[i]) - firstMonth[c];
            revenue[cohort, since] += purchases.Amount[i];
            ref var flag = ref bought[((long)c * months) + since];
            if (!flag)
            {
                flag = true;
                active[cohort, since]++;
            }
        }

        var cohorts = new DateTime[months];
        var observed = new int[months];
        for (var k = 0; k < months; k++)
        {
            var m = minMonth + k;
            cohorts[k] = new DateTime(m / 12, (m % 12) + 1, 1);
            observed[k] = months - k;
        }

        return new CohortRetention(cohorts, sizes, active, revenue, observed);
    }

    private static int MonthNumber(DateTime date) => (date.Year * 12) + date.Month - 1;
}
