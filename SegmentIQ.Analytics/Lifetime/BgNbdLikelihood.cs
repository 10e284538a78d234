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
    private readonly int[] _tIndex;
    private readonly int[] _txIndex;
    private readonly double[] _distinctT;
    private readonly double[] _distinctTx;
    private readonly double[] _lnAlphaT;
    private readonly double[] _lnAlphaTx;
    private readonly double[] _lnBx1;
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
        _tIndex = new int[n];
        _txIndex = new int[n];
        var distinctX = new Dictionary<double, int>();
        var distinctT = new Dictionary<double, int>();
        var distinctTx = new Dictionary<double, int>();
        var g = 0;
        // Groups in (x, t_x, T) order, not in the customers' order: the sums, and so the optimizer's path, are the same for
        // any order of the same customers (the lines of a file and a source's rows come in different orders, and a fit
        // near a boundary of the parameter space follows rounding differences to a different point).
        foreach (var ((x, tx, t), count) in groups.OrderBy(g => g.Key))
        {
            (_x[g], _tx[g], _t[g], _weight[g]) = (x, tx, t, count);
            _xIndex[g] = IndexOf(distinctX, x);
            _tIndex[g] = IndexOf(distinctT, t);
            _txIndex[g] = IndexOf(distinctTx, tx);
            g++;
        }

        _distinctX = Values(distinctX);
        _distinctT = Values(distinctT);
        _distinctTx = Values(distinctTx);
        _lnAlphaT = new double[_distinctT.Length];
        _lnAlphaTx = new double[_distinctTx.Length];
        _lnBx1 = new double[_distinctX.Length];

        TotalWeight = frequency.Length;
        for (var k = 0; k < n; k++)
        {
            MeanFrequency += _weight[k] * _x[k] / TotalWeight;
            MeanAge += _weight[k] * _t[k] / TotalWeight;
        }

        _penalty = penalty;
        _gammaR = new double[_distinctX.Length];
        _gammaAb = new double[_distinctX.Length];
        _digammaR = new double[_distinctX.Length];
        _digammaA = new double[_distinctX.Length];
        _digammaB = new double[_distinctX.Length];
    }

    private static int IndexOf(Dictionary<double, int> distinct, double value)
    {
        if (!distinct.TryGetValue(value, out var index))
        {
            distinct[value] = index = distinct.Count;
        }

        return index;
    }

    private static double[] Values(Dictionary<double, int> distinct)
    {
        var values = new double[distinct.Count];
        foreach (var (value, index) in distinct)
        {
            values[index] = value;
        }

        return values;
    }

    /// <summary>Number of customers.</summary>
    public double TotalWeight { get; }

    /// <summary>Number of distinct (x, t_x, T) groups.</summary>
    public int Groups => _x.Length;

    /// <summary>The mean frequency x, summed in group order (the same for any order of the customers).</summary>
    public double MeanFrequency { get; }

    /// <summary>The mean age T, summed in group order.</summary>
    public double MeanAge { get; }

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
            _lnBx1[k] = x > 0 ? Math.Log(b + x - 1) : 0;
        }

        // Ages and recencies repeat across groups (whole days), so their logarithms are taken once per value.
        for (var k = 0; k < _distinctT.Length; k++)
        {
            _lnAlphaT[k] = Math.Log(alpha + _distinctT[k]);
        }

        for (var k = 0; k < _distinctTx.Length; k++)
        {
            _lnAlphaTx[k] = Math.Log(alpha + _distinctTx[k]);
        }

        double lnAlpha = Math.Log(alpha), lnA = Math.Log(a);
        double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
        for (var g = 0; g < _x.Length; g++)
        {
            double x = _x[g], w = _weight[g];
            var k = _xIndex[g];
            var rx = r + x;
            var lnAt = _lnAlphaT[_tIndex[g]];
            var a3 = -rx * lnAt;
            var common = _gammaR[k] + (r * lnAlpha) + _gammaAb[k];
            if (x > 0)
            {
                // log(e^A3 + e^A4) and the shares w3, w4 of the two terms, with a single exponential.
                var lnAtx = _lnAlphaTx[_txIndex[g]];
                var a4 = lnA - _lnBx1[k] - (rx * lnAtx);
                var e = Math.Exp(-Math.Abs(a3 - a4));
                var logSum = Math.Max(a3, a4) + Math.Log(1 + e);
                var w4 = a4 >= a3 ? 1 / (1 + e) : e / (1 + e);
                var w3 = 1 - w4;
                ll += w * (common + logSum);
                dr += w * (_digammaR[k] + lnAlpha - (w3 * lnAt) - (w4 * lnAtx));
                dAlpha += w * ((r / alpha) - (w3 * rx / (alpha + _t[g])) - (w4 * rx / (alpha + _tx[g])));
                da += w * (_digammaA[k] + (w4 / a));
                db += w * (_digammaB[k] - (w4 / (b + x - 1)));
            }
            else
            {
                ll += w * (common + a3);
                dr += w * (_digammaR[k] + lnAlpha - lnAt);
                dAlpha += w * ((r / alpha) - (rx / (alpha + _t[g])));
                da += w * _digammaA[k];
                db += w * _digammaB[k];
            }
        }

        gradient[0] = dr;
        gradient[1] = dAlpha;
        gradient[2] = da;
        gradient[3] = db;
        return ll;
    }
}
