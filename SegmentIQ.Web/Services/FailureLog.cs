namespace SegmentIQ.Web.Services;

/// <summary>
/// Logs an unexpected failure at Error with a short id and returns the id, so the user's message ("could not read …
/// (error id 7f3a9c21)") and the log entry can be matched without the exception text ever reaching the screen.
/// </summary>
public sealed class FailureLog(ILogger<FailureLog> logger)
{
    /// <summary>Logs <paramref name="exception"/> while doing <paramref name="action"/>; returns its id.</summary>
    public string Report(Exception exception, string action)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var id = Guid.NewGuid().ToString("N")[..8];
        logger.LogError(exception, "Unexpected failure {ErrorId} while {Action}", id, action);
        return id;
    }
}
