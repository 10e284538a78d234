namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// A fitted Gamma-Gamma spend model (Fader &amp; Hardie 2013): a customer's transaction values are Gamma(p, ν) with
/// ν ~ Gamma(q, v) across customers. Gives the conditional expected average spend of a customer.
/// </summary>
public sealed record GammaGammaModel(
    double P,
    double Q,
    double V,
    double LogLikelihood,
    IReadOnlyList<double> StandardErrors,
    bool Converged,
    string Method,
    int Customers,
    int ExcludedNonPositiveSpend,
    double FrequencySpendCorrelation,
    string? CorrelationWarning)
{
    /// <summary>Parameter names in the order of <see cref="StandardErrors"/>.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["p", "q", "v"];

    /// <summary>The parameters in the order p, q, v.</summary>
    public IReadOnlyList<double> Parameters => [P, Q, V];

    /// <summary>The population mean spend p·v / (q − 1); infinite when q ≤ 1 (the mean does not exist).</summary>
    public double PopulationMeanSpend => Q > 1 ? P * V / (Q - 1) : double.PositiveInfinity;

    /// <summary>
    /// E[M | x, m̄]: a weighted mean of the population mean and the customer's own mean m̄ of x repeat purchases, with
    /// weight p·x / (p·x + q − 1) on m̄; the population mean for x = 0.
    /// </summary>
    public double ConditionalExpectedSpend(double frequency, double meanSpend)
    {
        if (frequency <= 0)
        {
            return PopulationMeanSpend;
        }

        var weight = P * frequency / ((P * frequency) + Q - 1);
        return ((1 - weight) * PopulationMeanSpend) + (weight * meanSpend);
    }
}
