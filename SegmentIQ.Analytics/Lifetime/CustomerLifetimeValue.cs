namespace SegmentIQ.Analytics.Lifetime;

/// <summary>Horizon and discounting of <see cref="CustomerLifetimeValue"/>.</summary>
public sealed record ClvOptions
{
    /// <summary>The defaults: 12 months at 1 % a month.</summary>
    public static ClvOptions Default { get; } = new();

    /// <summary>Months ahead the value is summed over; 1 to 120.</summary>
    public int HorizonMonths { get; init; } = 12;

    /// <summary>Monthly discount rate (0.01 = 1 % a month); 0 to 1.</summary>
    public double MonthlyDiscountRate { get; init; } = 0.01;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (HorizonMonths is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(HorizonMonths), HorizonMonths, "HorizonMonths must be between 1 and 120.");
        }

        if (!(MonthlyDiscountRate >= 0 && MonthlyDiscountRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MonthlyDiscountRate), MonthlyDiscountRate, "MonthlyDiscountRate must be between 0 and 1.");
        }
    }
}

/// <summary>
/// Customer lifetime value as lifetimes' <c>customer_lifetime_value</c> computes it: for each month i of the horizon,
/// the expected spend per purchase times the expected purchases in that month,
/// E[Y(i·f)] − E[Y((i−1)·f)] with f units per month (<see cref="TimeUnits.PerMonth"/>), discounted by (1 + d)^i.
/// </summary>
public static class CustomerLifetimeValue
{
    /// <summary>The discounted value of one customer with history (x, t_x, T) and expected spend per purchase.</summary>
    public static double Compute(BgNbdModel purchases, double expectedSpend, double frequency, double recency, double age, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options ??= ClvOptions.Default;
        options.Validate();
        var perMonth = TimeUnits.PerMonth(purchases.Unit);
        double value = 0, previous = 0;
        for (var month = 1; month <= options.HorizonMonths; month++)
        {
            var cumulative = purchases.ConditionalExpectedPurchases(month * perMonth, frequency, recency, age);
            value += expectedSpend * (cumulative - previous) / Math.Pow(1 + options.MonthlyDiscountRate, month);
            previous = cumulative;
        }

        return value;
    }
}
