namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// A trained model's arithmetic, lifted out of ML.NET: immutable arrays evaluated without allocation, so one instance
/// serves any number of threads at once.
/// </summary>
internal abstract class SegmentScorer
{
    protected SegmentScorer(int numberOfFeatures, int numberOfSegments)
    {
        NumberOfFeatures = numberOfFeatures;
        NumberOfSegments = numberOfSegments;
    }

    /// <summary>Scaled features the scorer reads.</summary>
    public int NumberOfFeatures { get; }

    /// <summary>Segments it scores.</summary>
    public int NumberOfSegments { get; }

    /// <summary>Writes one probability per segment (summing to 1) for one row of scaled features.</summary>
    public abstract void Probabilities(ReadOnlySpan<float> scaled, Span<double> probabilities);

    /// <summary>The most probable segment (the lowest on a tie).</summary>
    public static int ArgMax(ReadOnlySpan<double> probabilities)
    {
        var best = 0;
        for (var c = 1; c < probabilities.Length; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        return best;
    }
}

/// <summary>
/// Multinomial logistic regression: softmax of <c>bias + w·x</c>, where x is the scaled features followed, for the
/// quadratic model, by every product <c>x_a·x_b</c> with a ≤ b (the order of <see cref="QuadraticFeatures"/>).
/// </summary>
internal sealed class SoftmaxScorer : SegmentScorer
{
    private readonly double[] _weights;
    private readonly double[] _biases;
    private readonly bool _quadratic;
    private readonly int _width;

    /// <summary>Wraps <paramref name="weights"/> (segments × expanded features, row-major) and one bias per segment.</summary>
    public SoftmaxScorer(double[] weights, double[] biases, int numberOfFeatures, bool quadratic)
        : base(numberOfFeatures, biases.Length)
    {
        _width = QuadraticFeatures.Count(numberOfFeatures, quadratic);
        if (weights.Length != biases.Length * _width)
        {
            throw new InvalidOperationException($"ML.NET returned {weights.Length} weights for {biases.Length} segments × {_width} features.");
        }

        _weights = weights;
        _biases = biases;
        _quadratic = quadratic;
    }

    public override void Probabilities(ReadOnlySpan<float> scaled, Span<double> probabilities)
    {
        var d = NumberOfFeatures;
        var max = double.NegativeInfinity;
        for (var c = 0; c < NumberOfSegments; c++)
        {
            var w = _weights.AsSpan(c * _width, _width);
            var s = _biases[c];
            for (var j = 0; j < d; j++)
            {
                s += w[j] * scaled[j];
            }

            if (_quadratic)
            {
                var q = d;
                for (var a = 0; a < d; a++)
                {
                    double xa = scaled[a];
                    for (var b = a; b < d; b++)
                    {
                        s += w[q++] * (float)(xa * scaled[b]);
                    }
                }
            }

            probabilities[c] = s;
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var c = 0; c < NumberOfSegments; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < NumberOfSegments; c++)
        {
            probabilities[c] /= sum;
        }
    }
}

/// <summary>The feature expansion of the quadratic model, shared by training and scoring so both see the same columns.</summary>
internal static class QuadraticFeatures
{
    /// <summary>Columns after expansion: d, or d + d(d+1)/2 with the squares and pairwise products.</summary>
    public static int Count(int features, bool quadratic) => quadratic ? features + (features * (features + 1) / 2) : features;

    /// <summary>Writes x, then x_a·x_b for a ≤ b (rounded to float, as ML.NET trains on floats).</summary>
    public static void Expand(ReadOnlySpan<float> x, Span<float> destination, bool quadratic)
    {
        x.CopyTo(destination);
        if (!quadratic)
        {
            return;
        }

        var q = x.Length;
        for (var a = 0; a < x.Length; a++)
        {
            for (var b = a; b < x.Length; b++)
            {
                destination[q++] = (float)((double)x[a] * x[b]);
            }
        }
    }
}
