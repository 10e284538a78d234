namespace SegmentIQ.Analytics.Evaluation;

/// <summary>How good a quality score is, in the words a business reader uses.</summary>
public enum QualityBand
{
    /// <summary>Little support for the segments as separate groups.</summary>
    Weak,

    /// <summary>Real but overlapping structure.</summary>
    Fair,

    /// <summary>Clearly supported.</summary>
    Strong,
}

/// <summary>A score's band and a one-line meaning of it.</summary>
public sealed record QualityVerdict(QualityBand Band, string Meaning)
{
    /// <summary>"weak", "fair" or "strong".</summary>
    public string Word => Band switch { QualityBand.Weak => "weak", QualityBand.Fair => "fair", _ => "strong" };
}

/// <summary>
/// Plain-language bands for the quality scores shown with every segmentation. Silhouette follows Kaufman &amp;
/// Rousseeuw (1990): below 0.25 no substantial structure, 0.5 and above a reasonable-to-strong one. Stability (mean
/// adjusted Rand index between resampled fits) follows the thresholds Hennig (2007) gives for bootstrap stability:
/// below 0.6 the segments dissolve under resampling, 0.75 and above they are stable.
/// </summary>
public static class QualityBands
{
    /// <summary>Band of a mean silhouette.</summary>
    public static QualityVerdict Silhouette(double silhouette) => silhouette switch
    {
        >= 0.5 => new(QualityBand.Strong, "Segments are clearly separated: most customers sit well inside their own."),
        >= 0.25 => new(QualityBand.Fair, "Real structure, but neighbouring segments touch: treat customers near a border with care."),
        _ => new(QualityBand.Weak, "Little natural grouping: the segments slice a continuum. Useful for targeting, not as distinct types."),
    };

    /// <summary>Band of a stability score (mean adjusted Rand index over resamples).</summary>
    public static QualityVerdict Stability(double meanAdjustedRand) => meanAdjustedRand switch
    {
        >= 0.75 => new(QualityBand.Strong, "Refitting on resampled customers gives nearly the same segments."),
        >= 0.6 => new(QualityBand.Fair, "Mostly the same segments on resampled customers; some customers switch."),
        _ => new(QualityBand.Weak, "The segments change with the sample: do not rely on exact boundaries or small segments."),
    };
}
