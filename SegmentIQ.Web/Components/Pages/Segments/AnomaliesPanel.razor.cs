using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.Components.Pages.Segments;

/// <summary>One noise customer and the raw values of the clustering features.</summary>
public sealed record AnomalyRow(string CustomerId, double[] Values);

/// <summary>The anomalies (DBSCAN noise) of the current segmentation.</summary>
public partial class AnomaliesPanel
{
    private SegmentationResult? _builtFor;

    /// <summary>The clustering space (customers and features).</summary>
    [Parameter, EditorRequired] public ClusteringSpace? Space { get; set; }

    /// <summary>The segmentation whose noise to list.</summary>
    [Parameter, EditorRequired] public SegmentationResult? Result { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = null!;

    private IReadOnlyList<AnomalyRow> Rows { get; set; } = [];

    private IReadOnlyList<string> Features => Space?.Options.Features ?? [];

    // Which eps the listed noise belongs to (tests wait for it; the slider's value can be ahead of the fit).
    private string EpsText => Result?.Settings.Eps.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Result, _builtFor))
        {
            return;
        }

        _builtFor = Result;
        Rows = Space is null || Result is null ? [] : Build(Space, Result);
    }

    /// <summary>The noise customers of <paramref name="result"/> with their raw feature values.</summary>
    public static IReadOnlyList<AnomalyRow> Build(ClusteringSpace space, SegmentationResult result)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(result);
        var columns = space.Options.Features.Select(f => space.Table[f]).ToArray();
        var rows = new List<AnomalyRow>(result.NoiseCount);
        for (var i = 0; i < result.Labels.Count; i++)
        {
            if (result.Labels[i] == ClusterLabels.Noise)
            {
                rows.Add(new AnomalyRow(space.Table.CustomerIds[i], columns.Select(c => c[i]).ToArray()));
            }
        }

        return rows;
    }

    private async Task ExportAsync()
    {
        // CsvExport neutralises cells that a spreadsheet would run as formulas (customer ids are user data).
        List<string> headers = ["CustomerID", .. Features];
        var csv = CsvExport.ToCsv(headers, Rows.Select(r => (IReadOnlyList<object?>)[r.CustomerId, .. r.Values.Cast<object?>()]));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        using var reference = new DotNetStreamReference(stream);
        await JS.InvokeVoidAsync("siqDownload", "anomalies.csv", reference, "text/csv;charset=utf-8");
    }
}
