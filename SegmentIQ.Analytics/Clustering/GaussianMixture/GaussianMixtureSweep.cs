using System.Globalization;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.GaussianMixture;

/// <summary>Options of <see cref="GaussianMixtureSweep"/>: which component counts and covariance types to try.</summary>
public sealed record GaussianMixtureSweepOptions
{
    /// <summary>Smallest number of components tried, at least 1.</summary>
    public int MinComponents { get; init; } = 1;

    /// <summary>Largest number of components tried, at least <see cref="MinComponents"/>.</summary>
    public int MaxComponents { get; init; } = 10;

    /// <summary>Covariance types tried (at least one).</summary>
    public IReadOnlyList<CovarianceType> CovarianceTypes { get; init; } =
        [CovarianceType.Full, CovarianceType.Tied, CovarianceType.Diagonal, CovarianceType.Spherical];

    /// <summary>Options of every fit; its NumberOfComponents and CovarianceType are replaced per point.</summary>
    public GaussianMixtureOptions Fit { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (MinComponents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinComponents), MinComponents, "MinComponents must be at least 1.");
        }

        if (MaxComponents < MinComponents)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxComponents), MaxComponents, $"MaxComponents must be at least MinComponents ({MinComponents}).");
        }

        if (CovarianceTypes is null || CovarianceTypes.Count == 0 || CovarianceTypes.Any(t => !Enum.IsDefined(t)))
        {
            throw new ArgumentOutOfRangeException(nameof(CovarianceTypes), "CovarianceTypes must list at least one of Full, Tied, Diagonal, Spherical.");
        }

        ArgumentNullException.ThrowIfNull(Fit, nameof(Fit));
        Fit.Validate();
    }
}

/// <summary>One fitted point of a sweep.</summary>
/// <param name="Components">Number of components.</param>
/// <param name="CovarianceType">Covariance shape.</param>
/// <param name="Bic">Bayesian information criterion (lower is better).</param>
/// <param name="Aic">Akaike information criterion (lower is better).</param>
/// <param name="MeanLogLikelihood">Mean log-likelihood per row.</param>
/// <param name="Converged">Whether EM converged.</param>
/// <param name="Iterations">EM iterations of the kept start.</param>
public sealed record GaussianMixtureSweepPoint(
    int Components, CovarianceType CovarianceType, double Bic, double Aic, double MeanLogLikelihood, bool Converged, int Iterations);

/// <summary>BIC/AIC per component count and covariance type, with the lowest-BIC choice.</summary>
/// <param name="Points">Every fitted point, ordered by covariance type then component count.</param>
/// <param name="Suggested">The point with the lowest BIC.</param>
/// <param name="Warnings">Points that could not be fitted and why.</param>
/// <param name="SuggestionNote">Why the lowest BIC needs care, when it does (it sits at the largest count tried); else null.</param>
public sealed record GaussianMixtureSweepResult(
    IReadOnlyList<GaussianMixtureSweepPoint> Points, GaussianMixtureSweepPoint Suggested, IReadOnlyList<string> Warnings, string? SuggestionNote = null);

/// <summary>Fits a Gaussian mixture for each component count and covariance type to choose among them by BIC.</summary>
public static class GaussianMixtureSweep
{
    /// <summary>Runs the sweep (fits in parallel, bounded by the processor count), reporting progress 0..1.</summary>
    public static GaussianMixtureSweepResult Run(
        FeatureMatrix data, GaussianMixtureSweepOptions? options = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new GaussianMixtureSweepOptions();
        options.Validate();
        ClusteringInput.EnsureUsable(data);

        var distinct = ClusteringInput.CountUpTo(data, options.MaxComponents);
        var warnings = new List<string>();
        var maxComponents = options.MaxComponents;
        if (distinct < maxComponents)
        {
            maxComponents = distinct;
            warnings.Add($"Only {distinct} distinct rows: component counts above {distinct} were skipped.");
        }

        var jobs = options.CovarianceTypes.Distinct()
            .SelectMany(type => Enumerable.Range(options.MinComponents, Math.Max(0, maxComponents - options.MinComponents + 1)).Select(k => (Type: type, K: k)))
            .ToArray();
        if (jobs.Length == 0)
        {
            throw new ClusteringDataException(
                $"MinComponents = {options.MinComponents} but the data has only {distinct} distinct rows; choose at most {distinct}.");
        }

        var points = new GaussianMixtureSweepPoint?[jobs.Length];
        var failures = new string?[jobs.Length];
        var done = 0;
        Parallel.For(0, jobs.Length, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            var (type, k) = jobs[j];
            try
            {
                var model = new GaussianMixture(options.Fit with { NumberOfComponents = k, CovarianceType = type }).Fit(data, cancellationToken);
                points[j] = new GaussianMixtureSweepPoint(k, type, model.Bic, model.Aic, model.MeanLogLikelihood, model.Converged, model.Iterations);
            }
            catch (ClusteringDataException ex)
            {
                failures[j] = string.Create(CultureInfo.InvariantCulture, $"{type}, {k} components: {ex.Message}");
            }

            progress?.Report((double)Interlocked.Increment(ref done) / jobs.Length);
        });

        warnings.AddRange(failures.OfType<string>());
        var fitted = points.OfType<GaussianMixtureSweepPoint>().ToArray();
        if (fitted.Length == 0)
        {
            throw new ClusteringDataException("No mixture could be fitted: " + string.Join(" ", warnings));
        }

        var suggested = fitted.MinBy(p => p.Bic)!;
        var largest = fitted.Max(p => p.Components);
        var note = suggested.Components == largest && largest > options.MinComponents
            ? string.Create(CultureInfo.InvariantCulture,
                $"BIC is lowest at {largest} components, the largest tried: it may keep falling beyond. With many customers BIC rewards extra components that are not different enough to act on; choose the count by the segments you can use.")
            : null;
        return new GaussianMixtureSweepResult(fitted, suggested, warnings, note);
    }
}
