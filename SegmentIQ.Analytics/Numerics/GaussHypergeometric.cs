using MathNet.Numerics;

namespace SegmentIQ.Analytics.Numerics;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and real z &lt; 1 (and z = 1 when
/// c − a − b &gt; 0). Written here because MathNet.Numerics has no Gauss ₂F₁ for a real argument (its
/// <c>GeneralizedHypergeometric</c> takes integer arguments) and the BG/NBD conditional expectation needs it.
/// </summary>
/// <remarks>
/// The power series converges for |z| &lt; 1; it is summed directly for −0.5 ≤ z ≤ 0.9. For z &lt; −0.5 (including
/// everything outside the unit disc on the negative axis) Pfaff's transformation
/// ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)) maps the argument into (1/3, 1). For z &gt; 0.9 the
/// linear transformation to 1 − z (Abramowitz &amp; Stegun 15.3.6) is used when c − a − b is not an integer, since
/// the series converges slowly there; when it is an integer the series is summed to convergence instead.
/// For z &gt; 1 the function is complex (branch cut) and NaN is returned.
/// </remarks>
internal static class GaussHypergeometric
{
    private const int MaxTerms = 1_000_000;
    private const double RelativeTolerance = 1e-16;

    /// <summary>₂F₁(a, b; c; z); NaN where it is not a finite real number (z &gt; 1, c a non-positive integer).</summary>
    public static double Evaluate(double a, double b, double c, double z)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(z) || z > 1 || IsNonPositiveInteger(c))
        {
            return double.NaN;
        }

        if (z == 0 || a == 0 || b == 0)
        {
            return 1;
        }

        if (z == 1)
        {
            // Gauss's summation theorem, defined when c − a − b > 0.
            return c - a - b > 0 ? GammaRatio(c, c - a - b, c - a, c - b) : double.NaN;
        }

        if (z < -0.5)
        {
            var w = z / (z - 1);
            return Math.Pow(1 - z, -a) * Evaluate(a, c - b, c, w);
        }

        var s = c - a - b;
        if (z > 0.9 && Math.Abs(s - Math.Round(s)) > 1e-6)
        {
            return OneMinusZ(a, b, c, z, s);
        }

        return Series(a, b, c, z);
    }

    private static double Series(double a, double b, double c, double z)
    {
        double sum = 1, term = 1;
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0 || Math.Abs(term) <= RelativeTolerance * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new ArithmeticException($"The ₂F₁({a}, {b}; {c}; {z}) series did not converge in {MaxTerms} terms.");
    }

    // A&S 15.3.6: F(a,b;c;z) = Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) F(a,b;1−s;1−z) + (1−z)^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) F(c−a,c−b;1+s;1−z), s = c−a−b.
    private static double OneMinusZ(double a, double b, double c, double z, double s)
    {
        var y = 1 - z;
        var first = GammaRatio(c, s, c - a, c - b);
        var second = GammaRatio(c, -s, a, b);
        var result = 0.0;
        if (first != 0)
        {
            result += first * Series(a, b, 1 - s, y);
        }

        if (second != 0)
        {
            result += Math.Pow(y, s) * second * Series(c - a, c - b, 1 + s, y);
        }

        return result;
    }

    /// <summary>Γ(p)Γ(q) / (Γ(u)Γ(v)) with signs, through log-gammas so large arguments do not overflow.</summary>
    private static double GammaRatio(double p, double q, double u, double v)
    {
        // A pole in the denominator makes the ratio zero (1/Γ is entire).
        if (IsNonPositiveInteger(u) || IsNonPositiveInteger(v))
        {
            return 0;
        }

        var (lp, sp) = SignedLogGamma(p);
        var (lq, sq) = SignedLogGamma(q);
        var (lu, su) = SignedLogGamma(u);
        var (lv, sv) = SignedLogGamma(v);
        return sp * sq * su * sv * Math.Exp(lp + lq - lu - lv);
    }

    /// <summary>log|Γ(x)| and the sign of Γ(x), by reflection for negative non-integer x.</summary>
    internal static (double LogAbs, int Sign) SignedLogGamma(double x)
    {
        if (x > 0)
        {
            return (SpecialFunctions.GammaLn(x), 1);
        }

        if (IsNonPositiveInteger(x))
        {
            return (double.PositiveInfinity, 1);
        }

        // Γ(x) = π / (sin(πx) Γ(1 − x)), with Γ(1 − x) > 0 for x < 0.
        var sine = Math.Sin(Math.PI * x);
        return (Math.Log(Math.PI) - Math.Log(Math.Abs(sine)) - SpecialFunctions.GammaLn(1 - x), sine > 0 ? 1 : -1);
    }

    private static bool IsNonPositiveInteger(double x) => x <= 0 && x == Math.Floor(x);
}
