using System.Globalization;
using SegmentIQ.Analytics.Evaluation;

namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// Learns to predict a customer's segment from raw feature values, so new customers can be placed in an existing
/// segmentation without re-clustering. Training uses ML.NET (the maintained .NET learner library; see
/// <see cref="SegmentClassifierTrainer"/>); prediction evaluates the trained parameters here, because ML.NET's
/// <c>PredictionEngine</c> is not thread-safe and costs microseconds of schema plumbing per call, while the weights or
/// trees themselves are a few hundred multiply-adds (the `api` bench suite measures the batch prediction rate).
/// </summary>
public sealed class SegmentClassifier
{
    /// <summary>Creates the classifier; the options (null: <see cref="SegmentClassifierOptions.Defaults"/>) are validated here.</summary>
    public SegmentClassifier(SegmentClassifierOptions? options = null)
    {
        options ??= SegmentClassifierOptions.Defaults;
        options.Validate();
        Options = options;
    }

    /// <summary>The validated options.</summary>
    public SegmentClassifierOptions Options { get; }

    /// <summary>
    /// Cross-validates (stratified folds: each segment's customers are shuffled with <see cref="SegmentClassifierOptions.Seed"/>
    /// and dealt round the folds) and trains the final model on every customer. Noise customers (label -1) are left out,
    /// with a warning on the model. The fold models and the final one train in parallel, each on one thread, so the
    /// result is the same on any machine.
    /// </summary>
    /// <exception cref="SegmentClassifierDataException">Fewer than two segments, or a segment with fewer customers than folds.</exception>
    public SegmentClassifierModel Train(SegmentClassifierTrainingData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.NumberOfSegments;
        var folds = Options.NumberOfFolds;
        if (k < 2)
        {
            throw new SegmentClassifierDataException($"A classifier needs at least two segments to tell apart; this segmentation has {k}.");
        }

        var allLabels = data.LabelArray;
        var kept = new List<int>(allLabels.Length);
        var sizes = new int[k];
        for (var i = 0; i < allLabels.Length; i++)
        {
            if (allLabels[i] >= 0)
            {
                kept.Add(i);
                sizes[allLabels[i]]++;
            }
        }

        for (var c = 0; c < k; c++)
        {
            if (sizes[c] < folds)
            {
                throw new SegmentClassifierDataException(
                    $"{data.SegmentNames[c]} has {sizes[c]} customer{(sizes[c] == 1 ? string.Empty : "s")}, but {folds}-fold cross-validation needs at least {folds} in every segment. " +
                    $"Lower {nameof(SegmentClassifierOptions.NumberOfFolds)}, or re-segment with fewer segments.");
            }
        }

        var n = kept.Count;
        var d = data.Scalings.Count;
        var (labels, scaled) = data.Scaled(kept);

        var foldOf = StratifiedFolds(labels, k, folds, Options.Seed);
        var trainRows = new int[folds + 1][];
        for (var f = 0; f < folds; f++)
        {
            trainRows[f] = [.. Enumerable.Range(0, n).Where(r => foldOf[r] != f)];
        }

        trainRows[folds] = [.. Enumerable.Range(0, n)];

        // Fold models 0 … folds-1, then the final model on everyone.
        var scorers = new SegmentScorer[folds + 1];
        BoundedParallel.For(
            folds + 1,
            Options.MaxDegreeOfParallelism,
            job => scorers[job] = MlNetFit.Fit(Options, scaled, d, labels, trainRows[job], k, cancellationToken),
            cancellationToken);

        var confusion = new int[k][];
        for (var c = 0; c < k; c++)
        {
            confusion[c] = new int[k];
        }

        var foldCorrect = new int[folds];
        var foldSize = new int[folds];
        Span<double> probabilities = stackalloc double[k];
        for (var r = 0; r < n; r++)
        {
            var f = foldOf[r];
            scorers[f].Probabilities(scaled.AsSpan(r * d, d), probabilities);
            var predicted = SegmentScorer.ArgMax(probabilities);
            confusion[labels[r]][predicted]++;
            foldSize[f]++;
            foldCorrect[f] += predicted == labels[r] ? 1 : 0;
        }

        var crossValidation = new CrossValidationResult(folds, confusion, [.. Enumerable.Range(0, folds).Select(f => (double)foldCorrect[f] / foldSize[f])]);
        var warnings = new List<string>();
        var noise = allLabels.Length - n;
        if (noise > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{noise:N0} noise customer{(noise == 1 ? " was" : "s were")} (label -1) left out of training; the model always predicts one of the {k} segments, never noise."));
        }

        foreach (var s in data.Scalings.Where(s => !(s.StandardDeviation > 0)))
        {
            warnings.Add($"Feature '{s.Name}' was constant in the segmentation's data, so it cannot influence predictions.");
        }

        return new SegmentClassifierModel(Options, data.Scalings, data.SegmentNames, scorers[folds], crossValidation, sizes, n, noise, warnings);
    }

    /// <summary>
    /// Fold per row: each segment's rows, shuffled by one seeded stream in segment order, are dealt round the folds,
    /// continuing where the previous segment stopped so fold sizes differ by at most one.
    /// </summary>
    internal static int[] StratifiedFolds(int[] labels, int segments, int folds, int seed)
    {
        var random = new Random(seed);
        var foldOf = new int[labels.Length];
        var next = 0;
        for (var c = 0; c < segments; c++)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            random.Shuffle(rows);
            foreach (var row in rows)
            {
                foldOf[row] = next;
                next = (next + 1) % folds;
            }
        }

        return foldOf;
    }
}
