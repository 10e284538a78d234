using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>Reads a file from disk, cleans it and derives customer features: the whole ingestion pipeline in one call.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Loads <paramref name="path"/> (shown to the user as <paramref name="displayName"/>). Never throws for bad
    /// input: problems come back as <see cref="LoadOutcome.Error"/> with the file, line, column and value named.
    /// </summary>
    public static LoadOutcome Load(
        string path,
        string displayName,
        DataFileReadOptions? options,
        CleaningOptions? cleaning,
        bool isDefaultSample,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken) =>
        Load(path, displayName, options, cleaning, isDefaultSample, sha256: null, progress, cancellationToken);

    /// <summary>
    /// As above, with the file's SHA-256 when the caller computed it while the upload streamed in
    /// (<see cref="HashingFileCopy"/>), so the file is not read again only to hash it.
    /// </summary>
    public static LoadOutcome Load(
        string path,
        string displayName,
        DataFileReadOptions? options,
        CleaningOptions? cleaning,
        bool isDefaultSample,
        string? sha256,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken)
    {
        try
        {
            var read = DataFileReader.Read(path, displayName, options, progress, cancellationToken);
            if (read.NeedsMapping)
            {
                return LoadOutcome.NeedsMapping(new ColumnMappingRequest(displayName, read.Headers, read.Mapping, read.MissingRoles, read.Shape));
            }

            var hash = sha256 ?? HashingFileCopy.Sha256Of(path);
            if (read.Transactions is not null)
            {
                var cleaned = TransactionCleaner.Clean(read, cleaning, cancellationToken);
                if (cleaned.Table.Count == 0)
                {
                    return LoadOutcome.Failed($"{displayName}: no purchase line is left after cleaning ({read.RowsRead:N0} rows read). " +
                        string.Join("; ", cleaned.Report.Removed.Where(r => r.Count > 0).Select(r => $"{r.Count:N0} {r.Description}")));
                }

                var features = CustomerFeatures.FromTransactions(cleaned.Table, cancellationToken);
                return LoadOutcome.Loaded(new LoadedDataset(
                    displayName, hash, isDefaultSample, read.Format, read.Shape, read.Mapping, read.RowsRead, read.Issues,
                    read.IssueCount, read.Warnings, cleaned.Report, cleaned.Table, features)
                {
                    ReadOptions = options ?? DataFileReadOptions.Default,
                    CleaningOptions = cleaning ?? CleaningOptions.Default,
                    Columns = read.Headers,
                });
            }

            var table = read.CustomerTable!;
            if (table.Count < 2)
            {
                return LoadOutcome.Failed($"{displayName}: a customer table needs at least 2 customers; it has {table.Count}.");
            }

            return LoadOutcome.Loaded(new LoadedDataset(
                displayName, hash, isDefaultSample, read.Format, read.Shape, read.Mapping, read.RowsRead, read.Issues,
                read.IssueCount, read.Warnings, null, null, table)
            {
                ReadOptions = options ?? DataFileReadOptions.Default,
                CleaningOptions = cleaning ?? CleaningOptions.Default,
                Columns = read.Headers,
            });
        }
        catch (DataFileException ex)
        {
            return LoadOutcome.Failed(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return LoadOutcome.Failed($"{displayName}: {ex.Message}");
        }
    }
}
