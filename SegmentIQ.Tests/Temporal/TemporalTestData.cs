using System.Globalization;
using System.Text;

namespace SegmentIQ.Tests.Temporal;

/// <summary>
/// Hand-built purchase lines for 2011 with known movements: ten big and ten small steady buyers (one purchase on the
/// 15th of every month), a big buyer who stops after April and a small buyer whose first purchase is in June.
/// </summary>
internal static class TemporalTestData
{
    public const string Stopper = "900";
    public const string Newcomer = "901";

    public static IEnumerable<string> BigBuyers => Enumerable.Range(100, 10).Select(i => i.ToString(CultureInfo.InvariantCulture));

    public static IEnumerable<string> SmallBuyers => Enumerable.Range(200, 10).Select(i => i.ToString(CultureInfo.InvariantCulture));

    public static LoadedDataset Load(bool withMovers = true)
    {
        var csv = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        var invoice = 500000;
        void Line(string customer, int month, double price)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{invoice++},P1,Thing,1,2011-{month:00}-15 10:00:00,{price:0.00},{customer},United Kingdom\n");
        }

        for (var month = 1; month <= 12; month++)
        {
            var i = 0;
            foreach (var c in BigBuyers)
            {
                Line(c, month, 100 + i++);
            }

            i = 0;
            foreach (var c in SmallBuyers)
            {
                Line(c, month, 10 + (0.1 * i++));
            }

            if (withMovers && month <= 4)
            {
                Line(Stopper, month, 105);
            }

            if (withMovers && month >= 6)
            {
                Line(Newcomer, month, 10.5);
            }
        }

        var path = Path.Combine(Path.GetTempPath(), $"siq-temporal-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv.ToString());
        try
        {
            var outcome = AnalysisPipeline.Load(path, "movements.csv", null, null, null, null, CancellationToken.None);
            return outcome.Dataset ?? throw new InvalidOperationException(outcome.Error ?? "mapping requested");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
