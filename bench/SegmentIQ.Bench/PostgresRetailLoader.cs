using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace SegmentIQ.Bench;

/// <summary>
/// Loads transaction lines (Online Retail or a synthetic file) into a PostgreSQL table through Npgsql's binary COPY,
/// DuckDB reading the file with typed columns. Used by the scale suite and the PostgreSQL source tests.
/// </summary>
public static class PostgresRetailLoader
{
    private static readonly NpgsqlDbType[] Types =
        [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Timestamp, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Text];

    /// <summary>Creates <paramref name="schema"/>.<paramref name="table"/> and copies the file into it; returns the lines copied.</summary>
    public static long Load(string connectionString, string schema, string table, string file)
    {
        using var pg = new NpgsqlConnection(connectionString);
        pg.Open();
        var name = $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        using (var create = pg.CreateCommand())
        {
            create.CommandText = $"CREATE SCHEMA IF NOT EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"; DROP TABLE IF EXISTS {name}; " +
                $"CREATE TABLE {name} (\"InvoiceNo\" text, \"StockCode\" text, \"Description\" text, \"Quantity\" integer, \"InvoiceDate\" timestamp, " +
                "\"UnitPrice\" double precision, \"CustomerID\" double precision, \"Country\" text)";
            create.ExecuteNonQuery();
        }

        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var read = duck.CreateCommand();
        var from = file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "read_parquet($1)" : "read_csv($1, header = true, all_varchar = true)";
        read.CommandText = "SELECT CAST(InvoiceNo AS VARCHAR), CAST(StockCode AS VARCHAR), CAST(Description AS VARCHAR), CAST(Quantity AS INTEGER), " +
            $"CAST(InvoiceDate AS TIMESTAMP), CAST(UnitPrice AS DOUBLE), TRY_CAST(CustomerID AS DOUBLE), CAST(Country AS VARCHAR) FROM {from}";
        read.Parameters.Add(new DuckDBParameter(file));
        using var reader = read.ExecuteReader();
        using var import = pg.BeginBinaryImport($"COPY {name} FROM STDIN (FORMAT BINARY)");
        long rows = 0;
        while (reader.Read())
        {
            import.StartRow();
            for (var i = 0; i < Types.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    import.WriteNull();
                }
                else
                {
                    import.Write(reader.GetValue(i), Types[i]);
                }
            }

            rows++;
        }

        import.Complete();
        return rows;
    }
}
