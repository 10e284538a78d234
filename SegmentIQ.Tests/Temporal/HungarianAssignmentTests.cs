using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Tests.Temporal;

public class HungarianAssignmentTests
{
    [Fact]
    public void Solve_HandMadeThreeByThree_FindsTheKnownOptimum()
    {
        // Row minima alone (1, 2, 1) collide on column 1; the optimum is 0→1, 1→0, 2→2 with cost 1 + 2 + 2 = 5.
        var cost = new double[,] { { 4, 1, 3 }, { 2, 2, 5 }, { 3, 1, 2 } };

        var assignment = HungarianAssignment.Solve(cost);

        Assert.Equal(5, HungarianAssignment.TotalCost(cost, assignment));
        Assert.Equal(3, assignment.Distinct().Count());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    [InlineData(6, 6)]
    [InlineData(3, 5)]
    [InlineData(6, 4)]
    public void Solve_RandomMatrices_CostsAsLittleAsTheBestPermutation(int rows, int columns)
    {
        var random = new Random((rows * 31) + columns);
        for (var trial = 0; trial < 40; trial++)
        {
            var cost = new double[rows, columns];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    // Small integers make ties common, the hard case for an assignment solver.
                    cost[i, j] = trial % 2 == 0 ? random.Next(0, 5) : (random.NextDouble() * 10) - 3;
                }
            }

            var assignment = HungarianAssignment.Solve(cost);

            var assigned = assignment.Where(a => a >= 0).ToList();
            Assert.Equal(Math.Min(rows, columns), assigned.Count);
            Assert.Equal(assigned.Count, assigned.Distinct().Count());
            Assert.Equal(BruteForce(cost), HungarianAssignment.TotalCost(cost, assignment), 9);
        }
    }

    [Fact]
    public void Solve_NotANumber_IsRefusedPlainly()
    {
        var error = Assert.Throws<ArgumentException>(() => HungarianAssignment.Solve(new double[,] { { 1, double.NaN } }));

        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The cheapest assignment of min(rows, columns) pairs, trying every one.</summary>
    private static double BruteForce(double[,] cost)
    {
        var rows = cost.GetLength(0);
        var columns = cost.GetLength(1);
        var best = double.PositiveInfinity;
        var pairs = Math.Min(rows, columns);
        var used = new bool[columns];
        void Search(int i, int assigned, double sum)
        {
            if (assigned == pairs)
            {
                best = Math.Min(best, sum);
                return;
            }

            if (i == rows)
            {
                return;
            }

            if (rows - i > pairs - assigned)
            {
                // Row i may stay unassigned while enough rows remain to fill every column.
                Search(i + 1, assigned, sum);
            }

            for (var j = 0; j < columns; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    Search(i + 1, assigned + 1, sum + cost[i, j]);
                    used[j] = false;
                }
            }
        }

        Search(0, 0, 0);
        return best;
    }
}
