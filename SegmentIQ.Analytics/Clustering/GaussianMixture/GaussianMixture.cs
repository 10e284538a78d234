using System.Globalization;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.GaussianMixture;

/// <summary>
/// Gaussian mixture fitted by expectation–maximisation, following scikit-learn's <c>GaussianMixture</c>: each
/// start is initialised from a k-means partition, iterates until the per-row lower bound improves by less than
/// <c>Tolerance</c>, and the start with the best lower bound is kept; a final E-step makes labels and
/// memberships consistent with the kept parameters.
/// </summary>
public sealed class GaussianMixture : IClusterer
{
    /// <summary>Creates the estimator; the options are validated here.</summary>
    public GaussianMixture(GaussianMixtureOptions? options = null)
    {
        Options = options ?? new GaussianMixtureOptions();
        Options.Validate();
    }

    /// <summary>The validated options.</summary>
    public GaussianMixtureOptions Options { get; }

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);

    /// <summary>Fits the mixture.</summary>
    public GaussianMixtureModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default) => Fit(data, null, cancellationToken);

    /// <summary>Fits the mixture, reporting progress (0..1) over starts and iterations.</summary>
    public GaussianMixtureModel Fit(FeatureMatrix data, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = Options.NumberOfComponents;
        ClusteringInput.EnsureEnough(data, k, nameof(GaussianMixtureOptions.NumberOfComponents));

        var n = data.Rows;
        var random = new Random(Options.Seed);
        var responsibilities = new double[n * k];
        var featureMajor = KMeansPlusPlus.FeatureMajor(data);
        MixtureParameters? best = null;
        var bestLowerBound = double.NegativeInfinity;
        var bestIterations = 0;
        var bestConverged = false;
        for (var start = 0; start < Options.NInit; start++)
        {
            KMeansInitializer.Initialize(data, featureMajor, k, random, responsibilities, cancellationToken);
            var parameters = new MixtureParameters(k, data.Columns, Options.CovarianceType);
            parameters.MaximizationStep(data, featureMajor, responsibilities, Options.RegCovar);

            var lowerBound = double.NegativeInfinity;
            var converged = false;
            var iterations = 0;
            for (var iteration = 1; iteration <= Options.MaxIterations; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                iterations = iteration;
                var previous = lowerBound;
                lowerBound = parameters.ExpectationStep(data, featureMajor, responsibilities);
                parameters.MaximizationStep(data, featureMajor, responsibilities, Options.RegCovar);
                if (Math.Abs(lowerBound - previous) < Options.Tolerance)
                {
                    converged = true;
                    break;
                }

                progress?.Report((start + ((double)iteration / Options.MaxIterations)) / Options.NInit);
            }

            if (best is null || lowerBound > bestLowerBound)
            {
                best = parameters;
                bestLowerBound = lowerBound;
                bestIterations = iterations;
                bestConverged = converged;
            }

            progress?.Report((start + 1.0) / Options.NInit);
        }

        var meanLogLikelihood = best!.ExpectationStep(data, featureMajor, responsibilities);
        var warnings = new List<string>();
        if (!bestConverged)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"EM did not converge within {Options.MaxIterations} iterations (tolerance {Options.Tolerance}); raise MaxIterations or Tolerance."));
        }

        return new GaussianMixtureModel(Options, best, responsibilities, n, meanLogLikelihood, bestIterations, bestConverged, warnings);
    }
}
