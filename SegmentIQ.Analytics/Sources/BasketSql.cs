using System.Globalization;
using System.Text;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// Market baskets pushed down to where the lines are: the kept lines of <see cref="CustomerFeatureSql"/>'s cleaning
/// (the same rendered rules, so the baskets are those <see cref="TransactionBaskets.Build"/> makes from the cleaned
/// table) grouped into baskets, each product's basket count computed by the engine, and only the frequent products of
/// each basket sent back. A product below the support threshold can be part of no frequent itemset (support is
/// anti-monotone), so the FP-tree built from what comes back yields exactly the itemsets of the full baskets.
/// </summary>
public static class BasketSql
{
    /// <summary>Result rows, in this order: one <see cref="Total"/> row, the <see cref="Item"/> rows, then the <see cref="Line"/> rows by basket.</summary>
    internal const int Total = 0;

    /// <summary>A frequent product: its code, its most frequent description and its basket count.</summary>
    internal const int Item = 1;

    /// <summary>One frequent product of one basket.</summary>
    internal const int Line = 2;

    /// <summary>
    /// One statement whose rows are tagged by <c>kind</c>: the number of baskets and of distinct products
    /// (<see cref="Total"/>); each product in at least <paramref name="minSupport"/> of the baskets with its basket count
    /// and most frequent description, ties to the alphabetically first (<see cref="Item"/>); and for every basket its
    /// frequent products (<see cref="Line"/>), ordered by basket. A product is frequent when
    /// <c>count / baskets &gt;= minSupport</c> in double precision, the test <see cref="FrequentItemsetOptions.MinCount"/> agrees with.
    /// </summary>
    public static SqlStatement FrequentItemBaskets(
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
        sql.Append("described AS (SELECT kept.prod, kept.descr, COUNT(*) AS uses FROM kept JOIN frequent ON frequent.prod = kept.prod ");
        sql.Append("WHERE kept.descr IS NOT NULL GROUP BY kept.prod, kept.descr),\n");
        sql.Append("labelled AS (SELECT prod, descr, ROW_NUMBER() OVER (PARTITION BY prod ORDER BY uses DESC, descr) AS pick FROM described)\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {Total} AS kind, CAST(NULL AS {text}) AS basket, CAST(NULL AS {text}) AS prod, CAST(NULL AS {text}) AS descr, ");
        sql.Append("total.baskets AS baskets, total.products AS products FROM total\n");
        sql.Append(CultureInfo.InvariantCulture, $"UNION ALL SELECT {Item}, NULL, frequent.prod, labelled.descr, frequent.baskets, NULL FROM frequent ");
        sql.Append("LEFT JOIN labelled ON labelled.prod = frequent.prod AND labelled.pick = 1\n");
        sql.Append(CultureInfo.InvariantCulture, $"UNION ALL SELECT {Line}, membership.basket, membership.prod, NULL, NULL, NULL FROM membership ");
        sql.Append("JOIN frequent ON frequent.prod = membership.prod\n");
        sql.Append("ORDER BY kind, basket, prod");
        return new SqlStatement(sql.ToString(), p.Values);
    }
}
