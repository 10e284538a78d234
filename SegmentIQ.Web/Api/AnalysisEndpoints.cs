using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>
/// <c>POST /api/v1/analyses/{id}/run</c>: re-runs a saved analysis of the library on a new file (next month's export),
/// or, for an analysis that names a source, on that source aggregated again now, and answers with its Excel report,
/// exactly as the app's "re-run on new data" does.
/// </summary>
public static class AnalysisEndpoints
{
    /// <summary>Maps the analysis endpoints onto <paramref name="api"/>.</summary>
    public static RouteHandlerBuilder MapAnalysisEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.MapPost("/analyses/{id}/run", RunAsync)
            .WithTags("Analyses")
            .WithName("RunSavedAnalysis")
            .WithSummary("Re-run a saved analysis on a new file (or its source) and download its Excel report")
            .WithDescription(
                "multipart/form-data with the new data file in 'file'. The saved analysis (how the file is read and cleaned, the features, " +
                "the algorithm, its parameters and seed, the basket settings) runs on it as a re-run on new data; the answer is the " +
                ".xlsx report, whose warnings say that the data differs from the file the analysis was saved with. An analysis that " +
                "names a source (DuckDB files, a configured connection's table) takes no body: the source is aggregated again now; " +
                "a source that cannot be used is a 422 naming it.")
            .Accepts<AnalysisRunForm>("multipart/form-data")
            .WithRequestSizeLimit(maxUploadBytes)
            .Produces(StatusCodes.Status200OK, contentType: ReportBuilder.ExcelContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RunAsync(
        string id,
        HttpRequest request,
        AnalysisLibrary library,
        AnalysisPipeline pipeline,
        DataSources sources,
        IOptions<SegmentIqOptions> options,
        CancellationToken cancellationToken)
    {
        LibraryEntry? entry;
        try
        {
            entry = library.Find(id);
        }
        catch (AnalysisDefinitionException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Saved analysis unreadable", ex.Message, ex.Field ?? "id");
        }

        if (entry is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Saved analysis not found", $"The library has no saved analysis '{id}'.", "id");
        }

        if (entry.Definition.Source is { } reference)
        {
            return await RunOnSourceAsync(entry.Definition, reference, pipeline, sources.Catalog, cancellationToken);
        }

        var (upload, problem) = await MultipartUpload.ReadAsync(request, [], options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (upload)
        {
            var outcome = AnalysisRunner.Run(pipeline, entry.Definition, upload!.FilePath!, upload.FileName!, upload.Sha256, DataPolicy.NewData, cancellationToken);
            if (outcome.Run is not { } run)
            {
                return ApiProblems.Problem(
                    StatusCodes.Status422UnprocessableEntity,
                    "The saved analysis could not run on this file",
                    outcome.Error ?? $"{upload.FileName} could not be analysed.",
                    MultipartUpload.FileField);
            }

            var workbook = ReportBuilder.BuildWorkbook(run.Report, null, cancellationToken);
            return TypedResults.File(workbook.Content, workbook.ContentType, workbook.FileName);
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RunOnSourceAsync(
        AnalysisDefinition definition,
        SourceReference reference,
        AnalysisPipeline pipeline,
        SourceCatalog catalog,
        CancellationToken cancellationToken)
    {
        AnalysisRunOutcome outcome;
        try
        {
            var source = catalog.Open(reference);

            // Off the request thread: DuckDB runs its query on the calling thread.
            outcome = await Task.Run(() => AnalysisRunner.RunSourceAsync(pipeline, definition, source, null, cancellationToken), cancellationToken);
        }
        catch (SourceException ex)
        {
            outcome = AnalysisRunOutcome.Failed(ex.Message);
        }

        if (outcome.Run is not { } run)
        {
            return ApiProblems.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "The saved analysis could not run on its source",
                outcome.Error ?? $"{reference.DisplayName} could not be analysed.",
                "source");
        }

        var workbook = ReportBuilder.BuildWorkbook(run.Report, null, cancellationToken);
        return TypedResults.File(workbook.Content, workbook.ContentType, workbook.FileName);
    }

    /// <summary>The multipart form of a run (for the OpenAPI document; the body is streamed, not bound).</summary>
    internal sealed class AnalysisRunForm
    {
        /// <summary>The new data file.</summary>
        public required IFormFile File { get; init; }
    }
}
