using System.Globalization;
using DuckDB.NET.Data;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// The exact-repeat step of <see cref="CustomerFeatureSql.Aggregation"/>: a line hash only proposes candidates, so even a
/// hash under which every line collides must give the same counts and totals.
/// </summary>
public sealed class CustomerFeatureSqlTests
{
    /// <summary>
    /// Hand-made lines: customer 10 has one line twice and one (with no description) three times; customer 11 has a
    /// line with quantity -0 and its repeat with quantity 0 (equal, as the in-process cleaner compares them, and removed
    /// by the quantity rule) and one single line. 2 + 1 + 1 extra copies: 4 exact duplicates.
    /// </summary>
    private const string Lines = """
        CREATE TABLE lines AS SELECT * FROM (VALUES
          ('1', 'A', 'cup', 1.0, TIMESTAMP '2020-01-01 10:00', 2.0, '10', 'UK'),
          ('1', 'A', 'cup', 1.0, TIMESTAMP '2020-01-01 10:00', 2.0, '10', 'UK'),
          ('1', 'B', NULL, 2.0, TIMESTAMP '2020-01-01 10:00', 3.0, '10', 'UK'),
          ('1', 'B', NULL, 2.0, TIMESTAMP '2020-01-01 10:00', 3.0, '10', 'UK'),
          ('1', 'B', NULL, 2.0, TIMESTAMP '2020-01-01 10:00', 3.0, '10', 'UK'),
          ('2', 'C', 'jar', CAST('-0.0' AS DOUBLE), TIMESTAMP '2020-01-02 10:00', 1.0, '11', 'UK'),
          ('2', 'C', 'jar', 0.0, TIMESTAMP '2020-01-02 10:00', 1.0, '11', 'UK'),
          ('2', 'D', 'lid', 1.0, TIMESTAMP '2020-01-02 10:00', 1.5, '11', 'France')
        ) AS t(InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country)
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aggregation_EveryLineHashCollides_GivesTheSameRows(bool removeDuplicates)
    {
        var cleaning = new CleaningOptions { RemoveDuplicates = removeDuplicates };
        var hashed = Run(DuckDbDialect.Instance, cleaning);
        var colliding = Run(new CollidingDuckDbDialect(), cleaning);

        Assert.Equal(hashed, colliding);
        var total = hashed.Single(r => r["is_total"] == "1");
        Assert.Equal("4", total["exact_duplicates"]);
        var customer10 = hashed.Single(r => r["cust"] == "10");
        Assert.Equal(removeDuplicates ? "2" : "5", customer10["kept_lines"]);
        Assert.Equal(removeDuplicates ? 8.0 : 22.0, double.Parse(customer10["revenue"], CultureInfo.InvariantCulture), 9);
        Assert.Equal(removeDuplicates ? "3" : "6", total["kept_lines"]);
    }

    /// <summary>Every row of the statement, each column as invariant text, in a fixed order.</summary>
    private static List<Dictionary<string, string>> Run(SqlDialect dialect, CleaningOptions cleaning)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = Lines;
            create.ExecuteNonQuery();
        }

        var text = new SourceColumn("", SourceColumnKind.Text, "VARCHAR");
        var columns = new Dictionary<ColumnRole, SourceColumn>
        {
            [ColumnRole.Invoice] = text with { Name = "InvoiceNo" },
            [ColumnRole.Product] = text with { Name = "StockCode" },
            [ColumnRole.Description] = text with { Name = "Description" },
            [ColumnRole.Quantity] = new("Quantity", SourceColumnKind.Number, "DOUBLE"),
            [ColumnRole.Date] = new("InvoiceDate", SourceColumnKind.Date, "TIMESTAMP"),
            [ColumnRole.Price] = new("UnitPrice", SourceColumnKind.Number, "DOUBLE"),
            [ColumnRole.Customer] = text with { Name = "CustomerID" },
            [ColumnRole.Country] = text with { Name = "Country" },
        };
        var statement = CustomerFeatureSql.Aggregation(dialect, _ => "lines", columns, cleaning);
        using var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var value in statement.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(value));
        }

        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName,
                i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!));
        }

        return [.. rows.OrderBy(r => r["is_total"], StringComparer.Ordinal).ThenBy(r => r["cust"], StringComparer.Ordinal)];
    }

    /// <summary>DuckDB with a line hash under which every line collides: every line becomes a candidate repeat.</summary>
    private sealed class CollidingDuckDbDialect : SqlDialect
    {
        public override string Name => "DuckDB (colliding hash)";

        public override string DoubleType => DuckDbDialect.Instance.DoubleType;

        public override string TryNumber(string textExpression, SqlParameters parameters) => DuckDbDialect.Instance.TryNumber(textExpression, parameters);

        public override string TryTimestamp(string textExpression, SqlParameters parameters) => DuckDbDialect.Instance.TryTimestamp(textExpression, parameters);

        public override string LineHash(IReadOnlyList<string> expressions) => "CAST(7 AS UBIGINT)";
    }
}
