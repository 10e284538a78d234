namespace SegmentIQ.Analytics.Lifetime;

/// <summary>Options of <see cref="GammaGamma"/>; the defaults follow lifetimes' <c>GammaGammaFitter</c>.</summary>
public sealed record GammaGammaOptions
{
    /// <summary>L2 penalty on (p, q, v) added to the mean negative log-likelihood; zero or positive.</summary>
    public double Penalty { get; init; }

    /// <summary>Maximum BFGS iterations per start; at least 10.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>|correlation| between frequency and spend from which the fit warns that independence is doubtful; in (0, 1].</summary>
    public double CorrelationWarningThreshold { get; init; } = 0.3;

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

        if (!(CorrelationWarningThreshold > 0 && CorrelationWarningThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CorrelationWarningThreshold), CorrelationWarningThreshold, "CorrelationWarningThreshold must be in (0, 1].");
        }
    }
}
