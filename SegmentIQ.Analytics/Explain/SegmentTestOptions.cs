namespace SegmentIQ.Analytics.Explain;

/// <summary>Options of <see cref="SegmentFeatureTests"/>.</summary>
public sealed record SegmentTestOptions
{
    /// <summary>The defaults: descriptive tests on every customer, seed 42 for the split-half version.</summary>
    public static SegmentTestOptions Defaults { get; } = new();

    /// <summary>
    /// The honest version: form the segments on a random half of the customers and test on the other half (assigned to
    /// the nearest segment centre of the first half), so the tests do not reuse the data that made the segments.
    /// </summary>
    public bool SplitHalf { get; init; }

    /// <summary>Seed of the random halves.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Significance level the table marks results against; in (0, 0.5).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (!(Alpha > 0 && Alpha < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be greater than 0 and less than 0.5.");
        }
    }
}
