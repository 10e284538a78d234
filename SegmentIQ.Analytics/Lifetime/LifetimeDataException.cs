namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// Raised when the data cannot support a lifetime model (no repeat buyers, too few customers, a calibration end
/// before every first purchase); the message says what is missing, for the user.
/// </summary>
public sealed class LifetimeDataException(string message) : Exception(message);
