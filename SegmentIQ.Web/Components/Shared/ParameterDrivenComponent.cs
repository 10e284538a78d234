using Microsoft.AspNetCore.Components;

namespace SegmentIQ.Web.Components.Shared;

/// <summary>
/// Base of components whose output depends only on their parameters: a parent's render that passes the same values
/// (the same instances, or equal values) does not render them again. Blazor re-renders every child with a parameter of
/// a non-primitive type on each parent render; on the Segments page that re-diffed the tables, metrics and charts on
/// every step of every slider move, several times per move. A component's own events still re-render it as usual.
/// </summary>
/// <remarks>Only for components that read no state other than their parameters (no injected session).</remarks>
public abstract class ParameterDrivenComponent : ComponentBase
{
    private KeyValuePair<string, object?>[]? _rendered;

    /// <inheritdoc />
    public override Task SetParametersAsync(ParameterView parameters)
    {
        var current = new List<KeyValuePair<string, object?>>();
        foreach (var parameter in parameters)
        {
            current.Add(new KeyValuePair<string, object?>(parameter.Name, parameter.Value));
        }

        if (_rendered is { } previous && Same(previous, current))
        {
            return Task.CompletedTask;
        }

        _rendered = [.. current];
        return base.SetParametersAsync(parameters);
    }

    private static bool Same(KeyValuePair<string, object?>[] previous, List<KeyValuePair<string, object?>> current)
    {
        if (previous.Length != current.Count)
        {
            return false;
        }

        for (var i = 0; i < previous.Length; i++)
        {
            // Equals: the same instance, or equal values (records, strings, numbers, and event callbacks to the same
            // method and target). A new lambda or render fragment is never equal, so such components always render.
            if (!string.Equals(previous[i].Key, current[i].Key, StringComparison.Ordinal) || !Equals(previous[i].Value, current[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}
