using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SegmentIQ.Analytics.Clustering.KMeans;

/// <summary>Small hot-loop helpers shared by the restarts, the model's Predict and the sweep.</summary>
internal static class KMeansKernels
{
    /// <summary>Squared Euclidean distance; plain loop because feature counts are small (4–20).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var f = 0; f < a.Length; f++)
        {
            var diff = a[f] - b[f];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>Index of the nearest of <paramref name="k"/> row-major centres (lowest index on ties).</summary>
    public static int Nearest(ReadOnlySpan<double> row, ReadOnlySpan<double> centres, int k, out double squaredDistance)
    {
        var d = row.Length;
        var best = double.PositiveInfinity;
        var bestIndex = 0;
        for (int c = 0, offset = 0; c < k; c++, offset += d)
        {
            var distance = SquaredDistance(row, centres.Slice(offset, d));
            if (distance < best)
            {
                best = distance;
                bestIndex = c;
            }
        }

        squaredDistance = best;
        return bestIndex;
    }

    /// <summary>Sum of squared distances of every row to the centre of its label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Inertia(double[] data, int columns, int[] labels, ReadOnlySpan<double> centres)
    {
        var inertia = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            inertia += SquaredDistance(data.AsSpan(i * columns, columns), centres.Slice(labels[i] * columns, columns));
        }

        return inertia;
    }

    /// <summary>
    /// Labels every row with its nearest centre (lowest index on ties) and says whether any label differs from the
    /// one <paramref name="labels"/> held before, so Lloyd's loop needs no copy of the previous labels to compare.
    /// Vectorised across rows (8 or 4 at a time) over the feature-major copy, so there is no horizontal reduction;
    /// four features (the default space) load each block of rows once for all centres.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AssignLabels(double[] transposed, int rows, int columns, ReadOnlySpan<double> centres, int k, Span<int> labels)
    {
        var i = 0;
        var changed = false;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported && columns == 4)
        {
            i = AssignFourFeatures(transposed, rows, centres, k, labels, ref changed);
        }
        else if (Vector512.IsHardwareAccelerated)
        {
            var difference = Vector256<int>.Zero;
            for (; i <= rows - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var best = Vector512.Create(double.PositiveInfinity);
                var bestIndex = Vector512<double>.Zero;
                for (var c = 0; c < k; c++)
                {
                    var distance = Vector512<double>.Zero;
                    for (var f = 0; f < columns; f++)
                    {
                        var diff = Vector512.LoadUnsafe(ref transposed[(f * rows) + i]) - Vector512.Create(centres[(c * columns) + f]);
                        distance += diff * diff;
                    }

                    var closer = Vector512.LessThan(distance, best);
                    best = Vector512.ConditionalSelect(closer, distance, best);
                    bestIndex = Vector512.ConditionalSelect(closer, Vector512.Create((double)c), bestIndex);
                }

                if (Avx512F.IsSupported)
                {
                    StoreBlock(labels, i, bestIndex, ref difference);
                }
                else
                {
                    for (var lane = 0; lane < Vector512<double>.Count; lane++)
                    {
                        changed |= Store(labels, i + lane, (int)bestIndex.GetElement(lane));
                    }
                }
            }

            changed |= difference != Vector256<int>.Zero;
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= rows - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var best = Vector256.Create(double.PositiveInfinity);
                var bestIndex = Vector256<double>.Zero;
                for (var c = 0; c < k; c++)
                {
                    var distance = Vector256<double>.Zero;
                    for (var f = 0; f < columns; f++)
                    {
                        var diff = Vector256.LoadUnsafe(ref transposed[(f * rows) + i]) - Vector256.Create(centres[(c * columns) + f]);
                        distance += diff * diff;
                    }

                    var closer = Vector256.LessThan(distance, best);
                    best = Vector256.ConditionalSelect(closer, distance, best);
                    bestIndex = Vector256.ConditionalSelect(closer, Vector256.Create((double)c), bestIndex);
                }

                for (var lane = 0; lane < Vector256<double>.Count; lane++)
                {
                    changed |= Store(labels, i + lane, (int)bestIndex.GetElement(lane));
                }
            }
        }

        for (; i < rows; i++)
        {
            var best = double.PositiveInfinity;
            var bestIndex = 0;
            for (var c = 0; c < k; c++)
            {
                var distance = 0.0;
                for (var f = 0; f < columns; f++)
                {
                    var diff = transposed[(f * rows) + i] - centres[(c * columns) + f];
                    distance += diff * diff;
                }

                if (distance < best)
                {
                    best = distance;
                    bestIndex = c;
                }
            }

            changed |= Store(labels, i, bestIndex);
        }

        return changed;
    }

    /// <summary>
    /// The four-feature case eight rows at a time: the block's four feature vectors are loaded once and the centres
    /// broadcast once per call, so the loop over centres is arithmetic only. The same operations in the same order
    /// as the general loop (difference, square, add from feature 0 up; adding the first square to zero leaves it
    /// unchanged), so labels are identical. Returns the first
    /// row not labelled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AssignFourFeatures(double[] transposed, int rows, ReadOnlySpan<double> centres, int k, Span<int> labels, ref bool changed)
    {
        const int Width = 8;
        Span<Vector512<double>> broadcast = k <= 16 ? stackalloc Vector512<double>[4 * 16] : new Vector512<double>[4 * k];
        for (var j = 0; j < 4 * k; j++)
        {
            broadcast[j] = Vector512.Create(centres[j]);
        }

        var difference = Vector256<int>.Zero;
        ref var x0 = ref transposed[0];
        ref var x1 = ref transposed[rows];
        ref var x2 = ref transposed[2 * rows];
        ref var x3 = ref transposed[3 * rows];
        var i = 0;
        for (; i <= rows - Width; i += Width)
        {
            var f0 = Vector512.LoadUnsafe(ref x0, (nuint)i);
            var f1 = Vector512.LoadUnsafe(ref x1, (nuint)i);
            var f2 = Vector512.LoadUnsafe(ref x2, (nuint)i);
            var f3 = Vector512.LoadUnsafe(ref x3, (nuint)i);
            var best = Vector512.Create(double.PositiveInfinity);
            var bestIndex = Vector512<double>.Zero;
            for (var c = 0; c < k; c++)
            {
                var d0 = f0 - broadcast[4 * c];
                var d1 = f1 - broadcast[(4 * c) + 1];
                var d2 = f2 - broadcast[(4 * c) + 2];
                var d3 = f3 - broadcast[(4 * c) + 3];
                var distance = (((d0 * d0) + (d1 * d1)) + (d2 * d2)) + (d3 * d3);
                var closer = Vector512.LessThan(distance, best);
                best = Vector512.ConditionalSelect(closer, distance, best);
                bestIndex = Vector512.ConditionalSelect(closer, Vector512.Create((double)c), bestIndex);
            }

            StoreBlock(labels, i, bestIndex, ref difference);
        }

        changed |= difference != Vector256<int>.Zero;
        return i;
    }

    /// <summary>Stores eight labels held as doubles with one conversion, noting in which lanes they changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBlock(Span<int> labels, int row, Vector512<double> bestIndex, ref Vector256<int> difference)
    {
        ref var slot = ref labels[row];
        var next = Avx512F.ConvertToVector256Int32(bestIndex);
        difference |= next ^ Vector256.LoadUnsafe(ref slot);
        next.StoreUnsafe(ref slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Store(Span<int> labels, int row, int label)
    {
        var changed = labels[row] != label;
        labels[row] = label;
        return changed;
    }
}
