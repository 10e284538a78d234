namespace SegmentIQ.Analytics.Sources;

/// <summary>How a source column's values are stored, as far as the aggregation SQL cares.</summary>
public enum SourceColumnKind
{
    /// <summary>Text (parsed by the SQL where a number or date is needed).</summary>
    Text,

    /// <summary>An integer, decimal or floating-point number.</summary>
    Number,

    /// <summary>A date or timestamp.</summary>
    Date,

    /// <summary>Anything else (booleans, blobs, lists); used only as text.</summary>
    Other,
}

/// <summary>One column of a source: its name as the source spells it, its kind and the engine's type name.</summary>
public sealed record SourceColumn(string Name, SourceColumnKind Kind, string TypeName)
{
    /// <summary>The kind of a column from the CLR type its driver reads it as.</summary>
    public static SourceColumnKind KindOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(char))
        {
            return SourceColumnKind.Text;
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly))
        {
            return SourceColumnKind.Date;
        }

        return type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(long) || type == typeof(int)
            || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ulong) || type == typeof(uint)
            || type == typeof(ushort) || type == typeof(System.Numerics.BigInteger) || type == typeof(Int128) || type == typeof(UInt128)
            ? SourceColumnKind.Number
            : SourceColumnKind.Other;
    }
}

/// <summary>The columns of a source and its first rows, as shown before mapping and aggregating.</summary>
/// <param name="Columns">The columns in source order.</param>
/// <param name="PreviewRows">The first rows (at most the preview size), values as text ("" for NULL).</param>
public sealed record SourcePreview(IReadOnlyList<SourceColumn> Columns, IReadOnlyList<IReadOnlyList<string>> PreviewRows)
{
    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Headers => [.. Columns.Select(c => c.Name)];
}
