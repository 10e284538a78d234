using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Reads a one-row-per-customer table: an optional id column (row numbers 1, 2, … when there is none) and the
/// numeric columns, which become <see cref="FeatureColumn"/>s the user can choose to cluster on.
/// </summary>
internal static class CustomerTableReader
{
    private static readonly string[] IdAliases = ["customerid", "customer", "customerno", "customernumber", "customercode", "clientid", "client", "id", "userid", "accountid"];

    /// <summary>A column is numeric when at least this share of its non-empty values parse.</summary>
    private const double NumericShare = 0.9;

    public static DataFileReadResult Read(RowSource source, string displayName, DataFileReadOptions options, IProgress<ReadProgress>? progress, CancellationToken ct)
    {
        var headers = source.Headers.ToArray();
        var normalized = headers.Select(ColumnAliases.Normalize).ToArray();
        var idColumn = -1;
        foreach (var alias in IdAliases)
        {
            idColumn = Array.IndexOf(normalized, alias);
            if (idColumn >= 0)
            {
                break;
            }
        }

        // Customer tables are small (one row per customer): hold the text, then decide column types on all values.
        var rows = new List<string[]>();
        var lines = new List<long>();
        var sheets = new List<string?>();
        var issues = new IssueLog(options.MaxIssueSamples);
        long rowsRead = 0;
        var isCsv = source is CsvRowSource;
        while (source.Next())
        {
            rowsRead++;
            if (rowsRead % 16_384 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new ReadProgress(rowsRead, source.BytesFraction));
            }

            if (isCsv && source.FieldCount != headers.Length)
            {
                issues.Add(source.Line, "(line)", source.RawRow(), $"has {source.FieldCount} fields, the header has {headers.Length}", source.Sheet);
                continue;
            }

            var row = new string[headers.Length];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = source.Field(c).Trim().ToString();
            }

            rows.Add(row);
            lines.Add(source.Line);
            sheets.Add(source.Sheet);
        }

        if (rowsRead == 0)
        {
            throw new NoDataException(displayName, "the file has a header but no data lines.");
        }

        var decimalSeparator = options.DecimalSeparator ?? DecideDecimal(source, rows, idColumn);
        var numeric = new List<int>();
        var ignored = new List<string>();
        for (var c = 0; c < headers.Length; c++)
        {
            if (c == idColumn)
            {
                continue;
            }

            int filled = 0, parsed = 0;
            foreach (var row in rows)
            {
                if (row[c].Length == 0)
                {
                    continue;
                }

                filled++;
                parsed += NumberText.TryParse(row[c], decimalSeparator, out _) ? 1 : 0;
            }

            if (filled > 0 && parsed >= NumericShare * filled)
            {
                numeric.Add(c);
            }
            else
            {
                ignored.Add(headers[c]);
            }
        }

        if (numeric.Count == 0)
        {
            throw new DataFileException(displayName, $"the file is neither a transaction file (no invoice, quantity or price columns found) nor a customer table (no numeric columns). Columns: {string.Join(", ", headers)}.");
        }

        // Lines with a missing or non-numeric value in a numeric column are reported and left out.
        var values = numeric.Select(_ => new List<double>(rows.Count)).ToArray();
        var ids = new List<string>(rows.Count);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var ok = true;
            var buffer = new double[numeric.Count];
            for (var k = 0; k < numeric.Count && ok; k++)
            {
                var c = numeric[k];
                if (!NumberText.TryParse(row[c], decimalSeparator, out buffer[k]) || !double.IsFinite(buffer[k]))
                {
                    issues.Add(lines[r], headers[c], row[c], row[c].Length == 0 ? "is empty (a number is required)" : "is not a number", sheets[r]);
                    ok = false;
                }
            }

            if (!ok)
            {
                continue;
            }

            var id = idColumn >= 0 ? DataFileReader.NormalizeCustomerId(row[idColumn]).ToString() : (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (id.Length == 0 || !seenIds.Add(id))
            {
                issues.Add(lines[r], idColumn >= 0 ? headers[idColumn] : "(row)", id, id.Length == 0 ? "is empty (a customer id is required)" : "repeats an earlier customer id", sheets[r]);
                continue;
            }

            ids.Add(id);
            for (var k = 0; k < numeric.Count; k++)
            {
                values[k].Add(buffer[k]);
            }
        }

        var columns = numeric.Select((c, k) =>
        {
            var v = values[k].ToArray();
            return new FeatureColumn(headers[c], v, IsSkewed(v), "column of the uploaded customer table");
        }).ToArray();
        var warnings = source.Warnings.ToList();
        if (ignored.Count > 0)
        {
            warnings.Add($"Non-numeric columns not used as features: {string.Join(", ", ignored)}.");
        }

        var table = new CustomerFeatureTable(ids, columns, hasRfm: false);
        progress?.Report(new ReadProgress(rowsRead, 1));
        var format = source.Format(decimalSeparator, DateLayout.Auto);
        return new DataFileReadResult(
            displayName, FileShape.CustomerTable, headers, format,
            new Dictionary<ColumnRole, string>(), [], null, table, rowsRead, issues.Samples(format.Sheets), issues.Count, [.. warnings]);
    }

    /// <summary>Non-negative with sample skewness above 1: spend-like columns that <c>log1p</c> makes symmetric.</summary>
    internal static bool IsSkewed(ReadOnlySpan<double> values)
    {
        if (values.Length < 3)
        {
            return false;
        }

        double mean = 0, min = double.MaxValue;
        foreach (var v in values)
        {
            mean += v;
            min = Math.Min(min, v);
        }

        mean /= values.Length;
        double m2 = 0, m3 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
        }

        m2 /= values.Length;
        m3 /= values.Length;
        return min >= 0 && m2 > 0 && m3 / Math.Pow(m2, 1.5) > 1;
    }

    /// <summary>The decimal separator of a non-comma file, from the first number written with one (ids excluded: <c>17850.0</c> says nothing).</summary>
    private static char DecideDecimal(RowSource source, List<string[]> rows, int idColumn)
    {
        if (source is not CsvRowSource csv || csv.Delimiter == ',')
        {
            return '.';
        }

        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                if (c == idColumn)
                {
                    continue;
                }

                var value = row[c];
                var comma = value.Contains(',', StringComparison.Ordinal);
                var dot = value.Contains('.', StringComparison.Ordinal);
                if ((comma || dot) && value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] == '-'))
                {
                    return comma && (!dot || value.LastIndexOf(',') > value.LastIndexOf('.')) ? ',' : '.';
                }
            }
        }

        return '.';
    }
}
