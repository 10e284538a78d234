using MathNet.Numerics;

namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// The BG/NBD log-likelihood (Fader, Hardie &amp; Lee 2005, eq. 6) over customers grouped by identical (x, t_x, T),
/// each group weighted by its size as lifetimes does, with its analytic gradient. Terms that depend on x alone
/// (gamma and digamma functions) are computed once per distinct x.
/// </summary>
internal sealed class BgNbdLikelihood
{
    private readonly double[] _x;
    private readonly double[] _tx;
    private readonly double[] _t;
    private readonly double[] _weight;
    private readonly int[] _xIndex;
    private readonly double[] _distinctX;
    private readonly double _penalty;

    // Per distinct x, refreshed on each evaluation.
    private readonly double[] _gammaR;
    private readonly double[] _gammaAb;
    private readonly double[] _digammaR;
    private readonly double[] _digammaA;
    private readonly double[] _digammaB;

    public BgNbdLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double penalty)
    {
        var groups = new Dictionary<(double X, double Tx, double T), int>();
        for (var i = 0; i < frequency.Length; i++)
        {
            var key = (frequency[i], recency[i], age[i]);
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }

        var n = groups.Count;
        _x = new double[n];
        _tx = new double[n];
        _t = new double[n];
        _weight = new double[n];
        _xIndex = new int[n];
        var distinct = new Dictionary<double, int>();
        var g = 0;
        foreach (var ((x, tx, t), count) in groups)
        {
            (_x[g], _tx[g], _t[g], _weight[g]) = (x, tx, t, count);
            if (!distinct.TryGetValue(x, out var index))
            {
                index = distinct.Count;
                distinct[x] = index;
            }

            _xIndex[g++] = index;
        }

        _distinctX = new double[distinct.Count];
        foreach (var (x, index) in distinct)
        {
            _distinctX[index] = x;
        }

        TotalWeight = frequency.Length;
        _penalty = penalty;
        _gammaR = new double[_distinctX.Length];
        _gammaAb = new double[_distinctX.Length];
        _digammaR = new double[_distinctX.Length];
        _digammaA = new double[_distinctX.Length];
        _digammaB = new double[_distinctX.Length];
    }

    /// <summary>Number of customers.</summary>
    public double TotalWeight { get; }

    /// <summary>Number of distinct (x, t_x, T) groups.</summary>
    public int Groups => _x.Length;

    /// <summary>The summed log-likelihood (no penalty) at the natural parameters.</summary>
    public double LogLikelihood(double r, double alpha, double a, double b)
    {
        Span<double> gradient = stackalloc double[4];
        return Evaluate(r, alpha, a, b, gradient);
    }

    /// <summary>Mean negative penalised log-likelihood and its gradient in log-parameters (the optimiser's objective).</summary>
    public double Objective(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        double r = Math.Exp(logParameters[0]), alpha = Math.Exp(logParameters[1]), a = Math.Exp(logParameters[2]), b = Math.Exp(logParameters[3]);
        var ll = Evaluate(r, alpha, a, b, gradient);
        Span<double> theta = [r, alpha, a, b];
        var value = -ll / TotalWeight;
        for (var k = 0; k < 4; k++)
        {
            value += _penalty * theta[k] * theta[k];
            gradient[k] = theta[k] * (-gradient[k] / TotalWeight + 2 * _penalty * theta[k]);
        }

        return value;
    }

    // Summed log-likelihood; gradient receives dLL/d(r, α, a, b).
    private double Evaluate(double r, double alpha, double a, double b, Span<double> gradient)
    {
        double lnGammaR = SpecialFunctions.GammaLn(r), psiR = SpecialFunctions.DiGamma(r);
        double lnGammaAb = SpecialFunctions.GammaLn(a + b), psiAb = SpecialFunctions.DiGamma(a + b);
        double lnGammaB = SpecialFunctions.GammaLn(b), psiB = SpecialFunctions.DiGamma(b);
        for (var k = 0; k < _distinctX.Length; k++)
        {
            var x = _distinctX[k];
            _gammaR[k] = SpecialFunctions.GammaLn(r + x) - lnGammaR;
            _gammaAb[k] = lnGammaAb + SpecialFunctions.GammaLn(b + x) - lnGammaB - SpecialFunctions.GammaLn(a + b + x);
            _digammaR[k] = SpecialFunctions.DiGamma(r + x) - psiR;
            var psiAbx = SpecialFunctions.DiGamma(a + b + x);
            _digammaA[k] = psiAb - psiAbx;
            _digammaB[k] = psiAb + SpecialFunctions.DiGamma(b + x) - psiB - psiAbx;
        }

        double lnAlpha = Math.Log(alpha), lnA = Math.Log(a);
        double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
        for (var g = 0; g < _x.Length; g++)
        {
            double x = _x[g], w = _weight[g];
            var k = _xIndex[g];
            var rx = r + x;
            var lnAt = Math.Log(alpha + _t[g]);
            var a3 = -rx * lnAt;
            double logSum, w3 = 1, w4 = 0, lnAtx = 0, bx1 = 1;
            if (x > 0)
            {
                bx1 = b + x - 1;
                lnAtx = Math.Log(alpha + _tx[g]);
                var a4 = lnA - Math.Log(bx1) - rx * lnAtx;
                var max = Math.Max(a3, a4);
                double e3 = Math.Exp(a3 - max), e4 = Math.Exp(a4 - max);
                logSum = max + Math.Log(e3 + e4);
                w3 = e3 / (e3 + e4);
                w4 = e4 / (e3 + e4);
            }
            else
            {
                logSum = a3;
            }

            ll += w * (_gammaR[k] + r * lnAlpha + _gammaAb[k] + logSum);
            dr += w * (_digammaR[k] + lnAlpha - w3 * lnAt - w4 * lnAtx);
            dAlpha += w * (r / alpha - w3 * rx / (alpha + _t[g]) - (x > 0 ? w4 * rx / (alpha + _tx[g]) : 0));
            da += w * (_digammaA[k] + w4 / a);
            db += w * (_digammaB[k] - w4 / bx1);
        }

        gradient[0] = dr;
        gradient[1] = dAlpha;
        gradient[2] = da;
        gradient[3] = db;
        return ll;
    }
}
