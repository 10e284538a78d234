namespace SegmentIQ.Analytics.Recommendations;

/// <summary>What an A/B test measures.</summary>
public enum AbTestMetric
{
    /// <summary>A conversion rate (two-proportion z-test).</summary>
    Conversion,

    /// <summary>A customer's average order value, a continuous metric (two-sample t-test with the segment's own variance).</summary>
    OrderValue,
}

/// <summary>The inputs of an A/B test plan on a conversion rate (two-proportion z-test) or on order value (two-sample t-test).</summary>
public sealed record AbTestOptions
{
    /// <summary>The defaults: 5 % baseline, +1 point absolute, α 0.05 two-sided, power 0.8, equal arms.</summary>
    public static AbTestOptions Defaults { get; } = new();

    /// <summary>The order-value defaults: +10 % of each segment's mean order value, α 0.05 two-sided, power 0.8, equal arms.</summary>
    public static AbTestOptions OrderValueDefaults { get; } = new() { Metric = AbTestMetric.OrderValue, MinimumDetectableEffect = 0.1, RelativeEffect = true };

    /// <summary>Conversion (default) or order value.</summary>
    public AbTestMetric Metric { get; init; } = AbTestMetric.Conversion;

    /// <summary>Conversion rate of the control arm, in (0, 1) (conversion only).</summary>
    public double BaselineRate { get; init; } = 0.05;

    /// <summary>
    /// Smallest change worth detecting. Conversion: percentage points when absolute (0.01 = +1 point), a fraction of the
    /// baseline when relative (0.2 = +20 %). Order value: money when absolute (5 = +5 per order), a fraction of each
    /// segment's mean when relative (0.1 = +10 %).
    /// </summary>
    public double MinimumDetectableEffect { get; init; } = 0.01;

    /// <summary>True when <see cref="MinimumDetectableEffect"/> is relative to the baseline.</summary>
    public bool RelativeEffect { get; init; }

    /// <summary>Significance level α, in (0, 0.5).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Power 1 − β, in (0.5, 1).</summary>
    public double Power { get; init; } = 0.8;

    /// <summary>Treatment customers per control customer (k), in [0.1, 10].</summary>
    public double AllocationRatio { get; init; } = 1;

    /// <summary>Two-sided test (any change) or one-sided (an increase).</summary>
    public bool TwoSided { get; init; } = true;

    /// <summary>The treatment arm's rate the plan must detect (conversion); derived, so never saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double TreatmentRate => RelativeEffect ? BaselineRate * (1 + MinimumDetectableEffect) : BaselineRate + MinimumDetectableEffect;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Metric))
        {
            throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Metric must be Conversion or OrderValue.");
        }

        if (Metric == AbTestMetric.Conversion && !(BaselineRate > 0 && BaselineRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BaselineRate), BaselineRate, "BaselineRate must be between 0 and 1 (exclusive), e.g. 0.05 for 5 %.");
        }

        if (!(MinimumDetectableEffect > 0) || !double.IsFinite(MinimumDetectableEffect))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumDetectableEffect), MinimumDetectableEffect, "MinimumDetectableEffect must be a positive number.");
        }

        if (Metric == AbTestMetric.Conversion && !(TreatmentRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumDetectableEffect), MinimumDetectableEffect,
                $"BaselineRate plus MinimumDetectableEffect gives a rate of {TreatmentRate:0.####}; it must stay below 1.");
        }

        if (!(Alpha > 0 && Alpha < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be greater than 0 and less than 0.5.");
        }

        if (!(Power > 0.5 && Power < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Power), Power, "Power must be greater than 0.5 and less than 1.");
        }

        if (!(AllocationRatio >= 0.1 && AllocationRatio <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(AllocationRatio), AllocationRatio, "AllocationRatio must be between 0.1 and 10.");
        }
    }
}
