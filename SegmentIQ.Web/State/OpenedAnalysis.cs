namespace SegmentIQ.Web.State;

/// <summary>
/// The saved analysis the session's data came from, for the banner on the Segments page: which analysis, on which
/// file, and whether that file is the one it was saved with or new data.
/// </summary>
/// <param name="Definition">The saved analysis that was opened.</param>
/// <param name="FileName">The file it was opened on, as the user knows it.</param>
/// <param name="IsNewData">True when the file is not the one it was saved with (a re-run on new data).</param>
/// <param name="Message">What the banner says.</param>
public sealed record OpenedAnalysis(AnalysisDefinition Definition, string FileName, bool IsNewData, string Message);
