using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// The cleaning rules of <see cref="TransactionCleaner"/> and the per-customer features of <see cref="CustomerFeatures"/>,
/// described once and rendered to SQL for a <see cref="SqlDialect"/>: the data-quality report (one row) and the feature
/// table (one row per customer). Column and table names only ever enter the text through
/// <see cref="SqlDialect.QuoteIdentifier"/>; every value (the cancellation letter, the zero thresholds, patterns, file
/// paths) is a parameter. Written here rather than through a query builder because the only
/// library that renders one query for many engines (linq2db) would need a mapped entity per user table, and the
/// mapping is only known at run time.
/// </summary>
public static class CustomerFeatureSql
{
    /// <summary>The eight columns of a line, which together decide whether two lines are exact repeats.</summary>
    private const string LineColumns = "inv, prod, descr, qty, dt, price, cust, country";

    /// <summary>The rule code of a kept line (every other line carries the <see cref="CleaningRule"/> that removed it).</summary>
    internal const int Kept = -1;

    /// <summary>Customer ids exported through floating point (<c>17850.0</c>) lose the fraction, as the file reader does.</summary>
    internal const string CustomerFractionPattern = @"^([0-9]+)\.0+$";

    /// <summary>The rules in the order a line is tested: a line counts under the first that matches (as in <see cref="TransactionCleaner"/>).</summary>
    private static readonly (CleaningRule Rule, string Description, Func<SqlParameters, string> Matches)[] Rules =
    [
        (CleaningRule.Unparseable, "lines that could not be parsed", _ => "inv IS NULL OR prod IS NULL OR qty IS NULL OR price IS NULL OR dt IS NULL"),
        (CleaningRule.MissingCustomer, "lines without a customer id", _ => "cust IS NULL"),
        (CleaningRule.Cancellation, "cancellation lines (invoice starting with C)", p => $"UPPER(SUBSTRING(inv, 1, 1)) = {p.Add("C")}"),
        (CleaningRule.NonPositiveQuantity, "lines with quantity ≤ 0", p => $"NOT (qty > {p.Add(0.0)})"),
        (CleaningRule.NonPositivePrice, "lines with unit price ≤ 0", p => $"NOT (price > {p.Add(0.0)})"),
    ];

    /// <summary>
    /// The features, in the column order of <see cref="CustomerFeatures"/>, each computed from one customer's
    /// <see cref="CustomerTotals"/> exactly as the in-process path computes it from the lines.
    /// </summary>
    private static readonly (string Name, bool Skewed, string Description, Func<CustomerTotals, DateTime, double> Value)[] Features =
    [
        (FeatureNames.Recency, false, "days from the last purchase to {0} (the day after the last date in the data)", (c, reference) => (reference - c.LastDate.Date).Days),
        (FeatureNames.Frequency, true, "distinct invoices", (c, _) => c.Invoices),
        (FeatureNames.Monetary, true, "total spend, Σ quantity × unit price", (c, _) => c.Revenue),
        (FeatureNames.AverageOrderValue, true, "spend per invoice", (c, _) => c.Revenue / c.Invoices),
        (FeatureNames.TotalItems, true, "units bought", (c, _) => c.Items),
        (FeatureNames.UniqueProducts, true, "distinct products bought", (c, _) => c.Products),
        (FeatureNames.AverageBasketSize, true, "units per invoice", (c, _) => c.Items / c.Invoices),
        (FeatureNames.Tenure, false, "days between the first and the last purchase", (c, _) => (c.LastDate.Date - c.FirstDate.Date).Days),
    ];

    /// <summary>The roles whose text is parsed as a number or a date, and the alias of their columns in the statement.</summary>
    private static readonly (ColumnRole Role, string Alias)[] ParsedRoles =
    [
        (ColumnRole.Quantity, "qty"),
        (ColumnRole.Price, "price"),
        (ColumnRole.Date, "dt"),
    ];

    /// <summary>Names of the features, in result order.</summary>
    public static IReadOnlyList<string> FeatureOrder { get; } = [.. Features.Select(f => f.Name)];

    /// <summary>The description of each cleaning rule, as <see cref="TransactionCleaner"/> words it.</summary>
    public static string DescribeRule(CleaningRule rule) =>
        rule == CleaningRule.Duplicate ? "exact duplicate lines" : Rules.First(r => r.Rule == rule).Description;

    /// <summary>The description of a feature column (Recency names its reference date).</summary>
    public static string DescribeFeature(string name, DateTime reference) =>
        string.Format(CultureInfo.InvariantCulture, Features.First(f => f.Name == name).Description, reference.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The value of feature <paramref name="feature"/> (an index into <see cref="FeatureOrder"/>) for one customer.</summary>
    internal static double FeatureValue(int feature, CustomerTotals customer, DateTime reference) => Features[feature].Value(customer, reference);

    /// <summary>
    /// The quality report and the per-customer totals in one statement. The rows per customer (<c>is_total</c> = 0) are
    /// grouped straight from the kept lines, and one row over every line (the report, <c>is_total</c> = 1) is appended.
    /// Exact repeats (the same eight columns) are found in two steps: the lines' hashes of their eight columns
    /// (<see cref="SqlDialect.LineHash"/>) are sorted to find the hashes that occur more than once, and only the lines with
    /// such a hash, the repeats and any hash collisions, are grouped on the columns themselves, so every count stays exact. Their extra copies
    /// are the report's exact duplicates and, when duplicates are removed, are subtracted from their customer's totals.
    /// Per column parsed from text, the unreadable values are counted with one example; a column the engine already holds
    /// as a number or a timestamp has none, so it adds nothing to the statement.
    /// </summary>
    /// <remarks>
    /// The repeats were once grouped on all eight columns of every line, and the customers and the report were read from
    /// that table. At 50 M lines that grouping held ≈50 M wide groups and spilled far beyond the memory limit, and it
    /// dominated the statement (profiled with DuckDB's <c>enable_profiling</c>). Grouping one 64-bit hash per line cost
    /// a third of that at 10 M lines, and sorting the hashes (a window over them) less again, with less memory, because
    /// almost every hash is unique and a hash table of unique keys is the worst case of grouping. Before that, <c>GROUP BY GROUPING SETS ((cust), ())</c> with <c>COUNT(DISTINCT …)</c> kept a
    /// distinct hash table per aggregate and grouping set over every line.
    /// </remarks>
    public static SqlStatement Aggregation(SqlDialect dialect, Func<SqlParameters, string> relation, IReadOnlyDictionary<ColumnRole, SourceColumn> columns, CleaningOptions cleaning)
    {
        ArgumentNullException.ThrowIfNull(cleaning);
        var p = new SqlParameters(dialect);
        var sql = new StringBuilder(Lines(dialect, p, relation, columns, cleaning));
        var parsedFromText = ParsedRoles.Where(r => !IsNative(columns[r.Role], r.Role)).Select(r => r.Alias).ToArray();
        var kept = $"rule_code = {Kept}";
        var parsed = $"rule_code <> {(int)CleaningRule.Unparseable}";
        string Count(string expression) => $"CAST({expression} AS BIGINT)";

        // Adding zero turns -0 into 0, which the engines group as equal, before a dialect hashes the text of a number.
        var zero = p.Add(0.0);
        var hash = dialect.LineHash(["inv", "prod", "descr", $"qty + {zero}", "dt", $"price + {zero}", "cust", "country"]);
        sql.Append(CultureInfo.InvariantCulture, $",\nhashed AS NOT MATERIALIZED (SELECT {hash} AS h FROM flagged WHERE {parsed}),\n");
        sql.Append("repeated AS MATERIALIZED (SELECT DISTINCT h FROM (SELECT h, LAG(h) OVER (ORDER BY h) AS previous FROM hashed) AS sorted WHERE h = previous),\n");
        sql.Append(CultureInfo.InvariantCulture, $"repeats AS MATERIALIZED (SELECT {LineColumns}, rule_code, COUNT(*) - 1 AS extra FROM flagged ");
        sql.Append(CultureInfo.InvariantCulture, $"WHERE {parsed} AND {hash} IN (SELECT h FROM repeated) GROUP BY {LineColumns}, rule_code HAVING COUNT(*) > 1),\n");

        // The kept lines' totals, per customer and over all; every copy of a repeated line counts here.
        string KeptSums(string filter) =>
            string.Create(CultureInfo.InvariantCulture, $"{Count($"COUNT(*){filter}")} AS kept_lines, COUNT(DISTINCT inv){filter} AS invoices, COUNT(DISTINCT prod){filter} AS products, ") +
            $"MIN(dt){filter} AS first_date, MAX(dt){filter} AS last_date, " +
            $"CAST(SUM(qty * price){filter} AS {dialect.DoubleType}) AS revenue, CAST(SUM(qty){filter} AS {dialect.DoubleType}) AS items";
        // The kept lines' extra copies (per customer, or over all), subtracted from those totals when duplicates are removed.
        const string ExtraSums = "SUM(extra) AS kept_lines, SUM(extra * qty * price) AS revenue, SUM(extra * qty) AS items";
        sql.Append(CultureInfo.InvariantCulture, $"customers AS (SELECT cust, {KeptSums(string.Empty)} FROM flagged WHERE {kept} GROUP BY cust),\n");
        sql.Append(CultureInfo.InvariantCulture, $"everything AS (SELECT {KeptSums($" FILTER (WHERE {kept})")}");
        sql.Append(CultureInfo.InvariantCulture, $", {Count("COUNT(*)")} AS rows_read");
        foreach (var rule in Rules)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {Count($"COUNT(*) FILTER (WHERE rule_code = {(int)rule.Rule})")} AS removed_{(int)rule.Rule}");
        }

        sql.Append(CultureInfo.InvariantCulture, $", {Count($"COUNT(*) FILTER (WHERE {kept})")} AS passed");
        foreach (var alias in parsedFromText)
        {
            var unreadable = $"FILTER (WHERE {alias} IS NULL AND {alias}_text IS NOT NULL)";
            sql.Append(CultureInfo.InvariantCulture, $", {Count($"COUNT(*) {unreadable}")} AS bad_{alias}, MIN({alias}_text) {unreadable} AS bad_{alias}_example");
        }

        sql.Append(CultureInfo.InvariantCulture, $", COUNT(DISTINCT country) FILTER (WHERE {kept}) AS countries FROM flagged)\n");

        // Both kinds of row carry the kept totals; with duplicates removed, minus the kept lines' extra copies.
        string Totals(string row, string extra)
        {
            if (!cleaning.RemoveDuplicates)
            {
                return $"{row}.kept_lines, {row}.invoices, {row}.products, {row}.first_date, {row}.last_date, {row}.revenue, {row}.items";
            }

            string Less(string column, string type) => $"{row}.{column} - CAST(COALESCE({extra}.{column}, 0) AS {type}) AS {column}";
            return $"{Less("kept_lines", "BIGINT")}, {row}.invoices, {row}.products, {row}.first_date, {row}.last_date, {Less("revenue", dialect.DoubleType)}, {Less("items", dialect.DoubleType)}";
        }

        var reportOnly = new List<string> { "rows_read" };
        reportOnly.AddRange(Rules.Select(r => $"removed_{(int)r.Rule}"));
        reportOnly.Add("passed");
        foreach (var alias in parsedFromText)
        {
            reportOnly.Add($"bad_{alias}");
            reportOnly.Add($"bad_{alias}_example");
        }

        reportOnly.Add("countries");

        // A NULL in the first part of a UNION takes the type of the second part's column (in every dialect).
        var customerExtra = cleaning.RemoveDuplicates
            ? $" LEFT JOIN (SELECT cust, {ExtraSums} FROM repeats WHERE {kept} GROUP BY cust) AS extra ON extra.cust = customers.cust"
            : string.Empty;
        sql.Append(CultureInfo.InvariantCulture, $"SELECT 0 AS is_total, customers.cust, {Totals("customers", "extra")}");
        foreach (var alias in reportOnly)
        {
            sql.Append(CultureInfo.InvariantCulture, $", NULL AS {alias}");
        }

        sql.Append(", NULL AS exact_duplicates");
        sql.Append(CultureInfo.InvariantCulture, $" FROM customers{customerExtra}\nUNION ALL\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT 1, NULL, {Totals("everything", "extra")}");
        foreach (var alias in reportOnly)
        {
            sql.Append(", everything.").Append(alias);
        }

        sql.Append(CultureInfo.InvariantCulture, $", {Count("COALESCE((SELECT SUM(extra) FROM repeats), 0)")} FROM everything");
        if (cleaning.RemoveDuplicates)
        {
            sql.Append(CultureInfo.InvariantCulture, $" CROSS JOIN (SELECT {ExtraSums} FROM repeats WHERE {kept}) AS extra");
        }

        return new SqlStatement(sql.ToString(), p.Values);
    }

    /// <summary>The first <paramref name="rows"/> rows of the relation, every column as it is.</summary>
    public static SqlStatement Preview(SqlDialect dialect, Func<SqlParameters, string> relation, int rows)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var p = new SqlParameters(dialect);
        var from = relation(p);
        return new SqlStatement($"SELECT * FROM {from} AS src LIMIT {p.Add((long)rows)}", p.Values);
    }

    /// <summary>The number of rows of the relation.</summary>
    public static SqlStatement RowCount(SqlDialect dialect, Func<SqlParameters, string> relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var p = new SqlParameters(dialect);
        return new SqlStatement($"SELECT COUNT(*) FROM {relation(p)} AS src", p.Values);
    }

    /// <summary>
    /// The shared head of both statements: <c>line</c> (the mapped columns trimmed and typed), <c>flagged</c> (each line
    /// with the code of the first rule that removes it) and <c>kept</c> (the lines no rule removes).
    /// </summary>
    internal static string Lines(SqlDialect dialect, SqlParameters p, Func<SqlParameters, string> relation, IReadOnlyDictionary<ColumnRole, SourceColumn> columns, CleaningOptions cleaning)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var role in ColumnAliases.RequiredRoles)
        {
            if (!columns.ContainsKey(role))
            {
                throw new ArgumentException($"No column is mapped to {role}.", nameof(columns));
            }
        }

        var empty = p.Add(string.Empty);
        string Text(ColumnRole role)
        {
            if (!columns.TryGetValue(role, out var column))
            {
                return $"CAST(NULL AS {dialect.TextType})";
            }

            var name = "src." + dialect.QuoteIdentifier(column.Name);
            var text = column.Kind == SourceColumnKind.Text ? name : $"CAST({name} AS {dialect.TextType})";
            return $"NULLIF(TRIM({text}), {empty})";
        }

        // A parsed column keeps its text only when it must be parsed, for the report's count of unreadable values.
        (string Value, string Text) Parsed(ColumnRole role, Func<string, SqlParameters, string> parse)
        {
            var column = columns[role];
            var name = "src." + dialect.QuoteIdentifier(column.Name);
            if (IsNative(column, role))
            {
                var type = role == ColumnRole.Date ? dialect.TimestampType : dialect.DoubleType;
                return ($"CAST({name} AS {type})", $"CAST(NULL AS {dialect.TextType})");
            }

            var text = Text(role);
            return (parse(text, p), text);
        }

        var quantity = Parsed(ColumnRole.Quantity, dialect.TryNumber);
        var price = Parsed(ColumnRole.Price, dialect.TryNumber);
        var date = Parsed(ColumnRole.Date, dialect.TryTimestamp);
        // The regular expression runs only on ids with a dot: a LIKE is far cheaper per line than a regex.
        var customerText = Text(ColumnRole.Customer);
        var customer = $"CASE WHEN {customerText} LIKE {p.Add("%.%")} THEN REGEXP_REPLACE({customerText}, {p.Add(CustomerFractionPattern)}, {p.Add(@"\1")}) ELSE {customerText} END";
        var from = relation(p);

        // Read again by each part of a statement rather than stored: storing every line costs more than reading the source again.
        var sql = new StringBuilder("WITH line AS NOT MATERIALIZED (SELECT ");
        sql.Append(CultureInfo.InvariantCulture, $"{Text(ColumnRole.Invoice)} AS inv, {Text(ColumnRole.Product)} AS prod, {Text(ColumnRole.Description)} AS descr, ");
        sql.Append(CultureInfo.InvariantCulture, $"{quantity.Value} AS qty, {quantity.Text} AS qty_text, {price.Value} AS price, {price.Text} AS price_text, ");
        sql.Append(CultureInfo.InvariantCulture, $"{date.Value} AS dt, {date.Text} AS dt_text, {customer} AS cust, {Text(ColumnRole.Country)} AS country ");
        sql.Append(CultureInfo.InvariantCulture, $"FROM {from} AS src),\nflagged AS NOT MATERIALIZED (SELECT line.*, CASE");
        foreach (var (rule, _, matches) in Rules)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {matches(p)} THEN {(int)rule}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" ELSE {Kept} END AS rule_code FROM line),\n");
        sql.Append(cleaning.RemoveDuplicates ? "kept AS (SELECT DISTINCT " : "kept AS (SELECT ");
        sql.Append(CultureInfo.InvariantCulture, $"inv, prod, descr, qty, dt, price, cust, country FROM flagged WHERE rule_code = {Kept})");
        return sql.ToString();
    }

    /// <summary>Whether the engine holds a parsed role's column as the number or timestamp it needs (nothing to parse).</summary>
    private static bool IsNative(SourceColumn column, ColumnRole role) =>
        column.Kind == (role == ColumnRole.Date ? SourceColumnKind.Date : SourceColumnKind.Number);

    /// <summary>The rules of the report, in order, with the count each removed.</summary>
    internal static IEnumerable<CleaningRule> RuleOrder => Rules.Select(r => r.Rule);
}

/// <summary>One customer's totals over their kept lines, as <see cref="CustomerFeatureSql.Aggregation"/> returns them.</summary>
internal readonly record struct CustomerTotals(long Invoices, long Products, double Revenue, double Items, DateTime FirstDate, DateTime LastDate);
