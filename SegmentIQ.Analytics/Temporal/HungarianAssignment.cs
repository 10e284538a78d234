namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// The optimal one-to-one assignment of rows to columns of a cost matrix (Hungarian algorithm, the O(n³)
/// shortest-augmenting-path form with row and column potentials). Written here because no maintained .NET package
/// offers a linear assignment solver (MathNet.Numerics and ML.NET have none, and our package list holds no other), and
/// the matrices are tiny (segments × segments).
/// </summary>
public static class HungarianAssignment
{
    /// <summary>
    /// For every row of <paramref name="cost"/> (rows × columns, any shape), the column it is assigned to, or -1 when
    /// there are more rows than columns and the row is left out. The total cost of the assigned pairs is minimal.
    /// </summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var rows = cost.GetLength(0);
        var cols = cost.GetLength(1);
        var n = Math.Max(rows, cols);
        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || cols == 0)
        {
            return result;
        }

        foreach (var c in cost)
        {
            if (!double.IsFinite(c))
            {
                throw new ArgumentException("Every cost must be a finite number.", nameof(cost));
            }
        }

        // Square the problem with zero-cost dummy rows or columns; 1-based arrays keep index 0 as the free "source".
        double At(int i, int j) => i <= rows && j <= cols ? cost[i - 1, j - 1] : 0;
        var u = new double[n + 1];
        var v = new double[n + 1];
        var rowOfColumn = new int[n + 1];
        var way = new int[n + 1];
        var minTo = new double[n + 1];
        var used = new bool[n + 1];
        for (var i = 1; i <= n; i++)
        {
            rowOfColumn[0] = i;
            var column = 0;
            Array.Fill(minTo, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[column] = true;
                var row = rowOfColumn[column];
                var delta = double.PositiveInfinity;
                var next = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var reduced = At(row, j) - u[row] - v[j];
                    if (reduced < minTo[j])
                    {
                        minTo[j] = reduced;
                        way[j] = column;
                    }

                    if (minTo[j] < delta)
                    {
                        delta = minTo[j];
                        next = j;
                    }
                }

                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minTo[j] -= delta;
                    }
                }

                column = next;
            }
            while (rowOfColumn[column] != 0);

            // Flip the augmenting path back to the source.
            do
            {
                var previous = way[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            }
            while (column != 0);
        }

        for (var j = 1; j <= cols; j++)
        {
            if (rowOfColumn[j] >= 1 && rowOfColumn[j] <= rows)
            {
                result[rowOfColumn[j] - 1] = j - 1;
            }
        }

        return result;
    }

    /// <summary>The total cost of an assignment returned by <see cref="Solve"/>.</summary>
    public static double TotalCost(double[,] cost, IReadOnlyList<int> assignment)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(assignment);
        var total = 0.0;
        for (var i = 0; i < assignment.Count; i++)
        {
            if (assignment[i] >= 0)
            {
                total += cost[i, assignment[i]];
            }
        }

        return total;
    }
}
