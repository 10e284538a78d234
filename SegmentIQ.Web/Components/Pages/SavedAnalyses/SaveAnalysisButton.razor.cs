using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using SegmentIQ.Web.State;

namespace SegmentIQ.Web.Components.Pages.SavedAnalyses;

/// <summary>
/// Saves the analysis on screen (dataset identity, features, settings with their seed, basket settings, notes) to the
/// library, with a copy of its data file by default, or downloads it as a JSON document.
/// </summary>
public partial class SaveAnalysisButton
{
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private bool _visible;
    private bool _busy;
    private bool _hasDataFile;
    private string? _source;
    private bool _keepCopy = true;
    private string _name = "";
    private string? _notes;
    private string _summary = "";
    private string? _error;
    private string? _saved;

    [Inject] private AnalysisSession Session { get; set; } = null!;

    [Inject] private AnalysisLibrary Library { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    /// <summary>True while there is nothing to save (no dataset yet); the parent re-renders the button when it changes.</summary>
    [Parameter] public bool Disabled { get; set; }

    private void Open()
    {
        if (Session.Dataset is not { } dataset || Session.Space is not { } space)
        {
            return;
        }

        _name = dataset.Name;
        _notes = null;
        _hasDataFile = Session.DataFilePath is not null;
        _source = Session.DataSource?.DisplayName;
        _keepCopy = _hasDataFile;
        _error = null;
        _saved = null;
        _summary = $"{Session.Settings.Describe()}, seed {Session.Settings.Seed}, on {dataset.Name} ({string.Join(", ", space.Options.Features)}).";
        _visible = true;
    }

    private void Close() => _visible = false;

    private async Task SaveAsync()
    {
        if (Capture() is not { } definition)
        {
            return;
        }

        var dataPath = _keepCopy ? Session.DataFilePath : null;
        _busy = true;
        _error = null;
        try
        {
            // Copying a large data file takes a moment: off the render thread.
            var entry = await Task.Run(() => Library.Save(definition, dataPath));
            _saved = definition.Source is { } source
                ? $"Saved '{entry.Name}' to the library; it reads {source.DisplayName} again when opened or scheduled."
                : entry.HasDataCopy || !_keepCopy
                ? $"Saved '{entry.Name}' to the library{(entry.HasDataCopy ? " with a copy of its data file" : "")}."
                : $"Saved '{entry.Name}' to the library, without a data copy: the file behind this dataset is no longer available.";
        }
        catch (IOException ex)
        {
            _error = $"The library could not be written: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = $"The library folder is not writable: {ex.Message}";
        }
        catch (AnalysisDefinitionException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DownloadAsync()
    {
        if (Capture() is not { } definition)
        {
            return;
        }

        _error = null;
        try
        {
            await AnalysisJson.DownloadAsync(JS, definition);
        }
        catch (JSException ex)
        {
            _error = $"The browser could not save the file: {ex.Message}";
        }
    }

    private AnalysisDefinition? Capture()
    {
        try
        {
            return Session.CaptureAnalysis(_name, _notes);
        }
        catch (InvalidOperationException ex)
        {
            _error = ex.Message;
            return null;
        }
    }
}
