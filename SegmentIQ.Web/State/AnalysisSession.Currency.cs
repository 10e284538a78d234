using System.Runtime.CompilerServices;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.State;

/// <summary>
/// The currency of the money figures: detected from the data's countries (<see cref="CurrencyDetector"/>) unless the
/// user set one, or chose none. Shown in column headers and key figures, and written into the exports.
/// </summary>
public sealed partial class AnalysisSession
{
    private static readonly ConditionalWeakTable<LoadedDataset, DetectedCurrency> Detected = [];

    /// <summary>
    /// The user's choice: null to detect, "" for no currency, else an ISO code. Kept with the tab's workspace.
    /// </summary>
    public string? CurrencyChoice { get; private set; }

    /// <summary>The currency in use, or null when none is known or the user chose none.</summary>
    public Currency? Currency => CurrencyChoice switch
    {
        null => DetectedFor(Dataset)?.Currency,
        "" => null,
        var code => Analytics.Reporting.Currency.FromCode(code),
    };

    /// <summary>Why the detected currency was chosen, or why none was (null before a dataset is loaded).</summary>
    public string? CurrencyDetectionReason => DetectedFor(Dataset)?.Reason;

    /// <summary>Sets the currency: null to detect it again, "" for none, or an ISO 4217 code.</summary>
    public void SetCurrency(string? choice)
    {
        if (choice is { Length: > 0 } code && Analytics.Reporting.Currency.FromCode(code) is null)
        {
            throw new ArgumentException($"\"{code}\" is not an ISO 4217 currency code.", nameof(choice));
        }

        CurrencyChoice = choice?.Trim().ToUpperInvariant();
        SaveWorkspace();
        Notify();
    }

    private static DetectedCurrency? DetectedFor(LoadedDataset? dataset)
    {
        if (dataset is null)
        {
            return null;
        }

        return Detected.GetValue(dataset, d =>
        {
            if (d.Purchases is not { } lines)
            {
                return new DetectedCurrency(null, d.IsAggregatedAtSource
                    ? "The lines were aggregated where they live, so their countries did not come back and the currency is not known; set it if you want it shown."
                    : "A customer table has no country column, so the currency is not known; set it if you want it shown.");
            }

            var currency = CurrencyDetector.Detect(lines, out var reason);
            return new DetectedCurrency(currency, reason);
        });
    }

    private sealed record DetectedCurrency(Currency? Currency, string Reason);
}
