using MathNet.Numerics;

namespace SegmentIQ.Analytics.Explain;

/// <summary>Kruskal–Wallis H test of k groups (tie-corrected, as SciPy's <c>kruskal</c>).</summary>
/// <param name="H">The tie-corrected statistic.</param>
/// <param name="DegreesOfFreedom">k − 1.</param>
/// <param name="P">Upper tail of χ² with <paramref name="DegreesOfFreedom"/>.</param>
/// <param name="EpsilonSquared">Effect size ε² = H / (n − 1).</param>
public sealed record KruskalWallisResult(double H, int DegreesOfFreedom, double P, double EpsilonSquared);

/// <summary>One-way ANOVA F test of k groups (SciPy's <c>f_oneway</c>).</summary>
/// <param name="F">Between-group over within-group mean square.</param>
/// <param name="DegreesOfFreedomBetween">k − 1.</param>
/// <param name="DegreesOfFreedomWithin">n − k.</param>
/// <param name="P">Upper tail of F.</param>
/// <param name="EtaSquared">Effect size η² = SS between / SS total.</param>
public sealed record AnovaResult(double F, int DegreesOfFreedomBetween, int DegreesOfFreedomWithin, double P, double EtaSquared);

/// <summary>Mann–Whitney U test of two groups, two-sided, normal approximation with tie and continuity correction.</summary>
/// <param name="U">U of the first group (number of pairs where the first group's value is larger, ties counting one half).</param>
/// <param name="Z">The continuity-corrected z of the larger U.</param>
/// <param name="P">Two-sided p-value, at most 1.</param>
/// <param name="RankBiserial">Effect size r = 1 − 2U / (n₁ n₂): positive when the second group tends to be larger.</param>
public sealed record MannWhitneyResult(double U, double Z, double P, double RankBiserial);

/// <summary>
/// The classic tests of "do these groups differ on one feature": Kruskal–Wallis, one-way ANOVA, Mann–Whitney U and
/// Holm's step-down correction, computed to agree with SciPy 1.10 (<c>kruskal</c>, <c>f_oneway</c>,
/// <c>mannwhitneyu(method="asymptotic")</c>). The distributions' tails come from MathNet.Numerics' regularized gamma and
/// beta functions; only the rank sums are ours, because MathNet has no rank tests. The tails are taken directly
/// (not as 1 − CDF), so p-values of 1e-50 keep their digits.
/// </summary>
public static class GroupComparison
{
    /// <summary>Kruskal–Wallis H across <paramref name="groups"/> (each at least one value; two or more groups).</summary>
    /// <exception cref="ArgumentException">Fewer than two groups, an empty group, or every value equal.</exception>
    public static KruskalWallisResult KruskalWallis(IReadOnlyList<double[]> groups)
    {
        CheckGroups(groups, 2);
        var (ranks, tieSum, n) = RankAll(groups);
        var h = 0.0;
        var offset = 0;
        foreach (var g in groups)
        {
            var sum = 0.0;
            for (var i = 0; i < g.Length; i++)
            {
                sum += ranks[offset + i];
            }

            h += sum * sum / g.Length;
            offset += g.Length;
        }

        h = (12.0 / (n * (n + 1.0)) * h) - (3.0 * (n + 1.0));
        var correction = 1.0 - (tieSum / (((double)n * n * n) - n));
        if (!(correction > 0))
        {
            throw new ArgumentException("Every value is the same, so the groups cannot differ in rank.", nameof(groups));
        }

        h /= correction;
        var df = groups.Count - 1;
        return new KruskalWallisResult(h, df, ChiSquaredUpperTail(h, df), h / (n - 1.0));
    }

    /// <summary>One-way ANOVA across <paramref name="groups"/> (two or more groups, more values than groups).</summary>
    /// <exception cref="ArgumentException">Fewer than two groups, an empty group, or no more values than groups.</exception>
    public static AnovaResult OneWayAnova(IReadOnlyList<double[]> groups)
    {
        CheckGroups(groups, 2);
        var n = groups.Sum(g => g.Length);
        var k = groups.Count;
        if (n <= k)
        {
            throw new ArgumentException($"ANOVA needs more values ({n}) than groups ({k}).", nameof(groups));
        }

        var grand = groups.Sum(g => g.Sum()) / n;
        double between = 0, within = 0;
        foreach (var g in groups)
        {
            var mean = g.Average();
            between += g.Length * (mean - grand) * (mean - grand);
            foreach (var v in g)
            {
                within += (v - mean) * (v - mean);
            }
        }

        var dfb = k - 1;
        var dfw = n - k;
        var f = between / dfb / (within / dfw);
        var total = between + within;
        var p = double.IsNaN(f) ? double.NaN : double.IsPositiveInfinity(f) ? 0 : FisherUpperTail(f, dfb, dfw);
        return new AnovaResult(f, dfb, dfw, p, total > 0 ? between / total : double.NaN);
    }

    /// <summary>Mann–Whitney U of <paramref name="first"/> against <paramref name="second"/> (each non-empty).</summary>
    /// <exception cref="ArgumentException">An empty group, or every value equal.</exception>
    public static MannWhitneyResult MannWhitney(double[] first, double[] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        CheckGroups([first, second], 2);
        var (ranks, tieSum, n) = RankAll([first, second]);
        var r1 = 0.0;
        for (var i = 0; i < first.Length; i++)
        {
            r1 += ranks[i];
        }

        double n1 = first.Length, n2 = second.Length;
        var u1 = r1 - (n1 * (n1 + 1) / 2);
        var u2 = (n1 * n2) - u1;
        var mean = n1 * n2 / 2;
        var sd = Math.Sqrt(n1 * n2 / 12 * (n + 1 - (tieSum / (n * (n - 1.0)))));
        if (!(sd > 0))
        {
            throw new ArgumentException("Every value is the same, so the groups cannot differ in rank.", nameof(first));
        }

        var z = (Math.Max(u1, u2) - mean - 0.5) / sd;
        var p = Math.Min(1.0, 2 * NormalUpperTail(z));
        return new MannWhitneyResult(u1, z, p, 1 - (2 * u1 / (n1 * n2)));
    }

    /// <summary>
    /// Holm's step-down adjusted p-values, in the input order: the i-th smallest p is multiplied by (m − i + 1), made
    /// non-decreasing and capped at 1. NaN p-values (tests that could not run) stay NaN and do not count in m.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var adjusted = new double[pValues.Count];
        Array.Fill(adjusted, double.NaN);
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        var m = order.Length;
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    /// <summary>P(χ²_df ≥ x).</summary>
    internal static double ChiSquaredUpperTail(double x, int df) =>
        x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);

    /// <summary>P(F_{d1,d2} ≥ f).</summary>
    internal static double FisherUpperTail(double f, int d1, int d2) =>
        f <= 0 ? 1 : SpecialFunctions.BetaRegularized(d2 / 2.0, d1 / 2.0, d2 / (d2 + (d1 * f)));

    /// <summary>P(Z ≥ z) for a standard normal.</summary>
    internal static double NormalUpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

    private static void CheckGroups(IReadOnlyList<double[]> groups, int least)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count < least)
        {
            throw new ArgumentException($"At least {least} groups are needed to compare; got {groups.Count}.", nameof(groups));
        }

        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g] is null || groups[g].Length == 0)
            {
                throw new ArgumentException($"Group {g + 1} is empty; every group needs at least one value.", nameof(groups));
            }

            foreach (var v in groups[g])
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Group {g + 1} holds {v}; every value must be a finite number.", nameof(groups));
                }
            }
        }
    }

    /// <summary>Mid-ranks of all values (groups concatenated in order) and Σ(t³ − t) over tie blocks.</summary>
    private static (double[] Ranks, double TieSum, int N) RankAll(IReadOnlyList<double[]> groups)
    {
        var n = groups.Sum(g => g.Length);
        var values = new double[n];
        var offset = 0;
        foreach (var g in groups)
        {
            g.CopyTo(values, offset);
            offset += g.Length;
        }

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[n];
        var tieSum = 0.0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            var rank = (start + end + 1) / 2.0;
            for (var i = start; i < end; i++)
            {
                ranks[order[i]] = rank;
            }

            double t = end - start;
            tieSum += (t * t * t) - t;
            start = end;
        }

        return (ranks, tieSum, n);
    }
}
