using Microsoft.AspNetCore.Components.Server.Circuits;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.State;

/// <summary>
/// Tells the circuit's <see cref="AnalysisSession"/> when its connection goes down and comes back, so a tab that left
/// without a clean close (its circuit kept for a reconnect first) does not hold its data for that time twice; and tells
/// the <see cref="IdleMemoryTrimmer"/> which circuits are open, so memory goes back to the system once all have closed.
/// </summary>
public sealed class SessionCircuitHandler(AnalysisSession session, IdleMemoryTrimmer? trimmer = null) : CircuitHandler
{
    /// <inheritdoc />
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        trimmer?.CircuitOpened();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        trimmer?.CircuitClosed();
        return Task.CompletedTask;
    }

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
