namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Decides the date layout of a column from its distinct values and parses them. Day-first versus month-first is
/// proved by the values: a first part above 12 can only be a day, a second part above 12 only a day too.
/// </summary>
internal static class DateText
{
    /// <summary>The layout of a set of values and, for slash dates, whether the values left it ambiguous.</summary>
    public static (DateLayout Layout, bool Ambiguous) Detect(IReadOnlyList<string> values, bool workbook)
    {
        int iso = 0, slash = 0, dotted = 0, serial = 0;
        bool firstOver12 = false, secondOver12 = false;
        Span<int> parts = stackalloc int[8];
        foreach (var raw in values)
        {
            var text = raw.AsSpan().Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            if (workbook && NumberText.TryParse(text, '.', out _))
            {
                serial++;
                continue;
            }

            var count = Split(text, parts, out var firstSeparator, out var firstLength);
            if (count < 3)
            {
                continue;
            }

            if (firstLength == 4)
            {
                iso++;
            }
            else if (firstSeparator == '.')
            {
                dotted++;
            }
            else if (firstSeparator is '/' or '-')
            {
                slash++;
                firstOver12 |= parts[0] > 12;
                secondOver12 |= parts[1] > 12;
            }
        }

        var max = Math.Max(Math.Max(iso, slash), Math.Max(dotted, serial));
        if (max == 0)
        {
            return (DateLayout.Iso, false);
        }

        if (max == serial)
        {
            return (DateLayout.ExcelSerial, false);
        }

        if (max == iso)
        {
            return (DateLayout.Iso, false);
        }

        if (max == dotted)
        {
            return (DateLayout.DottedDayMonthYear, false);
        }

        if (firstOver12 && !secondOver12)
        {
            return (DateLayout.DayMonthYear, false);
        }

        if (secondOver12 && !firstOver12)
        {
            return (DateLayout.MonthDayYear, false);
        }

        // Neither part ever exceeds 12 (or both do, which no layout explains): assume day-first and say so.
        return (DateLayout.DayMonthYear, true);
    }

    /// <summary>
    /// The earliest and latest years accepted. Purchase dates outside them are typing errors (0001, 9999); and the
    /// steps downstream add days and months to dates (recency's reference day, snapshot windows), which would leave
    /// <see cref="DateTime"/>'s range at its ends. 1900 is where Excel's serial dates begin.
    /// </summary>
    public const int MinYear = 1900;

    /// <inheritdoc cref="MinYear"/>
    public const int MaxYear = 2999;

    /// <summary>Parses one value in the given layout; false also for a date outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, DateLayout layout, bool date1904, out DateTime value) =>
        TryParseAnyYear(text, layout, date1904, out value) && InSupportedRange(value);

    /// <summary>Whether <paramref name="value"/> lies in the supported years.</summary>
    public static bool InSupportedRange(DateTime value) => value.Year is >= MinYear and <= MaxYear;

    /// <summary>Parses one value in the given layout, whatever its year.</summary>
    public static bool TryParseAnyYear(ReadOnlySpan<char> text, DateLayout layout, bool date1904, out DateTime value)
    {
        value = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (layout == DateLayout.ExcelSerial)
        {
            if (!NumberText.TryParse(text, '.', out var serial) || serial is < 1 or > 2_958_465)
            {
                return false;
            }

            if (date1904)
            {
                serial += 1462;
            }

            // Excel stores times as fractions of a day; round to whole seconds to undo binary noise.
            var d = DateTime.FromOADate(serial);
            value = new DateTime((d.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
            return true;
        }

        Span<int> parts = stackalloc int[8];
        var count = Split(text, parts, out _, out var firstLength);
        if (count < 3)
        {
            return false;
        }

        int year, month, day;
        switch (layout)
        {
            case DateLayout.Iso:
                if (firstLength != 4)
                {
                    return false;
                }

                (year, month, day) = (parts[0], parts[1], parts[2]);
                break;
            case DateLayout.MonthDayYear:
                (month, day, year) = (parts[0], parts[1], parts[2]);
                break;
            default:
                (day, month, year) = (parts[0], parts[1], parts[2]);
                break;
        }

        if (layout != DateLayout.Iso && firstLength == 4)
        {
            return false;
        }

        // Two-digit years (11 → 2011) only where the year may be written short: an ISO year has four digits, so 0001 is year 1.
        if (year < 100 && layout != DateLayout.Iso)
        {
            year += 2000;
        }

        var hour = count > 3 ? parts[3] : 0;
        var minute = count > 4 ? parts[4] : 0;
        var second = count > 5 ? parts[5] : 0;
        var pm = text.EndsWith("PM", StringComparison.OrdinalIgnoreCase);
        var am = text.EndsWith("AM", StringComparison.OrdinalIgnoreCase);
        if (pm || am)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (pm ? 12 : 0);
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>
    /// Splits into runs of digits (at most six are kept: date, time; fractions of seconds are ignored), returning
    /// how many, the separator after the first run and the length of the first run. Letters other than
    /// <c>T</c> (ISO) and a trailing AM/PM make the value unparseable (count 0).
    /// </summary>
    private static int Split(ReadOnlySpan<char> text, Span<int> parts, out char firstSeparator, out int firstLength)
    {
        firstSeparator = '\0';
        firstLength = 0;
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                var number = 0;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    if (i - start < 9)
                    {
                        number = (number * 10) + (text[i] - '0');
                    }

                    i++;
                }

                if (count < 6)
                {
                    parts[count] = number;
                }

                if (count == 0)
                {
                    firstLength = i - start;
                    firstSeparator = i < text.Length ? text[i] : '\0';
                }

                count++;
                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                var rest = text[i..];
                var isTimeSeparator = (c is 'T' or 't') && count == 3;
                var isMeridiem = rest.Equals("AM", StringComparison.OrdinalIgnoreCase) || rest.Equals("PM", StringComparison.OrdinalIgnoreCase);
                var isZulu = (c is 'Z' or 'z') && rest.Length == 1;
                if (!isTimeSeparator && !isMeridiem && !isZulu)
                {
                    return 0;
                }

                if (isMeridiem || isZulu)
                {
                    break;
                }
            }

            i++;
        }

        return Math.Min(count, 6);
    }
}
