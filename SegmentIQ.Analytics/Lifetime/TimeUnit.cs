namespace SegmentIQ.Analytics.Lifetime;

/// <summary>The unit recency, age and the model parameters are expressed in.</summary>
public enum TimeUnit
{
    /// <summary>Days.</summary>
    Days,

    /// <summary>Weeks of 7 days (the unit of the published CDNOW figures).</summary>
    Weeks,
}

/// <summary>Conversions of <see cref="TimeUnit"/>.</summary>
public static class TimeUnits
{
    /// <summary>Days in one unit.</summary>
    public static double DaysPer(TimeUnit unit) => unit == TimeUnit.Weeks ? 7 : 1;

    /// <summary>
    /// Units per month as lifetimes' <c>customer_lifetime_value</c> counts them (4.345 weeks, 30 days), so CLV
    /// figures agree with it.
    /// </summary>
    public static double PerMonth(TimeUnit unit) => unit == TimeUnit.Weeks ? 4.345 : 30;

    /// <summary>"days" or "weeks".</summary>
    public static string Name(TimeUnit unit) => unit == TimeUnit.Weeks ? "weeks" : "days";

    /// <summary>Parses "days"/"weeks" (case-insensitive); null when it is neither.</summary>
    public static TimeUnit? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "days" or "day" or "d" => TimeUnit.Days,
        "weeks" or "week" or "w" => TimeUnit.Weeks,
        _ => null,
    };
}
