namespace SegmentIQ.Analytics.Classification;

/// <summary>The predicted segment of one customer and the probability of every segment.</summary>
public sealed class SegmentPrediction
{
    private readonly double[] _probabilities;

    internal SegmentPrediction(int segment, double[] probabilities)
    {
        Segment = segment;
        _probabilities = probabilities;
    }

    /// <summary>The most probable segment, zero-based (the lowest on a tie).</summary>
    public int Segment { get; }

    /// <summary>Probability per segment, in segment order; they sum to 1.</summary>
    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>The probability of <see cref="Segment"/>.</summary>
    public double Confidence => _probabilities[Segment];
}
