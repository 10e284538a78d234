namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// Fits the BG/NBD repeat-purchase model by maximum likelihood on log-parameters (r, α, a, b), from several starts,
/// with the analytic gradient (MathNet BFGS, Nelder–Mead when BFGS fails), customers grouped by identical
/// (x, t_x, T). Written here because no maintained .NET library implements BG/NBD (Python's lifetimes, now
/// archived, is the reference it is checked against).
/// </summary>
public sealed class BgNbd(BgNbdOptions? options = null)
{
    /// <summary>The fewest customers a fit of four parameters is attempted on.</summary>
    public const int MinimumCustomers = 5;

    /// <summary>The options.</summary>
    public BgNbdOptions Options { get; } = options ?? new BgNbdOptions();

    /// <summary>Fits on a summary.</summary>
    public BgNbdModel Fit(RfmSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(summary.Frequency, summary.Recency, summary.T, summary.Unit, cancellationToken);
    }

    /// <summary>Fits on columns x, t_x, T (one entry per customer) in the given unit.</summary>
    /// <exception cref="LifetimeDataException">Too few customers, or nobody bought again.</exception>
    public BgNbdModel Fit(double[] frequency, double[] recency, double[] age, TimeUnit unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(recency);
        ArgumentNullException.ThrowIfNull(age);
        Options.Validate();
        if (recency.Length != frequency.Length || age.Length != frequency.Length)
        {
            throw new ArgumentException("frequency, recency and age must have one value per customer.", nameof(frequency));
        }

        if (frequency.Length < MinimumCustomers)
        {
            throw new LifetimeDataException(
                $"The BG/NBD model fits four parameters and needs at least {MinimumCustomers} customers; the data have {frequency.Length}.");
        }

        if (frequency.All(x => x <= 0))
        {
            throw new LifetimeDataException(
                $"None of the {frequency.Length} customers bought again in the calibration period, so repeat-purchase " +
                "and dropout rates cannot be estimated. Choose a later calibration end or data covering a longer period.");
        }

        var likelihood = new BgNbdLikelihood(frequency, recency, age, Options.Penalty);
        var meanRate = Math.Max(likelihood.MeanFrequency, 0.05) / Math.Max(likelihood.MeanAge, 1e-6);
        double[][] starts =
        [
            [0, 0, 0, 0],
            [0, Math.Log(1 / meanRate), 0, Math.Log(3)],
            [Math.Log(0.3), Math.Log(0.3 / meanRate), Math.Log(0.5), Math.Log(2)],
        ];
        var found = MaximumLikelihood.Minimize(likelihood.Objective, starts, Options.MaxIterations, cancellationToken);
        if (!double.IsFinite(found.Objective))
        {
            throw new LifetimeDataException("The BG/NBD likelihood could not be evaluated at any starting point; the summary has values it cannot use.");
        }

        var theta = found.LogParameters.Select(Math.Exp).ToArray();
        var errors = MaximumLikelihood.StandardErrors(likelihood.Objective, found.LogParameters, likelihood.TotalWeight);
        return new BgNbdModel(
            theta[0],
            theta[1],
            theta[2],
            theta[3],
            likelihood.LogLikelihood(theta[0], theta[1], theta[2], theta[3]),
            errors,
            found.Converged,
            found.Method,
            unit,
            frequency.Length,
            likelihood.Groups,
            BoundaryMessage(found.LogParameters, theta));
    }

    /// <summary>A plain-words explanation when the maximum lies on the edge of the parameter space, else null.</summary>
    private static string? BoundaryMessage(double[] logParameters, double[] theta)
    {
        var (r, alpha, a, b) = (theta[0], theta[1], theta[2], theta[3]);
        var dropout = a / (a + b);
        var edge = logParameters.Any(p => Math.Abs(p) > MaximumLikelihood.LogBound - 1);
        if (dropout < 1e-4 || a < 1e-5 || b > 1e5 || (edge && (logParameters[2] < 0 || logParameters[3] > 0)))
        {
            return $"The fit ran to a boundary (a = {a:G3}, b = {b:G3}): the chance that a customer drops out after a purchase, " +
                   $"a / (a + b) = {dropout:G3}, is practically zero. The data show almost no dropout — customers keep buying for as long " +
                   "as they are observed — so P(alive) is close to 1 for everyone and the dropout parameters are not determined. " +
                   "Treat lifetime values as upper bounds, or use a longer calibration period.";
        }

        if (r > 1e5 || alpha > 1e7 || edge)
        {
            return $"The fit ran to a boundary (r = {r:G3}, α = {alpha:G3}): customers' purchase rates look all alike, so the spread of " +
                   "rates across customers is not determined. Predictions use the common rate; standard errors are not meaningful.";
        }

        return null;
    }
}
