namespace SegmentIQ.Analytics.Scheduling;

/// <summary>
/// A schedule field is wrong. <see cref="ArgumentException.ParamName"/> names the field (the property of
/// <see cref="ReportSchedule"/>); <see cref="Message"/> says what is wrong in words a person can act on, without the
/// parameter suffix <see cref="ArgumentException"/> normally appends.
/// </summary>
public sealed class InvalidScheduleException : ArgumentException
{
    /// <summary>A problem with <paramref name="field"/>, described by <paramref name="problem"/>.</summary>
    public InvalidScheduleException(string field, string problem)
        : base(problem, field) => Problem = problem;

    /// <summary>The problem in plain words.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override string Message => Problem;
}
