using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentIQ.Web.Api;

/// <summary>
/// The display names of a model's segments ("Segment 1 · Champions", …), shared by all its predictions, with their JSON
/// encodings computed once: a batch of 10,000 predictions writes 40,000 segment-name keys.
/// </summary>
public sealed class SegmentNameSet(IReadOnlyList<string> names)
{
    private (JavaScriptEncoder? Encoder, JsonEncodedText[] Encoded)? _encoded;

    /// <summary>The names, in segment order.</summary>
    public IReadOnlyList<string> Names { get; } = [.. names];

    /// <summary>The names encoded for <paramref name="encoder"/> (null: the default encoder).</summary>
    public JsonEncodedText[] Encoded(JavaScriptEncoder? encoder)
    {
        var cached = _encoded;
        if (cached is { } hit && ReferenceEquals(hit.Encoder, encoder))
        {
            return hit.Encoded;
        }

        var encoded = Names.Select(n => JsonEncodedText.Encode(n, encoder)).ToArray();
        _encoded = (encoder, encoded);
        return encoded;
    }
}

/// <summary>Every segment's probability for one customer, by segment name ("Segment 1 · Champions": 0.93); they sum to 1.</summary>
/// <remarks>
/// A read-only dictionary over the model's shared <see cref="SegmentNameSet"/> and one array of values, written by
/// <see cref="SegmentProbabilityDictionaryConverter"/> with names encoded once per model.
/// </remarks>
[JsonConverter(typeof(SegmentProbabilityDictionaryConverter))]
public sealed class SegmentProbabilityDictionary(SegmentNameSet names, IReadOnlyList<double> values) : IReadOnlyDictionary<string, double>
{
    /// <summary>The segment names.</summary>
    public SegmentNameSet Names { get; } = names ?? throw new ArgumentNullException(nameof(names));

    /// <summary>Probability per segment, in segment order.</summary>
    public IReadOnlyList<double> Probabilities { get; } = values ?? throw new ArgumentNullException(nameof(values));

    /// <inheritdoc />
    public int Count => Names.Names.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => Names.Names;

    /// <inheritdoc />
    public IEnumerable<double> Values => Probabilities;

    /// <inheritdoc />
    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No segment '{key}'.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? Probabilities[index] : 0;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, double>(Names.Names[i], Probabilities[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(Names.Names[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Writes <see cref="SegmentProbabilityDictionary"/> as <c>{ "Segment 1 · Champions": 0.93, … }</c> with pre-encoded names, rounded to 6 decimals.</summary>
public sealed class SegmentProbabilityDictionaryConverter : JsonConverter<SegmentProbabilityDictionary>
{
    /// <inheritdoc />
    public override SegmentProbabilityDictionary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Segment probabilities are only written.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SegmentProbabilityDictionary value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var names = value.Names.Encoded(options.Encoder);
        writer.WriteStartObject();
        for (var i = 0; i < names.Length; i++)
        {
            // Six decimals are all a probability needs, and shorter numbers write (and parse) faster.
            writer.WriteNumber(names[i], Math.Round(value.Probabilities[i], 6));
        }

        writer.WriteEndObject();
    }
}
