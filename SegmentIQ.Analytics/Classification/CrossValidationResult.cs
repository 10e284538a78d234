namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// How well the classifier predicts customers it was not trained on: each fold's customers are predicted by a model
/// trained on the other folds, and the predictions of all folds are pooled.
/// </summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(int folds, int[][] confusion, double[] foldAccuracies)
    {
        Folds = folds;
        ConfusionMatrix = confusion;
        FoldAccuracies = foldAccuracies;
        var k = confusion.Length;
        var total = 0;
        var correct = 0;
        var f1 = new double[k];
        for (var c = 0; c < k; c++)
        {
            var actual = confusion[c].Sum();
            var predicted = 0;
            for (var r = 0; r < k; r++)
            {
                predicted += confusion[r][c];
            }

            var hit = confusion[c][c];
            total += actual;
            correct += hit;

            // A segment never predicted (or never present) scores 0, as scikit-learn's zero_division=0.
            f1[c] = actual + predicted > 0 ? 2.0 * hit / (actual + predicted) : 0;
        }

        Accuracy = total > 0 ? (double)correct / total : 0;
        F1PerSegment = f1;
        MacroF1 = f1.Average();
    }

    /// <summary>Number of folds.</summary>
    public int Folds { get; }

    /// <summary>Share of customers whose predicted segment is their segment.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of <see cref="F1PerSegment"/>: small segments count as much as large ones.</summary>
    public double MacroF1 { get; }

    /// <summary>F1 score (harmonic mean of precision and recall) per segment, in segment order.</summary>
    public IReadOnlyList<double> F1PerSegment { get; }

    /// <summary>Customers by actual segment (rows) and predicted segment (columns), in segment order; row sums are the segment sizes.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; }

    /// <summary>Accuracy on each fold's customers, in fold order.</summary>
    public IReadOnlyList<double> FoldAccuracies { get; }
}
