namespace SegmentIQ.Analytics.Lifetime;

/// <summary>Options of <see cref="RfmSummary.Build"/>: where calibration ends, where observation ends, the unit.</summary>
public sealed record RfmSummaryOptions
{
    /// <summary>The default: calibrate on the whole period, in weeks.</summary>
    public static RfmSummaryOptions Default { get; } = new();

    /// <summary>
    /// Last day (inclusive) of the calibration period; purchases after it are the holdout. Null: the last purchase
    /// date in the data (no holdout).
    /// </summary>
    public DateTime? CalibrationEnd { get; init; }

    /// <summary>Last day (inclusive) of the observation period (end of the holdout). Null: the last purchase date.</summary>
    public DateTime? ObservationEnd { get; init; }

    /// <summary>Unit of recency, age and the fitted parameters.</summary>
    public TimeUnit Unit { get; init; } = TimeUnit.Weeks;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Unit))
        {
            throw new ArgumentOutOfRangeException(nameof(Unit), Unit, "Unit must be Days or Weeks.");
        }

        if (CalibrationEnd is { } calibration && ObservationEnd is { } observation && observation.Date < calibration.Date)
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationEnd), observation, $"ObservationEnd must not be before CalibrationEnd ({calibration:yyyy-MM-dd}).");
        }
    }
}
