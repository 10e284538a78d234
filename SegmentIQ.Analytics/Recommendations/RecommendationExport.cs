using System.Text;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>Per-customer top-N recommendations as a CSV (one row per customer and product, with the figures behind it).</summary>
public static class RecommendationExport
{
    private static readonly string[] Headers =
        ["CustomerID", "Segment", "Rank", "StockCode", "Description", "Source", "Score", "Support", "Confidence", "Lift", "Reason"];

    /// <summary>
    /// The CSV of every customer with a segment: their top <paramref name="top"/> products. <paramref name="customers"/>
    /// names the model's customer codes; <paramref name="personas"/> (optional) names the segments.
    /// </summary>
    public static ExportFile ToCsv(ProductRecommenderModel model, StringPool customers, int top, PersonaSet? personas = null) =>
        new("segmentiq-recommendations.csv", "text/csv", Encoding.UTF8.GetBytes(CsvExport.ToCsv(Headers, Rows(model, customers, top, personas))));

    /// <summary>
    /// The same rows for the Excel report's Recommendations sheet, with the products each segment is offered most
    /// (<see cref="SegmentOffers"/>) for the executive summary.
    /// </summary>
    public static ReportRecommendations ForReport(ProductRecommenderModel model, StringPool customers, int top, PersonaSet? personas = null) =>
        new(Headers, Rows(model, customers, top, personas), SegmentOffers.BySegment(model, personas: personas));

    private static List<IReadOnlyList<object?>> Rows(ProductRecommenderModel model, StringPool customers, int top, PersonaSet? personas)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        var rows = new List<IReadOnlyList<object?>>();
        for (var c = 0; c < model.CustomerCount; c++)
        {
            var segment = model.SegmentOf(c);
            if (segment < 0)
            {
                continue;
            }

            var rank = 0;
            foreach (var r in model.Recommend(c, top, personas))
            {
                rows.Add([customers[c], SegmentNames.Display(segment, personas), ++rank, r.Product, r.Description, r.Source.ToString(), r.Score, r.Support,
                    double.IsNaN(r.Confidence) ? null : r.Confidence, r.Lift, r.Reason]);
            }
        }

        return rows;
    }
}
