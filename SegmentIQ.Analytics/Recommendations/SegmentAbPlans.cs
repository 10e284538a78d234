using System.Globalization;
using MathNet.Numerics.Statistics;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>One segment's A/B plan and the figures of the metric it was planned on.</summary>
/// <param name="Label">Zero-based segment label.</param>
/// <param name="Customers">Customers in the segment.</param>
/// <param name="Mean">Order value: the segment's mean of the customers' average order value; null for conversion.</param>
/// <param name="StandardDeviation">Order value: the segment's own standard deviation (n − 1); null for conversion.</param>
/// <param name="Difference">The absolute difference planned for: rate points (conversion) or money (order value).</param>
/// <param name="Plan">Arms needed, large enough, smallest detectable difference; null when the segment cannot be planned.</param>
/// <param name="Note">Why the segment cannot be planned, else null.</param>
public sealed record SegmentAbPlan(int Label, int Customers, double? Mean, double? StandardDeviation, double Difference, SegmentTestPlan? Plan, string? Note);

/// <summary>
/// A/B plans of every segment of a segmentation for one metric. <see cref="Unavailable"/> says why there are none
/// (order value of a customer table without order values).
/// </summary>
public sealed record SegmentAbPlans(AbTestOptions Options, IReadOnlyList<SegmentAbPlan> Segments, string? Unavailable)
{
    /// <summary>The test the plans are for, in words.</summary>
    public string TestName => Options.Metric == AbTestMetric.Conversion
        ? "two-proportion z-test (pooled variance)"
        : "two-sample t-test on each customer's average order value, with the segment's own standard deviation";

    /// <summary>
    /// Plans every segment of <paramref name="labels"/> (-1 = noise, left out). Conversion needs only the sizes;
    /// order value needs <paramref name="orderValues"/> (each customer's average order value, aligned with the labels)
    /// and plans each segment with its own mean and standard deviation (a relative effect is a share of the segment's mean).
    /// </summary>
    public static SegmentAbPlans Plan(AbTestOptions options, IReadOnlyList<int> labels, int numberOfClusters, IReadOnlyList<double>? orderValues)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(labels);
        options.Validate();
        if (options.Metric == AbTestMetric.OrderValue && orderValues is null)
        {
            return new SegmentAbPlans(options, [], "Order value needs purchase lines (invoices with amounts): this dataset has no order values.");
        }

        if (orderValues is not null && orderValues.Count != labels.Count)
        {
            throw new ArgumentException($"orderValues has {orderValues.Count} values for {labels.Count} customers.", nameof(orderValues));
        }

        var members = new List<int>[numberOfClusters];
        for (var c = 0; c < numberOfClusters; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] >= 0 && labels[i] < numberOfClusters)
            {
                members[labels[i]].Add(i);
            }
        }

        var segments = new SegmentAbPlan[numberOfClusters];
        for (var c = 0; c < numberOfClusters; c++)
        {
            var size = members[c].Count;
            if (options.Metric == AbTestMetric.Conversion)
            {
                segments[c] = new SegmentAbPlan(c, size, null, null, options.TreatmentRate - options.BaselineRate, AbTestPlanner.ProportionsForSegment(options, size), null);
                continue;
            }

            var values = members[c].Select(i => orderValues![i]).Where(double.IsFinite).ToList();
            if (values.Count < 2)
            {
                segments[c] = new SegmentAbPlan(c, size, null, null, double.NaN, null, "fewer than 2 customers with an order value");
                continue;
            }

            var (mean, sd) = values.MeanStandardDeviation();
            var difference = options.RelativeEffect ? options.MinimumDetectableEffect * mean : options.MinimumDetectableEffect;
            if (!(sd > 0) || !(difference > 0))
            {
                var why = sd > 0 ? "its mean order value is not positive, so a relative effect is undefined" : "every customer has the same order value";
                segments[c] = new SegmentAbPlan(c, size, mean, sd, difference, null, why);
                continue;
            }

            segments[c] = new SegmentAbPlan(c, size, mean, sd, difference, AbTestPlanner.MeansForSegment(options, sd, difference, size), null);
        }

        return new SegmentAbPlans(options, segments, null);
    }

    /// <summary>"Segment 2 needs 1,571 + 1,571 customers and has 3,200: large enough." style line for one segment.</summary>
    public static string Describe(SegmentAbPlan segment, string segmentName, Func<double, string> formatDifference)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(formatDifference);
        if (segment.Plan is not { } plan)
        {
            return $"{segmentName}: cannot be planned ({segment.Note}).";
        }

        var verdict = plan.LargeEnough
            ? "large enough"
            : plan.SmallestDetectableEffect is { } smallest
                ? $"too small; with its size it can detect {formatDifference(smallest)}"
                : "too small to detect any effect";
        return string.Create(CultureInfo.InvariantCulture,
            $"{segmentName} needs {plan.Required.Control:N0} + {plan.Required.Treatment:N0} customers to detect {formatDifference(segment.Difference)} and has {plan.SegmentSize:N0}: {verdict}.");
    }
}
