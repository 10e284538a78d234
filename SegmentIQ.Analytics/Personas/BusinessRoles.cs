using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SegmentIQ.Analytics.Personas;

/// <summary>What a customer-table column measures, so personas can be named in business words.</summary>
public enum BusinessRole
{
    /// <summary>Money spent (in total or on a product category).</summary>
    Spend,

    /// <summary>How often the customer buys or visits.</summary>
    Frequency,

    /// <summary>Time since the last purchase (higher = longer ago).</summary>
    Recency,

    /// <summary>Income or salary.</summary>
    Income,

    /// <summary>Age in years.</summary>
    Age,

    /// <summary>A score or rating (a "spending score", a satisfaction score).</summary>
    Score,

    /// <summary>A count of items, units or products.</summary>
    Count,

    /// <summary>A share, rate or percentage.</summary>
    Share,

    /// <summary>A code standing for a category (channel, region, type): not a quantity to describe.</summary>
    Code,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>
/// Roles of customer-table columns, inferred from their headers (and, for category codes, their values), and the
/// words a persona uses for them. The user can correct a role; <see cref="PersonaNamer"/> takes the map.
/// </summary>
public static partial class BusinessRoles
{
    /// <summary>The role every column of <paramref name="table"/> most likely has.</summary>
    public static IReadOnlyDictionary<string, BusinessRole> Infer(Features.CustomerFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Columns.ToDictionary(c => c.Name, c => Infer(c.Name, c.Values), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The role of one column from its header and values.</summary>
    public static BusinessRole Infer(string header, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(values);
        var words = Words(header);
        bool Has(params string[] any) => words.Any(w => any.Contains(w));
        if (Has("channel", "region", "code", "type", "category", "class", "group", "segment", "zone", "gender", "sex", "id"))
        {
            return BusinessRole.Code;
        }

        if (Has("age") && !Has("percentage", "average"))
        {
            return BusinessRole.Age;
        }

        if (Has("income", "salary", "salaries", "earnings", "wage", "wages"))
        {
            return BusinessRole.Income;
        }

        if (Has("score", "rating", "index"))
        {
            return BusinessRole.Score;
        }

        if (Has("recency", "since", "last", "inactive"))
        {
            return BusinessRole.Recency;
        }

        if (Has("share", "percent", "percentage", "pct", "rate", "ratio"))
        {
            return BusinessRole.Share;
        }

        if (Has("frequency", "orders", "visits", "purchases", "transactions", "trips"))
        {
            return BusinessRole.Frequency;
        }

        if (Has("count", "number", "qty", "quantity", "items", "units", "products"))
        {
            return BusinessRole.Count;
        }

        if (Has("spend", "spending", "spent", "amount", "revenue", "sales", "monetary", "value", "total", "sum"))
        {
            return BusinessRole.Spend;
        }

        // Few distinct whole numbers (1, 2, 3…) are codes of categories, not quantities.
        var distinct = values.Take(100_000).Distinct().Take(11).ToArray();
        if (distinct.Length <= 10 && distinct.All(v => v == Math.Floor(v) && v >= 0 && v <= 100))
        {
            return BusinessRole.Code;
        }

        // Anything else with money-like magnitudes is read as spend on what the header names (Fresh, Milk, Grocery…).
        return values.Count > 0 && values.Average() >= 100 ? BusinessRole.Spend : BusinessRole.Other;
    }

    /// <summary>A header as words a sentence can use: "Annual Income (k$)" → "annual income", "Detergents_Paper" → "detergents and paper".</summary>
    public static string Humanize(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var words = Words(header).Where(w => !Units.Contains(w)).ToArray();
        if (words.Length == 0)
        {
            return header.Trim().ToLowerInvariant();
        }

        // "Detergents_Paper": two nouns joined by an underscore read as "detergents and paper".
        return header.Contains('_', StringComparison.Ordinal) && words.Length == 2 && !words.Any(Qualifiers.Contains)
            ? $"{words[0]} and {words[1]}"
            : string.Join(' ', words);
    }

    private static readonly HashSet<string> Units = ["k", "usd", "eur", "gbp", "1", "100", "1-100", "years", "yrs", "in", "of"];

    private static readonly HashSet<string> Qualifiers = ["annual", "monthly", "total", "average", "mean"];

    private static string[] Words(string header)
    {
        // Split camelCase and separators; drop bracketed units such as "(k$)" and "(1-100)".
        var withoutUnits = BracketedRegex().Replace(header, " ");
        var spaced = CamelRegex().Replace(withoutUnits, "$1 $2");
        var builder = new StringBuilder(spaced.Length);
        foreach (var c in spaced)
        {
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLower(c, CultureInfo.InvariantCulture) : ' ');
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"\([^)]*\)|\[[^\]]*\]")]
    private static partial Regex BracketedRegex();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex CamelRegex();
}
