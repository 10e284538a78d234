using System.Globalization;
using DuckDB.NET.Data;

namespace SegmentIQ.Bench;

/// <summary>
/// Writes synthetic transaction lines shaped like Online Retail, at any size, as Parquet and CSV through DuckDB. The
/// real file is the template: size N repeats its lines ⌈N / 541,909⌉ times, each repetition with its own invoice numbers
/// and customer ids (so lines per invoice, invoices per customer, dates, countries, cancellations and missing
/// customers keep their real distribution), and every line takes the product, description and unit price of a line
/// drawn at random from the real file (so product popularity and prices keep theirs). Quantities stay with their line,
/// so returns stay negative.
/// </summary>
public static class SyntheticRetail
{
    /// <summary>Lines of the real template.</summary>
    public const long TemplateLines = 541_909;

    /// <summary>
    /// Writes <paramref name="lines"/> lines to <paramref name="target"/> (.parquet, or .csv / .csv.gz by extension);
    /// without <paramref name="resampleProducts"/> the first 541,909 lines are the real file's own (a typed copy).
    /// </summary>
    public static void Write(string template, long lines, string target, int seed = 42, bool resampleProducts = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        var repetitions = (lines + TemplateLines - 1) / TemplateLines;
        var format = target.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "FORMAT PARQUET" : "FORMAT CSV, HEADER";
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "SET memory_limit = '2GB'");
        Execute(connection, "SET preserve_insertion_order = false");
        Execute(connection, $"SELECT setseed({(seed % 1000) / 1000.0:R})");
        Execute(connection, "CREATE TABLE real AS SELECT *, CAST(row_number() OVER () - 1 AS BIGINT) AS i FROM read_csv($1, header = true, all_varchar = true)", template);
        Execute(connection, "CREATE TABLE product AS SELECT i, StockCode, Description, UnitPrice FROM real");

        // Generation SQL: our own text; the only outside values (paths, sizes) are written by this tool, not a user.
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            COPY (
              SELECT
                CASE WHEN starts_with(r.InvoiceNo, 'C') THEN 'C' ELSE '' END
                  || CAST(rep.k * 1000000 + CAST(regexp_replace(r.InvoiceNo, '[^0-9]', '', 'g') AS BIGINT) AS VARCHAR) AS InvoiceNo,
                p.StockCode, p.Description, CAST(r.Quantity AS BIGINT) AS Quantity, CAST(r.InvoiceDate AS TIMESTAMP) AS InvoiceDate,
                CAST(p.UnitPrice AS DOUBLE) AS UnitPrice,
                CASE WHEN r.CustomerID IS NULL OR r.CustomerID = '' THEN NULL
                     ELSE CAST(rep.k * 100000 + CAST(CAST(r.CustomerID AS DOUBLE) AS BIGINT) AS VARCHAR) END AS CustomerID,
                r.Country
              FROM range({repetitions}) AS rep(k)
              CROSS JOIN real AS r
              JOIN product AS p ON p.i = {(resampleProducts ? $"CAST(hash(rep.k, r.i, {seed}) % {TemplateLines} AS BIGINT)" : "r.i")}
              WHERE rep.k * {TemplateLines} + r.i < {lines}
            ) TO '{target.Replace("'", "''", StringComparison.Ordinal)}' ({format})
            """);
        Execute(connection, sql);
    }

    private static void Execute(DuckDBConnection connection, string sql, params object[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(p));
        }

        command.ExecuteNonQuery();
    }
}
