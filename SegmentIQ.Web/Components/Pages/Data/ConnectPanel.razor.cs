using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Web.Components.Shared;

namespace SegmentIQ.Web.Components.Pages.Data;

/// <summary>
/// The Connect tab: a named connection's table or DuckDB files, a preview of the first rows and the row count, then
/// the aggregation where the data lives (progress, cancel), the mapping dialog when columns are not matched by name.
/// The cleaning option is the upload's (also remove exact duplicate lines), applied where the data lives.
/// The session's dataset changes only when the aggregation succeeds.
/// </summary>
public partial class ConnectPanel
{
    private const int PreviewRows = 10;
    private SourceKind _kind = SourceKind.Database;
    private string? _connection;
    private string? _schema;
    private string? _table;
    private string? _path;
    private bool _removeDuplicates;
    private bool _busy;
    private string _stage = "";
    private string? _error;
    private string? _success;
    private SourcePreview? _preview;
    private string _previewTitle = "";
    private bool _mappingVisible;
    private ColumnMappingRequest? _mapping;
    private CancellationTokenSource? _cts;

    /// <summary>Where the lines are.</summary>
    public enum SourceKind
    {
        /// <summary>A table or view of a named connection.</summary>
        Database,

        /// <summary>Files read by DuckDB.</summary>
        Files,
    }

    private bool Ready => _kind == SourceKind.Database
        ? !string.IsNullOrWhiteSpace(_connection) && !string.IsNullOrWhiteSpace(_table)
        : !string.IsNullOrWhiteSpace(_path);

    protected override void OnInitialized()
    {
        var names = Sources.ConnectionNames;
        _connection = names.Count > 0 ? names[0] : null;
    }

    private void KindChanged(SourceKind kind)
    {
        _kind = kind;
        _preview = null;
        _error = null;
    }

    private ITransactionSource Source() => _kind == SourceKind.Database
        ? Sources.Table(_connection!, _schema?.Trim(), _table!.Trim())
        : Sources.Files(_path!);

    /// <summary>How a saved analysis names the chosen source (the connection by name only).</summary>
    private SourceReference Reference() => _kind == SourceKind.Database
        ? SourceReference.ForTable(_connection!, _schema, _table!)
        : SourceReference.ForFiles(_path!);

    private async Task PreviewAsync()
    {
        await RunAsync("Reading the first rows…", async (source, ct) =>
        {
            var preview = await Task.Run(() => source.PreviewAsync(PreviewRows, ct), ct);
            _stage = "Counting rows…";
            await InvokeAsync(StateHasChanged);
            var rows = await Task.Run(() => source.CountRowsAsync(ct), ct);
            _preview = preview;
            _previewTitle = $"{source.DisplayName}: {Format.Count(rows)} rows, {preview.Columns.Count} columns (first {preview.PreviewRows.Count} shown)";
        });
    }

    private async Task LoadAsync(IReadOnlyDictionary<ColumnRole, string>? mapping)
    {
        await RunAsync("Checking the columns…", async (source, ct) =>
        {
            var progress = new Progress<SourceProgress>(p =>
            {
                _stage = p.Customers > 0 ? $"{p.Stage}: {Format.Count(p.Customers)} so far" : $"{p.Stage}…";
                _ = InvokeAsync(StateHasChanged);
            });
            var outcome = await Session.LoadSourceAsync(source, mapping, new CleaningOptions { RemoveDuplicates = _removeDuplicates }, progress, ct, Reference());
            if (outcome.MappingRequest is { } request)
            {
                _mapping = request;
                _mappingVisible = true;
            }
            else if (outcome.Error is { } error)
            {
                _error = error;
            }
            else if (outcome.Dataset is { } dataset)
            {
                _success = $"{dataset.Name}: {Format.Count(dataset.RowsRead)} lines aggregated where they live, {Format.Count(dataset.Features.Count)} customers.";
            }
        });
    }

    private async Task RunAsync(string stage, Func<ITransactionSource, CancellationToken, Task> work)
    {
        _error = null;
        _success = null;
        _busy = true;
        _stage = stage;
        _cts = new CancellationTokenSource();
        try
        {
            await work(Source(), _cts.Token);
        }
        catch (SourceException ex)
        {
            _error = ex.Message;
        }
        catch (OperationCanceledException)
        {
            _error = "Cancelled; the previous dataset is still in use.";
        }
        finally
        {
            _busy = false;
            _cts.Dispose();
            _cts = null;
        }
    }

    private async Task ApplyMapping(Dictionary<ColumnRole, string> mapping)
    {
        _mappingVisible = false;
        await LoadAsync(mapping);
    }

    private void CancelMapping()
    {
        _mappingVisible = false;
        _error = $"{_mapping?.FileName}: not loaded (columns not mapped); the previous dataset is still in use.";
        _mapping = null;
    }

    private void Cancel() => _cts?.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        GC.SuppressFinalize(this);
    }
}
