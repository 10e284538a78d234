using System.Globalization;

namespace SegmentIQ.Analytics.Personas;

/// <summary>
/// The one source of the names people read for segments: "Segment 1" for label 0, "Noise" for label -1, and
/// "Segment 1 · Champions" once a persona is known. Zero-based labels stay inside the code; every screen, export,
/// API response and warning goes through here.
/// </summary>
public static class SegmentNames
{
    /// <summary>What label -1 (DBSCAN noise) is called.</summary>
    public const string Noise = "Noise";

    /// <summary>The separator between a segment's number and its persona.</summary>
    public const string Separator = " · ";

    /// <summary>The number a person reads for <paramref name="label"/> (1-based), or null for noise.</summary>
    public static int? Number(int label) => label < 0 ? null : label + 1;

    /// <summary>"Segment n" (n = label + 1), or "Noise" for a negative label.</summary>
    public static string Label(int label) =>
        label < 0 ? Noise : string.Create(CultureInfo.InvariantCulture, $"Segment {label + 1}");

    /// <summary>"Segment n · Persona", or just "Segment n" when the persona is unknown; noise stays "Noise".</summary>
    public static string Display(int label, string? persona) =>
        label < 0 || string.IsNullOrWhiteSpace(persona) || persona == Noise ? Label(label) : Label(label) + Separator + persona;

    /// <summary>"Segment n · Persona" using the persona of <paramref name="label"/> in <paramref name="personas"/>.</summary>
    public static string Display(int label, PersonaSet? personas) => Display(label, personas?.ForLabel(label)?.Name);

    /// <summary>
    /// The zero-based label of a segment a person named by its number ("1", "Segment 1", "segment 1 · Champions"),
    /// or null when the text names no segment.
    /// </summary>
    public static int? ParseLabel(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        var dot = t.IndexOf('·', StringComparison.Ordinal);
        if (dot >= 0)
        {
            t = t[..dot].Trim();
        }

        if (t.StartsWith("Segment", StringComparison.OrdinalIgnoreCase))
        {
            t = t["Segment".Length..].Trim();
        }

        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n - 1 : null;
    }
}
