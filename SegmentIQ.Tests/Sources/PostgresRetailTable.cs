using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// Online Retail loaded into a table of the test PostgreSQL, in a schema of its own (dropped on dispose): DuckDB reads
/// the CSV with typed columns and Npgsql's binary COPY writes them.
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
        Execute($"CREATE SCHEMA \"{Schema}\"; CREATE TABLE \"{Schema}\".online_retail (\"InvoiceNo\" text, \"StockCode\" text, \"Description\" text, " +
            "\"Quantity\" integer, \"InvoiceDate\" timestamp, \"UnitPrice\" double precision, \"CustomerID\" double precision, \"Country\" text)");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var duck = new DuckDBConnection("Data Source=:memory:"))
        using (var pg = new NpgsqlConnection(ConnectionString))
        {
            duck.Open();
            pg.Open();
            using var read = duck.CreateCommand();
            read.CommandText = "SELECT InvoiceNo, StockCode, Description, CAST(Quantity AS INTEGER), CAST(InvoiceDate AS TIMESTAMP), CAST(UnitPrice AS DOUBLE), " +
                "TRY_CAST(CustomerID AS DOUBLE), Country FROM read_csv($1, header = true, all_varchar = true)";
            read.Parameters.Add(new DuckDBParameter(SharedData.DataFile("online_retail.csv.gz")));
            using var reader = read.ExecuteReader();
            using var import = pg.BeginBinaryImport($"COPY \"{Schema}\".online_retail FROM STDIN (FORMAT BINARY)");
            NpgsqlDbType[] types = [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Timestamp, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Text];
            while (reader.Read())
            {
                import.StartRow();
                for (var i = 0; i < types.Length; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        import.WriteNull();
                    }
                    else
                    {
                        import.Write(reader.GetValue(i), types[i]);
                    }
                }
            }

            import.Complete();
        }

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
