using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Features;

/// <summary>Which features to cluster on and which of them get <c>log1p</c> before standardising.</summary>
public sealed record FeatureSpaceOptions
{
    /// <summary>The default for transaction data: log-RFM plus UniqueProducts (Recency stays linear: it is not heavy-tailed like spend).</summary>
    public static FeatureSpaceOptions Default { get; } = new()
    {
        Features = [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.UniqueProducts],
        Log1p = [FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.UniqueProducts],
    };

    /// <summary>The features, in column order of the matrix.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>The subset of <see cref="Features"/> transformed with <c>log(1 + x)</c>.</summary>
    public IReadOnlyList<string> Log1p { get; init; } = [];

    /// <summary>
    /// The default for a table: <see cref="Default"/> when it has RFM; for a customer table every numeric column
    /// except small integer codes (at most 10 distinct whole values between 0 and 20, such as Channel or Region), with <c>log1p</c>
    /// on the skewed non-negative ones.
    /// </summary>
    public static FeatureSpaceOptions DefaultFor(CustomerFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.HasRfm)
        {
            // Order lines have no UniqueProducts column: log-RFM alone.
            return table.Columns.Any(c => c.Name == FeatureNames.UniqueProducts)
                ? Default
                : new FeatureSpaceOptions
                {
                    Features = [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary],
                    Log1p = [FeatureNames.Frequency, FeatureNames.Monetary],
                };
        }

        var chosen = table.Columns.Where(c => !IsCategoricalCode(c.Values)).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. table.Columns];
        }

        return new FeatureSpaceOptions
        {
            Features = [.. chosen.Select(c => c.Name)],
            Log1p = [.. chosen.Where(c => c.Skewed).Select(c => c.Name)],
        };
    }

    /// <summary>Whole numbers in [0, 20] with at most 10 distinct values: a code, not a measurement.</summary>
    public static bool IsCategoricalCode(ReadOnlySpan<double> values)
    {
        var distinct = new HashSet<double>();
        foreach (var v in values)
        {
            if (v != Math.Floor(v) || v is < 0 or > 20 || (distinct.Add(v) && distinct.Count > 10))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming a bad feature and what is allowed.</summary>
    public void Validate(CustomerFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Features is null || Features.Count == 0)
        {
            throw new ArgumentException($"{nameof(Features)} must name at least one feature. Available: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in Features)
        {
            if (!table.Contains(f))
            {
                throw new ArgumentException($"{nameof(Features)} names '{f}', which is not a column. Available: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
            }

            if (!seen.Add(f))
            {
                throw new ArgumentException($"{nameof(Features)} names '{f}' twice.");
            }
        }

        foreach (var f in Log1p ?? [])
        {
            if (!seen.Contains(f))
            {
                throw new ArgumentException($"{nameof(Log1p)} names '{f}', which is not among the chosen {nameof(Features)}.");
            }
        }
    }
}

/// <summary>How one matrix column was made: optional <c>log1p</c>, then <c>(x − Mean) / StandardDeviation</c>.</summary>
public sealed record FeatureScaling(string Name, bool Log1p, double Mean, double StandardDeviation)
{
    /// <summary>The standardised value of a raw feature value.</summary>
    public double Transform(double raw)
    {
        var x = Log1p ? Math.Log(1 + raw) : raw;
        return StandardDeviation > 0 ? (x - Mean) / StandardDeviation : 0;
    }

    /// <summary>The raw feature value of a standardised one (for explaining centroids in the feature's own units).</summary>
    public double ToOriginal(double z)
    {
        var x = (z * StandardDeviation) + Mean;
        return Log1p ? Math.Exp(x) - 1 : x;
    }
}

/// <summary>
/// A fitted feature space: the standardised matrix of the chosen features and the per-column means and standard
/// deviations used (population standard deviation, as scikit-learn's <c>StandardScaler</c>; a constant column
/// has deviation 0 and is mapped to 0, never NaN).
/// </summary>
public sealed class FeatureSpace
{
    private FeatureSpace(FeatureMatrix matrix, IReadOnlyList<FeatureScaling> scalings, IReadOnlyList<string> customerIds)
    {
        Matrix = matrix;
        Scalings = scalings;
        CustomerIds = customerIds;
    }

    /// <summary>Customers (rows) × chosen features (columns), standardised.</summary>
    public FeatureMatrix Matrix { get; }

    /// <summary>One scaling per matrix column.</summary>
    public IReadOnlyList<FeatureScaling> Scalings { get; }

    /// <summary>Customer id per matrix row.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Applies <paramref name="options"/> (null: <see cref="FeatureSpaceOptions.DefaultFor"/>) to <paramref name="table"/>.</summary>
    public static FeatureSpace Fit(CustomerFeatureTable table, FeatureSpaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= FeatureSpaceOptions.DefaultFor(table);
        options.Validate(table);
        if (table.Count == 0)
        {
            throw new ArgumentException("The table has no customers.", nameof(table));
        }

        var rows = table.Count;
        var cols = options.Features.Count;
        var data = new double[rows * cols];
        var scalings = new FeatureScaling[cols];
        var column = new double[rows];
        var logSet = new HashSet<string>(options.Log1p ?? [], StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < cols; j++)
        {
            var name = table.Column(options.Features[j]).Name;
            var values = table[name];
            var log = logSet.Contains(name);
            for (var i = 0; i < rows; i++)
            {
                var v = values[i];
                if (log && !(v > -1))
                {
                    throw new ArgumentException($"Feature '{name}' has value {v} for customer '{table.CustomerIds[i]}'; log1p needs values above -1. Remove it from {nameof(FeatureSpaceOptions.Log1p)}.", nameof(options));
                }

                column[i] = log ? Math.Log(1 + v) : v;
            }

            // Two-pass mean and population variance: exact enough and immune to the cancellation of Σx² − n·mean².
            var mean = 0.0;
            foreach (var x in column)
            {
                mean += x;
            }

            mean /= rows;
            var variance = 0.0;
            foreach (var x in column)
            {
                variance += (x - mean) * (x - mean);
            }

            var std = Math.Sqrt(variance / rows);
            if (std < 1e-12 * Math.Max(1, Math.Abs(mean)))
            {
                std = 0;
            }

            scalings[j] = new FeatureScaling(name, log, mean, std);
            for (var i = 0; i < rows; i++)
            {
                data[(i * cols) + j] = std > 0 ? (column[i] - mean) / std : 0;
            }
        }

        var matrix = new FeatureMatrix(data, rows, cols, [.. scalings.Select(s => s.Name)]);
        return new FeatureSpace(matrix, scalings, table.CustomerIds);
    }
}
