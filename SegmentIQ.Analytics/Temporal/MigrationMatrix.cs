namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// Customers (and the revenue they brought in the later period) moving from each state in one snapshot (rows) to each
/// state in another (columns). Every customer of the dataset is in exactly one cell.
/// </summary>
public sealed record MigrationMatrix(
    SnapshotPeriod From,
    SnapshotPeriod To,
    IReadOnlyList<int> States,
    IReadOnlyList<string> Names,
    int[,] Counts,
    double[,] Revenue)
{
    /// <summary>Customers counted (all customers of the dataset).</summary>
    public int Total
    {
        get
        {
            var total = 0;
            foreach (var c in Counts)
            {
                total += c;
            }

            return total;
        }
    }

    /// <summary>Customers in state row <paramref name="row"/> at the earlier snapshot.</summary>
    public int RowTotal(int row)
    {
        var total = 0;
        for (var j = 0; j < States.Count; j++)
        {
            total += Counts[row, j];
        }

        return total;
    }

    /// <summary>Revenue in the later period of the customers in state row <paramref name="row"/> at the earlier snapshot.</summary>
    public double RowRevenue(int row)
    {
        var total = 0.0;
        for (var j = 0; j < States.Count; j++)
        {
            total += Revenue[row, j];
        }

        return total;
    }

    /// <summary>Customers in state column <paramref name="column"/> at the later snapshot.</summary>
    public int ColumnTotal(int column)
    {
        var total = 0;
        for (var i = 0; i < States.Count; i++)
        {
            total += Counts[i, column];
        }

        return total;
    }

    /// <summary>The share of row <paramref name="row"/>'s customers that went to column <paramref name="column"/> (0 for an empty row).</summary>
    public double RowShare(int row, int column)
    {
        var total = RowTotal(row);
        return total == 0 ? 0 : (double)Counts[row, column] / total;
    }

    /// <summary>
    /// Of the customers in a segment at the earlier snapshot, the share in the same segment at the later one (the
    /// diagonal over segments; New, Lapsed and not-yet-customers left out), or null when nobody was in a segment.
    /// </summary>
    public double? StayedShare
    {
        get
        {
            var stayed = 0;
            var inSegments = 0;
            for (var i = 0; i < States.Count; i++)
            {
                if (States[i] >= 0)
                {
                    stayed += Counts[i, i];
                    inSegments += RowTotal(i);
                }
            }

            return inSegments == 0 ? null : (double)stayed / inSegments;
        }
    }

    /// <summary>The index of a state code in <see cref="States"/>, or -1.</summary>
    public int IndexOf(int state)
    {
        for (var i = 0; i < States.Count; i++)
        {
            if (States[i] == state)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The non-empty flows between states for a Sankey diagram (row and column indices into <see cref="States"/>),
    /// by customers or by the revenue of the later period; people who were not yet customers at both snapshots are
    /// left out (they are in neither picture).
    /// </summary>
    public IReadOnlyList<MigrationFlow> Flows(bool byRevenue)
    {
        var flows = new List<MigrationFlow>();
        for (var i = 0; i < States.Count; i++)
        {
            for (var j = 0; j < States.Count; j++)
            {
                if (States[i] == CustomerStates.NotYetCustomer && States[j] == CustomerStates.NotYetCustomer)
                {
                    continue;
                }

                var value = byRevenue ? Revenue[i, j] : Counts[i, j];
                if (Counts[i, j] > 0 && value > 0)
                {
                    flows.Add(new MigrationFlow(i, j, Counts[i, j], Revenue[i, j], RowShare(i, j)));
                }
            }
        }

        return flows;
    }
}

/// <summary>One Sankey link: customers from state row <paramref name="From"/> to column <paramref name="To"/>, their later-period revenue and the share of the row.</summary>
public sealed record MigrationFlow(int From, int To, int Customers, double Revenue, double RowShare);
