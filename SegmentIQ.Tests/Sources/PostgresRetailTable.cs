using Npgsql;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// Online Retail loaded into a table of the test PostgreSQL, in a schema of its own (dropped on dispose), by the bench's
/// <see cref="SegmentIQ.Bench.PostgresRetailLoader"/> (DuckDB reads the CSV typed, Npgsql's binary COPY writes it).
/// </summary>
public sealed class PostgresRetailTable : IDisposable
{
    public PostgresRetailTable()
    {
        if (TestServices.Postgres is null || !SharedData.Available)
        {
            return;
        }

        ConnectionString = TestServices.Postgres;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        SegmentIQ.Bench.PostgresRetailLoader.Load(ConnectionString, Schema, "online_retail", SharedData.DataFile("online_retail.csv.gz"));
        LoadTime = watch.Elapsed;
    }

    /// <summary>This fixture's own schema.</summary>
    public string Schema { get; } = "siq_sources_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The test server's connection string (null when the tests skip).</summary>
    public string? ConnectionString { get; }

    /// <summary>How long the binary COPY of 541,909 lines took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Runs test-setup SQL (our own fixed text).</summary>
    public void Execute(string sql, string? connectionString = null)
    {
        using var connection = new NpgsqlConnection(connectionString ?? ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a scalar query (our own fixed text).</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>
    /// Creates a view of the lines that answers only after a single 60-second pause, for the timeout and cancel tests.
    /// Each test names its own view: a query the client gave up on may still run on the server for those seconds, and
    /// replacing a view it reads would wait for it.
    /// </summary>
    public string SlowView(string name)
    {
        // Far longer than any timeout or cancel the tests wait for: on a loaded CI machine a 5 s pause once ended before the
        // 1 s command timeout's cancel request took effect, and the query then simply succeeded. Abandoned queries are
        // ended when the fixture is disposed.
        Execute($"CREATE VIEW \"{Schema}\".\"{name}\" AS SELECT l.* FROM \"{Schema}\".online_retail AS l CROSS JOIN (SELECT pg_sleep(60)) AS pause");
        return name;
    }

    public void Dispose()
    {
        if (ConnectionString is not null)
        {
            // Queries the tests abandoned (timeouts, cancels) end first, so dropping the schema never waits on their locks.
            Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%{Schema}%'");

            // The ended sessions may sit idle in Npgsql's pool, shared by every fixture on this connection string: drop them
            // so neither this fixture's DROP nor another class's fixture is handed a terminated connection.
            NpgsqlConnection.ClearAllPools();
            Execute($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        }
    }
}
