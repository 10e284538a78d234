using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// Fits the Gamma-Gamma spend model by maximum likelihood on log-parameters (p, q, v) with the analytic gradient,
/// on repeat buyers only (x &gt; 0); customers whose mean repeat spend is zero or negative cannot enter the model and
/// are left out and counted. Written here because no maintained .NET library implements it.
/// </summary>
public sealed class GammaGamma(GammaGammaOptions? options = null)
{
    /// <summary>The fewest repeat buyers a fit of three parameters is attempted on.</summary>
    public const int MinimumCustomers = 3;

    /// <summary>The options.</summary>
    public GammaGammaOptions Options { get; } = options ?? new GammaGammaOptions();

    /// <summary>Fits on a summary's repeat buyers.</summary>
    public GammaGammaModel Fit(RfmSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(summary.Frequency, summary.MonetaryValue, cancellationToken);
    }

    /// <summary>Fits on frequency x and mean repeat spend m̄ per customer; customers with x = 0 are ignored.</summary>
    /// <exception cref="LifetimeDataException">Fewer than <see cref="MinimumCustomers"/> repeat buyers with positive spend.</exception>
    public GammaGammaModel Fit(double[] frequency, double[] meanSpend, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(meanSpend);
        Options.Validate();
        if (meanSpend.Length != frequency.Length)
        {
            throw new ArgumentException("frequency and meanSpend must have one value per customer.", nameof(meanSpend));
        }

        var x = new List<double>();
        var m = new List<double>();
        var excluded = 0;
        for (var i = 0; i < frequency.Length; i++)
        {
            if (frequency[i] <= 0)
            {
                continue;
            }

            if (meanSpend[i] > 0 && double.IsFinite(meanSpend[i]))
            {
                x.Add(frequency[i]);
                m.Add(meanSpend[i]);
            }
            else
            {
                excluded++;
            }
        }

        // In (x, m̄) order, not the customers' order, so the fit is the same for any order of the same customers (see BgNbdLikelihood).
        var order = Enumerable.Range(0, x.Count).OrderBy(i => x[i]).ThenBy(i => m[i]).ToArray();
        (x, m) = ([.. order.Select(i => x[i])], [.. order.Select(i => m[i])]);

        if (x.Count < MinimumCustomers)
        {
            throw new LifetimeDataException(
                $"The Gamma-Gamma spend model needs at least {MinimumCustomers} repeat buyers with a positive mean spend; the data have {x.Count}" +
                (excluded > 0 ? $" ({excluded} more repeat buyers have zero or negative spend)." : "."));
        }

        var likelihood = new Likelihood([.. x], [.. m], Options.Penalty);
        var lnMean = Math.Log(m.Average());
        double[][] starts = [[0, 0, 0], [Math.Log(2), Math.Log(3), lnMean], [Math.Log(5), Math.Log(2), lnMean - 1]];
        var found = MaximumLikelihood.Minimize(likelihood.Objective, starts, Options.MaxIterations, cancellationToken);
        if (!double.IsFinite(found.Objective))
        {
            throw new LifetimeDataException("The Gamma-Gamma likelihood could not be evaluated at any starting point.");
        }

        var theta = found.LogParameters.Select(Math.Exp).ToArray();
        var errors = MaximumLikelihood.StandardErrors(likelihood.Objective, found.LogParameters, x.Count);
        var correlation = x.Count > 2 ? Correlation.Pearson(x, m) : double.NaN;
        var warning = Math.Abs(correlation) >= Options.CorrelationWarningThreshold
            ? $"Frequency and average spend are correlated (ρ = {correlation:0.00}); the Gamma-Gamma model assumes they are independent, so spend and CLV predictions may be biased."
            : null;
        Span<double> scratch = stackalloc double[3];
        return new GammaGammaModel(
            theta[0],
            theta[1],
            theta[2],
            likelihood.LogLikelihood(theta, scratch),
            errors,
            found.Converged,
            found.Method,
            x.Count,
            excluded,
            correlation,
            warning);
    }

    /// <summary>
    /// The Gamma-Gamma log-likelihood of (x, m̄) pairs and its gradient. The gamma and digamma terms depend on x
    /// alone, so they are computed once per distinct x; a customer then costs one logarithm.
    /// </summary>
    private sealed class Likelihood
    {
        private readonly double[] _x;
        private readonly double[] _m;
        private readonly double[] _lnMx;
        private readonly int[] _xIndex;
        private readonly double[] _distinctX;
        private readonly double _penalty;
        private readonly double _sumLnM;
        private readonly double[] _lnGammaPxQ;
        private readonly double[] _lnGammaPx;
        private readonly double[] _psiPxQ;
        private readonly double[] _psiPx;

        public Likelihood(double[] x, double[] m, double penalty)
        {
            _x = x;
            _m = m;
            _penalty = penalty;
            _lnMx = new double[x.Length];
            _xIndex = new int[x.Length];
            var distinct = new Dictionary<double, int>();
            for (var i = 0; i < x.Length; i++)
            {
                var lnM = Math.Log(m[i]);
                _sumLnM += lnM;
                _lnMx[i] = lnM + Math.Log(x[i]);
                if (!distinct.TryGetValue(x[i], out var index))
                {
                    distinct[x[i]] = index = distinct.Count;
                }

                _xIndex[i] = index;
            }

            _distinctX = new double[distinct.Count];
            foreach (var (value, index) in distinct)
            {
                _distinctX[index] = value;
            }

            _lnGammaPxQ = new double[_distinctX.Length];
            _lnGammaPx = new double[_distinctX.Length];
            _psiPxQ = new double[_distinctX.Length];
            _psiPx = new double[_distinctX.Length];
        }

        public double Objective(ReadOnlySpan<double> logParameters, Span<double> gradient)
        {
            Span<double> theta = [Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2])];
            var ll = LogLikelihood(theta, gradient);
            var value = -ll / _x.Length;
            for (var k = 0; k < 3; k++)
            {
                value += _penalty * theta[k] * theta[k];
                gradient[k] = theta[k] * (-gradient[k] / _x.Length + 2 * _penalty * theta[k]);
            }

            return value;
        }

        // Σ lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(x m + v); gradient in (p, q, v).
        // With ln(m x) = ln m + ln x the m and x logs fold into one precomputed term: (px−1) ln m + px ln x = px ln(mx) − ln m.
        public double LogLikelihood(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double p = theta[0], q = theta[1], v = theta[2];
            double lnV = Math.Log(v), lnGammaQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q);
            for (var k = 0; k < _distinctX.Length; k++)
            {
                var px = p * _distinctX[k];
                _lnGammaPxQ[k] = SpecialFunctions.GammaLn(px + q);
                _lnGammaPx[k] = SpecialFunctions.GammaLn(px);
                _psiPxQ[k] = SpecialFunctions.DiGamma(px + q);
                _psiPx[k] = SpecialFunctions.DiGamma(px);
            }

            double ll = 0, dp = 0, dq = 0, dv = 0;
            for (var i = 0; i < _x.Length; i++)
            {
                var k = _xIndex[i];
                double x = _x[i], px = p * x, xm = x * _m[i];
                var lnXmV = Math.Log(xm + v);
                ll += _lnGammaPxQ[k] - _lnGammaPx[k] - lnGammaQ + (q * lnV) + (px * _lnMx[i]) - ((px + q) * lnXmV);
                dp += x * (_psiPxQ[k] - _psiPx[k] + _lnMx[i] - lnXmV);
                dq += _psiPxQ[k] - psiQ + lnV - lnXmV;
                dv += (q / v) - ((px + q) / (xm + v));
            }

            ll -= _sumLnM;

            gradient[0] = dp;
            gradient[1] = dq;
            gradient[2] = dv;
            return ll;
        }
    }
}
