using MathNet.Numerics;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// A fitted BG/NBD model (Fader, Hardie &amp; Lee 2005): purchase rates Gamma(r, α) across customers, a dropout
/// probability after each purchase Beta(a, b). Parameters are in <see cref="Unit"/>s. Gives P(alive), expected
/// purchases of a new customer, conditional expected purchases and the distribution of purchase counts.
/// </summary>
public sealed record BgNbdModel(
    double R,
    double Alpha,
    double A,
    double B,
    double LogLikelihood,
    IReadOnlyList<double> StandardErrors,
    bool Converged,
    string Method,
    TimeUnit Unit,
    int Customers,
    int Groups,
    string? BoundaryMessage)
{
    /// <summary>Parameter names in the order of <see cref="StandardErrors"/>.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "a", "b"];

    /// <summary>True when the fit ran to a boundary of the parameter space (see <see cref="BoundaryMessage"/>).</summary>
    public bool AtBoundary => BoundaryMessage is not null;

    /// <summary>The parameters in the order r, α, a, b.</summary>
    public IReadOnlyList<double> Parameters => [R, Alpha, A, B];

    /// <summary>
    /// Log-odds that a customer with history (x, t_x, T) is still alive; +∞ for x = 0 (never seen to drop out).
    /// Finite for every finite parameter value, so P(alive) cannot overflow even at a boundary fit.
    /// </summary>
    public double LogOddsAlive(double frequency, double recency, double age) =>
        frequency <= 0
            ? double.PositiveInfinity
            : -(Math.Log(A) - Math.Log(B + frequency - 1) + ((R + frequency) * (Math.Log(Alpha + age) - Math.Log(Alpha + recency))));

    /// <summary>P(alive | x, t_x, T): 1 for x = 0, else the logistic of <see cref="LogOddsAlive"/>.</summary>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        var logOdds = LogOddsAlive(frequency, recency, age);
        return logOdds >= 0 ? 1 / (1 + Math.Exp(-logOdds)) : Math.Exp(logOdds) / (1 + Math.Exp(logOdds));
    }

    /// <summary>E[X(t)]: expected repeat purchases of a new customer in a period of length t (eq. 9).</summary>
    public double ExpectedPurchases(double t)
    {
        if (t <= 0)
        {
            return 0;
        }

        var a = SafeA;
        var z = t / (Alpha + t);
        var hyper = GaussHypergeometric.Evaluate(R, B, a + B - 1, z);
        return (a + B - 1) / (a - 1) * (1 - (Math.Exp(R * Math.Log(Alpha / (Alpha + t))) * hyper));
    }

    /// <summary>E[Y(t) | x, t_x, T]: expected purchases in the next t of a customer with that history (eq. 10).</summary>
    public double ConditionalExpectedPurchases(double t, double frequency, double recency, double age)
    {
        if (t <= 0)
        {
            return 0;
        }

        var a = SafeA;
        var x = frequency;
        var z = t / (Alpha + age + t);
        var hyper = GaussHypergeometric.Evaluate(R + x, B + x, a + B + x - 1, z);
        var alive = (a + B + x - 1) / (a - 1) * (1 - (Math.Exp((R + x) * Math.Log((Alpha + age) / (Alpha + age + t))) * hyper));
        return alive * ProbabilityAlive(frequency, recency, age);
    }

    /// <summary>P(X(t) = n): the probability that a new customer makes exactly n repeat purchases in t (eq. 8).</summary>
    public double ProbabilityOfPurchases(double t, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (t <= 0)
        {
            return n == 0 ? 1 : 0;
        }

        var lnBetaAb = SpecialFunctions.BetaLn(A, B);
        var lnStay = Math.Log(Alpha / (Alpha + t));
        var lnBuy = Math.Log(t / (Alpha + t));
        var first = Math.Exp(SpecialFunctions.BetaLn(A, B + n) - lnBetaAb
            + SpecialFunctions.GammaLn(R + n) - SpecialFunctions.GammaLn(R) - SpecialFunctions.GammaLn(n + 1)
            + (R * lnStay) + (n * lnBuy));
        if (n == 0)
        {
            return first;
        }

        // The bracket 1 − (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j is the upper tail P(N ≥ n) of a negative
        // binomial count, I_{t/(α+t)}(n, r): the regularised incomplete beta avoids the cancellation of 1 − (sum ≈ 1).
        var tail = SpecialFunctions.BetaRegularized(n, R, t / (Alpha + t));
        var second = Math.Exp(SpecialFunctions.BetaLn(A + 1, B + n - 1) - lnBetaAb) * tail;
        return first + second;
    }

    // The expectations have a removable singularity at a = 1 (0/0); evaluate a hair beside it.
    private double SafeA => Math.Abs(A - 1) < 1e-7 ? 1 + 1e-7 : A;
}
