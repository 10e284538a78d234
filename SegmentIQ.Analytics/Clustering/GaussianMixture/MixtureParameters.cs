using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.GaussianMixture;

/// <summary>
/// Weights, means and covariances of a mixture plus their Cholesky factors, with the EM steps over them.
/// The Cholesky factorisation is hand-rolled: the matrices are d × d with d the handful of segmentation features,
/// factorised once per component per iteration, and the per-row forward substitution of the E-step has to be an
/// inline loop over our own arrays anyway; MathNet's dense Cholesky would add matrix objects and copies per
/// iteration for no numerical gain at this size.
/// </summary>
internal sealed class MixtureParameters
{
    private const double Log2Pi = 1.8378770664093453;

    // scikit-learn adds 10 × machine epsilon to every component's soft count so an empty component divides safely.
    private const double CountFloor = 10 * 2.220446049250313e-16;

    // ln of the smallest normal double (2.2250738585072014e-308): exp of anything lower is subnormal or zero.
    private const double SmallestNormalLog = -708.3964185322641;

    public MixtureParameters(int components, int dimensions, CovarianceType type)
    {
        K = components;
        D = dimensions;
        Type = type;
        Weights = new double[K];
        Means = new double[K * D];
        Covariances = type switch
        {
            CovarianceType.Full => new double[K * D * D],
            CovarianceType.Tied => new double[D * D],
            CovarianceType.Diagonal => new double[K * D],
            _ => new double[K],
        };
        Factors = type is CovarianceType.Full or CovarianceType.Tied ? new double[Covariances.Length] : [];
        InverseFactors = new double[Factors.Length];
        HalfLogDet = new double[K];
    }

    private double[]? _componentMajor;

    public int K { get; }

    public int D { get; }

    public CovarianceType Type { get; }

    public double[] Weights { get; }

    public double[] Means { get; }

    /// <summary>Full: K·D·D; Tied: D·D; Diagonal: K·D variances; Spherical: K variances.</summary>
    public double[] Covariances { get; }

    /// <summary>Lower Cholesky factors of <see cref="Covariances"/> (Full and Tied only).</summary>
    public double[] Factors { get; }

    /// <summary>Inverses of <see cref="Factors"/>, lower triangular (Full and Tied only).</summary>
    public double[] InverseFactors { get; }

    /// <summary>½ ln det Σ per component.</summary>
    public double[] HalfLogDet { get; }

    /// <summary>Free parameters as scikit-learn's <c>_n_parameters</c> counts them.</summary>
    public int ParameterCount => (K * D) + (K - 1) + Type switch
    {
        CovarianceType.Full => K * D * (D + 1) / 2,
        CovarianceType.Tied => D * (D + 1) / 2,
        CovarianceType.Diagonal => K * D,
        _ => K,
    };

    /// <summary>M-step: parameters from responsibilities (n × K row-major), then factorisation.</summary>
    public void MaximizationStep(FeatureMatrix data, double[] responsibilities, double regCovar) =>
        MaximizationStep(data, null, responsibilities, regCovar);

    /// <summary>
    /// M-step given the feature-major copy of the data (<see cref="KMeansPlusPlus.FeatureMajor"/>, or null): with
    /// it and 256-bit SIMD, soft counts, means and full or tied scatter matrices are summed four rows at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MaximizationStep(FeatureMatrix data, double[]? featureMajor, double[] responsibilities, double regCovar)
    {
        var n = data.Rows;
        var x = data.Data;
        var vectorised = featureMajor is not null && Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count;
        Span<double> counts = stackalloc double[K];
        counts.Fill(CountFloor);
        Array.Clear(Means);
        var first = 0;
        double[]? byComponent = null;
        if (vectorised)
        {
            byComponent = ComponentMajor(responsibilities, n);
            first = SumCountsAndMeans(featureMajor!, byComponent, n, counts);
        }

        for (var i = first; i < n; i++)
        {
            var row = x.Slice(i * D, D);
            for (var c = 0; c < K; c++)
            {
                var r = responsibilities[(i * K) + c];
                if (r == 0)
                {
                    continue;
                }

                counts[c] += r;
                var mean = Means.AsSpan(c * D, D);
                for (var j = 0; j < D; j++)
                {
                    mean[j] += r * row[j];
                }
            }
        }

        var total = 0.0;
        for (var c = 0; c < K; c++)
        {
            total += counts[c];
            var mean = Means.AsSpan(c * D, D);
            for (var j = 0; j < D; j++)
            {
                mean[j] /= counts[c];
            }
        }

        for (var c = 0; c < K; c++)
        {
            Weights[c] = counts[c] / total;
        }

        Array.Clear(Covariances);
        first = 0;
        if (byComponent is not null && Type is CovarianceType.Full or CovarianceType.Tied)
        {
            first = SumScatter(featureMajor!, byComponent, n);
        }

        Span<double> diff = stackalloc double[D];
        for (var i = first; i < n; i++)
        {
            var row = x.Slice(i * D, D);
            for (var c = 0; c < K; c++)
            {
                var r = responsibilities[(i * K) + c];
                if (r == 0)
                {
                    continue;
                }

                var mean = Means.AsSpan(c * D, D);
                for (var j = 0; j < D; j++)
                {
                    diff[j] = row[j] - mean[j];
                }

                switch (Type)
                {
                    case CovarianceType.Full:
                    case CovarianceType.Tied:
                        {
                            var cov = Type == CovarianceType.Full ? Covariances.AsSpan(c * D * D, D * D) : Covariances.AsSpan();
                            for (var a = 0; a < D; a++)
                            {
                                var ra = r * diff[a];
                                for (var b = 0; b <= a; b++)
                                {
                                    cov[(a * D) + b] += ra * diff[b];
                                }
                            }

                            break;
                        }

                    case CovarianceType.Diagonal:
                        {
                            var variances = Covariances.AsSpan(c * D, D);
                            for (var j = 0; j < D; j++)
                            {
                                variances[j] += r * diff[j] * diff[j];
                            }

                            break;
                        }

                    default:
                        {
                            var sum = 0.0;
                            for (var j = 0; j < D; j++)
                            {
                                sum += diff[j] * diff[j];
                            }

                            Covariances[c] += r * sum;
                            break;
                        }
                }
            }
        }

        switch (Type)
        {
            case CovarianceType.Full:
                for (var c = 0; c < K; c++)
                {
                    FinishMatrix(Covariances.AsSpan(c * D * D, D * D), counts[c], regCovar);
                }

                break;
            case CovarianceType.Tied:
                FinishMatrix(Covariances, total, regCovar);
                break;
            case CovarianceType.Diagonal:
                for (var c = 0; c < K; c++)
                {
                    for (var j = 0; j < D; j++)
                    {
                        Covariances[(c * D) + j] = (Covariances[(c * D) + j] / counts[c]) + regCovar;
                    }
                }

                break;
            default:
                // The mean of the per-feature variances, as scikit-learn defines the spherical variance.
                for (var c = 0; c < K; c++)
                {
                    Covariances[c] = (Covariances[c] / counts[c] / D) + regCovar;
                }

                break;
        }

        Factorize();
    }

    /// <summary>E-step: writes responsibilities (n × K) and returns the mean log-likelihood per row.</summary>
    public double ExpectationStep(FeatureMatrix data, double[] responsibilities) =>
        ExpectationStep(data, null, responsibilities);

    /// <summary>
    /// E-step: writes responsibilities (n × K) and returns the mean log-likelihood per row (log-sum-exp over
    /// components, so tiny densities do not underflow). Each component's exponential is taken once and reused for
    /// the normalised responsibility, and full or tied covariances use the inverse Cholesky factor, so a row costs
    /// independent multiply-adds instead of a chain of divisions; given the feature-major copy of the data and
    /// 256-bit SIMD, those rows go four at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double ExpectationStep(FeatureMatrix data, double[]? featureMajor, double[] responsibilities)
    {
        var n = data.Rows;
        var x = data.Data;
        Span<double> offsets = stackalloc double[K];
        var constant = -0.5 * D * Log2Pi;
        for (var c = 0; c < K; c++)
        {
            offsets[c] = Math.Log(Weights[c]) + constant - HalfLogDet[c];
        }

        Span<double> diff = stackalloc double[D];
        var triangular = Type is CovarianceType.Full or CovarianceType.Tied;
        var total = 0.0;
        var first = 0;
        if (triangular && featureMajor is not null && Vector256.IsHardwareAccelerated)
        {
            total = ExpectationBlocks(featureMajor, n, responsibilities, offsets, out first);
        }

        for (var i = first; i < n; i++)
        {
            var row = x.Slice(i * D, D);
            var logProb = responsibilities.AsSpan(i * K, K);
            var max = double.NegativeInfinity;
            for (var c = 0; c < K; c++)
            {
                var mean = Means.AsSpan(c * D, D);
                for (var j = 0; j < D; j++)
                {
                    diff[j] = row[j] - mean[j];
                }

                var value = offsets[c] - (0.5 * (triangular ? TriangularMahalanobis(c, diff) : Mahalanobis(c, diff)));
                logProb[c] = value;
                max = Math.Max(max, value);
            }

            var sum = 0.0;
            for (var c = 0; c < K; c++)
            {
                var e = Math.Exp(logProb[c] - max);
                logProb[c] = e;
                sum += e;
            }

            total += max + Math.Log(sum);
            var inverse = 1.0 / sum;
            for (var c = 0; c < K; c++)
            {
                logProb[c] *= inverse;
            }
        }

        return total / n;
    }

    /// <summary>Responsibilities regrouped per component (<c>[c * n + i]</c>), so four rows load as one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] ComponentMajor(double[] responsibilities, int n)
    {
        var result = _componentMajor ??= new double[n * K];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < K; c++)
            {
                result[(c * n) + i] = responsibilities[(i * K) + c];
            }
        }

        return result;
    }

    /// <summary>Adds Σ r and Σ r·x per component over whole blocks of four rows; returns the first row not summed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SumCountsAndMeans(double[] featureMajor, double[] byComponent, int n, Span<double> counts)
    {
        var blocks = n - (n % Vector256<double>.Count);
        Span<Vector256<double>> sums = stackalloc Vector256<double>[D];
        for (var c = 0; c < K; c++)
        {
            sums.Clear();
            var count = Vector256<double>.Zero;
            for (var i = 0; i < blocks; i += Vector256<double>.Count)
            {
                var r = Vector256.LoadUnsafe(ref byComponent[(c * n) + i]);
                count += r;
                for (var j = 0; j < D; j++)
                {
                    sums[j] += r * Vector256.LoadUnsafe(ref featureMajor[(j * n) + i]);
                }
            }

            counts[c] += Vector256.Sum(count);
            for (var j = 0; j < D; j++)
            {
                Means[(c * D) + j] += Vector256.Sum(sums[j]);
            }
        }

        return blocks;
    }

    /// <summary>
    /// Adds the lower triangle of Σ r·(x − μ)(x − μ)ᵀ per component (all into one matrix when tied) over whole
    /// blocks of four rows; returns the first row not summed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SumScatter(double[] featureMajor, double[] byComponent, int n)
    {
        var blocks = n - (n % Vector256<double>.Count);
        Span<Vector256<double>> diff = stackalloc Vector256<double>[D];
        Span<Vector256<double>> scatter = stackalloc Vector256<double>[D * D];
        for (var c = 0; c < K; c++)
        {
            scatter.Clear();
            for (var i = 0; i < blocks; i += Vector256<double>.Count)
            {
                var r = Vector256.LoadUnsafe(ref byComponent[(c * n) + i]);
                for (var j = 0; j < D; j++)
                {
                    diff[j] = Vector256.LoadUnsafe(ref featureMajor[(j * n) + i]) - Vector256.Create(Means[(c * D) + j]);
                }

                for (var a = 0; a < D; a++)
                {
                    var ra = r * diff[a];
                    for (var b = 0; b <= a; b++)
                    {
                        scatter[(a * D) + b] += ra * diff[b];
                    }
                }
            }

            var cov = Type == CovarianceType.Full ? Covariances.AsSpan(c * D * D, D * D) : Covariances.AsSpan();
            for (var a = 0; a < D; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    cov[(a * D) + b] += Vector256.Sum(scatter[(a * D) + b]);
                }
            }
        }

        return blocks;
    }

    /// <summary>
    /// Log-densities of four rows at a time for full or tied covariances, log-sum-exp and normalised
    /// responsibilities with vector exp and log; returns Σ log-likelihood over whole blocks of four rows and the
    /// first row not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double ExpectationBlocks(double[] featureMajor, int n, double[] responsibilities, ReadOnlySpan<double> offsets, out int first)
    {
        var blocks = n - (n % Vector256<double>.Count);
        Span<Vector256<double>> diff = stackalloc Vector256<double>[D];
        Span<Vector256<double>> values = stackalloc Vector256<double>[K];

        // Per component its mean, then its inverse factor's lower triangle row by row, broadcast once per step
        // rather than once per block of rows; read back in the order they were written.
        var perComponent = D + (D * (D + 1) / 2);
        var coefficients = K * perComponent <= 256 ? stackalloc Vector256<double>[K * perComponent] : new Vector256<double>[K * perComponent];
        for (int c = 0, p = 0; c < K; c++)
        {
            var inverse = Type == CovarianceType.Full ? InverseFactors.AsSpan(c * D * D, D * D) : InverseFactors.AsSpan();
            for (var j = 0; j < D; j++)
            {
                coefficients[p++] = Vector256.Create(Means[(c * D) + j]);
            }

            for (var a = 0; a < D; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    coefficients[p++] = Vector256.Create(inverse[(a * D) + b]);
                }
            }
        }

        var total = Vector256<double>.Zero;
        var half = Vector256.Create(0.5);
        var smallestNormalLog = Vector256.Create(SmallestNormalLog);
        ref var coefficient = ref MemoryMarshal.GetReference(coefficients);
        ref var x = ref MemoryMarshal.GetArrayDataReference(featureMajor);
        for (var i = 0; i < blocks; i += Vector256<double>.Count)
        {
            var max = Vector256.Create(double.NegativeInfinity);
            var p = 0;
            for (var c = 0; c < K; c++)
            {
                for (var j = 0; j < D; j++)
                {
                    diff[j] = Vector256.LoadUnsafe(ref x, (nuint)((j * n) + i)) - Unsafe.Add(ref coefficient, p++);
                }

                var distance = Vector256<double>.Zero;
                for (var a = 0; a < D; a++)
                {
                    var z = Vector256<double>.Zero;
                    for (var b = 0; b <= a; b++)
                    {
                        z += Unsafe.Add(ref coefficient, p++) * diff[b];
                    }

                    distance += z * z;
                }

                var value = Vector256.Create(offsets[c]) - (half * distance);
                values[c] = value;
                max = Vector256.Max(max, value);
            }

            var sum = Vector256<double>.Zero;
            for (var c = 0; c < K; c++)
            {
                // A far component's exponential underflows below the smallest normal double. Those lanes are set to
                // 0 and Exp never sees their arguments: vector Exp takes a slow path for arguments near and below
                // -708 (several times slower, measured in bench/, suite gmm), and subnormal
                // responsibilities would slow every multiply of the M-step. The sum holds max's own lane (exp 0 = 1),
                // so the log-likelihood is unchanged; only responsibilities under 2.2e-308 become exact zeros.
                var shifted = values[c] - max;
                var underflows = Vector256.LessThan(shifted, smallestNormalLog);
                var e = Vector256.ConditionalSelect(
                    underflows, Vector256<double>.Zero, Vector256.Exp(Vector256.ConditionalSelect(underflows, Vector256<double>.Zero, shifted)));
                values[c] = e;
                sum += e;
            }

            total += max + Vector256.Log(sum);
            var scale = Vector256<double>.One / sum;
            for (var c = 0; c < K; c++)
            {
                var r = values[c] * scale;
                for (var lane = 0; lane < Vector256<double>.Count; lane++)
                {
                    responsibilities[((i + lane) * K) + c] = r.GetElement(lane);
                }
            }
        }

        first = blocks;
        return Vector256.Sum(total);
    }

    /// <summary>The covariance of one component as a full d × d row-major matrix.</summary>
    public double[] FullCovariance(int component)
    {
        var result = new double[D * D];
        switch (Type)
        {
            case CovarianceType.Full:
                Covariances.AsSpan(component * D * D, D * D).CopyTo(result);
                break;
            case CovarianceType.Tied:
                Covariances.CopyTo(result, 0);
                break;
            case CovarianceType.Diagonal:
                for (var j = 0; j < D; j++)
                {
                    result[(j * D) + j] = Covariances[(component * D) + j];
                }

                break;
            default:
                for (var j = 0; j < D; j++)
                {
                    result[(j * D) + j] = Covariances[component];
                }

                break;
        }

        return result;
    }

    /// <summary>‖L⁻¹ diff‖² with the inverse lower Cholesky factor (full and tied covariances).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double TriangularMahalanobis(int c, ReadOnlySpan<double> diff)
    {
        var inverse = Type == CovarianceType.Full ? InverseFactors.AsSpan(c * D * D, D * D) : InverseFactors.AsSpan();
        var sum = 0.0;
        for (var a = 0; a < D; a++)
        {
            var rowOfInverse = inverse.Slice(a * D, a + 1);
            var z = 0.0;
            for (var b = 0; b < rowOfInverse.Length; b++)
            {
                z += rowOfInverse[b] * diff[b];
            }

            sum += z * z;
        }

        return sum;
    }

    /// <summary>Squared scaled distance for diagonal and spherical covariances.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Mahalanobis(int c, ReadOnlySpan<double> diff)
    {
        switch (Type)
        {
            case CovarianceType.Diagonal:
                {
                    var variances = Covariances.AsSpan(c * D, D);
                    var sum = 0.0;
                    for (var j = 0; j < D; j++)
                    {
                        sum += diff[j] * diff[j] / variances[j];
                    }

                    return sum;
                }

            default:
                {
                    var sum = 0.0;
                    for (var j = 0; j < D; j++)
                    {
                        sum += diff[j] * diff[j];
                    }

                    return sum / Covariances[c];
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FinishMatrix(Span<double> cov, double count, double regCovar)
    {
        // Only the lower triangle was accumulated: scale it, mirror it, regularise the diagonal.
        for (var a = 0; a < D; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var value = cov[(a * D) + b] / count;
                cov[(a * D) + b] = value;
                cov[(b * D) + a] = value;
            }

            cov[(a * D) + a] += regCovar;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Factorize()
    {
        switch (Type)
        {
            case CovarianceType.Full:
                for (var c = 0; c < K; c++)
                {
                    HalfLogDet[c] = Cholesky(Covariances.AsSpan(c * D * D, D * D), Factors.AsSpan(c * D * D, D * D), c);
                    Invert(Factors.AsSpan(c * D * D, D * D), InverseFactors.AsSpan(c * D * D, D * D));
                }

                break;
            case CovarianceType.Tied:
                Array.Fill(HalfLogDet, Cholesky(Covariances, Factors, 0));
                Invert(Factors, InverseFactors);
                break;
            case CovarianceType.Diagonal:
                for (var c = 0; c < K; c++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < D; j++)
                    {
                        EnsurePositive(Covariances[(c * D) + j], c);
                        sum += Math.Log(Covariances[(c * D) + j]);
                    }

                    HalfLogDet[c] = 0.5 * sum;
                }

                break;
            default:
                for (var c = 0; c < K; c++)
                {
                    EnsurePositive(Covariances[c], c);
                    HalfLogDet[c] = 0.5 * D * Math.Log(Covariances[c]);
                }

                break;
        }
    }

    /// <summary>Inverse of a lower triangular matrix by forward substitution on the identity's columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Invert(ReadOnlySpan<double> factor, Span<double> inverse)
    {
        inverse.Clear();
        for (var j = 0; j < D; j++)
        {
            for (var a = j; a < D; a++)
            {
                var t = a == j ? 1.0 : 0.0;
                for (var b = j; b < a; b++)
                {
                    t -= factor[(a * D) + b] * inverse[(b * D) + j];
                }

                inverse[(a * D) + j] = t / factor[(a * D) + a];
            }
        }
    }

    /// <summary>Lower Cholesky factor of a symmetric matrix; returns ½ ln det = Σ ln Lᵢᵢ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Cholesky(ReadOnlySpan<double> matrix, Span<double> factor, int component)
    {
        factor.Clear();
        var halfLogDet = 0.0;
        for (var j = 0; j < D; j++)
        {
            var s = matrix[(j * D) + j];
            for (var k = 0; k < j; k++)
            {
                s -= factor[(j * D) + k] * factor[(j * D) + k];
            }

            EnsurePositive(s, component);
            var pivot = Math.Sqrt(s);
            factor[(j * D) + j] = pivot;
            halfLogDet += Math.Log(pivot);
            for (var i = j + 1; i < D; i++)
            {
                var t = matrix[(i * D) + j];
                for (var k = 0; k < j; k++)
                {
                    t -= factor[(i * D) + k] * factor[(j * D) + k];
                }

                factor[(i * D) + j] = t / pivot;
            }
        }

        return halfLogDet;
    }

    private static void EnsurePositive(double value, int component)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ClusteringDataException(
                $"The covariance of component {component} is not positive definite (collapsed onto too few distinct points); "
                + "increase RegCovar, reduce NumberOfComponents or remove duplicate rows.");
        }
    }
}
