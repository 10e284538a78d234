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

    public void Dispose()
    {
        if (ConnectionString is not null)
        {
            Execute($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        }
    }
}
