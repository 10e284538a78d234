using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// Market baskets pushed down to where the lines are: the kept lines of <see cref="CustomerFeatureSql"/>'s cleaning
/// (the same rendered rules, so the baskets are those <see cref="TransactionBaskets.Build"/> makes from the cleaned
/// table) grouped into baskets; the engine counts each product's baskets and each frequent pair's baskets, and sends
/// back the counts and only the baskets' products that are in a frequent pair. This is exact for FP-Growth: a product
/// below the support threshold is in no frequent itemset, every pair of a frequent itemset of 2+ products is frequent (so
/// all its products are pair products), and a basket with fewer than two pair products holds no such itemset; single
/// products take their supports from the pushed-down counts.
/// </summary>
public static class BasketSql
{
    /// <summary>Result rows, in this order: one <see cref="Total"/> row, the <see cref="Item"/> rows, the <see cref="Pair"/> rows, then the <see cref="Line"/> rows by basket.</summary>
    internal const int Total = 0;

    /// <summary>A frequent product: its code, its most frequent description and its basket count.</summary>
    internal const int Item = 1;

    /// <summary>A frequent pair: its two product codes (the first the lesser) and its basket count.</summary>
    internal const int Pair = 2;

    /// <summary>One pair product of one basket holding at least two of them.</summary>
    internal const int Line = 3;

    /// <summary>
    /// One statement whose rows are tagged by <c>kind</c> (columns kind, basket, prod, descr, baskets, products, other):
    /// the number of baskets and of distinct products (<see cref="Total"/>); each product in at least
    /// <paramref name="minSupport"/> of the baskets with its basket count and most frequent description, ties to the
    /// alphabetically first (<see cref="Item"/>); each pair of those products in at least <paramref name="minSupport"/> of
    /// the baskets with its basket count (<see cref="Pair"/>, a self-join of the basket/product membership grouped by
    /// pair); and for every basket holding two or more products of those pairs, those products (<see cref="Line"/>),
    /// ordered by basket. A product or pair is frequent when <c>count / baskets &gt;= minSupport</c> in double precision,
    /// the test <see cref="FrequentItemsetOptions.MinCount"/> agrees with.
    /// </summary>
    public static SqlStatement PairProductBaskets(
        SqlDialect dialect,
        Func<SqlParameters, string> relation,
        IReadOnlyDictionary<ColumnRole, SourceColumn> columns,
        CleaningOptions cleaning,
        BasketGrouping grouping,
        double minSupport)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(cleaning);
        if (!Enum.IsDefined(grouping))
        {
            throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "BasketGrouping must be Invoice or Customer.");
        }

        if (!(minSupport > 0 && minSupport <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minSupport), minSupport, "MinSupport must be a fraction in (0, 1].");
        }

        var p = new SqlParameters(dialect);
        var sql = new StringBuilder(CustomerFeatureSql.Lines(dialect, p, relation, columns, cleaning));
        var key = grouping == BasketGrouping.Invoice ? "inv" : "cust";
        var text = dialect.TextType;
        var number = dialect.DoubleType;
        sql.Append(CultureInfo.InvariantCulture, $",\nmembership AS (SELECT DISTINCT {key} AS basket, prod FROM kept),\n");
        sql.Append("total AS (SELECT COUNT(DISTINCT basket) AS baskets, COUNT(DISTINCT prod) AS products FROM membership),\n");
        sql.Append("support AS (SELECT prod, COUNT(*) AS baskets FROM membership GROUP BY prod),\n");
        sql.Append("frequent AS (SELECT support.prod, support.baskets FROM support CROSS JOIN total ");
        sql.Append(CultureInfo.InvariantCulture, $"WHERE CAST(support.baskets AS {number}) / CAST(total.baskets AS {number}) >= {p.Add(minSupport)}),\n");
        sql.Append("held AS (SELECT membership.basket, membership.prod FROM membership JOIN frequent ON frequent.prod = membership.prod),\n");
        sql.Append("pairs AS (SELECT a.prod, b.prod AS other, COUNT(*) AS baskets FROM held a JOIN held b ON b.basket = a.basket AND a.prod < b.prod ");
        sql.Append(CultureInfo.InvariantCulture, $"GROUP BY a.prod, b.prod HAVING CAST(COUNT(*) AS {number}) / (SELECT CAST(baskets AS {number}) FROM total) >= {p.Add(minSupport)}),\n");
        sql.Append("paired AS (SELECT prod FROM pairs UNION SELECT other FROM pairs),\n");
        sql.Append("reduced AS (SELECT held.basket, held.prod, COUNT(*) OVER (PARTITION BY held.basket) AS size FROM held JOIN paired ON paired.prod = held.prod),\n");
        sql.Append("described AS (SELECT kept.prod, kept.descr, COUNT(*) AS uses FROM kept JOIN frequent ON frequent.prod = kept.prod ");
        sql.Append("WHERE kept.descr IS NOT NULL GROUP BY kept.prod, kept.descr),\n");
        sql.Append("labelled AS (SELECT prod, descr, ROW_NUMBER() OVER (PARTITION BY prod ORDER BY uses DESC, descr) AS pick FROM described)\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {Total} AS kind, CAST(NULL AS {text}) AS basket, CAST(NULL AS {text}) AS prod, CAST(NULL AS {text}) AS descr, ");
        sql.Append(CultureInfo.InvariantCulture, $"total.baskets AS baskets, total.products AS products, CAST(NULL AS {text}) AS other FROM total\n");
        sql.Append(CultureInfo.InvariantCulture, $"UNION ALL SELECT {Item}, NULL, frequent.prod, labelled.descr, frequent.baskets, NULL, NULL FROM frequent ");
        sql.Append("LEFT JOIN labelled ON labelled.prod = frequent.prod AND labelled.pick = 1\n");
        sql.Append(CultureInfo.InvariantCulture, $"UNION ALL SELECT {Pair}, NULL, pairs.prod, NULL, pairs.baskets, NULL, pairs.other FROM pairs\n");
        sql.Append(CultureInfo.InvariantCulture, $"UNION ALL SELECT {Line}, reduced.basket, reduced.prod, NULL, NULL, NULL, NULL FROM reduced WHERE reduced.size >= 2\n");
        sql.Append("ORDER BY kind, basket, prod");
        return new SqlStatement(sql.ToString(), p.Values);
    }
}
