using System.Globalization;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>Small pieces of English shared by the engine's texts, the pages and the exports, so they read the same everywhere.</summary>
public static class Wording
{
    /// <summary>An English ordinal: 1 → "1st", 3 → "3rd", 11 → "11th", 22 → "22nd".</summary>
    public static string Ordinal(int n)
    {
        var suffix = (Math.Abs(n) % 100) is 11 or 12 or 13 ? "th" : (Math.Abs(n) % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>How a date layout reads to a person: "yyyy-MM-dd", "d/M/yyyy", "Excel serial date".</summary>
    public static string Describe(DateLayout layout) => layout switch
    {
        DateLayout.Iso => "yyyy-MM-dd",
        DateLayout.DayMonthYear => "d/M/yyyy",
        DateLayout.MonthDayYear => "M/d/yyyy",
        DateLayout.DottedDayMonthYear => "dd.MM.yyyy",
        DateLayout.ExcelSerial => "Excel serial date",
        DateLayout.Auto => "detected from the values",
        _ => layout.ToString(),
    };
}
