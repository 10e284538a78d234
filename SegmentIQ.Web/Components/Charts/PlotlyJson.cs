using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>Plotly.Blazor's figure types as the JSON plotly.js reads (our own interop draws them, see wwwroot/js/charts.js).</summary>
internal static class PlotlyJson
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Serialises <paramref name="value"/> by its runtime type: the Plotly.Blazor types carry their JSON names and
    /// converters, and each trace keeps its own fields.
    /// </summary>
    public static JsonElement ToJson(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), Options);

    /// <summary>The config every chart is drawn with.</summary>
    public static JsonElement Config { get; } = ToJson(new Plotly.Blazor.Config { Responsive = true, DisplayLogo = false });
}
