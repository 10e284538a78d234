using MathNet.Numerics.Distributions;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>Customers each arm needs.</summary>
/// <param name="Control">Control arm (n₁).</param>
/// <param name="Treatment">Treatment arm (n₂ = k n₁, rounded up).</param>
public sealed record ArmSizes(long Control, long Treatment)
{
    /// <summary>Both arms.</summary>
    public long Total => Control + Treatment;
}

/// <summary>A plan for one segment.</summary>
/// <param name="SegmentSize">Customers in the segment.</param>
/// <param name="Required">Customers each arm needs.</param>
/// <param name="LargeEnough">True when the segment holds both arms.</param>
/// <param name="SmallestDetectableEffect">Smallest absolute increase of the rate (proportions) or of the mean (continuous) detectable when the whole segment is split by the allocation ratio; null when even the largest possible effect is not detectable.</param>
public sealed record SegmentTestPlan(int SegmentSize, ArmSizes Required, bool LargeEnough, double? SmallestDetectableEffect);

/// <summary>
/// Sample sizes for A/B tests. Conversion rates: the two-proportion z-test with the pooled variance under the null
/// (Fleiss / Chow's formula, as G*Power and statsmodels' pooled variant):
/// n₁ = (z_α √(p̄(1−p̄)(1+1/k)) + z_β √(p₁(1−p₁) + p₂(1−p₂)/k))² / (p₂−p₁)², p̄ = (p₁ + k p₂)/(1+k), n₂ = k n₁.
/// Continuous metrics (order value): the two-sample t-test with the segment's own standard deviation,
/// n₁ = (t₁₋α + t₁₋β)² (σ₁² + σ₂²/k) / δ², the normal approximation's z replaced by t at ν = n₁ + n₂ − 2 and iterated
/// (as G*Power's and Cohen's tables). Normal and t quantiles come from MathNet.Numerics.
/// </summary>
public static class AbTestPlanner
{
    /// <summary>Arm sizes for a conversion test with <paramref name="options"/>.</summary>
    public static ArmSizes Proportions(AbTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n1 = ProportionsControl(options.BaselineRate, options.TreatmentRate, options);
        return Arms(n1, options.AllocationRatio);
    }

    /// <summary>
    /// The conversion plan for a segment of <paramref name="segmentSize"/> customers: the arms needed, whether the
    /// segment is large enough, and the smallest absolute increase detectable with the segment as it is.
    /// </summary>
    public static SegmentTestPlan ProportionsForSegment(AbTestOptions options, int segmentSize)
    {
        var required = Proportions(options);
        ArgumentOutOfRangeException.ThrowIfNegative(segmentSize);
        var available = segmentSize / (1 + options.AllocationRatio);
        return new SegmentTestPlan(segmentSize, required, segmentSize >= required.Total, SmallestProportionEffect(options, available));
    }

    /// <summary>
    /// Arm sizes for a difference of <paramref name="minimumDifference"/> in a mean whose standard deviation is
    /// <paramref name="standardDeviation"/> in both arms (two-sample t-test; <paramref name="options"/> gives α, power, ratio and sides).
    /// </summary>
    public static ArmSizes Means(AbTestOptions options, double standardDeviation, double minimumDifference) =>
        Means(options, standardDeviation, standardDeviation, minimumDifference);

    /// <summary>
    /// Arm sizes for a difference of <paramref name="minimumDifference"/> in a mean with standard deviation σ₁ in the
    /// control arm and σ₂ in the treated arm: n₁ = (t₁₋α + t₁₋β)² (σ₁² + σ₂²/k) / δ², n₂ = k n₁, the t quantiles at
    /// ν = n₁ + n₂ − 2 degrees of freedom, starting from the normal approximation (z instead of t) and iterating.
    /// </summary>
    public static ArmSizes Means(AbTestOptions options, double controlStandardDeviation, double treatmentStandardDeviation, double minimumDifference)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckMeans(controlStandardDeviation, minimumDifference);
        CheckMeans(treatmentStandardDeviation, minimumDifference);
        var k = options.AllocationRatio;
        var factor = MeansVariance(controlStandardDeviation, treatmentStandardDeviation, k) / (minimumDifference * minimumDifference);

        // Start from the normal approximation, then replace z by t at the implied degrees of freedom until stable.
        var n1 = Math.Max(2, factor * Math.Pow(Quantile(1 - AlphaTail(options)) + Quantile(options.Power), 2));
        for (var i = 0; i < 50; i++)
        {
            var next = Math.Max(2, factor * Math.Pow(TQuantiles(options, n1), 2));
            if (Math.Abs(next - n1) < 1e-9)
            {
                break;
            }

            n1 = next;
        }

        return Arms(n1, k);
    }

    /// <summary>
    /// The continuous-metric plan for a segment of <paramref name="segmentSize"/> customers whose metric has standard
    /// deviation <paramref name="standardDeviation"/> (both arms): arms needed, whether the segment holds them, and the
    /// smallest difference detectable with the segment split by the allocation ratio, δ = (t₁₋α + t₁₋β) √((σ₁² + σ₂²/k) / n₁).
    /// </summary>
    public static SegmentTestPlan MeansForSegment(AbTestOptions options, double standardDeviation, double minimumDifference, int segmentSize)
    {
        var required = Means(options, standardDeviation, minimumDifference);
        ArgumentOutOfRangeException.ThrowIfNegative(segmentSize);
        var k = options.AllocationRatio;
        var n1 = segmentSize / (1 + k);
        double? smallest = null;
        if (n1 >= 2 && n1 + (k * n1) - 2 >= 1)
        {
            smallest = TQuantiles(options, n1) * Math.Sqrt(MeansVariance(standardDeviation, standardDeviation, k) / n1);
        }

        return new SegmentTestPlan(segmentSize, required, segmentSize >= required.Total, smallest);
    }

    /// <summary>
    /// The smallest absolute increase over the baseline detectable with <paramref name="controlSize"/> control customers
    /// (and k times as many treated), or null when none up to a rate of 1 is: the required n₁ falls as the effect
    /// grows, so the effect is found by bisection on the same formula.
    /// </summary>
    public static double? SmallestProportionEffect(AbTestOptions options, double controlSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var p1 = options.BaselineRate;
        double lo = 0, hi = 1 - p1 - 1e-12;
        if (!(controlSize > 0) || ProportionsControl(p1, p1 + hi, options) > controlSize)
        {
            return null;
        }

        for (var i = 0; i < 200 && hi - lo > 1e-12; i++)
        {
            var mid = (lo + hi) / 2;
            if (mid > 0 && ProportionsControl(p1, p1 + mid, options) <= controlSize)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary>The unrounded n₁ of the pooled two-proportion formula.</summary>
    internal static double ProportionsControl(double p1, double p2, AbTestOptions options)
    {
        var k = options.AllocationRatio;
        var pBar = (p1 + (k * p2)) / (1 + k);
        var zAlpha = Quantile(1 - AlphaTail(options));
        var zBeta = Quantile(options.Power);
        var root = (zAlpha * Math.Sqrt(pBar * (1 - pBar) * (1 + (1 / k)))) + (zBeta * Math.Sqrt((p1 * (1 - p1)) + (p2 * (1 - p2) / k)));
        return root * root / ((p2 - p1) * (p2 - p1));
    }

    private static double AlphaTail(AbTestOptions options) => options.TwoSided ? options.Alpha / 2 : options.Alpha;

    /// <summary>σ₁² + σ₂²/k: the variance of the difference of means times n₁.</summary>
    private static double MeansVariance(double controlStandardDeviation, double treatmentStandardDeviation, double k) =>
        (controlStandardDeviation * controlStandardDeviation) + (treatmentStandardDeviation * treatmentStandardDeviation / k);

    /// <summary>t₁₋α + t₁₋β at the degrees of freedom of n₁ control and k n₁ treated customers.</summary>
    private static double TQuantiles(AbTestOptions options, double n1)
    {
        var df = Math.Max(1, n1 + (options.AllocationRatio * n1) - 2);
        return StudentT.InvCDF(0, 1, df, 1 - AlphaTail(options)) + StudentT.InvCDF(0, 1, df, options.Power);
    }

    private static double Quantile(double p) => Normal.InvCDF(0, 1, p);

    private static ArmSizes Arms(double n1, double k)
    {
        // The formula's n₁ is real-valued; a value within rounding noise of an integer is that integer.
        var control = (long)Math.Ceiling(n1 - 1e-9);
        return new ArmSizes(control, (long)Math.Ceiling((k * control) - 1e-9));
    }

    private static void CheckMeans(double standardDeviation, double minimumDifference)
    {
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The metric's standard deviation must be a positive number (a segment whose values are all equal cannot be tested).");
        }

        if (!(minimumDifference > 0) || !double.IsFinite(minimumDifference))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumDifference), minimumDifference, "The minimum detectable difference must be a positive number.");
        }
    }
}
