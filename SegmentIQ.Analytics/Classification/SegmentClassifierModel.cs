using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// A trained segment classifier: immutable and safe to share between threads. It keeps the feature scaling of the
/// segmentation, so <see cref="Predict"/> takes RAW feature values (Recency = 30, Monetary = 1200 …).
/// </summary>
public sealed class SegmentClassifierModel
{
    /// <summary>Rows per parallel chunk of <see cref="PredictBatch"/>; smaller batches run on the calling thread.</summary>
    private const int BatchChunk = 4096;

    private readonly SegmentScorer _scorer;
    private readonly FeatureScaling[] _scalings;

    internal SegmentClassifierModel(
        SegmentClassifierOptions options,
        IReadOnlyList<FeatureScaling> scalings,
        IReadOnlyList<string> segmentNames,
        SegmentScorer scorer,
        CrossValidationResult crossValidation,
        IReadOnlyList<int> segmentSizes,
        int trainingRows,
        int excludedNoiseRows,
        IReadOnlyList<string> warnings)
    {
        Options = options;
        _scalings = [.. scalings];
        _scorer = scorer;
        FeatureNames = [.. scalings.Select(s => s.Name)];
        SegmentNames = segmentNames;
        CrossValidation = crossValidation;
        SegmentSizes = segmentSizes;
        TrainingRows = trainingRows;
        ExcludedNoiseRows = excludedNoiseRows;
        Warnings = warnings;
    }

    /// <summary>The options it was trained with (<see cref="SegmentClassifierOptions.Trainer"/> says which learner).</summary>
    public SegmentClassifierOptions Options { get; }

    /// <summary>The features <see cref="Predict"/> expects, in order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>How each raw feature is scaled before the model sees it.</summary>
    public IReadOnlyList<FeatureScaling> Scalings => _scalings;

    /// <summary>Display name per segment, in segment order.</summary>
    public IReadOnlyList<string> SegmentNames { get; }

    /// <summary>Number of segments the model chooses from.</summary>
    public int NumberOfSegments => SegmentNames.Count;

    /// <summary>Cross-validated accuracy, macro-F1 and confusion matrix.</summary>
    public CrossValidationResult CrossValidation { get; }

    /// <summary>Training customers per segment.</summary>
    public IReadOnlyList<int> SegmentSizes { get; }

    /// <summary>Customers the final model was trained on (noise excluded).</summary>
    public int TrainingRows { get; }

    /// <summary>Noise customers (label -1) left out of training.</summary>
    public int ExcludedNoiseRows { get; }

    /// <summary>Caveats for the user (noise left out, constant features).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The segment of one customer from its raw feature values, in <see cref="FeatureNames"/> order.</summary>
    /// <exception cref="ArgumentException">Wrong number of values, or a value that is not finite (or not above -1 for a log1p feature), naming the feature.</exception>
    public SegmentPrediction Predict(ReadOnlySpan<double> rawFeatures)
    {
        var d = _scalings.Length;
        if (rawFeatures.Length != d)
        {
            throw new ArgumentException(
                $"Expected {d} feature values ({string.Join(", ", FeatureNames)}) but got {rawFeatures.Length}.", nameof(rawFeatures));
        }

        Span<float> scaled = stackalloc float[d];
        Scale(rawFeatures, scaled, -1);
        var probabilities = new double[NumberOfSegments];
        _scorer.Probabilities(scaled, probabilities);
        return new SegmentPrediction(SegmentScorer.ArgMax(probabilities), probabilities);
    }

    /// <summary>
    /// The segments of <paramref name="rows"/> customers whose raw values are stored row-major in
    /// <paramref name="rawRows"/> (customer 0's features, then customer 1's …). Large batches use up to
    /// <see cref="SegmentClassifierOptions.MaxDegreeOfParallelism"/> threads.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not <paramref name="rows"/> × features, or a value is not usable (naming the row and feature).</exception>
    public SegmentPrediction[] PredictBatch(ReadOnlySpan<double> rawRows, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var d = _scalings.Length;
        if (rawRows.Length != (long)rows * d)
        {
            throw new ArgumentException(
                $"Expected {rows} rows × {d} feature values ({string.Join(", ", FeatureNames)}) = {(long)rows * d} values but got {rawRows.Length}.", nameof(rawRows));
        }

        var scaled = new float[rows * d];
        for (var i = 0; i < rows; i++)
        {
            Scale(rawRows.Slice(i * d, d), scaled.AsSpan(i * d, d), i);
        }

        var predictions = new SegmentPrediction[rows];
        var chunks = (rows + BatchChunk - 1) / BatchChunk;
        if (chunks <= 1 || Options.MaxDegreeOfParallelism == 1)
        {
            ScoreRange(scaled, predictions, 0, rows);
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, chunk =>
                ScoreRange(scaled, predictions, chunk * BatchChunk, Math.Min(rows, (chunk + 1) * BatchChunk)));
        }

        return predictions;
    }

    private void ScoreRange(float[] scaled, SegmentPrediction[] predictions, int from, int to)
    {
        var d = _scalings.Length;
        for (var i = from; i < to; i++)
        {
            var probabilities = new double[NumberOfSegments];
            _scorer.Probabilities(scaled.AsSpan(i * d, d), probabilities);
            predictions[i] = new SegmentPrediction(SegmentScorer.ArgMax(probabilities), probabilities);
        }
    }

    /// <summary>Checks and scales one customer; <paramref name="row"/> ≥ 0 names the row in a batch.</summary>
    private void Scale(ReadOnlySpan<double> raw, Span<float> scaled, int row)
    {
        for (var j = 0; j < raw.Length; j++)
        {
            var scaling = _scalings[j];
            var v = raw[j];
            if (!double.IsFinite(v) || (scaling.Log1p && !(v > -1)))
            {
                var where = row >= 0 ? $"Row {row}, feature" : "Feature";
                var rule = scaling.Log1p ? "a finite number above -1 (it is log1p-scaled)" : "a finite number";
                throw new ArgumentException($"{where} '{scaling.Name}' is {v}: it must be {rule}.", row >= 0 ? "rawRows" : "rawFeatures");
            }

            scaled[j] = (float)scaling.Transform(v);
        }
    }
}
