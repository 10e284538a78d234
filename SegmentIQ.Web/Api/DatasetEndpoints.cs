using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary><c>/api/v1/datasets</c>: upload a file (read, cleaned and featurised by the engine), look it up, delete it.</summary>
public static class DatasetEndpoints
{
    private const int IssuesShown = 20;

    /// <summary>Maps the dataset endpoints onto <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapDatasetEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");
        datasets.MapPost("/", UploadAsync)
            .WithName("UploadDataset")
            .WithSummary("Upload a data file")
            .WithDescription(
                "multipart/form-data with the file in 'file' (.csv, .txt, .tsv, optionally .gz, or .xlsx: purchase lines or one row per customer), " +
                "optional 'shape' (Auto, Transactions, CustomerTable) and 'removeDuplicates' (true/false). The file streams to disk, is read and " +
                "cleaned like an upload in the app and is kept in memory under the returned id.")
            .Accepts<UploadForm>("multipart/form-data")
            .WithRequestSizeLimit(maxUploadBytes)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        datasets.MapGet("/{id}", Get)
            .WithName("GetDataset")
            .WithSummary("Describe an uploaded dataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        datasets.MapDelete("/{id}", Delete)
            .WithName("DeleteDataset")
            .WithSummary("Delete an uploaded dataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return datasets;
    }

    /// <summary>Describes a loaded dataset for the API.</summary>
    public static DatasetResponse Describe(string id, LoadedDataset dataset, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var table = dataset.Features;
        var defaults = FeatureSpaceOptions.DefaultFor(table);
        var cleaning = dataset.Cleaning;
        var quality = new DatasetQuality(
            dataset.RowsRead,
            cleaning is null ? [] : [.. cleaning.Removed.Select(r => new RemovedLines(r.Rule.ToString(), r.Count, r.Description))],
            cleaning?.RowsKept ?? table.Count,
            cleaning?.Invoices,
            cleaning?.Products,
            cleaning is { FirstDate: { } first, LastDate: { } last } ? new DateRange(first, last) : null,
            dataset.IssueCount,
            [.. dataset.Issues.Take(IssuesShown).Select(i => new DataIssue(i.Line, i.Column, i.RawValue, i.Reason))]);
        return new DatasetResponse(
            id,
            dataset.Name,
            dataset.Sha256,
            table.Count,
            dataset.Shape,
            [.. table.Columns.Select(c => c.Name)],
            new FeatureChoice(defaults.Features, defaults.Log1p),
            quality,
            [.. dataset.Warnings.Concat(cleaning?.Warnings ?? []).Distinct()],
            uploadedAt);
    }

    private static async Task<Results<Created<DatasetResponse>, ProblemHttpResult>> UploadAsync(
        HttpRequest request,
        DatasetStore store,
        IOptions<SegmentIqOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (upload, problem) = await MultipartUpload.ReadAsync(request, ["shape", "removeDuplicates"], options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (upload)
        {
            var shape = FileShape.Auto;
            if (upload!.Fields.TryGetValue("shape", out var shapeText) && shapeText.Length > 0 && !Enum.TryParse(shapeText, ignoreCase: true, out shape))
            {
                return ApiProblems.BadField("shape", $"shape must be one of {string.Join(", ", Enum.GetNames<FileShape>())}; it is '{shapeText}'.");
            }

            var removeDuplicates = false;
            if (upload.Fields.TryGetValue("removeDuplicates", out var duplicatesText) && duplicatesText.Length > 0 && !bool.TryParse(duplicatesText, out removeDuplicates))
            {
                return ApiProblems.BadField("removeDuplicates", $"removeDuplicates must be true or false; it is '{duplicatesText}'.");
            }

            var name = upload.FileName!;
            var outcome = AnalysisPipeline.Load(
                upload.FilePath!,
                name,
                new DataFileReadOptions { Shape = shape, Limits = options.Value.ReaderLimits },
                new CleaningOptions { RemoveDuplicates = removeDuplicates },
                upload.Sha256,
                null,
                cancellationToken);
            if (outcome.MappingRequest is { } mapping)
            {
                return ApiProblems.Problem(
                    StatusCodes.Status400BadRequest,
                    "Columns not recognised",
                    $"{name}: no column matches {string.Join(", ", mapping.Missing)}. Its columns are: {string.Join(", ", mapping.Headers)}. " +
                    (mapping.Shape == FileShape.OrderLines
                        ? "The file looks like order lines (customer, date, amount) but the columns cannot be told apart: give it a header naming customer, date and amount."
                        : "Rename the columns (e.g. InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice, CustomerID), send shape=CustomerTable for one row per customer or shape=OrderLines for one row per order (customer, date, amount)."),
                    MultipartUpload.FileField,
                    new Dictionary<string, object?> { ["missingRoles"] = mapping.Missing.Select(r => r.ToString()).ToArray(), ["headers"] = mapping.Headers });
            }

            if (outcome.Dataset is not { } dataset)
            {
                return ApiProblems.BadField(MultipartUpload.FileField, outcome.Error ?? $"{name} could not be read.");
            }

            var bytes = DatasetStore.EstimateBytes(dataset);
            var uploadedAt = time.GetUtcNow();
            var stored = store.TryAdd(newId => new ApiDataset(newId, dataset, Describe(newId, dataset, uploadedAt)), bytes);
            if (stored is null)
            {
                return ApiProblems.Problem(
                    StatusCodes.Status413PayloadTooLarge,
                    "Dataset too large to keep",
                    string.Create(CultureInfo.InvariantCulture, $"{name} takes about {bytes / (1024.0 * 1024.0):N0} MB in memory, more than the whole dataset store ({store.Store.MaxBytes / (1024 * 1024):N0} MB, SegmentIQ:Api:MaxDatasetMegabytes)."),
                    MultipartUpload.FileField);
            }

            return TypedResults.Created($"/api/v1/datasets/{stored.Id}", stored.Description);
        }
    }

    private static Results<Ok<DatasetResponse>, ProblemHttpResult> Get(string id, DatasetStore store)
    {
        var (dataset, problem) = store.Find(id);
        return problem is not null ? problem : TypedResults.Ok(dataset!.Description);
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string id, DatasetStore store)
    {
        if (store.Remove(id))
        {
            return TypedResults.NoContent();
        }

        var (_, problem) = store.Find(id);
        return problem!;
    }

    /// <summary>The multipart form of an upload (for the OpenAPI document; the body is streamed, not bound).</summary>
    internal sealed class UploadForm
    {
        /// <summary>The data file.</summary>
        public required IFormFile File { get; init; }

        /// <summary>Auto (default), Transactions or CustomerTable.</summary>
        public FileShape? Shape { get; init; }

        /// <summary>Also drop exact duplicate purchase lines (default false).</summary>
        public bool? RemoveDuplicates { get; init; }
    }
}
