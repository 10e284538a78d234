namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// What a lifetime analysis is computed with: the calibration end and unit (they change the fit), and the horizon,
/// discount and at-risk threshold (they only change the values derived from the fit).
/// </summary>
public sealed record LifetimeOptions
{
    /// <summary>The defaults: whole period, weeks, 12 months, 1 % a month, at risk below P(alive) 0.5.</summary>
    public static LifetimeOptions Default { get; } = new();

    /// <summary>Last calibration day; null calibrates on the whole period.</summary>
    public DateTime? CalibrationEnd { get; init; }

    /// <summary>Unit of the summary and the parameters.</summary>
    public TimeUnit Unit { get; init; } = TimeUnit.Weeks;

    /// <summary>Months CLV and expected purchases look ahead; 1 to 120.</summary>
    public int HorizonMonths { get; init; } = 12;

    /// <summary>Monthly discount rate of CLV; 0 to 1.</summary>
    public double MonthlyDiscountRate { get; init; } = 0.01;

    /// <summary>Customers with P(alive) below this are at risk; in (0, 1).</summary>
    public double AtRiskThreshold { get; init; } = 0.5;

    /// <summary>The summary options these imply.</summary>
    public RfmSummaryOptions Summary => new() { CalibrationEnd = CalibrationEnd, Unit = Unit };

    /// <summary>The CLV options these imply.</summary>
    public ClvOptions Clv => new() { HorizonMonths = HorizonMonths, MonthlyDiscountRate = MonthlyDiscountRate };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        Summary.Validate();
        Clv.Validate();
        if (!(AtRiskThreshold > 0 && AtRiskThreshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AtRiskThreshold), AtRiskThreshold, "AtRiskThreshold must be between 0 and 1 (exclusive).");
        }
    }
}
