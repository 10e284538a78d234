using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace SegmentIQ.Analytics.Scheduling;

/// <summary>
/// A five-field cron expression read by Cronos in one time zone: when a schedule runs next. Daylight-saving gaps and
/// overlaps follow Cronos (a time skipped by the clock change runs right after it; a repeated hour runs once).
/// </summary>
public sealed partial class CronTimes
{
    private const string Fields = "minute, hour, day of month, month and day of week";
    private const string Example = "'0 6 * * 1' runs Mondays at 06:00, '*/15 * * * *' every 15 minutes";

    private readonly CronExpression _expression;

    private CronTimes(string expression, CronExpression parsed, TimeZoneInfo zone)
    {
        Expression = expression;
        _expression = parsed;
        Zone = zone;
    }

    /// <summary>The expression as given (whitespace trimmed).</summary>
    public string Expression { get; }

    /// <summary>The time zone the expression's hours are read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Reads <paramref name="cron"/> in <paramref name="timeZoneId"/> (IANA such as <c>Europe/Berlin</c>, or a Windows
    /// id). Throws <see cref="InvalidScheduleException"/> naming <c>Cron</c> or <c>TimeZone</c> and what is wrong.
    /// </summary>
    public static CronTimes Parse(string? cron, string? timeZoneId)
    {
        var zone = FindZone(timeZoneId);
        var expression = (cron ?? "").Trim();
        if (expression.Length == 0)
        {
            throw new InvalidScheduleException(nameof(ReportSchedule.Cron), $"Cron is empty; give five fields ({Fields}), for example {Example}.");
        }

        if (!expression.StartsWith('@'))
        {
            var count = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (count != 5)
            {
                throw new InvalidScheduleException(
                    nameof(ReportSchedule.Cron),
                    string.Create(CultureInfo.InvariantCulture, $"Cron '{expression}' has {count} field{(count == 1 ? "" : "s")}; a schedule has five ({Fields}), for example {Example}."));
            }
        }

        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(expression, CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new InvalidScheduleException(nameof(ReportSchedule.Cron), $"Cron '{expression}' is not a valid schedule: {Explain(ex.Message)}");
        }
        catch (MissingSeedException)
        {
            throw new InvalidScheduleException(nameof(ReportSchedule.Cron), $"Cron '{expression}' uses H (a hashed value), which SegmentIQ does not support; write the minute or hour as a number.");
        }

        var times = new CronTimes(expression, parsed, zone);
        if (times.Next(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)) is null)
        {
            throw new InvalidScheduleException(nameof(ReportSchedule.Cron), $"Cron '{expression}' never runs (no such date exists, e.g. 30 February).");
        }

        return times;
    }

    /// <summary>
    /// The time zone <paramref name="timeZoneId"/>; empty means UTC. Throws <see cref="InvalidScheduleException"/>
    /// naming <c>TimeZone</c> when this machine does not know it.
    /// </summary>
    public static TimeZoneInfo FindZone(string? timeZoneId)
    {
        var id = (timeZoneId ?? "").Trim();
        if (id.Length == 0 || id == ReportSchedule.DefaultTimeZone)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new InvalidScheduleException(nameof(ReportSchedule.TimeZone), $"Time zone '{id}' is not known on this server; use an id such as UTC, Europe/Berlin or America/New_York.");
        }
        catch (InvalidTimeZoneException)
        {
            throw new InvalidScheduleException(nameof(ReportSchedule.TimeZone), $"Time zone '{id}' is installed but damaged on this server; pick another.");
        }
    }

    /// <summary>The first run strictly after <paramref name="after"/>, in the schedule's zone; null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>The next <paramref name="count"/> runs strictly after <paramref name="after"/>, in the schedule's zone.</summary>
    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var times = new List<DateTimeOffset>(count);
        var from = after;
        while (times.Count < count && Next(from) is { } next)
        {
            times.Add(next);
            from = next;
        }

        return times;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Expression} ({Zone.Id})";

    /// <summary>
    /// What Cronos said, in plain words: "Hours: Value must be a number between 0 and 23 (all inclusive)" becomes
    /// "the hour must be a number between 0 and 23"; anything else keeps Cronos's detail and gets the usual example.
    /// </summary>
    private static string Explain(string message)
    {
        const string LeadIn = "The given cron expression has an invalid format.";
        var detail = message.Replace(LeadIn, "", StringComparison.Ordinal).Trim();
        var range = RangeProblem().Match(detail);
        if (range.Success)
        {
            var field = range.Groups["field"].Value switch
            {
                "Minutes" => "the minute",
                "Hours" => "the hour",
                "Days of month" => "the day of month",
                "Months" => "the month",
                "Days of week" => "the day of week (0 and 7 are Sunday)",
                var other => other,
            };
            return $"{field} must be a number between {range.Groups["low"].Value} and {range.Groups["high"].Value}.";
        }

        detail = detail.Length == 0 ? "Cronos cannot read it." : detail.EndsWith('.') ? detail : detail + ".";
        return $"{detail} Use five fields ({Fields}), for example {Example}.";
    }

    [GeneratedRegex(@"^(?<field>[A-Za-z ]+): Value must be a number between (?<low>\d+) and (?<high>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex RangeProblem();
}
