using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Components.Pages.SavedAnalyses;

/// <summary>
/// The library of saved analyses: open one (with the library's copy of its data, or with a file the user uploads:
/// the same file reopens it, another re-runs it on new data), rename, delete, download its JSON, or upload a JSON
/// saved elsewhere. After opening, the Segments page shows the result.
/// </summary>
public partial class SavedAnalysesPage
{
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private IReadOnlyList<LibraryEntry>? _entries;
    private IReadOnlyList<string> _problems = [];
    private CancellationTokenSource? _cts;
    private bool _busy;
    private string _busyText = "";
    private string? _error;
    private string? _notice;
    private AnalysisDefinition? _uploaded;
    private string _uploadedFileName = "";
    private string? _uploadedCopy;
    private string? _uploadError;
    private LibraryEntry? _target;
    private bool _renameVisible;
    private string _newName = "";
    private bool _deleteVisible;
    private AnalysisDefinition? _fileTarget;
    private bool _fileVisible;
    private string? _fileError;

    [Inject] private AnalysisLibrary Library { get; set; } = null!;

    [Inject] private DataSources Sources { get; set; } = null!;

    [Inject] private IOptions<SegmentIqOptions> Options { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    /// <summary>
    /// The id of a saved analysis to open at once (<c>analyses?open=id</c>), as the banner of a tab whose data was lost
    /// offers for the latest one.
    /// </summary>
    [SupplyParameterFromQuery(Name = "open")]
    public string? OpenId { get; set; }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        await base.OnInitializedAsync();
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (!firstRender || OpenId is not { } id)
        {
            return;
        }

        if (AnalysisLibrary.IsValidId(id) && Library.Find(id) is { } entry)
        {
            await OpenEntryAsync(entry);
        }
        else
        {
            _error = "That saved analysis is no longer in the library; choose one below.";
        }

        StateHasChanged();
    }

    private static string SavedAt(AnalysisDefinition definition) =>
        definition.SavedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private async Task RefreshAsync()
    {
        try
        {
            IReadOnlyList<string> problems = [];
            _entries = await Task.Run(() => Library.List(out problems));
            _problems = problems;
        }
        catch (IOException ex)
        {
            _entries = [];
            _error = $"The library folder could not be read: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            _entries = [];
            _error = $"The library folder could not be read: {ex.Message}";
        }
    }

    private Task OpenEntryAsync(LibraryEntry entry)
    {
        if (entry.Definition.Source is not null)
        {
            return OpenSourceAsync(entry.Definition);
        }

        var copy = Library.DataCopyOf(entry);
        if (copy is null)
        {
            _error = $"The library has no copy of {entry.Definition.Data.FileName} for '{entry.Name}': use Open with a file… to choose it.";
            return Task.CompletedTask;
        }

        return RunBusyAsync($"Opening '{entry.Name}'…", ct => OpenAsync(entry.Definition, copy, entry.Definition.Data.FileName, null, DataPolicy.SameData, ownsFile: false, ct));
    }

    private Task OpenUploadedAsync() =>
        _uploaded is { Source: not null } fromSource
            ? OpenSourceAsync(fromSource)
            : _uploaded is { } definition && _uploadedCopy is { } copy
            ? RunBusyAsync($"Opening '{definition.Name}'…", ct => OpenAsync(definition, copy, definition.Data.FileName, null, DataPolicy.SameData, ownsFile: false, ct))
            : Task.CompletedTask;

    /// <summary>Shows <paramref name="text"/> with a Cancel button while <paramref name="work"/> runs.</summary>
    private async Task RunBusyAsync(string text, Func<CancellationToken, Task> work)
    {
        using var cts = new CancellationTokenSource();
        _cts = cts;
        _busy = true;
        _busyText = text;
        _error = null;
        _notice = null;
        StateHasChanged();
        try
        {
            await work(cts.Token);
        }
        finally
        {
            _busy = false;
            _cts = null;
        }
    }

    /// <summary>Opens through the session; on success shows the Segments page, else the message. Returns true on success.</summary>
    private async Task<bool> OpenAsync(AnalysisDefinition definition, string path, string fileName, string? sha256, DataPolicy policy, bool ownsFile, CancellationToken cancellationToken)
    {
        _busyText = policy == DataPolicy.SameData ? $"Opening '{definition.Name}' on {fileName}…" : $"Re-running '{definition.Name}' on new data: {fileName}…";
        StateHasChanged();
        var progress = new Progress<ReadProgress>(p =>
        {
            _busyText = $"Reading {fileName}: {Format.Count(p.RowsRead)} rows read";
            StateHasChanged();
        });
        var error = await Session.OpenAnalysisAsync(definition, path, fileName, sha256, policy, cancellationToken, ownsFile, progress);
        if (error is not null)
        {
            _error = error;
            return false;
        }

        Navigation.NavigateTo("segments");
        return true;
    }

    /// <summary>
    /// Opens a saved analysis that names a source: the source is aggregated again where it lives (progress, Cancel) and
    /// the saved settings applied; a source that is gone or unreachable says so and the current dataset stays.
    /// </summary>
    private Task OpenSourceAsync(AnalysisDefinition definition) =>
        RunBusyAsync($"Opening '{definition.Name}'…", async ct =>
        {
            ITransactionSource source;
            try
            {
                source = Sources.Catalog.Open(definition.Source!);
            }
            catch (SourceException ex)
            {
                _error = $"{ex.Message} The previous dataset is still in use.";
                return;
            }

            _busyText = $"Aggregating {source.DisplayName} for '{definition.Name}'…";
            var progress = new Progress<SourceProgress>(p =>
            {
                _busyText = p.Customers > 0 ? $"{source.DisplayName}: {p.Stage}, {Format.Count(p.Customers)} customers so far" : $"{source.DisplayName}: {p.Stage}…";
                StateHasChanged();
            });
            var error = await Session.OpenSourceAnalysisAsync(definition, source, progress, ct);
            if (error is not null)
            {
                _error = error;
                return;
            }

            Navigation.NavigateTo("segments");
        });

    private void Cancel() => _cts?.Cancel();

    private void AskForDataFile(AnalysisDefinition definition)
    {
        _fileTarget = definition;
        _fileError = null;
        _fileVisible = true;
    }

    private void CloseFileDialog()
    {
        _cts?.Cancel();
        _fileVisible = false;
    }

    /// <summary>
    /// The data file for <see cref="_fileTarget"/>: streamed to a temporary file and hashed on the way; the same file as
    /// saved reopens the analysis, another file re-runs it on new data (the banner says which).
    /// </summary>
    private async Task OnDataFileChosen(InputFileChangeEventArgs args)
    {
        var file = args.File;
        if (_fileTarget is not { } definition)
        {
            return;
        }

        _fileError = null;
        if (file.Size > Options.Value.MaxUploadBytes)
        {
            _fileError = $"{file.Name} is {file.Size / (1024.0 * 1024.0):F1} MB; the limit is {Options.Value.MaxUploadMegabytes} MB.";
            return;
        }

        var path = UploadedFiles.TemporaryPathFor(file.Name);
        var opened = false;
        await RunBusyAsync($"Uploading {file.Name}…", async ct =>
        {
            try
            {
                string sha256;
                await using (var source = file.OpenReadStream(Options.Value.MaxUploadBytes, ct))
                {
                    sha256 = (await HashingFileCopy.CopyAsync(source, path, Options.Value.MaxUploadBytes, null, ct)).Sha256;
                }

                var policy = AnalysisRunner.MatchesSavedData(definition, sha256) ? DataPolicy.SameData : DataPolicy.NewData;
                opened = await OpenAsync(definition, path, file.Name, sha256, policy, ownsFile: true, ct);
            }
            catch (OperationCanceledException)
            {
                _error = $"Upload of {file.Name} cancelled; the previous dataset is still in use.";
            }
            catch (FileTooLargeException ex)
            {
                _error = $"{file.Name}: {ex.Message}";
            }
            catch (IOException ex)
            {
                _error = $"{file.Name} could not be received: {ex.Message}";
            }
        });
        if (opened)
        {
            _fileVisible = false;
            return;
        }

        // The session owns the file only after a successful open.
        UploadedFiles.TryDelete(path);
        _fileError = _error;
        _error = null;
    }

    /// <summary>A saved analysis JSON from elsewhere: read and checked; a bad or foreign file shows what is wrong with it.</summary>
    private async Task OnJsonChosen(InputFileChangeEventArgs args)
    {
        var file = args.File;
        _uploadError = null;
        _uploaded = null;
        _uploadedCopy = null;
        if (file.Size > AnalysisDefinition.MaxJsonBytes)
        {
            _uploadError = string.Create(CultureInfo.InvariantCulture, $"{file.Name} is {file.Size:N0} bytes; a saved analysis is at most {AnalysisDefinition.MaxJsonBytes:N0} bytes.");
            return;
        }

        try
        {
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream(AnalysisDefinition.MaxJsonBytes))
            {
                await stream.CopyToAsync(buffer);
            }

            // A document from elsewhere may only name a connection configured here and files inside the sources folder.
            var definition = AnalysisDefinition.FromJson(buffer.ToArray(), file.Name, Sources.Catalog);
            _uploaded = definition;
            _uploadedFileName = file.Name;
            _uploadedCopy = definition.Source is null ? Library.FindDataCopy(definition.Data.Sha256) : null;
            if (_uploadedCopy is null && definition.Source is null)
            {
                AskForDataFile(definition);
            }
        }
        catch (AnalysisDefinitionException ex)
        {
            _uploadError = ex.Message;
        }
        catch (IOException ex)
        {
            _uploadError = $"{file.Name} could not be received: {ex.Message}";
        }
    }

    private async Task AddUploadedAsync()
    {
        if (_uploaded is not { } definition)
        {
            return;
        }

        try
        {
            var entry = await Task.Run(() => Library.Save(definition, _uploadedCopy));
            _notice = $"Added '{entry.Name}' to the library{(entry.HasDataCopy ? " (with the data copy it already had)" : ", without a data copy")}.";
            _uploaded = null;
            await RefreshAsync();
        }
        catch (IOException ex)
        {
            _error = $"The library could not be written: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = $"The library folder is not writable: {ex.Message}";
        }
    }

    private void DismissUploaded()
    {
        _uploaded = null;
        _uploadedCopy = null;
    }

    private void AskRename(LibraryEntry entry)
    {
        _target = entry;
        _newName = entry.Name;
        _renameVisible = true;
    }

    private async Task RenameAsync()
    {
        _renameVisible = false;
        if (_target is not { } entry || string.IsNullOrWhiteSpace(_newName))
        {
            return;
        }

        await ChangeLibraryAsync(
            () => Library.Rename(entry.Id, _newName) is null ? $"'{entry.Name}' is no longer in the library." : null,
            $"Renamed '{entry.Name}' to '{_newName.Trim()}'.");
    }

    private void AskDelete(LibraryEntry entry)
    {
        _target = entry;
        _deleteVisible = true;
    }

    private async Task DeleteAsync()
    {
        _deleteVisible = false;
        if (_target is not { } entry)
        {
            return;
        }

        await ChangeLibraryAsync(
            () => Library.Delete(entry.Id) ? null : $"'{entry.Name}' is no longer in the library.",
            $"Deleted '{entry.Name}'.");
    }

    /// <summary>Runs a library change off the render thread, then re-reads the library; problems become a message.</summary>
    private async Task ChangeLibraryAsync(Func<string?> change, string done)
    {
        _error = null;
        _notice = null;
        try
        {
            var problem = await Task.Run(change);
            _error = problem;
            _notice = problem is null ? done : null;
        }
        catch (AnalysisDefinitionException ex)
        {
            _error = ex.Message;
        }
        catch (IOException ex)
        {
            _error = $"The library could not be changed: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = $"The library folder is not writable: {ex.Message}";
        }

        await RefreshAsync();
    }

    private async Task DownloadAsync(AnalysisDefinition definition)
    {
        try
        {
            await AnalysisJson.DownloadAsync(JS, definition);
        }
        catch (JSException ex)
        {
            _error = $"The browser could not save the file: {ex.Message}";
        }
    }
}
