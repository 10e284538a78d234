using Npgsql;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>The PostgreSQL source against the test server (tools/test-services.sh), with Online Retail in a schema of its own.</summary>
public sealed class PostgresTableSourceTests(PostgresRetailTable table, OnlineRetailSources files)
    : IClassFixture<PostgresRetailTable>, IClassFixture<OnlineRetailSources>
{
    private const string Hostile = "retail\"; DROP TABLE sentinel; --";

    [PostgresDataFact]
    public async Task Aggregate_OnlineRetailTable_EqualsInProcessPath()
    {
        var source = new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail");
        var aggregation = await source.AggregateAsync(null, null, null, CancellationToken.None);
        OnlineRetailSources.AssertSameAsInProcess(files.InProcess, aggregation);
        Assert.Equal(4338, aggregation.Features.Count);
        Assert.Equal(541_909, await source.CountRowsAsync(CancellationToken.None));
    }

    [PostgresDataFact]
    public async Task Aggregate_HostileTableAndColumnNames_ReadThoseObjectsAndDropNothing()
    {
        var s = table.Schema;
        table.Execute($"CREATE TABLE IF NOT EXISTS \"{s}\".sentinel (x int); " +
            $"CREATE TABLE IF NOT EXISTS \"{s}\".\"{Hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\" AS SELECT \"InvoiceNo\" AS \"Invoice'; DROP TABLE sentinel; --\", " +
            $"\"StockCode\", \"Quantity\", \"InvoiceDate\", \"UnitPrice\", \"CustomerID\" AS \"Who\"\"; DELETE FROM sentinel; --\" FROM \"{s}\".online_retail " +
            "WHERE \"CustomerID\" IN (12347, 12348)");
        var mapping = new Dictionary<ColumnRole, string>
        {
            [ColumnRole.Invoice] = "Invoice'; DROP TABLE sentinel; --",
            [ColumnRole.Customer] = "Who\"; DELETE FROM sentinel; --",
        };
        var aggregation = await new PostgresTableSource("warehouse", table.ConnectionString!, s, Hostile).AggregateAsync(mapping, null, null, CancellationToken.None);

        Assert.Equal(["12347", "12348"], aggregation.Features.CustomerIds);
        var expected = files.InProcess.Features;
        var row = expected.CustomerIds.ToList().IndexOf("12347");
        Assert.Equal(expected["Frequency"][row], aggregation.Features["Frequency"][0]);
        Assert.Equal(expected["Monetary"][row], aggregation.Features["Monetary"][0], 9);
        Assert.Equal(1L, table.Scalar($"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{s}' AND table_name = 'sentinel'"));
    }

    [PostgresDataFact]
    public async Task Load_HostileNameOfNoTable_SaysSoAndDropsNothing()
    {
        table.Execute($"CREATE TABLE IF NOT EXISTS \"{table.Schema}\".sentinel (x int)");
        var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "x\"; DROP TABLE sentinel; --"), null, null, null, CancellationToken.None);
        Assert.Equal($"warehouse: {table.Schema}.x\"; DROP TABLE sentinel; --: there is no table or view '{table.Schema}.x\"; DROP TABLE sentinel; --' (names are matched exactly, case included).", outcome.Error);
        Assert.Equal(1L, table.Scalar($"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{table.Schema}' AND table_name = 'sentinel'"));
    }

    [PostgresFact]
    public async Task Load_UnreachableServer_NamesTheConnectionNeverItsString()
    {
        const string secret = "Host=127.0.0.1;Port=1;Username=alice;Password=pa55-w0rd-never-shown;Database=shop;Timeout=3";
        var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", secret, "public", "sales"), null, null, null, CancellationToken.None);
        Assert.Equal("warehouse: public.sales: the server of connection 'warehouse' cannot be reached; check that it runs and the network allows it.", outcome.Error);
        AssertNoSecret(outcome.Error!, secret);
    }

    [PostgresDataFact]
    public async Task Load_WrongPassword_SaysTheCredentialsWereRefusedWithoutShowingThem()
    {
        var wrong = new NpgsqlConnectionStringBuilder(table.ConnectionString) { Password = "not-the-password-123" }.ConnectionString;
        var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", wrong, table.Schema, "online_retail"), null, null, null, CancellationToken.None);
        Assert.Equal($"warehouse: {table.Schema}.online_retail: the server refused the credentials of connection 'warehouse'; fix them in the configuration.", outcome.Error);
        AssertNoSecret(outcome.Error!, wrong);
    }

    [PostgresDataFact]
    public async Task Load_SlowView_StopsAtTheTimeoutWithAClearMessage()
    {
        var view = table.SlowView("slow_lines_timeout");
        var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, view, commandTimeoutSeconds: 1), null, null, null, CancellationToken.None);
        Assert.Equal($"warehouse: {table.Schema}.{view}: the server did not answer within 1 s (aggregating).", outcome.Error);
    }

    [PostgresDataFact]
    public async Task Load_MappedColumnMissing_NamesItAndListsTheColumns()
    {
        var mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Customer] = "ClientNumber" };
        var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail"), mapping, null, null, CancellationToken.None);
        Assert.Equal($"warehouse: {table.Schema}.online_retail: the mapping gives column 'ClientNumber' for Customer, but there is no such column. " +
            "Columns: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country.", outcome.Error);
    }

    [PostgresDataFact]
    public async Task Load_UserWithoutSelectPermission_SaysSo()
    {
        var role = table.Schema + "_reader";
        table.Execute($"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE \"{role}\" LOGIN PASSWORD 'reader-pw'; END IF; END $$; " +
            $"GRANT USAGE ON SCHEMA \"{table.Schema}\" TO \"{role}\"");
        try
        {
            var asReader = new NpgsqlConnectionStringBuilder(table.ConnectionString) { Username = role, Password = "reader-pw" }.ConnectionString;
            var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", asReader, table.Schema, "online_retail"), null, null, null, CancellationToken.None);
            Assert.Equal($"warehouse: {table.Schema}.online_retail: the user of connection 'warehouse' has no permission to read '{table.Schema}.online_retail'.", outcome.Error);
        }
        finally
        {
            table.Execute($"REVOKE ALL ON SCHEMA \"{table.Schema}\" FROM \"{role}\"; DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    [PostgresDataFact]
    public async Task Load_TimestampMappedToQuantity_IsRefusedByType()
    {
        var mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Quantity] = "InvoiceDate", [ColumnRole.Date] = "InvoiceDate" };
        var outcome = await SourceLoader.LoadAsync(new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, "online_retail"), mapping, null, null, CancellationToken.None);
        Assert.Equal($"warehouse: {table.Schema}.online_retail: column 'InvoiceDate' (timestamp without time zone) is mapped to Quantity, which must be a number.", outcome.Error);
    }

    [PostgresDataFact]
    public async Task Aggregate_Cancelled_StopsWithCancellation()
    {
        var view = table.SlowView("slow_lines_cancel");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new PostgresTableSource("warehouse", table.ConnectionString!, table.Schema, view).AggregateAsync(null, null, null, cancel.Token));
    }

    private static void AssertNoSecret(string message, string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.DoesNotContain(builder.Password!, message, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(builder.Host + ":" + builder.Port, message, StringComparison.Ordinal);
    }
}
