using System.Globalization;

namespace SegmentIQ.Web.Components.Pages.Segments;

/// <summary>
/// The settings a shown segmentation was computed for, as a short DOM attribute (<c>alg=KMeans;k=5;eps=0.5;ms=5;</c>):
/// the profile table and the drawn scatter carry it, so browser tests and the <c>ui</c> benchmark can wait for the
/// result of a given slider value instead of sleeping.
/// </summary>
public static class ResultMarker
{
    /// <summary>The marker of <paramref name="result"/>'s settings, or an empty string when there is none.</summary>
    public static string For(SegmentationResult? result) => result is null ? "" : For(result.Settings);

    /// <summary>The marker of <paramref name="settings"/>.</summary>
    public static string For(SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Create(CultureInfo.InvariantCulture, $"alg={settings.Algorithm};k={settings.NumberOfClusters};eps={settings.Eps};ms={settings.MinSamples};");
    }
}
