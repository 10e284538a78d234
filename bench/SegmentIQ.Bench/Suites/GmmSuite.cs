using System.Globalization;
using SegmentIQ.Analytics.Clustering.GaussianMixture;

namespace SegmentIQ.Bench.Suites;

/// <summary>Gaussian mixture fit (k = 4, full covariances, default starts) on the default customer matrix.</summary>
public sealed class GmmSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "gmm";

    /// <inheritdoc />
    public string Description => "Gaussian mixture fit (--k 4 --covariance full) on the default customer matrix";

    /// <inheritdoc />
    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var matrix = BenchData.LoadDefaultMatrix(args.DataOrDefault());
        var options = new GaussianMixtureOptions
        {
            NumberOfComponents = int.Parse(args.Option("k", "4"), CultureInfo.InvariantCulture),
            CovarianceType = Enum.Parse<CovarianceType>(args.Option("covariance", "full"), ignoreCase: true),
        };
        var gmm = new GaussianMixture(options);

        output.Measure("fit", () => gmm.Fit(matrix), m => new Dictionary<string, object?>
        {
            ["rows"] = matrix.Rows,
            ["columns"] = matrix.Columns,
            ["k"] = options.NumberOfComponents,
            ["covariance"] = options.CovarianceType.ToString(),
            ["bic"] = Math.Round(m.Bic, 2),
            ["aic"] = Math.Round(m.Aic, 2),
            ["sizes"] = m.Sizes().OrderDescending().ToArray(),
            ["iterations"] = m.Iterations,
            ["converged"] = m.Converged,
            ["anchor"] = Anchors.GaussianMixture,
        });
    }
}
