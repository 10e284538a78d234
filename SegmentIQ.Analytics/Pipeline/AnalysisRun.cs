using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>Whether a saved analysis may run on data other than the file it was saved with.</summary>
public enum DataPolicy
{
    /// <summary>Reopen: the file must be the one it was saved with (same SHA-256); a different file is an error.</summary>
    SameData,

    /// <summary>Re-run on new data (next month's export): a different file is expected and reported, never hidden.</summary>
    NewData,
}

/// <summary>A saved analysis run end to end on one file: every step's result, the report input and how the data compared.</summary>
/// <param name="Definition">The analysis that was run.</param>
/// <param name="Dataset">The data as read and cleaned.</param>
/// <param name="Space">The clustering space.</param>
/// <param name="Segmentation">The segments.</param>
/// <param name="Insights">Personas, KPIs and the RFM baseline.</param>
/// <param name="Rules">The strongest association rules (empty for customer tables).</param>
/// <param name="Report">What the Excel report and the CSV are made from.</param>
/// <param name="DataMatchesSaved">True when the file is the one the analysis was saved with.</param>
public sealed record AnalysisRun(
    AnalysisDefinition Definition,
    LoadedDataset Dataset,
    ClusteringSpace Space,
    SegmentationResult Segmentation,
    PersonaInsights Insights,
    IReadOnlyList<ReportRule> Rules,
    ReportInput Report,
    bool DataMatchesSaved);

/// <summary>What running a saved analysis produced: the run, or a message naming the problem.</summary>
public sealed record AnalysisRunOutcome(AnalysisRun? Run, string? Error)
{
    /// <summary>It ran.</summary>
    public static AnalysisRunOutcome Succeeded(AnalysisRun run) => new(run, null);

    /// <summary>It could not run; <paramref name="error"/> says why.</summary>
    public static AnalysisRunOutcome Failed(string error) => new(null, error);
}

/// <summary>Runs saved analyses through the <see cref="AnalysisPipeline"/> and captures the session's analysis as one.</summary>
public static class AnalysisRunner
{
    /// <summary>
    /// Runs <paramref name="definition"/> on the file at <paramref name="path"/> (shown as <paramref name="displayName"/>;
    /// <paramref name="sha256"/> when already computed while it streamed in). Never throws for bad input or settings
    /// that do not fit the data: the outcome's error names the problem. A file other than the saved one is refused
    /// under <see cref="DataPolicy.SameData"/> and reported in the run's warnings under <see cref="DataPolicy.NewData"/>.
    /// </summary>
    public static AnalysisRunOutcome Run(
        AnalysisPipeline pipeline,
        AnalysisDefinition definition,
        string path,
        string displayName,
        string? sha256,
        DataPolicy policy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(definition);
        sha256 ??= HashingFileCopy.Sha256Of(path);
        var matches = MatchesSavedData(definition, sha256);
        if (RefusalFor(definition, displayName, sha256, policy) is { } refusal)
        {
            return AnalysisRunOutcome.Failed(refusal);
        }

        var loaded = LoadData(definition, path, displayName, sha256, null, cancellationToken);
        if (loaded.Dataset is not { } dataset)
        {
            return AnalysisRunOutcome.Failed(loaded.Error ?? $"{displayName} could not be read.");
        }

        var note = matches
            ? null
            : $"Re-run of the saved analysis '{Name(definition)}' on new data: {displayName} (SHA-256 {Short(sha256)}…) is not the file it was saved with, " +
              $"{definition.Data.FileName} ({Short(definition.Data.Sha256)}…).";
        return Analyse(pipeline, definition, dataset, displayName, matches, note, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="definition"/>, which names a source, on what <paramref name="source"/> holds now: the
    /// aggregation runs where the data lives with the saved column mapping and cleaning, then the saved analysis runs
    /// on the result. Never throws for an unusable source (unreachable, gone, columns missing): the outcome's error
    /// names the source. Data that changed since it was saved is expected and said in the report's warnings.
    /// </summary>
    public static async Task<AnalysisRunOutcome> RunSourceAsync(
        AnalysisPipeline pipeline,
        AnalysisDefinition definition,
        ITransactionSource source,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(source);
        var loaded = await LoadSourceAsync(definition, source, progress, cancellationToken).ConfigureAwait(false);
        if (loaded.Dataset is not { } dataset)
        {
            return AnalysisRunOutcome.Failed(loaded.Error ?? $"{source.DisplayName} could not be read.");
        }

        var matches = MatchesSavedData(definition, dataset.Sha256);
        var note = matches
            ? null
            : $"Re-run of the saved analysis '{Name(definition)}' on the current data of {source.DisplayName}: it has changed since the analysis was saved.";
        return Analyse(pipeline, definition, dataset, source.DisplayName, matches, note, cancellationToken);
    }

    /// <summary>
    /// Aggregates <paramref name="source"/> with the column mapping of <paramref name="definition"/>'s source and its
    /// cleaning. Never throws for an unusable source; a saved mapping or saved features that no longer fit come back as
    /// the error.
    /// </summary>
    public static async Task<LoadOutcome> LoadSourceAsync(
        AnalysisDefinition definition,
        ITransactionSource source,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(source);
        var loaded = Checked(
            await SourceLoader.LoadAsync(source, definition.Source?.Mapping, definition.Cleaning, progress, cancellationToken).ConfigureAwait(false),
            source.DisplayName,
            "this source any more");
        if (loaded.Dataset is { } dataset)
        {
            try
            {
                definition.Features.Validate(dataset.Features);
            }
            catch (ArgumentException ex)
            {
                return LoadOutcome.Failed($"{source.DisplayName}: the saved features do not fit this source: {ex.Message}");
            }
        }

        return loaded;
    }

    /// <summary>
    /// <paramref name="loaded"/> when it holds a dataset; otherwise a failure in words: the saved mapping that no longer
    /// fits <paramref name="what"/> (naming the missing roles and the columns there are), or the loader's own error.
    /// </summary>
    private static LoadOutcome Checked(LoadOutcome loaded, string displayName, string what)
    {
        if (loaded.MappingRequest is { } mapping)
        {
            return LoadOutcome.Failed(
                $"{displayName}: the saved column mapping does not fit {what}; no column matches {string.Join(", ", mapping.Missing)} " +
                $"(its columns are {string.Join(", ", mapping.Headers)}).");
        }

        return loaded.Dataset is null ? LoadOutcome.Failed(loaded.Error ?? $"{displayName} could not be read.") : loaded;
    }

    private static AnalysisRunOutcome Analyse(
        AnalysisPipeline pipeline,
        AnalysisDefinition definition,
        LoadedDataset dataset,
        string displayName,
        bool matches,
        string? note,
        CancellationToken cancellationToken)
    {
        // Basket mining needs only the lines, not the segments: it runs beside the clustering steps.
        var rulesTask = Task.Run(() => pipeline.TopRules(dataset, definition.Baskets ?? new BasketSettings(), cancellationToken), cancellationToken);
        try
        {
            var space = pipeline.Space(dataset, definition.Features, cancellationToken);
            var segmentation = pipeline.Segment(space, definition.Segmentation, null, cancellationToken);
            var insights = pipeline.Describe(space, segmentation, definition.RoleMap, cancellationToken);
            var rules = rulesTask.GetAwaiter().GetResult();
            var reportSettings = definition.Report ?? ReportSettings.Defaults;
            var recommendations = dataset.HasProducts
                ? ReportContents.Recommendations(pipeline.Recommender(dataset, space, segmentation, null, cancellationToken), dataset, reportSettings.RecommendationCount, insights.Personas)
                : null;
            var report = ReportContents.Complete(
                ReportBuilder.BuildInput(dataset, space, insights, rules.Count == 0 ? null : rules), reportSettings, space, segmentation, recommendations);
            var savedWith = definition.Source is { } source
                ? new ReportItem("Source", source.DisplayName)
                : new ReportItem("Saved with data", $"{definition.Data.FileName} ({definition.Data.Sha256})");
            report = report with
            {
                Parameters = [.. report.Parameters, new ReportItem("Saved analysis", Name(definition)), savedWith],
                Warnings = note is null ? report.Warnings : [note, .. report.Warnings],
            };
            return AnalysisRunOutcome.Succeeded(new AnalysisRun(definition, dataset, space, segmentation, insights, rules, report, matches));
        }
        catch (ClusteringDataException ex)
        {
            Observe(rulesTask);
            return AnalysisRunOutcome.Failed($"{displayName}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            Observe(rulesTask);
            return AnalysisRunOutcome.Failed($"{displayName}: the saved settings do not fit this file: {FirstLine(ex.Message)}");
        }
        catch (InvalidOperationException ex)
        {
            Observe(rulesTask);
            return AnalysisRunOutcome.Failed($"{displayName}: {ex.Message}");
        }
    }

    /// <summary>True when the file with <paramref name="sha256"/> is the one <paramref name="definition"/> was saved with.</summary>
    public static bool MatchesSavedData(AnalysisDefinition definition, string sha256)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return string.Equals(sha256, definition.Data.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Why <paramref name="definition"/> may not run on the file <paramref name="displayName"/> with SHA-256
    /// <paramref name="sha256"/> under <paramref name="policy"/> (another file under <see cref="DataPolicy.SameData"/>),
    /// or null when it may.
    /// </summary>
    public static string? RefusalFor(AnalysisDefinition definition, string displayName, string sha256, DataPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(sha256);
        return policy == DataPolicy.SameData && !MatchesSavedData(definition, sha256)
            ? $"{displayName} is not the file '{Name(definition)}' was saved with: its SHA-256 is {Short(sha256)}…, the saved analysis expects " +
              $"{definition.Data.FileName} ({Short(definition.Data.Sha256)}…). Open it as a re-run on new data to analyse this file."
            : null;
    }

    /// <summary>
    /// Reads and cleans the file at <paramref name="path"/> the way <paramref name="definition"/> says (its read and
    /// cleaning options). Never throws for bad input: a saved column mapping that does not fit the file, or any other
    /// problem, comes back as the outcome's error.
    /// </summary>
    public static LoadOutcome LoadData(
        AnalysisDefinition definition,
        string path,
        string displayName,
        string? sha256,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var loaded = AnalysisPipeline.Load(path, displayName, definition.Read, definition.Cleaning, sha256, progress, cancellationToken);
        return Checked(loaded, displayName, "this file");
    }

    /// <summary>
    /// The saved analysis of what is on screen: the dataset, its space, the segmentation and basket settings, the user's
    /// corrections of the columns' business roles (<paramref name="roles"/>, none when null) and the report settings
    /// (A/B planning inputs, products per customer). <paramref name="source"/> names the source the dataset was
    /// aggregated from (with its column mapping), or null for a file.
    /// </summary>
    public static AnalysisDefinition Capture(
        LoadedDataset dataset,
        ClusteringSpace space,
        SegmentationSettings settings,
        BasketSettings? baskets,
        string name,
        string? notes,
        DateTimeOffset savedAt,
        Personas.BusinessRoleMap? roles = null,
        ReportSettings? report = null,
        SourceReference? source = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(settings);
        return new AnalysisDefinition
        {
            Name = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(dataset.Name) : name.Trim(),
            SavedAt = savedAt,
            Data = new DataReference { FileName = dataset.Name, Sha256 = dataset.Sha256 },
            Source = source,
            Read = dataset.ReadOptions,
            Cleaning = dataset.CleaningOptions,
            Features = space.Options,
            Segmentation = settings,
            Baskets = baskets,
            Report = report,
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes,
            ColumnRoles = roles is { Corrections.Count: > 0 } corrected ? new Dictionary<string, Personas.BusinessRole>(corrected.Corrections) : null,
        };
    }

    /// <summary>Lets a side task that is no longer needed end quietly (its exception, if any, is observed).</summary>
    private static void Observe(Task task) => task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static string Name(AnalysisDefinition definition) => definition.Name.Length == 0 ? definition.Data.FileName : definition.Name;

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
