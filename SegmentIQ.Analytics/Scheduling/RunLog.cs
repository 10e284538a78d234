using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentIQ.Analytics.Scheduling;

/// <summary>
/// The run log beside the reports: <c>segmentiq-runs.jsonl</c> in a schedule's output folder, one JSON object per
/// line and per run (time, file, hash, customers, segments, duration, outcome, reason), appended and never rewritten,
/// so it can be tailed or read by any JSON-lines tool.
/// </summary>
public static class RunLog
{
    /// <summary>The log's file name.</summary>
    public const string FileName = "segmentiq-runs.jsonl";

    private static readonly Lock Gate = new();

    /// <summary>The JSON options of a line: camelCase, outcome as a name, compact; nulls are written so every line has every field.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>The log of <paramref name="outputFolder"/>.</summary>
    public static string PathIn(string outputFolder) => Path.Combine(outputFolder, FileName);

    /// <summary>Appends <paramref name="run"/> as one line to the log in <paramref name="outputFolder"/> (which must exist).</summary>
    /// <exception cref="IOException">The folder is not writable.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not write there.</exception>
    public static void Append(string outputFolder, ScheduledRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var line = JsonSerializer.Serialize(run, JsonOptions) + "\n";
        lock (Gate)
        {
            File.AppendAllText(PathIn(outputFolder), line, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    /// <summary>Every run logged in <paramref name="outputFolder"/>, oldest first; lines that are not runs are skipped.</summary>
    public static IReadOnlyList<ScheduledRun> Read(string outputFolder)
    {
        var path = PathIn(outputFolder);
        if (!File.Exists(path))
        {
            return [];
        }

        var runs = new List<ScheduledRun>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<ScheduledRun>(line, JsonOptions) is { } run)
                {
                    runs.Add(run);
                }
            }
            catch (JsonException)
            {
                // A line cut short by a crash must not hide the runs after it.
            }
        }

        return runs;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
