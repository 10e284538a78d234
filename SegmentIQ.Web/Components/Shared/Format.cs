using System.Globalization;

namespace SegmentIQ.Web.Components.Shared;

/// <summary>Number formatting shared by tables and cards (invariant culture, so every user reads the same figures).</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>An integer with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", Culture);

    /// <summary>" (GBP)" after a money column's or row's label when the currency is known, else nothing.</summary>
    public static string CurrencySuffix(string? currencyCode) => string.IsNullOrEmpty(currencyCode) ? "" : $" ({currencyCode})";

    /// <summary>A money amount.</summary>
    public static string Money(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("N0", Culture) : "–";

    /// <summary>A share as a percentage.</summary>
    public static string Percent(double? value, int decimals = 1) =>
        value is { } v && double.IsFinite(v) ? (v * 100).ToString("F" + decimals.ToString(Culture), Culture) + " %" : "–";

    /// <summary>
    /// A decimal number: whole numbers and values of 100 or more without decimals (373 days, not "373.0"), and never
    /// "-0.0".
    /// </summary>
    public static string Number(double? value, int decimals = 1)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "–";
        }

        var places = Math.Abs(v) >= 100 || v == Math.Round(v) ? 0 : decimals;
        return WithoutNegativeZero(v.ToString("N" + places.ToString(Culture), Culture));
    }

    /// <summary>"-0.00" (a tiny negative value rounded) reads as a sign where there is none: "0.00".</summary>
    public static string WithoutNegativeZero(string text) =>
        text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.,") < 0 ? text[1..] : text;

    /// <summary>A date.</summary>
    public static string Date(DateTime? value) => value?.ToString("yyyy-MM-dd", Culture) ?? "–";
}
