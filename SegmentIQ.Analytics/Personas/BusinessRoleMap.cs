using System.Collections.Frozen;

namespace SegmentIQ.Analytics.Personas;

/// <summary>
/// The user's corrections of the roles <see cref="BusinessRoles.Infer(Features.CustomerFeatureTable)"/> gives a customer
/// table's columns: an immutable input to persona naming. Columns not listed keep their inferred role. Two maps with
/// the same corrections are equal and share a <see cref="Key"/>, so cached personas are keyed by what was corrected.
/// </summary>
public sealed class BusinessRoleMap : IEquatable<BusinessRoleMap>
{
    private readonly FrozenDictionary<string, BusinessRole> _corrections;

    /// <summary>Corrects the columns named in <paramref name="corrections"/> (header → role; headers compared ignoring case).</summary>
    public BusinessRoleMap(IEnumerable<KeyValuePair<string, BusinessRole>> corrections)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        var map = new Dictionary<string, BusinessRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var (column, role) in corrections)
        {
            if (string.IsNullOrWhiteSpace(column))
            {
                throw new ArgumentException("A column role correction names no column.", nameof(corrections));
            }

            if (!Enum.IsDefined(role))
            {
                throw new ArgumentOutOfRangeException(nameof(corrections), $"Column \"{column}\": {(int)role} is not a business role.");
            }

            map[column] = role;
        }

        _corrections = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Key = string.Join(';', map.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => $"{kv.Key.ToUpperInvariant()}={kv.Value}"));
    }

    /// <summary>No corrections: every column keeps its inferred role.</summary>
    public static BusinessRoleMap None { get; } = new([]);

    /// <summary>The corrected columns and their roles.</summary>
    public IReadOnlyDictionary<string, BusinessRole> Corrections => _corrections;

    /// <summary>A stable text of the corrections, empty when there are none (for cache keys).</summary>
    public string Key { get; }

    /// <summary>The role of every column of <paramref name="table"/>: the correction where there is one, else the inferred role.</summary>
    public IReadOnlyDictionary<string, BusinessRole> ResolveFor(Features.CustomerFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var roles = new Dictionary<string, BusinessRole>(BusinessRoles.Infer(table), StringComparer.OrdinalIgnoreCase);
        foreach (var (column, role) in _corrections)
        {
            if (roles.ContainsKey(column))
            {
                roles[column] = role;
            }
        }

        return roles;
    }

    /// <inheritdoc />
    public bool Equals(BusinessRoleMap? other) => other is not null && Key == other.Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BusinessRoleMap);

    /// <inheritdoc />
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
}
