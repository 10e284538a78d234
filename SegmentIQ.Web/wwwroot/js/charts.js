// Draws Plotly figures sent by ChartHost. We own this step instead of Plotly.Blazor's PlotlyChart because its interop
// drops a draw silently when the element is not in the DOM yet and queues draws forever when its lazily injected
// plotly.js has not loaded; either left a chart empty for good on a busy machine. Here plotly.js is a plain script tag
// loaded before Blazor starts, and a draw whose element is not attached yet is retried until it is (newest figure wins).
window.siqCharts = (() => {
    const pending = new Map();
    const retryMs = 50;
    const giveUpMs = 30_000;

    function tryDraw(id) {
        const figure = pending.get(id);
        if (!figure) return true;
        const element = document.getElementById(id);
        if (!window.Plotly || !element) return false;
        pending.delete(id);
        window.Plotly.react(element, figure.data, figure.layout, figure.config)
            .catch(error => console.error(`Chart ${id} could not be drawn: ${error}`));
        return true;
    }

    return {
        draw(id, data, layout, config) {
            const queued = pending.has(id);
            pending.set(id, { data, layout, config, since: Date.now() });
            if (queued || tryDraw(id)) return;
            const retry = () => {
                const figure = pending.get(id);
                if (!figure || tryDraw(id)) return;
                if (Date.now() - figure.since > giveUpMs) {
                    pending.delete(id);
                    console.error(`Chart ${id} was never attached to the page; not drawn.`);
                    return;
                }
                setTimeout(retry, retryMs);
            };
            setTimeout(retry, retryMs);
        },
        purge(id) {
            pending.delete(id);
            const element = document.getElementById(id);
            if (element && window.Plotly) window.Plotly.purge(element);
        },
    };
})();
