using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.State;

namespace SegmentIQ.Web.Components.Shared;

/// <summary>
/// The export buttons of the Personas and Summary pages. The workbook is built off the render thread (a few hundred
/// milliseconds for thousands of customers) and streamed to the browser, which saves it through <c>siqDownload</c>.
/// </summary>
public partial class ExportButtons
{
    private bool _busy;
    private string _busyWhat = "";
    private string? _error;

    [Inject] private AnalysisSession Session { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    /// <summary>The insights to export; the buttons stay disabled while null (a new value re-renders them).</summary>
    [Parameter, EditorRequired] public PersonaInsights? Insights { get; set; }

    /// <summary>
    /// Association rules to include in the workbook; when null, the whole dataset's rules at the current thresholds
    /// (mined now if they were not yet, like the lifetime values and movers), so the report never depends on which
    /// pages the user opened.
    /// </summary>
    [Parameter] public IReadOnlyList<ReportRule>? Rules { get; set; }

    private bool CanExport => Insights is not null;

    private Task DownloadExcelAsync() => DownloadAsync("the Excel report", input => ReportBuilder.BuildWorkbook(input));

    private Task DownloadCsvAsync() => DownloadAsync("the CSV", ReportBuilder.BuildCustomerCsv);

    private async Task DownloadAsync(string what, Func<ReportInput, ExportFile> build)
    {
        if (Session.Dataset?.Purchases is not null)
        {
            _busy = true;
            _busyWhat = "the rules, lifetime values and movers for the report";
            StateHasChanged();
        }

        var input = await Session.BuildReportInputAsync(Rules);
        _busy = false;
        if (input is null)
        {
            _error = "There is no segmentation to export yet.";
            return;
        }

        _busy = true;
        _busyWhat = what;
        _error = null;
        StateHasChanged();
        try
        {
            var file = await Task.Run(() => build(input));
            using var stream = new MemoryStream(file.Content, writable: false);
            using var reference = new DotNetStreamReference(stream);
            await JS.InvokeVoidAsync("siqDownload", file.FileName, reference, file.ContentType);
        }
        catch (JSException ex)
        {
            _error = $"The browser could not save the file: {ex.Message}";
        }
        catch (IOException ex)
        {
            _error = $"The file could not be written: {ex.Message}";
        }
        finally
        {
            _busy = false;
        }
    }
}
