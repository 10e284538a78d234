namespace SegmentIQ.Analytics.Lifetime;

/// <summary>Options of <see cref="BgNbd"/>; the defaults follow lifetimes' <c>BetaGeoFitter</c>.</summary>
public sealed record BgNbdOptions
{
    /// <summary>
    /// L2 penalty on the parameters (lifetimes <c>penalizer_coef</c>): <c>Penalty × (r² + α² + a² + b²)</c> is added to
    /// the mean negative log-likelihood. Zero (plain maximum likelihood) or positive.
    /// </summary>
    public double Penalty { get; init; }

    /// <summary>Maximum BFGS iterations per start; at least 10.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (!(Penalty >= 0) || double.IsInfinity(Penalty))
        {
            throw new ArgumentOutOfRangeException(nameof(Penalty), Penalty, "Penalty must be a finite number >= 0.");
        }

        if (MaxIterations < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be at least 10.");
        }
    }
}
