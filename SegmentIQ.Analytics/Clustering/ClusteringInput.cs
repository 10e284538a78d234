using System.Globalization;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering;

/// <summary>
/// The data checks every clusterer makes in Fit (finite values, enough rows and distinct rows for the requested
/// clusters), so the messages read the same whichever algorithm the user picked.
/// </summary>
internal static class ClusteringInput
{
    /// <summary>Throws <see cref="ClusteringDataException"/> on no rows or on a NaN/infinite value (naming where).</summary>
    public static void EnsureUsable(FeatureMatrix data)
    {
        if (data.Rows == 0)
        {
            throw new ClusteringDataException("The data has no rows to cluster.");
        }

        var values = data.Data;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                var row = i / data.Columns;
                var column = i % data.Columns;
                throw new ClusteringDataException(
                    $"Row {row}, column '{data.ColumnNames[column]}' is {values[i]}: every value must be a finite number (impute or drop missing values first).");
            }
        }
    }

    /// <summary>Number of distinct rows, counting no further than <paramref name="limit"/> (cheap early exit).</summary>
    public static int CountUpTo(FeatureMatrix data, int limit)
    {
        var seen = new HashSet<RowKey>(Math.Min(limit, data.Rows));
        for (var i = 0; i < data.Rows && seen.Count < limit; i++)
        {
            seen.Add(new RowKey(data, i));
        }

        return seen.Count;
    }

    /// <summary>
    /// <see cref="EnsureUsable"/>, then throws <see cref="ClusteringDataException"/> when <paramref name="k"/> exceeds
    /// the distinct rows. The one wording of this check for every algorithm and front door.
    /// </summary>
    public static void EnsureEnough(FeatureMatrix data, int k, string fieldName)
    {
        EnsureUsable(data);
        var distinct = k > data.Rows ? CountUpTo(data, data.Rows) : CountUpTo(data, k);
        if (distinct < k)
        {
            var rowsNote = distinct < data.Rows
                ? string.Create(CultureInfo.InvariantCulture, $"{distinct} distinct rows among {data.Rows} rows")
                : string.Create(CultureInfo.InvariantCulture, $"only {data.Rows} rows");
            throw new ClusteringDataException(string.Create(CultureInfo.InvariantCulture,
                $"Asked for {k} segments but the data has only {distinct} distinct customers ({rowsNote}); choose at most {distinct} ({fieldName})."));
        }
    }

    private readonly struct RowKey(FeatureMatrix data, int row) : IEquatable<RowKey>
    {
        private readonly FeatureMatrix _data = data;
        private readonly int _row = row;

        public bool Equals(RowKey other) => _data.Row(_row).SequenceEqual(other._data.Row(other._row));

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (var value in _data.Row(_row))
            {
                // +0.0 and -0.0 compare equal, so they must hash equally.
                hash.Add(value == 0 ? 0.0 : value);
            }

            return hash.ToHashCode();
        }
    }
}
