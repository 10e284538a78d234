using System.Globalization;
using System.Text;
using MudBlazor;
using SegmentIQ.Analytics.Projection;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Web.State;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.Components.Pages.Projections;

/// <summary>
/// The Projections page: PCA (fitted once per clustering space) or LDA (fitted on the current segments) in 2D or 3D,
/// coloured by the current segments, with the scree chart, the loadings heatmap and a biplot. Chart data is rebuilt
/// only when its inputs change, so recolouring after a segment change never refits PCA.
/// </summary>
public partial class ProjectionsPage
{
    private ClusteringSpace? _space;
    private string[] _hover = [];
    private ProjectionCoordinates? _pca2;
    private ProjectionCoordinates? _pca3;
    private (ClusteringSpace? Space, int Kept) _pcaChartsKey;
    private ScreeChartData? _scree;
    private HeatmapData? _loadings;
    private (ClusteringSpace? Space, SegmentationResult? Segmentation) _biplotKey;
    private ScatterData? _biplot;
    private (object? Model, SegmentationResult? Segmentation, int Dimensions) _scatterKey;
    private ScatterData? _scatter2d;
    private Scatter3DData? _scatter3d;
    private IReadOnlyList<string> _scatterWarnings = [];
    private LdaModel? _ldaAxesModel;
    private HeatmapData? _ldaAxes;

    private ProjectionView View => Session.ProjectionView;

    private int Kept => Session.Space is { } space
        ? Math.Clamp(View.ComponentsKept ?? space.Pca.NumberOfComponents, 1, Math.Max(1, space.Pca.NumberOfComponents))
        : 1;

    private double CumulativeShare => Session.Space is { Pca.NumberOfComponents: > 0 } space
        ? space.Pca.CumulativeExplainedVarianceRatio[Kept - 1]
        : 0;

    private string ScatterTitle => View.Method == ProjectionMethod.Pca
        ? $"Customers on the first {View.Dimensions} principal components"
        : $"Customers on the first {View.Dimensions} discriminant axes of the segments";

    private string MethodText => View.Method == ProjectionMethod.Pca
        ? $"{Pca.MethodDescription}. Fitted once for these features; changing segments only recolours the points."
        : $"{Lda.MethodDescription}. Refitted on every new segmentation (noise rows are projected but not fitted).";

    private IEnumerable<string> Warnings => View.Method == ProjectionMethod.Lda && Session.Lda is { } lda
        ? lda.Warnings.Where(w => w != Lda.OptimisticCaveat).Concat(_scatterWarnings).Distinct()
        : _scatterWarnings;

    private static Variant VariantFor(bool selected) => selected ? Variant.Filled : Variant.Outlined;

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    private void SetMethod(ProjectionMethod method)
    {
        Session.SetProjectionView(View with { Method = method });
        Refresh();
    }

    private void SetDimensions(int dimensions)
    {
        Session.SetProjectionView(View with { Dimensions = dimensions });
        Refresh();
    }

    private void SetKept(int kept)
    {
        Session.SetProjectionView(View with { ComponentsKept = kept });
        Refresh();
    }

    /// <summary>Rebuilds only the chart data whose inputs changed.</summary>
    private void Refresh()
    {
        var space = Session.Space;
        var segmentation = Session.Segmentation;
        if (space is null)
        {
            return;
        }

        if (!ReferenceEquals(space, _space))
        {
            _space = space;
            _hover = [.. Enumerable.Range(0, space.Table.Count).Select(r => HoverText(space, r))];
            _pca2 = space.Pca.Coordinates(2);
            _pca3 = space.Pca.Coordinates(3);
        }

        if (_pcaChartsKey != (space, Kept))
        {
            _pcaChartsKey = (space, Kept);
            _scree = BuildScree(space.Pca, Kept);
            _loadings = BuildLoadings(space.Pca, Kept);
        }

        if (segmentation is not null && _biplotKey != (space, segmentation))
        {
            _biplotKey = (space, segmentation);
            _biplot = BuildBiplot(space.Pca, _pca2!, segmentation.Labels, PersonasOf(segmentation), _hover);
        }

        if (View.Method == ProjectionMethod.Lda)
        {
            // Fire and forget: the session notifies when the fit lands, which brings us back here.
            _ = Session.EnsureLdaAsync();
        }

        // LDA coordinates are drawn with the labels they were fitted on, so points and colours always agree.
        var (model, coordinates, labels) = View.Method == ProjectionMethod.Pca
            ? ((object?)space.Pca, View.Dimensions == 3 ? _pca3 : _pca2, segmentation)
            : (Session.Lda, Session.Lda?.Coordinates(View.Dimensions), Session.LdaSegmentation);
        if (coordinates is null || labels is null)
        {
            return;
        }

        if (_scatterKey != (model, labels, View.Dimensions))
        {
            _scatterKey = (model, labels, View.Dimensions);
            _scatterWarnings = coordinates.Warnings;
            if (coordinates.Z is { } z)
            {
                _scatter3d = new Scatter3DData(
                    [.. Groups(labels.Labels, PersonasOf(labels)).Select(g => new Scatter3DSeries(g.Name, Pick(coordinates.X, g.Rows), Pick(coordinates.Y, g.Rows), Pick(z, g.Rows), g.Color, Pick(_hover, g.Rows)))],
                    coordinates.XTitle,
                    coordinates.YTitle,
                    coordinates.ZTitle ?? "");
            }
            else
            {
                _scatter2d = new ScatterData(
                    [.. Groups(labels.Labels, PersonasOf(labels)).Select(g => new ScatterSeries(g.Name, Pick(coordinates.X, g.Rows), Pick(coordinates.Y, g.Rows), g.Color, Pick(_hover, g.Rows)))],
                    coordinates.XTitle,
                    coordinates.YTitle);
            }
        }

        if (Session.Lda is { } lda && !ReferenceEquals(lda, _ldaAxesModel))
        {
            _ldaAxesModel = lda;
            _ldaAxes = new HeatmapData(
                [.. Enumerable.Range(1, lda.NumberOfComponents).Select(a => $"LD{a} ({Format.Percent(lda.ExplainedVarianceRatio[a - 1])})")],
                lda.FeatureNames,
                lda.Scalings.Data.ToArray());
        }
    }

    private static ScreeChartData BuildScree(PcaModel pca, int kept) => new(
        [.. Enumerable.Range(1, pca.NumberOfComponents).Select(c => $"PC{c}")],
        pca.ExplainedVarianceRatio,
        pca.CumulativeExplainedVarianceRatio,
        kept);

    private static HeatmapData BuildLoadings(PcaModel pca, int kept) => new(
        [.. Enumerable.Range(1, kept).Select(c => $"PC{c}")],
        pca.FeatureNames,
        pca.Components.Data[..(kept * pca.Components.Columns)].ToArray(),
        ColorBarTitle: "Loading");

    /// <summary>PC1/PC2 scores with each feature's loading drawn as an arrow, scaled to the spread of the scores.</summary>
    private static ScatterData BuildBiplot(PcaModel pca, ProjectionCoordinates pc, IReadOnlyList<int> labels, PersonaSet? personas, string[] hover)
    {
        var series = Groups(labels, personas).Select(g => new ScatterSeries(g.Name, Pick(pc.X, g.Rows), Pick(pc.Y, g.Rows), g.Color, Pick(hover, g.Rows), MarkerSize: 4)).ToList();
        var arrows = new List<ScatterArrow>();
        if (pca.NumberOfComponents >= 2)
        {
            var reach = Math.Max(MaxAbs(pc.X), MaxAbs(pc.Y));
            var longest = Enumerable.Range(0, pca.Components.Columns).Max(j => Math.Sqrt((pca.Components[0, j] * pca.Components[0, j]) + (pca.Components[1, j] * pca.Components[1, j])));

            // Loadings are unit-vector entries (|v| ≤ 1); stretch them to 80 % of the score range so they are legible.
            var scale = longest > 0 ? 0.8 * reach / longest : 1;
            for (var j = 0; j < pca.Components.Columns; j++)
            {
                arrows.Add(new ScatterArrow(pca.FeatureNames[j], pca.Components[0, j] * scale, pca.Components[1, j] * scale));
            }
        }

        return new ScatterData(series, pc.XTitle, pc.YTitle, arrows);
    }

    private static double MaxAbs(double[] values) => values.Length == 0 ? 1 : values.Max(Math.Abs);

    private sealed record Group(string Name, string Color, int[] Rows);

    /// <summary>The personas of <paramref name="segmentation"/> when it is the session's segmentation, else none.</summary>
    private PersonaSet? PersonasOf(SegmentationResult segmentation) =>
        Session.Insights is { } insights && ReferenceEquals(insights.Segmentation, segmentation) ? insights.Personas : null;

    /// <summary>Rows per segment ("Segment 1 · Persona"), segments in order and noise last.</summary>
    private static IEnumerable<Group> Groups(IReadOnlyList<int> labels, PersonaSet? personas) => labels
        .Select((label, row) => (label, row))
        .GroupBy(x => x.label)
        .OrderBy(g => g.Key < 0 ? int.MaxValue : g.Key)
        .Select(g => new Group(SegmentNames.Display(g.Key, personas), ChartStyle.SegmentColor(g.Key), [.. g.Select(x => x.row)]));

    private static T[] Pick<T>(T[] values, int[] rows)
    {
        var picked = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            picked[i] = values[rows[i]];
        }

        return picked;
    }

    private static string HoverText(ClusteringSpace space, int row)
    {
        var text = new StringBuilder();
        text.Append("Customer ").Append(space.Table.CustomerIds[row]);
        foreach (var feature in space.Options.Features)
        {
            text.Append('\n').Append(feature).Append(": ").Append(space.Table[feature][row].ToString("N1", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
