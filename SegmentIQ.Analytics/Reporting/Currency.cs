using System.Globalization;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>A currency the money figures are in: its ISO 4217 code, its symbol and why it was chosen.</summary>
/// <param name="Code">ISO 4217 code ("GBP").</param>
/// <param name="Symbol">The symbol a person reads ("£").</param>
/// <param name="Reason">How it was decided, in words ("detected: United Kingdom holds 85 % of revenue", "set by you").</param>
public sealed record Currency(string Code, string Symbol, string Reason)
{
    /// <summary>
    /// The currency a business user picked by its ISO code, or null when <paramref name="code"/> is no currency .NET
    /// knows.
    /// </summary>
    public static Currency? FromCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var region = CurrencyDetector.Regions.Values.FirstOrDefault(r => string.Equals(r.ISOCurrencySymbol, code.Trim(), StringComparison.OrdinalIgnoreCase));
        return region is null ? null : new Currency(region.ISOCurrencySymbol, region.CurrencySymbol, "set by you");
    }

    /// <summary>Every currency .NET knows, by code, for a picker.</summary>
    public static IReadOnlyList<string> KnownCodes { get; } =
        CurrencyDetector.Regions.Values.Select(r => r.ISOCurrencySymbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}

/// <summary>
/// Decides the currency of a transaction export from its country column: the currency of the country that holds at
/// least <see cref="DominantShare"/> of revenue (a shop's export is priced in its home currency even for customers
/// abroad), or the one currency every known country shares (an all-euro export); otherwise none, and the reason says
/// why. Countries are matched by English name, ISO code or a common export spelling ("EIRE", "USA", "RSA") through .NET's
/// <see cref="RegionInfo"/>, which carries the currency; no package is needed.
/// </summary>
public static class CurrencyDetector
{
    /// <summary>The revenue share a single country needs for its currency to be taken as the export's.</summary>
    public const double DominantShare = 0.75;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EIRE"] = "IE",
        ["USA"] = "US",
        ["UK"] = "GB",
        ["England"] = "GB",
        ["RSA"] = "ZA",
        ["Channel Islands"] = "JE",
        ["Czech Republic"] = "CZ",
        ["Korea"] = "KR",
        ["Russia"] = "RU",
    };

    private static readonly Lazy<Dictionary<string, RegionInfo>> ByName = new(BuildRegions);

    /// <summary>Regions .NET knows, by English name and by two- and three-letter ISO code (case-insensitive).</summary>
    internal static IReadOnlyDictionary<string, RegionInfo> Regions => ByName.Value;

    /// <summary>The currency of a country name or ISO code, or null when unknown.</summary>
    public static RegionInfo? Region(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return null;
        }

        var key = country.Trim();
        if (Aliases.TryGetValue(key, out var alias))
        {
            key = alias;
        }

        return ByName.Value.GetValueOrDefault(key);
    }

    /// <summary>
    /// The currency of <paramref name="lines"/> (revenue = quantity × price per line), or null with
    /// <paramref name="reason"/> saying why none was chosen.
    /// </summary>
    public static Currency? Detect(TransactionTable lines, out string reason)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var revenue = new double[lines.Pools.Countries.Count];
        var total = 0.0;
        for (var i = 0; i < lines.Count; i++)
        {
            var value = lines.Quantity[i] * lines.Price[i];
            if (lines.Country[i] >= 0 && double.IsFinite(value) && value > 0)
            {
                revenue[lines.Country[i]] += value;
                total += value;
            }
        }

        if (total <= 0)
        {
            reason = "The file has no country column, so the currency is not known; set it if you want it shown.";
            return null;
        }

        var countries = Enumerable.Range(0, revenue.Length).Where(c => revenue[c] > 0)
            .Select(c => (Name: lines.Pools.Countries[c], Share: revenue[c] / total)).OrderByDescending(c => c.Share).ToArray();
        var top = countries[0];
        var topShare = string.Create(CultureInfo.InvariantCulture, $"{top.Share * 100:0} %");
        if (top.Share >= DominantShare && Region(top.Name) is { } home)
        {
            reason = $"detected: {top.Name} holds {topShare} of revenue";
            return new Currency(home.ISOCurrencySymbol, home.CurrencySymbol, reason);
        }

        var currencies = countries.Select(c => Region(c.Name)?.ISOCurrencySymbol).Where(c => c is not null).Distinct().ToArray();
        if (currencies.Length == 1 && countries.All(c => Region(c.Name) is not null))
        {
            var shared = Region(countries[0].Name)!;
            reason = $"detected: every country in the file uses {shared.ISOCurrencySymbol}";
            return new Currency(shared.ISOCurrencySymbol, shared.CurrencySymbol, reason);
        }

        reason = $"Not detected: the largest country, {top.Name}, holds {topShare} of revenue and the countries use different currencies; set it if you know it.";
        return null;
    }

    private static Dictionary<string, RegionInfo> BuildRegions()
    {
        var regions = new Dictionary<string, RegionInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue; // a culture without a region (rare, platform-dependent)
            }

            if (region.ISOCurrencySymbol.Length != 3)
            {
                continue;
            }

            regions.TryAdd(region.EnglishName, region);
            regions.TryAdd(region.TwoLetterISORegionName, region);
            regions.TryAdd(region.ThreeLetterISORegionName, region);
        }

        return regions;
    }
}
