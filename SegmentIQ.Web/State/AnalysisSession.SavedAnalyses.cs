using System.Globalization;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.State;

/// <summary>
/// Saved analyses in the session: the file behind the current dataset (so the library can keep a copy), capturing what
/// is on screen as an <see cref="AnalysisDefinition"/>, and opening one again, on its own file or on new data.
/// </summary>
public sealed partial class AnalysisSession
{
    private readonly Lock _dataFileGate = new();
    private DataFile? _dataFile;
    private (OpenedAnalysis Analysis, LoadedDataset Dataset)? _opened;

    /// <summary>
    /// The file the current dataset was read from: the uploaded file (kept while its dataset is current), the library's
    /// copy an analysis was opened from, or the bundled sample; null when unknown or no longer there.
    /// </summary>
    public string? DataFilePath
    {
        get
        {
            var dataset = Dataset;
            if (dataset is null)
            {
                return null;
            }

            lock (_dataFileGate)
            {
                if (_dataFile is { } file && ReferenceEquals(file.Dataset, dataset))
                {
                    // A library copy can be deleted with its last analysis while its data is on screen.
                    return File.Exists(file.Path) ? file.Path : null;
                }
            }

            return dataset.IsDefaultSample && File.Exists(_defaultDataset.FilePath) ? _defaultDataset.FilePath : null;
        }
    }

    /// <summary>
    /// The saved analysis the current data was opened from, for the banner; null once the user changes data (its
    /// dataset is no longer the current one) or dismissed it.
    /// </summary>
    public OpenedAnalysis? OpenedAnalysis => _opened is { } opened && ReferenceEquals(opened.Dataset, Dataset) ? opened.Analysis : null;

    /// <summary>Hides the <see cref="OpenedAnalysis"/> banner.</summary>
    public void DismissOpenedAnalysis()
    {
        _opened = null;
        Notify();
    }

    /// <summary>
    /// <see cref="LoadFileAsync"/> for an upload streamed to a temporary file: once its dataset is current the session
    /// owns the file (a saved analysis can keep a copy of it) and deletes it when the dataset is replaced or the session
    /// ends. When the outcome has no dataset (an error, a mapping request) the caller still owns the file.
    /// </summary>
    public async Task<LoadOutcome> LoadUploadedFileAsync(
        string path,
        string displayName,
        DataFileReadOptions? options,
        CleaningOptions? cleaning,
        string? sha256,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var outcome = await LoadFileAsync(path, displayName, options, cleaning, sha256, progress, cancellationToken);
        if (outcome.Dataset is { } dataset)
        {
            if (ReferenceEquals(Dataset, dataset))
            {
                TrackDataFile(dataset, path, owned: true);
            }
            else
            {
                // Read, but superseded by newer data before it became current: nobody needs the file.
                UploadedFiles.TryDelete(path);
            }
        }

        return outcome;
    }

    /// <summary>Why <see cref="RereadDataFileAsync"/> cannot run: the file behind the dataset is not kept (any more).</summary>
    public static string FileNotKeptMessage(string name) =>
        $"{name} is no longer kept on the server, so it cannot be read again: drop the file again with \"Read as: Order lines\" and pick its columns in the dialog. The current dataset is still in use.";

    /// <summary>
    /// Reads the file behind the current dataset again with <paramref name="options"/> (a corrected column mapping) and
    /// its cleaning, and makes the result current only when it loads; otherwise the outcome carries the message (file,
    /// line, column, value) and the current dataset stays. The session keeps the file as it did (an upload stays owned,
    /// a library copy stays the library's). When the file is no longer there the message says to drop it again.
    /// </summary>
    public async Task<LoadOutcome> RereadDataFileAsync(DataFileReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataset = Dataset;
        var path = DataFilePath;
        if (dataset is null || path is null)
        {
            return LoadOutcome.Failed(dataset is null
                ? "No dataset is loaded."
                : FileNotKeptMessage(dataset.Name));
        }

        bool owned;
        lock (_dataFileGate)
        {
            owned = _dataFile is { } file && ReferenceEquals(file.Dataset, dataset) && file.Owned;
        }

        var outcome = await LoadFileAsync(path, dataset.Name, options, dataset.CleaningOptions, dataset.Sha256, null, cancellationToken);
        if (outcome.Dataset is { } reread && ReferenceEquals(Dataset, reread))
        {
            TrackDataFile(reread, path, owned);
        }

        return outcome;
    }

    /// <summary>
    /// The analysis on screen as a saved analysis: the dataset's identity and how it was read and cleaned (or the source
    /// it was aggregated from, with its column mapping), the space's features, the current settings with their seed and
    /// the basket settings.
    /// </summary>
    /// <exception cref="InvalidOperationException">No dataset is loaded yet.</exception>
    public AnalysisDefinition CaptureAnalysis(string name, string? notes)
    {
        var dataset = Dataset;
        var space = Space;
        if (dataset is null || space is null)
        {
            throw new InvalidOperationException("There is no analysis to save yet: no dataset is loaded.");
        }

        return AnalysisRunner.Capture(dataset, space, Settings, BasketSettings, name, notes, _timeProvider.GetUtcNow(), ColumnRoles, ReportSettings, DataSource);
    }

    /// <summary>
    /// Opens a saved analysis on the file at <paramref name="dataPath"/> (shown as <paramref name="displayName"/>;
    /// <paramref name="sha256"/> when already known): reads it with the saved read and cleaning options, activates the
    /// saved features and applies the saved segmentation and basket settings, so the same file gives the same segments,
    /// metrics and personas as when it was saved. Under <see cref="DataPolicy.SameData"/> another file is refused; under
    /// <see cref="DataPolicy.NewData"/> it runs and <see cref="OpenedAnalysis"/> says it is new data. Returns null, or a
    /// message for the user; on failure the current data stays. With <paramref name="takeOwnership"/> the session
    /// deletes the file when it is no longer needed (only after success; on failure the caller still owns it).
    /// </summary>
    public async Task<string?> OpenAnalysisAsync(
        AnalysisDefinition definition,
        string dataPath,
        string displayName,
        string? sha256,
        DataPolicy policy,
        CancellationToken cancellationToken,
        bool takeOwnership = false,
        IProgress<ReadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        var name = NameOf(definition);

        // The data on screen or the bundled sample may already be this file read this way: then nothing is read again.
        var current = Dataset;
        var sample = (await _defaultDataset.GetAsync()).Dataset;
        string? error = null;
        var matches = false;
        var outcome = await _loadRunner.RunAsync(ct =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, cancellationToken);
            try
            {
                var hash = sha256 ?? HashingFileCopy.Sha256Of(dataPath);
                matches = AnalysisRunner.MatchesSavedData(definition, hash);
                error = AnalysisRunner.RefusalFor(definition, displayName, hash, policy);
                if (error is not null)
                {
                    return null;
                }

                var key = StepKeys.Dataset(hash, definition.Read, definition.Cleaning);
                var dataset = current?.Key == key ? current : sample?.Key == key ? sample : null;
                if (dataset is null)
                {
                    var loaded = AnalysisRunner.LoadData(definition, dataPath, displayName, hash, progress, linked.Token);
                    error = loaded.Error;
                    dataset = loaded.Dataset;
                }

                if (dataset is not null)
                {
                    definition.Features.Validate(dataset.Features);
                }

                return dataset;
            }
            catch (ArgumentException ex)
            {
                error = $"{displayName}: the saved features do not fit this file: {ex.Message}";
                return null;
            }
            catch (IOException ex)
            {
                error = $"{displayName} could not be read: {ex.Message}";
                return null;
            }
            catch (UnauthorizedAccessException ex)
            {
                error = $"{displayName} could not be read: {ex.Message}";
                return null;
            }
        });
        if (!outcome.IsDone || cancellationToken.IsCancellationRequested)
        {
            return $"Opening '{name}' was cancelled; the previous dataset is still in use.";
        }

        if (outcome.Value is not { } opened)
        {
            return $"{error ?? $"'{name}' could not be opened."} The previous dataset is still in use.";
        }

        var applied = await ApplyOpenedAsync(definition, opened, displayName, matches);
        if (applied is not null)
        {
            return applied;
        }

        if (DataFilePath is null)
        {
            TrackDataFile(opened, dataPath, takeOwnership);
        }
        else if (takeOwnership && !string.Equals(DataFilePath, dataPath, StringComparison.Ordinal))
        {
            // The data was already in memory (same file on screen, or the bundled sample): the upload is not needed.
            UploadedFiles.TryDelete(dataPath);
        }

        return null;
    }

    /// <summary>
    /// Makes <paramref name="opened"/> current with <paramref name="definition"/>'s features, segmentation, basket and
    /// report settings and shows the banner; returns null, or a message when newer work or the activation got in the
    /// way (the previous settings are back then).
    /// </summary>
    private async Task<string?> ApplyOpenedAsync(AnalysisDefinition definition, LoadedDataset opened, string displayName, bool matches)
    {
        var name = NameOf(definition);
        var previousSettings = Settings;
        var previousBaskets = BasketSettings;
        Settings = definition.Segmentation;
        BasketSettings = definition.Baskets ?? new BasketSettings();
        _columnRoles = (opened, definition.RoleMap);
        var activationError = await ActivateAsync(opened, definition.Features);

        // The space comes from the shared step cache, so it is recognised by its key, not by reference.
        var activated = ReferenceEquals(Dataset, opened) && Space?.Key == StepKeys.Space(opened.Key, definition.Features);
        if (!activated)
        {
            Settings = previousSettings;
            BasketSettings = previousBaskets;
            Notify();
            return activationError is null
                ? $"Opening '{name}' was interrupted by newer work; the previous dataset is still in use."
                : $"{displayName}: {activationError} The previous dataset is still in use.";
        }

        // The report's A/B inputs and products per customer as saved (older files: the defaults).
        ReportSettings = definition.Report ?? Analytics.Reporting.ReportSettings.Defaults;

        // Remembered as this algorithm's last settings, as if the user had chosen them.
        OnSettingsUpdated(Settings);
        _opened = (new OpenedAnalysis(definition, displayName, !matches, BannerText(definition, displayName, matches)), opened);
        Notify();
        return null;
    }

    private string BannerText(AnalysisDefinition definition, string displayName, bool matches)
    {
        var name = NameOf(definition);
        var text = (matches, definition.Source) switch
        {
            (true, null) => string.Create(CultureInfo.InvariantCulture, $"Opened '{name}' (saved {definition.SavedAt:yyyy-MM-dd}) on file {displayName}."),
            (false, null) => $"Re-run of '{name}' on new data: {displayName} is not the file it was saved with ({definition.Data.FileName}).",
            (true, _) => string.Create(CultureInfo.InvariantCulture, $"Opened '{name}' (saved {definition.SavedAt:yyyy-MM-dd}) on source {displayName}, aggregated again: its data is unchanged."),
            (false, _) => string.Create(CultureInfo.InvariantCulture, $"Re-run of '{name}' on the current data of source {displayName}: it has changed since the analysis was saved ({definition.SavedAt:yyyy-MM-dd})."),
        };
        var savedK = definition.Segmentation.NumberOfClusters;
        return Settings.NumberOfClusters == savedK
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text} It was saved with k = {savedK}; this data allows at most k = {Settings.NumberOfClusters}, which is used.");
    }

    private static string NameOf(AnalysisDefinition definition) => definition.Name.Length == 0 ? definition.Data.FileName : definition.Name;

    /// <summary>Records the file behind <paramref name="dataset"/>; a previous file the session owned is deleted.</summary>
    private void TrackDataFile(LoadedDataset dataset, string path, bool owned)
    {
        DataFile? previous;
        lock (_dataFileGate)
        {
            previous = _dataFile;
            _dataFile = new DataFile(dataset, path, owned);
        }

        if (previous is { Owned: true } && !string.Equals(previous.Path, path, StringComparison.Ordinal))
        {
            UploadedFiles.TryDelete(previous.Path);
        }
    }

    private void DisposeSavedAnalyses()
    {
        DataFile? file;
        lock (_dataFileGate)
        {
            file = _dataFile;
            _dataFile = null;
        }

        if (file is { Owned: true })
        {
            UploadedFiles.TryDelete(file.Path);
        }
    }

    /// <summary>The file a dataset was read from, and whether the session deletes it when done.</summary>
    private sealed record DataFile(LoadedDataset Dataset, string Path, bool Owned);
}
