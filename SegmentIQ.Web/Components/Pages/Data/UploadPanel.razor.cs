using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Components.Pages.Data;

/// <summary>
/// Upload: streams the browser file to a temporary file (bytes progress), reads it (rows progress), asks for a column
/// mapping when needed, and only then swaps the session's dataset. A failure or a cancel leaves the session untouched.
/// In the browser the bytes go over HTTP to <see cref="SessionUploadEndpoint"/> under this page's ticket
/// (wwwroot/js/upload.js); Blazor's InputFile over the circuit remains the path when that script is not attached.
/// </summary>
public partial class UploadPanel
{
    private CancellationTokenSource? _cts;
    private bool _busy;
    private bool _removeDuplicates;
    private FileShape _shape = FileShape.Auto;
    private string _stage = "";
    private double _fraction;
    private string? _error;
    private string? _success;
    private bool _mappingVisible;
    private ColumnMappingRequest? _mapping;
    private string? _pendingPath;
    private string? _pendingHash;
    private bool _basketFileLoaded;
    private ElementReference _root;
    private string? _ticket;
    private bool _transferring;
    private DotNetObjectReference<UploadPanel>? _self;

    private async Task OnFileChosen(InputFileChangeEventArgs args)
    {
        var file = args.File;
        if (_busy)
        {
            _error = BusyMessage(file.Name);
            return;
        }

        _error = null;
        _success = null;
        _basketFileLoaded = false;
        if (file.Size > Options.Value.MaxUploadBytes)
        {
            _error = TooLargeMessage(file.Name, file.Size);
            return;
        }

        if (file.Size == 0)
        {
            _error = $"{file.Name} is empty.";
            return;
        }

        DeletePending();
        _cts = new CancellationTokenSource();
        _busy = true;
        var path = UploadedFiles.TemporaryPathFor(file.Name);
        try
        {
            _stage = $"Uploading {file.Name}…";
            var lastShown = 0.0;
            var copyProgress = new Progress<long>(copied =>
            {
                _fraction = (double)copied / file.Size;
                if (_fraction - lastShown > 0.02)
                {
                    lastShown = _fraction;
                    StateHasChanged();
                }
            });
            // Recorded before the copy starts, so a failed or cancelled copy is deleted too.
            _pendingPath = path;
            await using (var source = file.OpenReadStream(Options.Value.MaxUploadBytes, _cts.Token))
            {
                // Hashed as it streams in: the dataset's identity costs no second read of the file.
                var copied = await HashingFileCopy.CopyAsync(source, path, Options.Value.MaxUploadBytes, copyProgress, _cts.Token);
                if (copied.Bytes != file.Size)
                {
                    _error = $"{file.Name}: {copied.Bytes:N0} bytes were received but the browser announced {file.Size:N0}; the file was not read. The previous dataset is still in use.";
                    return;
                }

                _pendingHash = copied.Sha256;
            }

            await LoadReceivedAsync(file.Name, path);
        }
        catch (OperationCanceledException)
        {
            _error = $"Upload of {file.Name} cancelled; the previous dataset is still in use.";
        }
        catch (FileTooLargeException ex)
        {
            _error = $"{file.Name}: {ex.Message} The previous dataset is still in use.";
        }
        catch (DataFileException ex)
        {
            _error = $"{ex.Message} The previous dataset is still in use.";
        }
        catch (Exception ex)
        {
            // A stalled or broken browser stream, a full disk, a bug: every upload ends with a message, never a frozen bar.
            _error = $"{file.Name}: could not read the file (error id {Failures.Report(ex, $"uploading {file.Name}")}); the previous dataset is still in use.";
        }
        finally
        {
            _busy = false;
            if (!_mappingVisible)
            {
                // Loaded (the session took the file), failed or cancelled: no copy stays in the upload folder.
                DeletePending();
            }
        }
    }

    private async Task LoadReceivedAsync(string fileName, string path)
    {
        _pendingPath = path;
        if (_shape == FileShape.Auto && await TryLoadBasketFileAsync(path, fileName))
        {
            return;
        }

        await ReadAsync(fileName, null);
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The page's antiforgery token (from the prerendered page) binds the upload ticket to this page.
        if (!firstRender || ServiceProvider.GetService<AntiforgeryStateProvider>()?.GetAntiforgeryToken() is not { } token
            || ServiceProvider.GetService<IOptions<AntiforgeryOptions>>()?.Value.HeaderName is not { } header)
        {
            return;
        }

        _ticket = Uploads.Issue(token.Value);
        _self = DotNetObjectReference.Create(this);
        try
        {
            if (!await JS.InvokeAsync<bool>("siqUpload.attach", _root, _self, $"{SessionUploadEndpoint.Route}/{_ticket}", header, token.Value, Options.Value.MaxUploadBytes))
            {
                Uploads.Revoke(_ticket);
                _ticket = null;
            }
        }
        catch (JSException)
        {
            // The script is missing: InputFile over the circuit still works.
            Uploads.Revoke(_ticket);
            _ticket = null;
        }

        StateHasChanged();
    }

    /// <summary>The browser started sending <paramref name="fileName"/> to the upload endpoint.</summary>
    [JSInvokable]
    public Task OnTransferStarted(string fileName, long size)
    {
        _error = null;
        _success = null;
        _basketFileLoaded = false;
        DeletePending();
        _busy = true;
        _transferring = true;
        _stage = $"Uploading {fileName} ({size / (1024.0 * 1024.0):F1} MB)…";
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>The endpoint received the file under <paramref name="receipt"/>: read it.</summary>
    [JSInvokable]
    public async Task OnTransferCompleted(string fileName, string receipt)
    {
        _transferring = false;
        if (_ticket is null || Uploads.Claim(_ticket, receipt) is not { } upload)
        {
            _busy = false;
            _error = $"{fileName} arrived but could not be found on the server; drop it again. The previous dataset is still in use.";
            StateHasChanged();
            return;
        }

        _pendingHash = upload.Sha256;
        _cts = new CancellationTokenSource();
        try
        {
            await LoadReceivedAsync(fileName, upload.Path);
        }
        catch (OperationCanceledException)
        {
            _error = $"Upload of {fileName} cancelled; the previous dataset is still in use.";
            DeletePending();
        }
        catch (DataFileException ex)
        {
            _error = $"{ex.Message} The previous dataset is still in use.";
        }
        catch (Exception ex)
        {
            // A full disk, a broken file, a bug: every upload ends with a message, never a frozen bar.
            _error = $"{fileName}: could not read the file (error id {Failures.Report(ex, $"reading {fileName}")}); the previous dataset is still in use.";
        }
        finally
        {
            _busy = false;
            if (!_mappingVisible)
            {
                // Loaded (the session took the file), failed or cancelled: no copy stays in the upload folder.
                DeletePending();
            }

            StateHasChanged();
        }
    }

    /// <summary>The endpoint refused the file or the connection failed.</summary>
    [JSInvokable]
    public Task OnTransferFailed(string fileName, int status, string? detail)
    {
        _busy = false;
        _transferring = false;
        _error = detail is not null
            ? $"{fileName}: {detail}"
            : status == 0
                ? $"{fileName} could not be sent: the connection to the server was lost. The previous dataset is still in use."
                : $"{fileName} could not be uploaded (HTTP {status}). The previous dataset is still in use.";
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>The person cancelled the transfer.</summary>
    [JSInvokable]
    public Task OnTransferCancelled(string fileName)
    {
        _busy = false;
        _transferring = false;
        _error = $"Upload of {fileName} cancelled; the previous dataset is still in use.";
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>The browser refused a file over the limit before sending it.</summary>
    [JSInvokable]
    public Task OnTransferRejected(string fileName, long size)
    {
        _error = TooLargeMessage(fileName, size);
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>A file was chosen or dropped while another one is still uploading or being read: say so, keep going.</summary>
    [JSInvokable]
    public Task OnTransferRefusedBusy(string fileName)
    {
        _error = BusyMessage(fileName);
        StateHasChanged();
        return Task.CompletedTask;
    }

    private static string BusyMessage(string fileName) =>
        $"{fileName} was not uploaded: another file is still being uploaded or read. Wait for it, or cancel it, then drop {fileName} again.";

    private string TooLargeMessage(string fileName, long size) =>
        $"{fileName} is {size / (1024.0 * 1024.0):F1} MB; the limit is {Options.Value.MaxUploadMegabytes} MB (setting SegmentIQ:MaxUploadMegabytes in appsettings.json).";

    private async Task ReadAsync(string fileName, IReadOnlyDictionary<ColumnRole, string>? mapping, FileShape? readAs = null)
    {
        if (_pendingPath is null)
        {
            return;
        }

        _busy = true;
        _cts ??= new CancellationTokenSource();
        _stage = $"Reading {fileName}…";
        _fraction = 0;
        StateHasChanged();
        var progress = new Progress<ReadProgress>(p =>
        {
            _stage = $"Reading {fileName}: {Format.Count(p.RowsRead)} rows read";
            _fraction = p.BytesFraction;
            StateHasChanged();
        });
        var options = new DataFileReadOptions { Mapping = mapping, Shape = readAs ?? _shape, Limits = Options.Value.ReaderLimits };
        var cleaning = new CleaningOptions { RemoveDuplicates = _removeDuplicates };
        try
        {
            var outcome = await Session.LoadUploadedFileAsync(_pendingPath, fileName, options, cleaning, _pendingHash, progress, _cts.Token);
            if (outcome.MappingRequest is { } request)
            {
                _mapping = request;
                _mappingVisible = true;
                return;
            }

            if (outcome.Dataset is not null)
            {
                // Loaded: the session owns the file now (a saved analysis keeps a copy of it) and deletes it when replaced.
                _pendingPath = null;
            }

            DeletePending();
            if (outcome.Error is not null)
            {
                _error = outcome.Error;
            }
            else if (outcome.Dataset is { } dataset)
            {
                var shape = dataset.Shape == FileShape.OrderLines ? " (order lines, no products)" : "";
                _success = $"{fileName}{shape}: {Format.Count(dataset.RowsRead)} rows read, {Format.Count(dataset.Features.Count)} customers.";
            }
        }
        catch (OperationCanceledException)
        {
            _error = $"Reading {fileName} cancelled; the previous dataset is still in use.";
            DeletePending();
        }
        catch (Exception ex)
        {
            _error = $"{fileName}: could not read the file (error id {Failures.Report(ex, $"reading {fileName}")}); the previous dataset is still in use.";
            DeletePending();
        }
        finally
        {
            _busy = false;
            _cts?.Dispose();
            _cts = null;
        }
    }

    /// <summary>
    /// A basket file (one basket per line, no customers) cannot be segmented: it goes to the Market Basket state and
    /// the customer dataset stays. Returns false when the file is not a basket file.
    /// </summary>
    private async Task<bool> TryLoadBasketFileAsync(string path, string fileName)
    {
        BasketDetection detection;
        await using (var stream = File.OpenRead(path))
        {
            detection = BasketFileDetector.Detect(stream);
        }

        if (!detection.IsBasketFile)
        {
            return false;
        }

        _stage = $"Reading {fileName} as baskets…";
        _fraction = 0;
        StateHasChanged();
        var error = await Session.LoadBasketFileAsync(path, fileName, detection.Separator, _cts?.Token ?? CancellationToken.None, Options.Value.ReaderLimits);
        DeletePending();
        if (error is not null)
        {
            _error = error;
        }
        else if (Session.BasketFile is { } basketFile)
        {
            _basketFileLoaded = true;
            _success = $"Basket file detected: {Format.Count(basketFile.Baskets.BasketCount)} baskets, {Format.Count(basketFile.Baskets.ItemCount)} items; open Market Basket. The customer dataset is unchanged.";
        }

        return true;
    }

    private async Task ApplyMapping(Dictionary<ColumnRole, string> mapping)
    {
        if (_mapping is null)
        {
            return;
        }

        _mappingVisible = false;
        // Under "Automatic" an order-line mapping is read as order lines (it may leave the optional columns at none).
        await ReadAsync(_mapping.FileName, mapping, _mapping.Shape == FileShape.OrderLines ? FileShape.OrderLines : _shape);
    }

    private void CancelMapping()
    {
        _mappingVisible = false;
        _error = $"{_mapping?.FileName}: not loaded (columns not mapped); the previous dataset is still in use.";
        _mapping = null;
        DeletePending();
    }

    private async Task Cancel()
    {
        _cts?.Cancel();
        if (_transferring)
        {
            await JS.InvokeVoidAsync("siqUpload.cancel", _root);
        }
    }

    private void DeletePending()
    {
        if (_pendingPath is not null)
        {
            UploadedFiles.TryDelete(_pendingPath);
            _pendingPath = null;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _cts?.Cancel();
        _cts?.Dispose();
        DeletePending();
        Uploads.Revoke(_ticket);
        _self?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
