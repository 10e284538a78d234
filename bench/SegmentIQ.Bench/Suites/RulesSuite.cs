using System.Globalization;
using SegmentIQ.Analytics.Baskets;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Frequent itemsets (FP-Growth) + single-consequent rules at confidence 0.3, timed together (file reading excluded).
/// The file's shape is detected as on upload: a basket file (e.g. retail.dat.gz) is read as one basket per line,
/// anything else as a transaction table (baskets = invoices, items = product codes).
/// Figures: <c>managed_mb</c> is the managed heap after a full collection while the database, itemsets and rules of
/// the last run are alive (what the result holds); <c>allocated_mb</c> is everything one run allocated, an upper
/// bound of its transient peak.
/// </summary>
public sealed class RulesSuite : IBenchSuite
{
    private const double MinConfidence = 0.3;

    /// <inheritdoc />
    public string Name => "rules";

    /// <inheritdoc />
    public string Description => "FP-Growth + association rules (conf 0.3) over several supports; --data FILE [--supports 0.01,0.002]";

    /// <inheritdoc />
    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var path = args.DataOrDefault();
        BasketDetection detection;
        using (var probe = File.OpenRead(path))
        {
            detection = BasketFileDetector.Detect(probe);
        }

        BasketDatabase db;
        string dataset;
        double[] supports;
        if (detection.IsBasketFile)
        {
            db = BasketFileReader.ReadFile(path, detection.Separator);
            dataset = Path.GetFileName(path).Split('.')[0];
            supports = [0.01, 0.002, 0.001];
        }
        else
        {
            db = TransactionBaskets.Build(BenchData.LoadCleanTransactions(path), BasketGrouping.Invoice);
            dataset = "online_retail";
            supports = [0.02, 0.01, 0.005, 0.002, 0.001];
        }

        if (args.Options.TryGetValue("supports", out var list))
        {
            supports = [.. list.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
        }

        Console.Error.WriteLine($"{dataset}: {db.BasketCount:N0} baskets, {db.ItemCount:N0} items ({detection.Reason})");
        foreach (var minSupport in supports)
        {
            var miner = new FpGrowth(new FrequentItemsetOptions { MinSupport = minSupport });
            var rulesOptions = new RuleOptions { MinConfidence = MinConfidence };
            var support = minSupport.ToString(CultureInfo.InvariantCulture);
            output.Measure($"{dataset}@{support}/itemsets", () => miner.Mine(db), itemsets => new Dictionary<string, object?>
            {
                ["dataset"] = dataset,
                ["min_support"] = minSupport,
                ["itemsets"] = itemsets.Count,
                ["anchor"] = dataset == "online_retail" ? Anchors.FrequentItemsets : null,
            });

            long allocated = 0;
            output.Measure(
                $"{dataset}@{support}",
                () =>
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var itemsets = miner.Mine(db);
                    var rules = AssociationRules.Generate(itemsets, rulesOptions);
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                    return (itemsets, rules);
                },
                r => new Dictionary<string, object?>
                {
                    ["dataset"] = dataset,
                    ["min_support"] = minSupport,
                    ["itemsets"] = r.itemsets.Count,
                    ["rules"] = r.rules.Count,
                    ["managed_mb"] = HeldMegabytes(r),
                    ["allocated_mb"] = Math.Round(allocated / (1024.0 * 1024.0), 1),
                });
        }
    }

    private static double HeldMegabytes((FrequentItemsets Itemsets, AssociationRules Rules) result)
    {
        var mb = BenchOutput.ManagedMegabytes();
        GC.KeepAlive(result.Itemsets);
        GC.KeepAlive(result.Rules);
        return mb;
    }
}
