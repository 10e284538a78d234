using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>The data file a saved analysis was made from: its name and SHA-256.</summary>
public sealed record DataReference
{
    /// <summary>The file's name as the user uploaded it.</summary>
    public string FileName { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; init; } = "";
}

/// <summary>
/// A saved analysis: everything needed to reproduce it exactly (the data's identity, how it was read, cleaned and
/// featurised, the algorithm, its parameters and seed, the basket settings) as a small JSON document. Reopening it on
/// the same file gives identical labels, metrics, personas and report figures; on a new file it re-runs the same
/// analysis on new data.
/// </summary>
public sealed record AnalysisDefinition
{
    /// <summary>The format this version writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Largest saved analysis accepted, in bytes (they are a few kilobytes).</summary>
    public const int MaxJsonBytes = 1 << 20;

    /// <summary>Format version of the document; see <see cref="CurrentFormatVersion"/>.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>A name the user gave it.</summary>
    public string Name { get; init; } = "";

    /// <summary>When it was saved (UTC).</summary>
    public DateTimeOffset SavedAt { get; init; }

    /// <summary>The data it was made from.</summary>
    public DataReference Data { get; init; } = new();

    /// <summary>
    /// The source it reads instead of a file (DuckDB files under the sources folder, a configured connection's table),
    /// or null for a file. Reopening or a scheduled run aggregates the source again, so it sees the current data;
    /// <see cref="Data"/> then holds the source's name and the identity of what it returned when saved.
    /// </summary>
    public SourceReference? Source { get; init; }

    /// <summary>How the file was read (shape, column mapping, delimiter, decimal separator, date layout).</summary>
    public DataFileReadOptions Read { get; init; } = DataFileReadOptions.Default;

    /// <summary>How purchase lines were cleaned.</summary>
    public CleaningOptions Cleaning { get; init; } = CleaningOptions.Default;

    /// <summary>The clustering features and which get log1p.</summary>
    public FeatureSpaceOptions Features { get; init; } = FeatureSpaceOptions.Default;

    /// <summary>The algorithm, its parameters and seed.</summary>
    public SegmentationSettings Segmentation { get; init; } = new();

    /// <summary>Market-basket settings (the report's rules), or null for the defaults.</summary>
    public BasketSettings? Baskets { get; init; }

    /// <summary>
    /// The user's corrections of the business roles of a customer table's columns (header → role), from which personas
    /// are named; null when none were made (every column keeps the role guessed from its header).
    /// </summary>
    public IReadOnlyDictionary<string, Personas.BusinessRole>? ColumnRoles { get; init; }

    /// <summary>The corrections of <see cref="ColumnRoles"/> as the persona namer takes them.</summary>
    [JsonIgnore]
    public Personas.BusinessRoleMap RoleMap => ColumnRoles is { Count: > 0 } roles ? new Personas.BusinessRoleMap(roles) : Personas.BusinessRoleMap.None;

    /// <summary>
    /// The report's A/B planning inputs and products per customer, or null (files saved before they were kept) for
    /// <see cref="ReportSettings.Defaults"/>.
    /// </summary>
    public ReportSettings? Report { get; init; }

    /// <summary>Free notes of the analyst.</summary>
    public string? Notes { get; init; }

    /// <summary>The JSON options of the format: camelCase, enums as names, unknown fields refused.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>The JSON document of this analysis (indented, UTF-8).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>
    /// Reads a saved analysis. Throws <see cref="AnalysisDefinitionException"/> naming the problem (not JSON, a newer
    /// format, an unknown field, a parameter out of range) and, where it knows, the field.
    /// </summary>
    public static AnalysisDefinition FromJson(ReadOnlySpan<byte> json, string sourceName) => FromJson(json, sourceName, null);

    /// <summary>
    /// <see cref="FromJson(ReadOnlySpan{byte}, string)"/> for a document from outside the library: with a
    /// <paramref name="catalog"/>, a source it names must also be one this installation has (a configured connection,
    /// a path inside the sources folder).
    /// </summary>
    public static AnalysisDefinition FromJson(ReadOnlySpan<byte> json, string sourceName, SourceCatalog? catalog)
    {
        if (json.Length > MaxJsonBytes)
        {
            throw new AnalysisDefinitionException(sourceName, null, string.Create(CultureInfo.InvariantCulture, $"is {json.Length:N0} bytes; a saved analysis is at most {MaxJsonBytes:N0} bytes."));
        }

        var version = PeekVersion(json, sourceName);
        if (version != CurrentFormatVersion)
        {
            throw new AnalysisDefinitionException(sourceName, "formatVersion", version > CurrentFormatVersion
                ? string.Create(CultureInfo.InvariantCulture, $"was saved by a newer SegmentIQ (format {version}); this version reads format {CurrentFormatVersion}.")
                : string.Create(CultureInfo.InvariantCulture, $"has format {version}; this version reads format {CurrentFormatVersion}."));
        }

        AnalysisDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<AnalysisDefinition>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? null : ex.Path.TrimStart('$', '.');
            var reason = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "has a field this version does not know" + UnknownMember(ex.Message)
                : "has a value of the wrong type or shape";
            throw new AnalysisDefinitionException(sourceName, field, reason + (ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}).") : "."));
        }

        if (definition is null)
        {
            throw new AnalysisDefinitionException(sourceName, null, "is empty (null).");
        }

        definition.Validate(sourceName);
        if (catalog is not null && definition.Source is { } source)
        {
            try
            {
                catalog.Check(source);
            }
            catch (SourceException ex)
            {
                throw new AnalysisDefinitionException(sourceName, source.Kind == SourceReferenceKind.Postgres ? "source.connection" : "source.path", $"cannot be used here: {ex.Message}");
            }
        }

        return definition;
    }

    /// <summary>Throws <see cref="AnalysisDefinitionException"/> naming the first field outside its allowed range.</summary>
    public void Validate(string sourceName)
    {
        if (Data.Sha256.Length != 64 || !Data.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new AnalysisDefinitionException(sourceName, "data.sha256", "must be the 64 lower-case hex digits of the data file's SHA-256.");
        }

        if (Features.Features.Count == 0)
        {
            throw new AnalysisDefinitionException(sourceName, "features.features", "must name at least one feature.");
        }

        var notChosen = Features.Log1p.FirstOrDefault(l => !Features.Features.Contains(l));
        if (notChosen is not null)
        {
            throw new AnalysisDefinitionException(sourceName, "features.log1p", $"names '{notChosen}', which is not one of the chosen features.");
        }

        if (Source is { } source)
        {
            Check(sourceName, "source", source.Validate);
        }

        Check(sourceName, "read", Read.Validate);
        Check(sourceName, "cleaning", Cleaning.Validate);
        Check(sourceName, "segmentation", Segmentation.Validate);
        if (Baskets is { } baskets)
        {
            Check(sourceName, "baskets", baskets.Validate);
        }

        if (Report is { } report)
        {
            Check(sourceName, "report", report.Validate);
        }
    }

    private static void Check(string sourceName, string section, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            var field = ex.ParamName is { Length: > 0 } name ? $"{section}.{JsonNamingPolicy.CamelCase.ConvertName(name)}" : section;
            var message = ex is ArgumentOutOfRangeException range ? FirstLine(range.Message) : WithoutParameter(ex);
            throw new AnalysisDefinitionException(sourceName, field, section == "source" ? $"is not allowed: {message}" : $"is out of range: {message}");
        }
    }

    /// <summary>The message without the " (Parameter 'x')" the runtime appends (the field is named already).</summary>
    private static string WithoutParameter(ArgumentException ex)
    {
        var suffix = ex.ParamName is null ? null : $" (Parameter '{ex.ParamName}')";
        return suffix is not null && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    private static string UnknownMember(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return start >= 0 && end > start ? $" ('{message[(start + 1)..end]}')" : "";
    }

    private static int PeekVersion(ReadOnlySpan<byte> json, string sourceName)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AnalysisDefinitionException(sourceName, null, "is not a SegmentIQ analysis: it is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("formatVersion"))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)
                        ? v
                        : throw new AnalysisDefinitionException(sourceName, "formatVersion", "must be a whole number.");
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            throw new AnalysisDefinitionException(sourceName, "formatVersion", "is missing: this is not a SegmentIQ analysis file.");
        }
        catch (JsonException ex)
        {
            throw new AnalysisDefinitionException(sourceName, null, string.Create(CultureInfo.InvariantCulture, $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})."));
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>A saved analysis could not be read; the message names the file, the field and the problem.</summary>
public sealed class AnalysisDefinitionException(string sourceName, string? field, string problem)
    : Exception(field is null ? $"{sourceName} {problem}" : $"{sourceName}: '{field}' {problem}")
{
    /// <summary>The JSON field at fault (camelCase path), or null when the problem is the whole file.</summary>
    public string? Field { get; } = field;
}
