using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// A dataset as the session holds it after loading: what was read and how, the cleaning report, the cleaned purchase
/// lines (transaction files only) and the per-customer feature table. Immutable: a new upload replaces it whole, so a
/// failed upload can never leave half a dataset behind.
/// </summary>
public sealed record LoadedDataset(
    string Name,
    string Sha256,
    bool IsDefaultSample,
    DetectedFormat Format,
    FileShape Shape,
    IReadOnlyDictionary<ColumnRole, string> Mapping,
    long RowsRead,
    IReadOnlyList<ParseIssue> Issues,
    long IssueCount,
    IReadOnlyList<string> Warnings,
    CleaningReport? Cleaning,
    TransactionTable? Purchases,
    CustomerFeatureTable Features)
{
    /// <summary>True for transaction and order-line files (RFM features, lifetime value, snapshots over time).</summary>
    public bool IsTransactions => Purchases is not null;

    /// <summary>
    /// True when purchase lines were aggregated where they live (a database, or DuckDB over files): the dataset holds the
    /// per-customer rows and the cleaning report that came back, not the lines.
    /// </summary>
    public bool IsAggregatedAtSource => Shape == FileShape.Transactions && Purchases is null;

    /// <summary>What a role's column is called for this dataset's shape.</summary>
    public string Describe(ColumnRole role) => ColumnAliases.Describe(Shape, role);

    /// <summary>True when the lines name products (transaction files): what baskets and recommendations need.</summary>
    public bool HasProducts => Purchases is { HasProducts: true };

    /// <summary>The source the dataset was aggregated from (null for uploads): where its baskets are grouped and filtered.</summary>
    public ITransactionSource? Source { get; init; }

    /// <summary>True when baskets can be mined: product lines in memory, or a source that groups them where they live.</summary>
    public bool HasBaskets => HasProducts || Source is not null;

    /// <summary>The read options the file was read with (what a saved analysis records to read it the same way again).</summary>
    public DataFileReadOptions ReadOptions { get; init; } = DataFileReadOptions.Default;

    /// <summary>
    /// The file's column names as read (its header, or for a file without one the numbered names of
    /// <see cref="OrderLineReader.ColumnNames"/>): what a column mapping for this file may name.
    /// </summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>The cleaning options the lines were cleaned with.</summary>
    public CleaningOptions CleaningOptions { get; init; } = CleaningOptions.Default;

    /// <summary>
    /// The identity of this step's result: the file's SHA-256 and how it was read and cleaned. Every later step's key
    /// starts with it, so a cache never mixes two datasets.
    /// </summary>
    public string Key => StepKeys.Dataset(Sha256, ReadOptions, CleaningOptions);
}

/// <summary>What an upload produced: a dataset, a request to map columns, or an error message for the user.</summary>
public sealed record LoadOutcome(LoadedDataset? Dataset, ColumnMappingRequest? MappingRequest, string? Error)
{
    /// <summary>Loaded.</summary>
    public static LoadOutcome Loaded(LoadedDataset dataset) => new(dataset, null, null);

    /// <summary>Required columns could not be matched by name.</summary>
    public static LoadOutcome NeedsMapping(ColumnMappingRequest request) => new(null, request, null);

    /// <summary>The file could not be used; the message names the problem.</summary>
    public static LoadOutcome Failed(string error) => new(null, null, error);
}

/// <summary>The columns a file has and the roles still unmatched, for the mapping dialog.</summary>
public sealed record ColumnMappingRequest(
    string FileName,
    IReadOnlyList<string> Headers,
    IReadOnlyDictionary<ColumnRole, string> Matched,
    IReadOnlyList<ColumnRole> Missing,
    FileShape Shape = FileShape.Transactions)
{
    /// <summary>What a role's column is called for this file's shape ("Amount (order total)" for the price of an order line).</summary>
    public string Describe(ColumnRole role) => ColumnAliases.Describe(Shape, role);

    /// <summary>
    /// The roles the dialog asks for: every order-line role (required ones pre-filled where found, so a wrong guess can
    /// be corrected, and the optional quantity and order id, which may be none); for other shapes the missing ones.
    /// </summary>
    public IReadOnlyList<ColumnRole> Shown => Shape == FileShape.OrderLines ? [.. OrderLineReader.RequiredRoles, .. OrderLineReader.OptionalRoles] : Missing;

    /// <summary>Whether <paramref name="role"/> may be left without a column (an empty name in the mapping).</summary>
    public bool IsOptional(ColumnRole role) => Shape == FileShape.OrderLines && OrderLineReader.OptionalRoles.Contains(role);
}
