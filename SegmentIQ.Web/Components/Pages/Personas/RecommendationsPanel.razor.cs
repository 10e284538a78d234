using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Web.State;

namespace SegmentIQ.Web.Components.Pages.Personas;

/// <summary>The Recommendations panel of the Personas page; asks the session to mine the current segmentation's rules.</summary>
public partial class RecommendationsPanel : IDisposable
{
    private string? _customerId;
    private string? _message;
    private IReadOnlyList<ProductRecommendation> _shown = [];
    private bool _busy;
    private string? _cut;
    private string? _cutError;

    [Inject] private AnalysisSession Session { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        if (Session.Dataset?.Purchases is { } purchases)
        {
            _cut = (Session.EvaluationCut ?? AnalysisSession.DefaultEvaluationCut(purchases)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        Session.Changed += OnSessionChanged;
        _ = Session.EnsureRecommenderAsync();
    }

    private void OnSessionChanged() => _ = InvokeAsync(() =>
    {
        _ = Session.EnsureRecommenderAsync();
        StateHasChanged();
    });

    private void LookUp()
    {
        _shown = [];
        var id = _customerId?.Trim();
        if (Session.Recommender is not { } model || Session.Dataset?.Purchases is not { } purchases)
        {
            return;
        }

        var code = string.IsNullOrEmpty(id) ? -1 : purchases.Pools.Customers.Find(id);
        if (code < 0 || code >= model.CustomerCount || model.SegmentOf(code) < 0)
        {
            _message = string.IsNullOrEmpty(id) ? "Type a customer ID." : $"No customer '{id}' in the current segmentation.";
            return;
        }

        _shown = model.Recommend(code, Top, Session.Insights?.Personas);
        _message = _shown.Count == 0
            ? $"No rule of {SegmentNames.Display(model.SegmentOf(code), Session.Insights?.Personas)} applies to customer {id}, and they already bought its typical products."
            : $"Customer {id} · {SegmentNames.Display(model.SegmentOf(code), Session.Insights?.Personas)}";
    }

    /// <summary>N as typed, kept within the recommender's 1 … 50.</summary>
    private int Top => Session.RecommendationCount;

    /// <summary>Runs the time-split evaluation at the typed cut, or says what is wrong with the date.</summary>
    private async Task EvaluateAsync()
    {
        _cutError = null;
        if (!DateTime.TryParseExact(_cut?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var cut))
        {
            _cutError = $"The cut date '{_cut}' is not a date written as yyyy-MM-dd (e.g. 2011-09-01).";
            return;
        }

        await Session.EvaluateRecommendationsAsync(cut);
    }

    private async Task DownloadCsvAsync()
    {
        if (Session.Recommender is not { } model || Session.Dataset?.Purchases is not { } purchases)
        {
            return;
        }

        _busy = true;
        try
        {
            var personas = Session.Insights?.Personas;
            var file = await Task.Run(() => RecommendationExport.ToCsv(model, purchases.Pools.Customers, Top, personas));
            using var stream = new MemoryStream(file.Content, writable: false);
            using var reference = new DotNetStreamReference(stream);
            await JS.InvokeVoidAsync("siqDownload", file.FileName, reference, file.ContentType);
        }
        catch (JSException ex)
        {
            _message = $"The browser could not save the file: {ex.Message}";
        }
        finally
        {
            _busy = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Changed -= OnSessionChanged;
        GC.SuppressFinalize(this);
    }
}
