namespace SegmentIQ.Analytics.Explain;

/// <summary>The tests of one feature across the segments.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Kruskal">Kruskal–Wallis H, or null when the test could not run (see <paramref name="Problem"/>).</param>
/// <param name="Anova">One-way ANOVA F, or null when the test could not run.</param>
/// <param name="KruskalPHolm">Holm-adjusted Kruskal–Wallis p across the features (NaN when not run).</param>
/// <param name="AnovaPHolm">Holm-adjusted ANOVA p across the features (NaN when not run).</param>
/// <param name="Problem">Why a test could not run (e.g. a constant feature), or null.</param>
public sealed record FeatureTestRow(
    string Feature,
    KruskalWallisResult? Kruskal,
    AnovaResult? Anova,
    double KruskalPHolm,
    double AnovaPHolm,
    string? Problem);

/// <summary>The Mann–Whitney test of one feature between two segments.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Test">The test, or null when it could not run.</param>
/// <param name="PHolm">Holm-adjusted p across the features (NaN when not run).</param>
/// <param name="Problem">Why the test could not run, or null.</param>
public sealed record PairTestRow(string Feature, MannWhitneyResult? Test, double PHolm, string? Problem);

/// <summary>Every feature tested across the segments, with what the tests may and may not claim.</summary>
/// <param name="Features">One row per feature, in the input's column order.</param>
/// <param name="SegmentSizes">Customers tested per segment (index = label).</param>
/// <param name="SplitHalf">True when the segments were formed on one half and tested on the other.</param>
/// <param name="Caveat">The plain statement of what the p-values mean here.</param>
public sealed record SegmentTestReport(
    IReadOnlyList<FeatureTestRow> Features,
    IReadOnlyList<int> SegmentSizes,
    bool SplitHalf,
    string Caveat)
{
    /// <summary>Customers tested (noise left out).</summary>
    public int Customers => SegmentSizes.Sum();
}

/// <summary>Every feature compared between two segments.</summary>
/// <param name="First">Zero-based label of the first segment.</param>
/// <param name="Second">Zero-based label of the second segment.</param>
/// <param name="FirstSize">Customers of the first segment.</param>
/// <param name="SecondSize">Customers of the second segment.</param>
/// <param name="Features">One row per feature.</param>
public sealed record SegmentPairReport(int First, int Second, int FirstSize, int SecondSize, IReadOnlyList<PairTestRow> Features);
