using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// A transaction source an ADO.NET provider reaches: runs the statements of <see cref="CustomerFeatureSql"/> and
/// streams the per-customer rows back. Engines differ only in how a connection is opened, how the table is named
/// (<see cref="Relation"/>) and how their errors read (<see cref="Explain"/>).
/// </summary>
public abstract class SqlTransactionSource : ITransactionSource
{
    /// <summary>The dialect the statements are written in.</summary>
    protected abstract SqlDialect Dialect { get; }

    /// <inheritdoc/>
    public abstract string DisplayName { get; }

    /// <summary>Seconds a statement may run before it is abandoned (0: no limit).</summary>
    protected virtual int CommandTimeoutSeconds => 0;

    /// <summary>Opens a connection ready for the statements.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The FROM item that reads the lines (a quoted table name, a table function with the path as a parameter).</summary>
    protected abstract string Relation(SqlParameters parameters);

    /// <summary>A message for the user about a driver exception (naming the source, never quoting the driver's text).</summary>
    protected abstract SourceException Explain(Exception exception, string stage);

    /// <inheritdoc/>
    public async Task<SourcePreview> PreviewAsync(int rows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return await Run("reading the first rows", async connection =>
        {
            await KeepRowOrderAsync(connection, cancellationToken).ConfigureAwait(false);
            return await ReadPreviewAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes statements on <paramref name="connection"/> return rows in the source's order, where the engine may reorder them otherwise (the preview shows the first rows).</summary>
    protected virtual Task KeepRowOrderAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task<long> CountRowsAsync(CancellationToken cancellationToken) =>
        await Run("counting rows", async connection =>
        {
            await using var command = Command(connection, CustomerFeatureSql.RowCount(Dialect, Relation));
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<SourceAggregation> AggregateAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken)
    {
        cleaning ??= CleaningOptions.Default;
        cleaning.Validate();
        progress?.Report(new SourceProgress("checking the columns", 0));

        // One connection for the columns and the statement: each new DuckDB database costs its set-up again.
        return await Run("aggregating", async connection =>
        {
            var columns = await ResolveColumnsAsync(connection, mapping, cancellationToken).ConfigureAwait(false);
            progress?.Report(new SourceProgress($"{Dialect.Name} cleans and aggregates the lines", 0));
            var (report, features) = await AggregateAsync(connection, columns, cleaning, progress, cancellationToken).ConfigureAwait(false);
            return new SourceAggregation(DisplayName, columns.ToDictionary(c => c.Key, c => c.Value.Name), report, features);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<SourceBaskets> BasketsAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        BasketGrouping grouping,
        double minSupport,
        CancellationToken cancellationToken)
    {
        cleaning ??= CleaningOptions.Default;
        cleaning.Validate();
        return await Run("reading the baskets", async connection =>
        {
            var columns = await ResolveColumnsAsync(connection, mapping, cancellationToken).ConfigureAwait(false);
            var sql = BasketSql.PairProductBaskets(Dialect, Relation, columns, cleaning, grouping, minSupport);
            await using var command = Command(connection, sql);
            await using var registration = cancellationToken.Register(command.Cancel).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await ReadBasketsAsync(reader, grouping, minSupport, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<PurchaseLog> PurchaseDaysAsync(IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, CancellationToken cancellationToken)
    {
        cleaning ??= CleaningOptions.Default;
        cleaning.Validate();
        return await Run("summing the purchase days", async connection =>
        {
            var columns = await ResolveColumnsAsync(connection, mapping, cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, PurchaseHistorySql.PurchaseDays(Dialect, Relation, columns, cleaning));
            await using var registration = cancellationToken.Register(command.Cancel).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var (ids, customer, date, amount) = (new List<string>(), new List<int>(), new List<DateTime>(), new List<double>());
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                if (!index.TryGetValue(id, out var c))
                {
                    index.Add(id, c = ids.Count);
                    ids.Add(id);
                }

                customer.Add(c);
                date.Add(Convert.ToDateTime(reader.GetValue(1), CultureInfo.InvariantCulture));
                amount.Add(Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture));
            }

            // Number the customers in the features' order, so index i is row i of the features.
            var order = ids.ToArray();
            Array.Sort(order, CustomerFeatures.CompareIds);
            var rank = new int[ids.Count];
            for (var r = 0; r < order.Length; r++)
            {
                rank[index[order[r]]] = r;
            }

            return new PurchaseLog(order, [.. customer.Select(c => rank[c])], [.. date], [.. amount]);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CustomerFeatureTable>> WindowFeaturesAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, IReadOnlyList<(DateTime Start, DateTime AsOf)> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        cleaning ??= CleaningOptions.Default;
        cleaning.Validate();
        return await Run("computing the snapshot features", async connection =>
        {
            var columns = await ResolveColumnsAsync(connection, mapping, cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, PurchaseHistorySql.WindowTotals(Dialect, Relation, columns, cleaning, windows));
            await using var registration = cancellationToken.Register(command.Cancel).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var ids = windows.Select(_ => new List<string>()).ToArray();
            var totals = windows.Select(_ => new List<CustomerTotals>()).ToArray();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var w = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                ids[w].Add(reader.GetString(1));
                totals[w].Add(new CustomerTotals(
                    Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture),
                    Convert.ToDouble(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture),
                    Convert.ToDateTime(reader.GetValue(6), CultureInfo.InvariantCulture), Convert.ToDateTime(reader.GetValue(7), CultureInfo.InvariantCulture)));
            }

            return (IReadOnlyList<CustomerFeatureTable>)[.. windows.Select((window, w) => Features(ids[w], totals[w], window.AsOf.Date))];
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The source column of every role: the explicit mapping first, then header aliases as for files. Missing required
    /// roles, mapped columns that do not exist and columns of an impossible type are refused with a message naming them.
    /// </summary>
    public IReadOnlyDictionary<ColumnRole, SourceColumn> ResolveColumns(IReadOnlyList<SourceColumn> available, IReadOnlyDictionary<ColumnRole, string>? mapping)
    {
        ArgumentNullException.ThrowIfNull(available);
        var headers = available.Select(c => c.Name).ToArray();
        Dictionary<ColumnRole, int> matched;
        try
        {
            matched = ColumnAliases.Match(headers, mapping);
        }
        catch (ArgumentException)
        {
            var absent = mapping!.First(m => !headers.Any(h => string.Equals(h, m.Value, StringComparison.OrdinalIgnoreCase)
                || ColumnAliases.Normalize(h) == ColumnAliases.Normalize(m.Value)));
            throw new SourceException($"{DisplayName}: the mapping gives column '{absent.Value}' for {absent.Key}, but there is no such column. Columns: {string.Join(", ", headers)}.");
        }

        var missing = ColumnAliases.RequiredRoles.Where(r => !matched.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
        {
            throw new SourceException($"{DisplayName}: no column for {string.Join(", ", missing)}; map them to one of: {string.Join(", ", headers)}.");
        }

        var result = matched.ToDictionary(m => m.Key, m => available[m.Value]);
        foreach (var (role, column) in result)
        {
            var wrong = role switch
            {
                ColumnRole.Quantity or ColumnRole.Price when column.Kind == SourceColumnKind.Date => "a number",
                ColumnRole.Date when column.Kind == SourceColumnKind.Number => "a date",
                _ => null,
            };
            if (wrong is not null)
            {
                throw new SourceException($"{DisplayName}: column '{column.Name}' ({column.TypeName}) is mapped to {role}, which must be {wrong}.");
            }
        }

        return result;
    }

    private async Task<(CleaningReport Report, CustomerFeatureTable Features)> AggregateAsync(
        DbConnection connection, IReadOnlyDictionary<ColumnRole, SourceColumn> columns, CleaningOptions cleaning,
        IProgress<SourceProgress>? progress, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, CustomerFeatureSql.Aggregation(Dialect, Relation, columns, cleaning));

        // DuckDB runs a statement on the calling thread; Cancel interrupts it (duckdb_interrupt), Npgsql sends a cancel request.
        await using var registration = cancellationToken.Register(command.Cancel).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        int Ordinal(string name) => reader.GetOrdinal(name);
        long Long(int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        double Double(int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        DateTime? Date(int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToDateTime(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        var (isTotal, customer, keptLines, invoices, products, revenue, items, firstDate, lastDate) = (Ordinal("is_total"), Ordinal("cust"),
            Ordinal("kept_lines"), Ordinal("invoices"), Ordinal("products"), Ordinal("revenue"), Ordinal("items"), Ordinal("first_date"), Ordinal("last_date"));

        // One row over everything (the report) and one per customer, in no particular order.
        Dictionary<string, object?>? total = null;
        var ids = new List<string>();
        var totals = new List<CustomerTotals>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Long(isTotal) == 1)
            {
                total = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
                continue;
            }

            // Customers whose every line was removed, and the lines without a customer, have no kept line.
            if (reader.IsDBNull(customer) || Long(keptLines) == 0)
            {
                continue;
            }

            ids.Add(reader.GetString(customer));
            totals.Add(new CustomerTotals(Long(invoices), Long(products), Double(revenue), Double(items), Date(firstDate)!.Value, Date(lastDate)!.Value));
            if ((ids.Count & 0x3FFF) == 0)
            {
                progress?.Report(new SourceProgress("receiving customers", ids.Count));
            }
        }

        progress?.Report(new SourceProgress("receiving customers", ids.Count));
        var report = Report(total ?? throw new SourceException($"{DisplayName}: {Dialect.Name} returned no totals row."), columns, cleaning, ids.Count);
        return (report, Features(ids, totals, report.LastDate!.Value.Date.AddDays(1)));
    }

    /// <summary>The quality report from the totals row, worded as <see cref="TransactionCleaner"/> words it.</summary>
    private CleaningReport Report(IReadOnlyDictionary<string, object?> total, IReadOnlyDictionary<ColumnRole, SourceColumn> columns, CleaningOptions cleaning, int customers)
    {
        // A column parsed by the engine itself has no count of unreadable values: the statement leaves it out.
        object? Value(string name) => total.TryGetValue(name, out var value) ? value : null;
        long Long(string name) => Value(name) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
        string? Text(string name) => Value(name) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        DateTime? Date(string name) => Value(name) is { } value ? Convert.ToDateTime(value, CultureInfo.InvariantCulture) : null;

        var rowsRead = Long("rows_read");
        var passed = Long("passed");
        var keptLines = Long("kept_lines");
        var warnings = new List<string>();
        foreach (var (role, alias, expected) in new[] { (ColumnRole.Quantity, "qty", "a number"), (ColumnRole.Price, "price", "a number"), (ColumnRole.Date, "dt", "an ISO date (yyyy-MM-dd HH:mm:ss)") })
        {
            var bad = Long($"bad_{alias}");
            if (bad == 0)
            {
                continue;
            }

            var column = columns[role].Name;
            var example = Text($"bad_{alias}_example");
            if (bad == rowsRead)
            {
                throw new SourceException($"{DisplayName}: column '{column}' is mapped to {role}, but none of its values is {expected} (for example '{example}').");
            }

            warnings.Add($"{bad:N0} values of column '{column}' ({role}) are not {expected}, for example '{example}'; those lines are counted as unparseable.");
        }

        var removed = CustomerFeatureSql.RuleOrder
            .Select(rule => new RuleCount(rule, Long($"removed_{(int)rule}"), CustomerFeatureSql.DescribeRule(rule)))
            .ToList();
        if (cleaning.RemoveDuplicates)
        {
            removed.Add(new RuleCount(CleaningRule.Duplicate, passed - keptLines, CustomerFeatureSql.DescribeRule(CleaningRule.Duplicate)));
        }

        if (keptLines == 0)
        {
            throw new SourceException($"{DisplayName}: no purchase line is left after cleaning ({rowsRead:N0} rows read). " +
                string.Join("; ", removed.Where(r => r.Count > 0).Select(r => $"{r.Count:N0} {r.Description}")));
        }

        var unparseable = Long($"removed_{(int)CleaningRule.Unparseable}");
        var revenue = Value("revenue") is { } r ? Convert.ToDouble(r, CultureInfo.InvariantCulture) : 0;
        return new CleaningReport(
            rowsRead, removed, keptLines, customers, (int)Long("invoices"), (int)Long("products"), Date("first_date"), Date("last_date"),
            (int)Long("countries"), Math.Round(revenue, 2), Long("exact_duplicates"), unparseable, [], warnings);
    }

    /// <summary>The feature table from the customers' totals, ordered as <see cref="CustomerFeatures"/> orders customers.</summary>
    private static CustomerFeatureTable Features(List<string> ids, List<CustomerTotals> totals, DateTime reference)
    {
        var order = Enumerable.Range(0, ids.Count).ToArray();
        var idArray = ids.ToArray();
        Array.Sort(order, (a, b) => CustomerFeatures.CompareIds(idArray[a], idArray[b]));
        var columnsOut = new FeatureColumn[CustomerFeatureSql.FeatureOrder.Count];
        for (var f = 0; f < columnsOut.Length; f++)
        {
            var column = new double[order.Length];
            for (var r = 0; r < order.Length; r++)
            {
                column[r] = CustomerFeatureSql.FeatureValue(f, totals[order[r]], reference);
            }

            var name = CustomerFeatureSql.FeatureOrder[f];
            columnsOut[f] = new FeatureColumn(name, column, name is not (FeatureNames.Recency or FeatureNames.Tenure), CustomerFeatureSql.DescribeFeature(name, reference));
        }

        return new CustomerFeatureTable([.. order.Select(r => idArray[r])], columnsOut, hasRfm: true);
    }

    /// <summary>
    /// Builds the basket database from the rows of <see cref="BasketSql.PairProductBaskets"/>: item codes and their basket
    /// counts in the order the frequent products arrive, the frequent pairs, baskets as their lines arrive (grouped by
    /// basket), and the baskets that came back without lines appended empty, so the database counts every basket.
    /// </summary>
    private async Task<SourceBaskets> ReadBasketsAsync(DbDataReader reader, BasketGrouping grouping, double minSupport, CancellationToken cancellationToken)
    {
        long basketCount = 0, productCount = 0;
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        var descriptions = new List<string?>();
        var counts = new List<int>();
        var pairs = new List<ItemPairCount>();
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        string? basket = null;
        void Close()
        {
            items.Sort(offsets[^1], items.Count - offsets[^1], null);
            offsets.Add(items.Count);
        }

        int Count(int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (Count(0))
            {
                case BasketSql.Total:
                    basketCount = Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture);
                    productCount = Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture);
                    break;
                case BasketSql.Item:
                    codes.Add(reader.GetString(2), labels.Count);
                    labels.Add(reader.GetString(2));
                    descriptions.Add(reader.IsDBNull(3) ? null : reader.GetString(3));
                    counts.Add(Count(4));
                    break;
                case BasketSql.Pair:
                    pairs.Add(new ItemPairCount(codes[reader.GetString(2)], codes[reader.GetString(6)], Count(4)));
                    break;
                default:
                    var next = reader.GetString(1);
                    if (basket is not null && !string.Equals(basket, next, StringComparison.Ordinal))
                    {
                        Close();
                    }

                    basket = next;
                    items.Add(codes[reader.GetString(2)]);
                    break;
            }
        }

        if (basket is not null)
        {
            Close();
        }

        if (basketCount == 0)
        {
            throw new SourceException($"{DisplayName}: no purchase line is left after cleaning, so there are no baskets to mine.");
        }

        var sentBack = offsets.Count - 1;
        while (offsets.Count <= basketCount)
        {
            offsets.Add(items.Count);
        }

        var share = string.Create(CultureInfo.InvariantCulture, $"{minSupport * 100:0.###} %");
        var warnings = new List<string>();
        if (labels.Count < productCount)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Dialect.Name} sent back the {labels.Count:N0} of {productCount:N0} products that are in at least {share} of the {basketCount:N0} baskets; the others are in no rule at that support or above."));
        }

        warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Dialect.Name} counted the {pairs.Count:N0} product pairs in at least {share} of the baskets and sent back the {sentBack:N0} baskets holding two or more of their products, with those products only (no itemset of two or more products at that support or above is in the others)."));
        var pairMinCount = new FrequentItemsetOptions { MinSupport = minSupport }.MinCount((int)basketCount);
        var database = new BasketDatabase([.. offsets], [.. items], [.. labels], [.. descriptions], null, warnings, [.. counts], pairMinCount);
        Debug.Assert(pairs.TrueForAll(p => database.CountSupport([p.First, p.Second]) == p.Count), "The reduced baskets count every frequent pair as the engine did.");
        return new SourceBaskets(grouping, minSupport, (int)productCount, database, pairs);
    }

    private DbCommand Command(DbConnection connection, SqlStatement statement)
    {
        var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        if (CommandTimeoutSeconds > 0)
        {
            command.CommandTimeout = CommandTimeoutSeconds;
        }

        foreach (var value in statement.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The source column of every role, from the columns the source has (see <see cref="ResolveColumns"/>).</summary>
    private async Task<IReadOnlyDictionary<ColumnRole, SourceColumn>> ResolveColumnsAsync(DbConnection connection, IReadOnlyDictionary<ColumnRole, string>? mapping, CancellationToken cancellationToken) =>
        ResolveColumns((await ReadPreviewAsync(connection, 0, cancellationToken).ConfigureAwait(false)).Columns, mapping);

    /// <summary>The columns and the first <paramref name="rows"/> rows, each value as text, read on an open connection.</summary>
    private async Task<SourcePreview> ReadPreviewAsync(DbConnection connection, int rows, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, CustomerFeatureSql.Preview(Dialect, Relation, rows));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = ColumnsOf(reader);
        var preview = new List<IReadOnlyList<string>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty;
            }

            preview.Add(row);
        }

        return new SourcePreview(columns, preview);
    }

    private static List<SourceColumn> ColumnsOf(DbDataReader reader)
    {
        var columns = new List<SourceColumn>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            columns.Add(new SourceColumn(reader.GetName(i), SourceColumn.KindOf(reader.GetFieldType(i)), reader.GetDataTypeName(i)));
        }

        return columns;
    }

    /// <summary>Opens a connection, runs <paramref name="work"/>, and turns driver failures into <see cref="SourceException"/>s.</summary>
    private async Task<T> Run<T>(string stage, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not SourceException && ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Explain(ex, stage);
        }
        catch (Exception ex) when (ex is not SourceException && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException($"{DisplayName}: cancelled while {stage}.", ex, cancellationToken);
        }
    }
}
