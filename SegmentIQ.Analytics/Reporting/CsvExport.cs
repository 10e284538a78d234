using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>
/// RFC 4180 CSV writer for any table, safe to open in a spreadsheet: text that starts with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, tab or carriage return is prefixed with a single quote (OWASP CSV-injection guidance), while
/// numbers are written as numbers (invariant culture, round-trippable) so a negative value is never altered.
/// Our own writer rather than CsvHelper because CsvHelper's injection escaping applies to every field after
/// conversion, which would turn the number -5 into the text '-5.
/// </summary>
public static class CsvExport
{
    /// <summary>Writes a header row and the rows; each row must have one value per header.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (delimiter is '"' or '\r' or '\n' or '\'')
        {
            throw new ArgumentOutOfRangeException(nameof(delimiter), delimiter, "The delimiter cannot be a quote or a line break.");
        }

        WriteRow(writer, headers.Cast<object?>().ToArray(), delimiter);
        var index = 0;
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"Row {index} has {row.Count} values for {headers.Count} columns.", nameof(rows));
            }

            WriteRow(writer, row, delimiter);
            index++;
        }
    }

    /// <summary>The CSV text of a table (see <see cref="Write"/>).</summary>
    public static string ToCsv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, char delimiter = ',')
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, headers, rows, delimiter);
        return writer.ToString();
    }

    /// <summary>Customer id → segment (numbered from 1, as every screen shows it; "Noise" for DBSCAN noise) → persona, one row per customer.</summary>
    public static void WriteCustomerSegments(TextWriter writer, CustomerFeatureTable customers, IReadOnlyList<int> labels, PersonaSet personas)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(personas);
        if (labels.Count != customers.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {customers.Count} customers.", nameof(labels));
        }

        Write(
            writer,
            ["CustomerId", "Segment", "Persona"],
            Enumerable.Range(0, customers.Count).Select(i => (IReadOnlyList<object?>)[customers.CustomerIds[i], (object?)SegmentNames.Number(labels[i]) ?? SegmentNames.Noise, personas.NameOf(labels[i])]));
    }

    /// <summary>
    /// Neutralises text a spreadsheet would run as a formula: a leading <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
    /// tab or CR gets a single-quote prefix. Other text is returned unchanged.
    /// </summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsFormulaLike(text) ? "'" + text : text;
    }

    /// <summary>True when text starts with a character a spreadsheet treats as the start of a formula.</summary>
    public static bool IsFormulaLike(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>One field as CSV text: numbers invariant, text neutralised and quoted when needed.</summary>
    public static string FormatField(object? value, char delimiter = ',') => value switch
    {
        null => string.Empty,
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        int or long or short or byte or uint or ulong or decimal => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        bool b => b ? "true" : "false",
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
        _ => QuoteIfNeeded(Neutralize(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty), delimiter),
    };

    private static void WriteRow(TextWriter writer, IReadOnlyList<object?> values, char delimiter)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(delimiter);
            }

            writer.Write(FormatField(values[i], delimiter));
        }

        writer.Write("\r\n");
    }

    private static string QuoteIfNeeded(string text, char delimiter)
    {
        if (text.AsSpan().IndexOfAny(['"', '\r', '\n', delimiter]) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        builder.Append(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        builder.Append('"');
        return builder.ToString();
    }
}
