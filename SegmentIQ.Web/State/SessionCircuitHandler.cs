using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SegmentIQ.Web.State;

/// <summary>
/// Tells the circuit's <see cref="AnalysisSession"/> when its connection goes down and comes back, so a tab that left
/// without a clean close (its circuit kept for a reconnect first) does not hold its data for that time twice.
/// </summary>
public sealed class SessionCircuitHandler(AnalysisSession session) : CircuitHandler
{
    /// <inheritdoc />
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.ConnectionLost();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.ConnectionRestored();
        return Task.CompletedTask;
    }
}
