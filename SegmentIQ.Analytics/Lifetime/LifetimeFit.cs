namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// A summary with its BG/NBD fit and, when the data allow it, its Gamma-Gamma fit: the expensive part of a lifetime
/// analysis, computed once per dataset, calibration end and unit. <see cref="Values"/> derives the per-customer
/// figures for any horizon and discount.
/// </summary>
public sealed record LifetimeFit(RfmSummary Summary, BgNbdModel Purchases, GammaGammaModel? Spend, string? SpendUnavailable)
{
    /// <summary>Summarises <paramref name="log"/> and fits both models.</summary>
    /// <exception cref="LifetimeDataException">The data cannot support the purchase model; the message says why.</exception>
    public static LifetimeFit Fit(PurchaseLog log, LifetimeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var summary = RfmSummary.Build(log, options.Summary);
        cancellationToken.ThrowIfCancellationRequested();
        var purchases = new BgNbd().Fit(summary, cancellationToken);
        var calendar = PurchaseCalendar.Build(log);
        try
        {
            return new LifetimeFit(summary, purchases, new GammaGamma().Fit(summary, cancellationToken), null) { Calendar = calendar };
        }
        catch (LifetimeDataException ex)
        {
            // Purchases and P(alive) stand on their own; only spend and CLV need the spend model.
            return new LifetimeFit(summary, purchases, null, ex.Message) { Calendar = calendar };
        }
    }

    /// <summary>The purchase days the fit was computed from; null for a fit on summary columns alone.</summary>
    public PurchaseCalendar? Calendar { get; init; }

    /// <summary>Cumulative repeat transactions, actual vs model, over the whole period; null without <see cref="Calendar"/>.</summary>
    public CumulativeTransactions? CumulativeTransactions() =>
        Calendar is null ? null : Lifetime.CumulativeTransactions.Compute(Purchases, Calendar, Summary.CalibrationEnd, Summary.ObservationEnd);

    /// <summary>One customer's P(alive) day by day to the end of the data; null without <see cref="Calendar"/> or for an unknown id.</summary>
    public AliveHistory? AliveHistory(string customerId) =>
        Calendar is null ? null : Lifetime.AliveHistory.Compute(Purchases, Calendar, customerId, Summary.ObservationEnd);

    /// <summary>P(alive), expected purchases and revenue over the horizon, expected spend and CLV of every customer.</summary>
    public CustomerLifetimeTable Values(ClvOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = Summary.Count;
        var alive = new double[n];
        var purchases = new double[n];
        var spend = new double[n];
        var clv = new double[n];
        var horizon = options.HorizonMonths * TimeUnits.PerMonth(Summary.Unit);
        for (var i = 0; i < n; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            double x = Summary.Frequency[i], tx = Summary.Recency[i], t = Summary.T[i];
            alive[i] = Purchases.ProbabilityAlive(x, tx, t);
            purchases[i] = Purchases.ConditionalExpectedPurchases(horizon, x, tx, t);
            spend[i] = Spend?.ConditionalExpectedSpend(x, Summary.MonetaryValue[i]) ?? double.NaN;
            clv[i] = Spend is null ? double.NaN : CustomerLifetimeValue.Compute(Purchases, spend[i], x, tx, t, options);
        }

        return new CustomerLifetimeTable(Summary, options, alive, purchases, spend, clv);
    }

    /// <summary>
    /// Mean holdout purchases, actual against the model's expectation, by calibration frequency (0 … <paramref name="maxFrequency"/>,
    /// the last group holding everyone above); empty without a holdout period.
    /// </summary>
    public IReadOnlyList<HoldoutGroup> HoldoutCheck(int maxFrequency = 7)
    {
        var duration = Summary.HoldoutDuration;
        if (duration <= 0)
        {
            return [];
        }

        var count = new int[maxFrequency + 1];
        var actual = new double[maxFrequency + 1];
        var expected = new double[maxFrequency + 1];
        for (var i = 0; i < Summary.Count; i++)
        {
            var group = (int)Math.Min(Summary.Frequency[i], maxFrequency);
            count[group]++;
            actual[group] += Summary.HoldoutPurchases[i];
            expected[group] += Purchases.ConditionalExpectedPurchases(duration, Summary.Frequency[i], Summary.Recency[i], Summary.T[i]);
        }

        return [.. Enumerable.Range(0, maxFrequency + 1)
            .Where(g => count[g] > 0)
            .Select(g => new HoldoutGroup(g, g == maxFrequency, count[g], actual[g] / count[g], expected[g] / count[g]))];
    }

    /// <summary>
    /// Customers by repeat purchases in calibration (0 … <paramref name="maxFrequency"/>, the last group holding everyone
    /// above), actual against the model's expected count Σ P(X(T_i) = n) over the customers' ages.
    /// </summary>
    public IReadOnlyList<RepeatPurchaseCount> RepeatPurchaseDistribution(int maxFrequency = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequency, 1);
        var actual = new int[maxFrequency + 1];
        var expected = new double[maxFrequency + 1];
        for (var i = 0; i < Summary.Count; i++)
        {
            actual[(int)Math.Min(Summary.Frequency[i], maxFrequency)]++;
            var below = 0.0;
            for (var n = 0; n < maxFrequency; n++)
            {
                var p = Purchases.ProbabilityOfPurchases(Summary.T[i], n);
                expected[n] += p;
                below += p;
            }

            expected[maxFrequency] += Math.Max(0, 1 - below);
        }

        return [.. Enumerable.Range(0, maxFrequency + 1).Select(n => new RepeatPurchaseCount(n, n == maxFrequency, actual[n], expected[n]))];
    }

    /// <summary>
    /// P(alive) over a grid of frequency 0…<paramref name="maxFrequency"/> (rows) × recency 0…T (columns, in
    /// <paramref name="recencySteps"/> steps) for a customer of age T = the longest age in the data, as lifetimes'
    /// probability-alive matrix. Cells with recency 0 and x &gt; 0 are included (purchases on the first day).
    /// </summary>
    public FrequencyRecencyGrid ProbabilityAliveGrid(int maxFrequency, int recencySteps) =>
        Grid(maxFrequency, recencySteps, (x, tx, t) => Purchases.ProbabilityAlive(x, tx, t));

    /// <summary>Expected purchases over the next <paramref name="horizon"/> units over the same grid as <see cref="ProbabilityAliveGrid"/>.</summary>
    public FrequencyRecencyGrid ExpectedPurchasesGrid(int maxFrequency, int recencySteps, double horizon) =>
        Grid(maxFrequency, recencySteps, (x, tx, t) => Purchases.ConditionalExpectedPurchases(horizon, x, tx, t));

    private FrequencyRecencyGrid Grid(int maxFrequency, int recencySteps, Func<double, double, double, double> value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(recencySteps, 2);
        var age = Summary.T.Max();
        var recency = Enumerable.Range(0, recencySteps).Select(j => age * j / (recencySteps - 1)).ToArray();
        var frequency = Enumerable.Range(0, maxFrequency + 1).Select(x => (double)x).ToArray();
        var values = new double[frequency.Length][];
        for (var x = 0; x < frequency.Length; x++)
        {
            values[x] = [.. recency.Select(tx => value(x, x == 0 ? 0 : tx, age))];
        }

        return new FrequencyRecencyGrid(frequency, recency, age, values);
    }
}

/// <summary>Customers of one calibration frequency and their mean holdout purchases, actual and expected.</summary>
public sealed record HoldoutGroup(int Frequency, bool AndAbove, int Customers, double MeanActual, double MeanExpected)
{
    /// <summary>"0", "1", … or "7+" for the last group.</summary>
    public string Label => AndAbove ? $"{Frequency}+" : Frequency.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How many customers made <see cref="Frequency"/> repeat purchases (or more), actually and by the model.</summary>
public sealed record RepeatPurchaseCount(int Frequency, bool AndAbove, int Actual, double Expected)
{
    /// <summary>"0", "1", … or "7+" for the last group.</summary>
    public string Label => AndAbove ? $"{Frequency}+" : Frequency.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A model quantity over frequency (rows) × recency (columns) for customers of age <see cref="Age"/>.</summary>
public sealed record FrequencyRecencyGrid(double[] Frequency, double[] Recency, double Age, double[][] Values);

/// <summary>Per-customer lifetime figures over a horizon, aligned with the rows of <see cref="Summary"/>.</summary>
public sealed record CustomerLifetimeTable(
    RfmSummary Summary,
    ClvOptions Options,
    double[] ProbabilityAlive,
    double[] ExpectedPurchases,
    double[] ExpectedSpend,
    double[] Clv)
{
    /// <summary>Expected purchases × expected spend per purchase (undiscounted), NaN without a spend model.</summary>
    public double ExpectedRevenue(int row) => ExpectedPurchases[row] * ExpectedSpend[row];
}
