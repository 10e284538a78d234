using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// The objective of a lifetime model: the mean negative (penalised) log-likelihood at the given log-parameters, with
/// its gradient with respect to the log-parameters written into <c>gradient</c>.
/// </summary>
internal delegate double LogParameterObjective(ReadOnlySpan<double> logParameters, Span<double> gradient);

/// <summary>The minimum found, how (BFGS or Nelder–Mead), whether the gradient vanished there, and how many starts were tried.</summary>
internal sealed record MinimumFound(double[] LogParameters, double Objective, bool Converged, string Method, int Starts);

/// <summary>
/// Maximum likelihood on log-parameters shared by <see cref="BgNbd"/> and <see cref="GammaGamma"/>: MathNet's BFGS
/// with the analytic gradient from each start, Nelder–Mead from the same start when BFGS fails, the lowest objective
/// kept; standard errors from the observed information (a numerical derivative of the analytic gradient).
/// </summary>
internal static class MaximumLikelihood
{
    /// <summary>Largest |log-parameter| the optimiser may reach; beyond it a fit is at a boundary anyway.</summary>
    public const double LogBound = 30;

    /// <summary>A fit counts as converged when every gradient component (log-parameters, mean objective) is below this.</summary>
    public const double GradientTolerance = 1e-5;

    /// <summary>
    /// Minimises from several starts: they are ranked by their objective value and tried best first; the search stops
    /// at the first minimum where the gradient vanishes inside the parameter box, otherwise every start is tried and
    /// the lowest objective kept. (On these likelihoods the first start almost always converges, which keeps a fit
    /// fast enough to follow a slider.)
    /// </summary>
    public static MinimumFound Minimize(LogParameterObjective objective, IReadOnlyList<double[]> starts, int maxIterations, CancellationToken cancellationToken)
    {
        var scratch = new double[starts[0].Length];
        var ranked = starts
            .Select(start => (Start: start, Value: Evaluate(objective, Vector<double>.Build.Dense(start), scratch)))
            .OrderBy(s => s.Value)
            .Select(s => s.Start)
            .ToList();
        MinimumFound? best = null;
        var tried = 0;
        foreach (var start in ranked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tried++;
            var found = Bfgs(objective, start, maxIterations) ?? NelderMead(objective, start, maxIterations * 20);
            if (found is not null && (best is null || found.Objective < best.Objective))
            {
                best = found;
            }

            if (best is { Converged: true } && best.LogParameters.All(p => Math.Abs(p) < LogBound - 1))
            {
                break;
            }
        }

        return best is null
            ? new MinimumFound([.. starts[0]], double.NaN, false, "none", tried)
            : best with { Starts = tried };
    }

    private static MinimumFound? Bfgs(LogParameterObjective objective, double[] start, int maxIterations)
    {
        var function = ObjectiveFunction.Gradient(point =>
        {
            var gradient = new double[point.Count];
            var value = Evaluate(objective, point, gradient);
            return (value, Vector<double>.Build.Dense(gradient));
        });
        try
        {
            var result = new BfgsMinimizer(1e-9, 1e-12, 1e-15, maxIterations).FindMinimum(function, Vector<double>.Build.Dense(start));
            return Finish(objective, result.MinimizingPoint.ToArray(), "BFGS");
        }
        catch (Exception ex) when (ex is OptimizationException or ArithmeticException or ArgumentException)
        {
            return null;
        }
    }

    private static MinimumFound? NelderMead(LogParameterObjective objective, double[] start, int maxIterations)
    {
        var scratch = new double[start.Length];
        var function = ObjectiveFunction.Value(point => Evaluate(objective, point, scratch));
        try
        {
            var result = new NelderMeadSimplex(1e-12, maxIterations).FindMinimum(function, Vector<double>.Build.Dense(start));
            return Finish(objective, result.MinimizingPoint.ToArray(), "Nelder–Mead");
        }
        catch (Exception ex) when (ex is OptimizationException or ArithmeticException or ArgumentException)
        {
            return null;
        }
    }

    private static MinimumFound? Finish(LogParameterObjective objective, double[] point, string method)
    {
        var gradient = new double[point.Length];
        var value = objective(point, gradient);
        if (!double.IsFinite(value))
        {
            return null;
        }

        var converged = gradient.All(g => Math.Abs(g) < GradientTolerance);
        return new MinimumFound(point, value, converged, method, 1);
    }

    // Outside the box the objective is +∞ so a line search backs off instead of running to overflow.
    private static double Evaluate(LogParameterObjective objective, Vector<double> point, double[] gradient)
    {
        for (var i = 0; i < point.Count; i++)
        {
            if (!(Math.Abs(point[i]) <= LogBound))
            {
                Array.Clear(gradient);
                return double.PositiveInfinity;
            }
        }

        var value = objective(point.ToArray(), gradient);
        return double.IsFinite(value) ? value : double.PositiveInfinity;
    }

    /// <summary>
    /// Standard errors of the natural parameters exp(logParameters) from the inverse observed information of the
    /// total objective (mean × <paramref name="totalWeight"/>); NaN where the information is not positive definite.
    /// </summary>
    public static double[] StandardErrors(LogParameterObjective objective, double[] logParameters, double totalWeight)
    {
        var k = logParameters.Length;
        var theta = logParameters.Select(Math.Exp).ToArray();
        var hessian = Matrix<double>.Build.Dense(k, k);
        var plus = new double[k];
        var minus = new double[k];
        var shifted = new double[k];
        for (var j = 0; j < k; j++)
        {
            var h = 1e-5 * theta[j];
            if (!GradientInTheta(objective, theta, j, h, shifted, plus) || !GradientInTheta(objective, theta, j, -h, shifted, minus))
            {
                return Enumerable.Repeat(double.NaN, k).ToArray();
            }

            for (var i = 0; i < k; i++)
            {
                hessian[i, j] = (plus[i] - minus[i]) / (2 * h) * totalWeight;
            }
        }

        var symmetric = (hessian + hessian.Transpose()) / 2;
        var errors = new double[k];
        try
        {
            var covariance = symmetric.Inverse();
            for (var i = 0; i < k; i++)
            {
                var variance = covariance[i, i];
                errors[i] = variance > 0 && double.IsFinite(variance) ? Math.Sqrt(variance) : double.NaN;
            }
        }
        catch (ArgumentException)
        {
            Array.Fill(errors, double.NaN);
        }

        return errors;
    }

    private static bool GradientInTheta(LogParameterObjective objective, double[] theta, int j, double h, double[] logPoint, double[] gradient)
    {
        for (var i = 0; i < theta.Length; i++)
        {
            logPoint[i] = Math.Log(i == j ? theta[i] + h : theta[i]);
        }

        var value = objective(logPoint, gradient);
        for (var i = 0; i < theta.Length; i++)
        {
            // d/dθ = (d/d log θ) / θ.
            gradient[i] /= Math.Exp(logPoint[i]);
        }

        return double.IsFinite(value);
    }
}
