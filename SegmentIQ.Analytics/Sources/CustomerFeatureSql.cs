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
    /// The quality report and the per-customer totals in one statement and one scan of the source. Every line is first
    /// grouped with its exact repeats (the eight columns and the code of the rule that removes it, which those columns
    /// decide), so exact duplicates are found once. From that table come the rows per customer (<c>is_total</c> = 0,
    /// kept lines only) and, appended, one row over everything (the report, <c>is_total</c> = 1). Per column parsed from
    /// text, the unreadable values are counted with one example; a column the engine already holds as a number or a
    /// timestamp has none, so it adds nothing to the statement.
    /// </summary>
    /// <remarks>
    /// The customers and the totals were once one <c>GROUP BY GROUPING SETS ((cust), ())</c>: with its
    /// <c>COUNT(DISTINCT …)</c> aggregates it kept a distinct hash table per aggregate and grouping set over every line
    /// (invoices, products and countries per customer too) and cost about as much as the grouping of repeats itself.
    /// Before that there were two statements with three hash tables over every line and two reads of the files.
    /// </remarks>
    public static SqlStatement Aggregation(SqlDialect dialect, Func<SqlParameters, string> relation, IReadOnlyDictionary<ColumnRole, SourceColumn> columns, CleaningOptions cleaning)
    {
        ArgumentNullException.ThrowIfNull(cleaning);
        var p = new SqlParameters(dialect);
        var sql = new StringBuilder(Lines(dialect, p, relation, columns, cleaning));
        var parsedFromText = ParsedRoles.Where(r => !IsNative(columns[r.Role], r.Role)).Select(r => r.Alias).ToArray();
        sql.Append(",\nrepeats AS (SELECT inv, prod, descr, qty, dt, price, cust, country, rule_code, COUNT(*) AS n");
        foreach (var alias in parsedFromText)
        {
            sql.Append(CultureInfo.InvariantCulture, $", COUNT(*) FILTER (WHERE {alias} IS NULL AND {alias}_text IS NOT NULL) AS bad_{alias}");
            sql.Append(CultureInfo.InvariantCulture, $", MIN({alias}_text) FILTER (WHERE {alias} IS NULL AND {alias}_text IS NOT NULL) AS bad_{alias}_example");
        }

        sql.Append(" FROM flagged GROUP BY inv, prod, descr, qty, dt, price, cust, country, rule_code)\n");

        // Kept lines count once each when duplicates are removed, else as often as they occur.
        var weight = cleaning.RemoveDuplicates ? "1" : "n";
        var kept = $"rule_code = {Kept}";
        string Count(string expression) => $"CAST({expression} AS BIGINT)";

        // The columns both kinds of row carry, over the kept lines: per customer in the first part, over all in the second.
        string KeptTotals(string filter) =>
            string.Create(CultureInfo.InvariantCulture, $"{Count($"SUM({weight}){filter}")} AS kept_lines, COUNT(DISTINCT inv){filter} AS invoices, COUNT(DISTINCT prod){filter} AS products, ") +
            $"MIN(dt){filter} AS first_date, MAX(dt){filter} AS last_date, " +
            $"CAST(SUM(qty * price * {weight}){filter} AS {dialect.DoubleType}) AS revenue, CAST(SUM(qty * {weight}){filter} AS {dialect.DoubleType}) AS items";

        var reportOnly = new List<(string Alias, string Expression)> { ("rows_read", Count("SUM(n)")) };
        reportOnly.AddRange(Rules.Select(r => ($"removed_{(int)r.Rule}", Count($"SUM(n) FILTER (WHERE rule_code = {(int)r.Rule})"))));
        reportOnly.Add(("passed", Count($"SUM(n) FILTER (WHERE {kept})")));
        foreach (var alias in parsedFromText)
        {
            reportOnly.Add(($"bad_{alias}", Count($"SUM(bad_{alias})")));
            reportOnly.Add(($"bad_{alias}_example", $"MIN(bad_{alias}_example)"));
        }

        reportOnly.Add(("distinct_lines", $"COUNT(*) FILTER (WHERE rule_code <> {(int)CleaningRule.Unparseable})"));
        reportOnly.Add(("countries", $"COUNT(DISTINCT country) FILTER (WHERE {kept})"));

        // A NULL in the first part of a UNION takes the type of the second part's column (in every dialect).
        sql.Append(CultureInfo.InvariantCulture, $"SELECT 0 AS is_total, cust, {KeptTotals(string.Empty)}");
        foreach (var (alias, _) in reportOnly)
        {
            sql.Append(CultureInfo.InvariantCulture, $", NULL AS {alias}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" FROM repeats WHERE {kept} GROUP BY cust\nUNION ALL\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT 1, NULL, {KeptTotals($" FILTER (WHERE {kept})")}");
        foreach (var (_, expression) in reportOnly)
        {
            sql.Append(", ").Append(expression);
        }

        sql.Append(" FROM repeats");
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

        var sql = new StringBuilder("WITH line AS (SELECT ");
        sql.Append(CultureInfo.InvariantCulture, $"{Text(ColumnRole.Invoice)} AS inv, {Text(ColumnRole.Product)} AS prod, {Text(ColumnRole.Description)} AS descr, ");
        sql.Append(CultureInfo.InvariantCulture, $"{quantity.Value} AS qty, {quantity.Text} AS qty_text, {price.Value} AS price, {price.Text} AS price_text, ");
        sql.Append(CultureInfo.InvariantCulture, $"{date.Value} AS dt, {date.Text} AS dt_text, {customer} AS cust, {Text(ColumnRole.Country)} AS country ");
        sql.Append(CultureInfo.InvariantCulture, $"FROM {from} AS src),\nflagged AS (SELECT line.*, CASE");
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
