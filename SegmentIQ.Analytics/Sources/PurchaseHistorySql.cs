using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// A source's purchases over time, pushed down to where the lines are: the kept lines of <see cref="CustomerFeatureSql"/>'s
/// cleaning (the same rendered rules, so the same lines the in-process path keeps) summed per customer and purchase day
/// for lifetime value, and the feature totals of <see cref="CustomerFeatureSql.Aggregation"/> per customer within each
/// snapshot window for segments over time.
/// </summary>
public static class PurchaseHistorySql
{
    /// <summary>
    /// One row per customer and calendar day with a kept line: <c>cust</c>, <c>day</c> (midnight) and <c>amount</c>
    /// (Σ quantity × price). <see cref="Lifetime.RfmSummary"/> and <see cref="Lifetime.PurchaseCalendar"/> merge a
    /// customer's lines of one day into one purchase before they use them, and the snapshots and cohorts of
    /// <see cref="Temporal.TemporalAnalysis"/> look at months, so these rows give what the lines give.
    /// </summary>
    public static SqlStatement PurchaseDays(SqlDialect dialect, Func<SqlParameters, string> relation, IReadOnlyDictionary<ColumnRole, SourceColumn> columns, CleaningOptions cleaning)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(cleaning);
        var p = new SqlParameters(dialect);
        var sql = new StringBuilder(CustomerFeatureSql.Lines(dialect, p, relation, columns, cleaning));
        var day = $"CAST(CAST(dt AS DATE) AS {dialect.TimestampType})";
        sql.Append(CultureInfo.InvariantCulture, $"\nSELECT cust, {day} AS day, CAST(SUM(qty * price) AS {dialect.DoubleType}) AS amount FROM kept GROUP BY cust, {day}");
        return new SqlStatement(sql.ToString(), p.Values);
    }

    /// <summary>
    /// The per-customer totals of the kept lines dated in each window [start, end), in one statement: the windows are a
    /// parameter table joined to the lines, so the source is read once for every snapshot. Rows: <c>snap</c> (the
    /// window's index), <c>cust</c> and the columns of <see cref="CustomerTotals"/>.
    /// </summary>
    public static SqlStatement WindowTotals(
        SqlDialect dialect,
        Func<SqlParameters, string> relation,
        IReadOnlyDictionary<ColumnRole, SourceColumn> columns,
        CleaningOptions cleaning,
        IReadOnlyList<(DateTime Start, DateTime End)> windows)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(cleaning);
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
        {
            throw new ArgumentException("At least one window is needed.", nameof(windows));
        }

        var p = new SqlParameters(dialect);
        var sql = new StringBuilder(CustomerFeatureSql.Lines(dialect, p, relation, columns, cleaning));
        var timestamp = dialect.TimestampType;
        sql.Append(",\nwindows AS (SELECT * FROM (VALUES ");
        for (var w = 0; w < windows.Count; w++)
        {
            sql.Append(w == 0 ? string.Empty : ", ");
            sql.Append(CultureInfo.InvariantCulture, $"(CAST({p.Add((long)w)} AS BIGINT), CAST({p.Add(windows[w].Start)} AS {timestamp}), CAST({p.Add(windows[w].End)} AS {timestamp}))");
        }

        sql.Append(") AS w (snap, starts, ends))\n");
        sql.Append("SELECT windows.snap, kept.cust, COUNT(DISTINCT kept.inv) AS invoices, COUNT(DISTINCT kept.prod) AS products, ");
        sql.Append(CultureInfo.InvariantCulture, $"CAST(SUM(kept.qty * kept.price) AS {dialect.DoubleType}) AS revenue, CAST(SUM(kept.qty) AS {dialect.DoubleType}) AS items, ");
        sql.Append("MIN(kept.dt) AS first_date, MAX(kept.dt) AS last_date ");
        sql.Append("FROM kept JOIN windows ON kept.dt >= windows.starts AND kept.dt < windows.ends GROUP BY windows.snap, kept.cust");
        return new SqlStatement(sql.ToString(), p.Values);
    }
}
