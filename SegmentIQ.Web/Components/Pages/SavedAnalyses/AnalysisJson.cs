using System.Text;
using Microsoft.JSInterop;

namespace SegmentIQ.Web.Components.Pages.SavedAnalyses;

/// <summary>Downloads a saved analysis as its JSON document through the browser's <c>siqDownload</c> helper.</summary>
internal static class AnalysisJson
{
    /// <summary>A file name made from the analysis's name (letters, digits and dashes) ending in <c>.json</c>.</summary>
    public static string FileName(AnalysisDefinition definition)
    {
        var name = new StringBuilder();
        foreach (var c in definition.Name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var stem = name.ToString().Trim('-');
        return (stem.Length == 0 ? "analysis" : stem[..Math.Min(stem.Length, 60)]) + ".json";
    }

    /// <summary>Streams the analysis's JSON to the browser, which saves it under <see cref="FileName"/>.</summary>
    public static async Task DownloadAsync(IJSRuntime js, AnalysisDefinition definition)
    {
        using var stream = new MemoryStream(definition.ToJson(), writable: false);
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("siqDownload", FileName(definition), reference, "application/json");
    }
}
