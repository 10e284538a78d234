namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// Raised by <see cref="SegmentClassifier.Train"/> when the segmentation cannot support the options (fewer than two
/// segments, a segment with fewer customers than cross-validation folds); the message says what to change.
/// </summary>
public sealed class SegmentClassifierDataException(string message) : Exception(message);
