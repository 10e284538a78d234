using System.Globalization;

namespace SegmentIQ.Web.Api;

/// <summary>
/// Settings of the REST API, section <c>SegmentIQ:Api</c> of appsettings.json (environment variables such as
/// <c>SegmentIQ__Api__Keys__0</c> work too). The API is off until at least one key is configured.
/// </summary>
public sealed record SegmentIqApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SegmentIQ:Api";

    /// <summary>The secret keys a client may send in the <c>X-Api-Key</c> header; none configured = API disabled (503).</summary>
    public string[] Keys { get; init; } = [];

    /// <summary>Requests per minute each key may make (every /api/v1 endpoint except health).</summary>
    public int PermitsPerMinute { get; init; } = 600;

    /// <summary>Model trainings per minute each key may start (on top of <see cref="PermitsPerMinute"/>).</summary>
    public int TrainingPermitsPerMinute { get; init; } = 10;

    /// <summary>Uploaded datasets held in memory at once; the least recently used is evicted first.</summary>
    public int MaxDatasets { get; init; } = 20;

    /// <summary>Approximate memory all held datasets may take, in megabytes.</summary>
    public int MaxDatasetMegabytes { get; init; } = 2048;

    /// <summary>Models (queued, training, ready or failed) held at once; the least recently used is evicted first.</summary>
    public int MaxModels { get; init; } = 50;

    /// <summary>Models trained at the same time by the background queue.</summary>
    public int TrainingConcurrency { get; init; } = 1;

    /// <summary>Trainings waiting in the queue at most; a training asked for beyond that is refused (503, retry later).</summary>
    public int MaxQueuedTrainings { get; init; } = 16;

    /// <summary>Customers one prediction request may carry at most.</summary>
    public int MaxCustomersPerPrediction { get; init; } = 100_000;

    /// <summary>The configured keys without blank entries.</summary>
    public IReadOnlyList<string> ActiveKeys => [.. Keys.Where(k => !string.IsNullOrWhiteSpace(k))];

    /// <summary>Approximate memory limit of the dataset store, in bytes.</summary>
    public long MaxDatasetBytes => MaxDatasetMegabytes * 1024L * 1024L;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting outside its allowed range.</summary>
    public void Validate()
    {
        Check(PermitsPerMinute, 1, 10_000_000, nameof(PermitsPerMinute));
        Check(TrainingPermitsPerMinute, 1, 100_000, nameof(TrainingPermitsPerMinute));
        Check(MaxDatasets, 1, 10_000, nameof(MaxDatasets));
        Check(MaxDatasetMegabytes, 1, 1_048_576, nameof(MaxDatasetMegabytes));
        Check(MaxModels, 1, 100_000, nameof(MaxModels));
        Check(TrainingConcurrency, 1, 8, nameof(TrainingConcurrency));
        Check(MaxQueuedTrainings, 1, 10_000, nameof(MaxQueuedTrainings));
        Check(MaxCustomersPerPrediction, 1, 10_000_000, nameof(MaxCustomersPerPrediction));
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} must be between {min:N0} and {max:N0}."));
        }
    }
}
