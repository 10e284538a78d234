using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SegmentIQ.Web.Api;

/// <summary>A customer's raw feature values by feature name, e.g. <c>{ "Recency": 12, "Frequency": 3 }</c>.</summary>
/// <remarks>
/// Read by <see cref="FeatureValueDictionaryConverter"/> into two small arrays, the few feature names shared between
/// customers, instead of a dictionary and fresh name strings per customer, so a batch of 10,000 customers reads several
/// times faster. Keeps duplicate names (the endpoint reports them) and the order sent.
/// </remarks>
[JsonConverter(typeof(FeatureValueDictionaryConverter))]
public sealed class FeatureValueDictionary : IReadOnlyDictionary<string, double>
{
    private readonly string[] _names;
    private readonly double[] _values;

    /// <summary>Values from name/value pairs (tests and callers building requests in code).</summary>
    public FeatureValueDictionary(IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pairs = values.ToArray();
        _names = [.. pairs.Select(p => p.Key)];
        _values = [.. pairs.Select(p => p.Value)];
        Count = pairs.Length;
    }

    private FeatureValueDictionary(string[] names, double[] values, int count)
    {
        _names = names;
        _values = values;
        Count = count;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public IEnumerable<string> Keys => _names.Take(Count);

    /// <inheritdoc />
    public IEnumerable<double> Values => _values.Take(Count);

    /// <inheritdoc />
    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No feature '{key}'.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : 0;
        return index >= 0;
    }

    /// <summary>The value of <paramref name="name"/> ignoring case, and whether it was sent at all.</summary>
    public bool TryGetValueIgnoringCase(string name, out double value)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                value = _values[i];
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, double>(_names[i], _values[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static FeatureValueDictionary Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object of feature values.");
        }

        var names = new string[4];
        var values = new double[4];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = NameCache.Get(ref reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value))
            {
                throw new FeatureValueException(name);
            }

            if (count == names.Length)
            {
                Array.Resize(ref names, count * 2);
                Array.Resize(ref values, count * 2);
            }

            names[count] = name;
            values[count++] = value;
        }

        return new FeatureValueDictionary(names, values, count);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(_names[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The feature names seen lately, matched on their UTF-8 bytes so a repeated name costs no new string.</summary>
    private static class NameCache
    {
        private const int Size = 32;

        [ThreadStatic]
        private static (byte[] Utf8, string Name)[]? _entries;

        [ThreadStatic]
        private static int _next;

        public static string Get(ref Utf8JsonReader reader)
        {
            var entries = _entries ??= new (byte[], string)[Size];
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                foreach (var (utf8, name) in entries)
                {
                    if (utf8 is not null && reader.ValueTextEquals(utf8))
                    {
                        return name;
                    }
                }
            }

            var text = reader.GetString()!;
            entries[_next] = (Encoding.UTF8.GetBytes(text), text);
            _next = (_next + 1) % Size;
            return text;
        }
    }
}

/// <summary>A feature value that is not a number; names the feature so the 400 can point at it.</summary>
public sealed class FeatureValueException(string feature) : JsonException($"The value of feature '{feature}' is not a number.")
{
    /// <summary>The feature whose value is not a number.</summary>
    public string Feature { get; } = feature;
}

/// <summary>Reads and writes <see cref="FeatureValueDictionary"/> as a JSON object of numbers.</summary>
public sealed class FeatureValueDictionaryConverter : JsonConverter<FeatureValueDictionary>
{
    /// <inheritdoc />
    public override FeatureValueDictionary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => FeatureValueDictionary.Read(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FeatureValueDictionary value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (name, number) in value)
        {
            writer.WriteNumber(name, number);
        }

        writer.WriteEndObject();
    }
}
