namespace SegmentIQ.Analytics.Ingestion;

/// <summary>What kind of table a file holds.</summary>
public enum FileShape
{
    /// <summary>Decide from the headers.</summary>
    Auto,

    /// <summary>Invoice lines (invoice, product, quantity, price, date, customer).</summary>
    Transactions,

    /// <summary>One row per customer with numeric columns.</summary>
    CustomerTable,

    /// <summary>One row per order (customer, date, amount; optionally an order id and a quantity), no products.</summary>
    OrderLines,
}

/// <summary>Date layouts the reader understands.</summary>
public enum DateLayout
{
    /// <summary>Decide from the values.</summary>
    Auto,

    /// <summary><c>yyyy-MM-dd[ HH:mm[:ss]]</c> (also with <c>T</c> or <c>/</c>).</summary>
    Iso,

    /// <summary><c>d/M/yyyy[ H:mm[:ss]]</c>, day first.</summary>
    DayMonthYear,

    /// <summary><c>M/d/yyyy[ H:mm[:ss]]</c>, month first (US).</summary>
    MonthDayYear,

    /// <summary><c>dd.MM.yyyy[ HH:mm[:ss]]</c> (German style).</summary>
    DottedDayMonthYear,

    /// <summary>Excel serial day numbers (workbooks).</summary>
    ExcelSerial,
}

/// <summary>Options of <see cref="DataFileReader"/>; every setting defaults to detection from the file.</summary>
public sealed record DataFileReadOptions
{
    /// <summary>The shared defaults (detect everything).</summary>
    public static DataFileReadOptions Default { get; } = new();

    /// <summary>Force a shape instead of detecting it from the headers.</summary>
    public FileShape Shape { get; init; } = FileShape.Auto;

    /// <summary>Role → header name, used before alias matching (after the UI's mapping dialog).</summary>
    public IReadOnlyDictionary<ColumnRole, string>? Mapping { get; init; }

    /// <summary>Field separator, or null to detect (comma, semicolon, tab, pipe).</summary>
    public char? Delimiter { get; init; }

    /// <summary>Decimal separator, or null to detect ('.' unless a non-comma file writes numbers with ',').</summary>
    public char? DecimalSeparator { get; init; }

    /// <summary>Date layout, or <see cref="DateLayout.Auto"/> to decide from the values.</summary>
    public DateLayout DateLayout { get; init; } = DateLayout.Auto;

    /// <summary>How many unparseable lines keep their details (the rest are only counted).</summary>
    public int MaxIssueSamples { get; init; } = 100;

    /// <summary>Size limits enforced while reading (the web app binds them from configuration).</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad field and its allowed values.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
        if (Delimiter is { } d && d is not (',' or ';' or '\t' or '|'))
        {
            throw new ArgumentOutOfRangeException(nameof(Delimiter), d, "Delimiter must be one of ',', ';', tab or '|' (or null to detect).");
        }

        if (DecimalSeparator is { } s && s is not ('.' or ','))
        {
            throw new ArgumentOutOfRangeException(nameof(DecimalSeparator), s, "DecimalSeparator must be '.' or ',' (or null to detect).");
        }

        if (DecimalSeparator == ',' && Delimiter == ',')
        {
            throw new ArgumentOutOfRangeException(nameof(DecimalSeparator), DecimalSeparator, "DecimalSeparator ',' cannot be used with Delimiter ','.");
        }

        if (MaxIssueSamples is < 0 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIssueSamples), MaxIssueSamples, "MaxIssueSamples must be in [0, 100000].");
        }

        if (!Enum.IsDefined(Shape))
        {
            throw new ArgumentOutOfRangeException(nameof(Shape), Shape, "Shape must be Auto, Transactions, CustomerTable or OrderLines.");
        }

        if (!Enum.IsDefined(DateLayout))
        {
            throw new ArgumentOutOfRangeException(nameof(DateLayout), DateLayout, "DateLayout must be a defined DateLayout value.");
        }
    }
}
