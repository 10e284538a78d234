using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>What <c>POST /api/v1/datasets/{id}/migrations</c> accepts; every field is optional.</summary>
public sealed record MigrationRequest
{
    /// <summary>The segmentation fitted on the reference snapshot (as for segmentations; default K-Means, k = 4).</summary>
    public SegmentationRequest? Segmentation { get; init; }

    /// <summary>Month, Quarter (default) or HalfYear.</summary>
    public SnapshotPeriodLength? Period { get; init; }

    /// <summary>Trailing feature window in months (default 12); also the months without a purchase after which a customer is Lapsed.</summary>
    public int? WindowMonths { get; init; }

    /// <summary>True: every snapshot uses all purchases up to its date (nobody lapses).</summary>
    public bool? AllHistory { get; init; }

    /// <summary>Label of the reference snapshot the model is fitted on (e.g. "2011-Q4"); default the latest.</summary>
    public string? ReferenceSnapshot { get; init; }

    /// <summary>Frozen (default: the reference model applied to every snapshot) or Refit (each snapshot clustered and matched).</summary>
    public SegmentAssignment? Assignment { get; init; }

    /// <summary>CentroidDistance (default) or MemberOverlap: how refitted segments are matched.</summary>
    public SegmentMatching? Matching { get; init; }

    /// <summary>True follows the 11-segment RFM map instead of the fitted segments.</summary>
    public bool? Rfm { get; init; }

    /// <summary>Label of the earlier snapshot (default the one before the latest).</summary>
    public string? From { get; init; }

    /// <summary>Label of the later snapshot (default the latest).</summary>
    public string? To { get; init; }
}

/// <summary>Customers (and the revenue of the later period) moving from one state to another.</summary>
public sealed record MigrationFlowItem(string From, string To, int Customers, double Revenue, double RowShare);

/// <summary>Customers in a state at the earlier and at the later snapshot.</summary>
public sealed record MigrationStateItem(string State, int Before, int After);

/// <summary>A customer whose state changed.</summary>
public sealed record MigrationMoverItem(string CustomerId, string From, string To, double RevenueBefore, double RevenueAfter);

/// <summary>
/// The migration between two snapshots: every state (segments as "Segment 1 · Persona", New, Lapsed, not yet a
/// customer), every non-empty from → to cell, the share that stayed, and optionally the movers.
/// </summary>
public sealed record MigrationResponse(
    string DatasetId,
    IReadOnlyList<string> Snapshots,
    string Reference,
    string From,
    string To,
    string Scheme,
    int Customers,
    double? StayedShare,
    IReadOnlyList<MigrationStateItem> States,
    IReadOnlyList<MigrationFlowItem> Flows,
    string LapsedMeaning,
    IReadOnlyList<string> Caveats,
    IReadOnlyList<MigrationMoverItem>? Movers);

/// <summary>
/// <c>POST /api/v1/datasets/{id}/migrations</c>: segments over time of an uploaded dataset through the pipeline's
/// <see cref="AnalysisPipeline.Temporal"/> step the Over time page uses, so the same settings give the same matrix.
/// </summary>
public static class MigrationEndpoints
{
    /// <summary>Maps the migration endpoint onto <paramref name="api"/>.</summary>
    public static RouteHandlerBuilder MapMigrationEndpoints(this RouteGroupBuilder api, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.MapPost("/datasets/{id}/migrations", MigrateAsync)
            .WithTags("Segments over time")
            .WithName("MigrateSegments")
            .WithSummary("Migration of customers between segments over time")
            .WithDescription(
                "Computes every customer's segment at each period end (features from the trailing window, the model fitted once on the reference snapshot), " +
                "then the migration between two snapshots (default: the last two): states named \"Segment 1 · Persona\", New, Lapsed or not yet a customer, " +
                "customers and later-period revenue per from → to cell, the stayed share and, with includeMovers=true, every customer who changed state.")
            .AcceptsDatasetRequest<MigrationRequest>(maxBodyBytes);
    }

    private static async Task<Results<Ok<MigrationResponse>, ProblemHttpResult>> MigrateAsync(
        string id,
        HttpRequest request,
        DatasetStore store,
        AnalysisPipeline pipeline,
        ApiJson json,
        IOptions<SegmentIqOptions> options,
        CancellationToken cancellationToken,
        bool includeMovers = false)
    {
        var (stored, read, problem) = await json.ReadForDatasetAsync<MigrationRequest>(store, id, request, options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var body = read!;
        var dataset = stored!.Dataset;
        var (resolved, invalid) = SegmentationEndpoints.Resolve(body.Segmentation, dataset.Features, "segmentation.");
        if (invalid is not null)
        {
            return invalid;
        }

        var defaults = TemporalOptions.Default;
        var temporal = defaults with
        {
            Period = body.Period ?? defaults.Period,
            WindowMonths = body.WindowMonths ?? defaults.WindowMonths,
            AllHistory = body.AllHistory ?? defaults.AllHistory,
            Assignment = body.Assignment ?? defaults.Assignment,
            Matching = body.Matching ?? defaults.Matching,
        };
        if (SegmentationEndpoints.Check(temporal.Validate, "", "period") is { } bad)
        {
            return bad;
        }

        var (analysis, failed) = Run(pipeline, dataset, resolved!, temporal, cancellationToken);
        if (failed is not null)
        {
            return failed;
        }

        var labels = analysis!.Snapshots.Select(s => s.Label).ToList();
        if (body.ReferenceSnapshot is { } reference)
        {
            var index = labels.IndexOf(reference);
            if (index < 0)
            {
                return UnknownSnapshot("referenceSnapshot", reference, labels);
            }

            if (index != analysis.ReferenceIndex)
            {
                (analysis, failed) = Run(pipeline, dataset, resolved!, temporal with { ReferenceSnapshot = index }, cancellationToken);
                if (failed is not null)
                {
                    return failed;
                }
            }
        }

        var to = labels.Count - 1;
        if (body.To is { } toLabel && (to = labels.IndexOf(toLabel)) < 0)
        {
            return UnknownSnapshot("to", toLabel, labels);
        }

        var from = Math.Max(0, to - 1);
        if (body.From is { } fromLabel && (from = labels.IndexOf(fromLabel)) < 0)
        {
            return UnknownSnapshot("from", fromLabel, labels);
        }

        var rfm = body.Rfm ?? false;
        return TypedResults.Ok(Describe(id, analysis!, rfm, from, to, includeMovers));
    }

    /// <summary>The API's description of the migration from snapshot <paramref name="from"/> to <paramref name="to"/>.</summary>
    internal static MigrationResponse Describe(string datasetId, TemporalAnalysis analysis, bool rfm, int from, int to, bool includeMovers)
    {
        var timeline = analysis.Timeline(rfm);
        var matrix = timeline.Migration(from, to);
        var states = matrix.States.Select((_, i) => new MigrationStateItem(matrix.Names[i], matrix.RowTotal(i), matrix.ColumnTotal(i)))
            .Where(s => s.Before > 0 || s.After > 0)
            .ToList();
        var flows = matrix.Flows(byRevenue: false)
            .Select(f => new MigrationFlowItem(matrix.Names[f.From], matrix.Names[f.To], f.Customers, f.Revenue, f.RowShare))
            .ToList();
        var movers = includeMovers
            ? timeline.Movers(from, to, null, null).Select(m => new MigrationMoverItem(m.CustomerId, m.From, m.To, m.RevenueBefore, m.RevenueAfter)).ToList()
            : null;
        return new MigrationResponse(
            datasetId,
            [.. analysis.Snapshots.Select(s => s.Label)],
            analysis.Snapshots[analysis.ReferenceIndex].Label,
            matrix.From.Label,
            matrix.To.Label,
            rfm ? "RFM map" : "Segments",
            matrix.Total,
            matrix.StayedShare,
            states,
            flows,
            analysis.Options.LapsedMeaning,
            analysis.Caveats,
            movers);
    }

    private static (TemporalAnalysis? Analysis, ProblemHttpResult? Problem) Run(
        AnalysisPipeline pipeline, LoadedDataset dataset, ResolvedSegmentation resolved, TemporalOptions temporal, CancellationToken cancellationToken)
    {
        try
        {
            return (pipeline.Temporal(dataset, resolved.Features, resolved.Settings, temporal, null, cancellationToken), null);
        }
        catch (TemporalDataException ex)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "The data cannot support segments over time", ex.Message, "period"));
        }
        catch (ClusteringDataException ex)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "The data cannot support these settings", ex.Message, "segmentation.numberOfClusters"));
        }
        catch (ArgumentException ex)
        {
            return (null, ApiProblems.BadField("segmentation.log1p", SegmentationEndpoints.FirstSentence(ex.Message)));
        }
    }

    private static ProblemHttpResult UnknownSnapshot(string field, string label, IReadOnlyList<string> labels) =>
        ApiProblems.BadField(field, $"{field} names snapshot '{label}', which this analysis does not have. Snapshots: {string.Join(", ", labels)}.");
}
