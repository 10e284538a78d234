// Draws Plotly figures sent by ChartHost. We own this step instead of Plotly.Blazor's PlotlyChart because its interop
// drops a draw silently when the element is not in the DOM yet and queues draws forever when its lazily injected
// plotly.js has not loaded; either left a chart empty for good on a busy machine. Here plotly.js is a plain script tag
// loaded before Blazor starts, and a draw whose element is not attached yet is retried until it is (newest figure wins).
window.siqCharts = (() => {
    const pending = new Map();
    const recolouring = new Map();

    function restyle(element, c) {
        const traces = element.data;
        const spare = traces.length - 1;
        if (c.legend.length > spare) {
            return window.Plotly.react(element, colouredData(traces, c), element.layout);
        }
        const points = colourPoints(c);
        const indices = traces.map((_, i) => i);
        const legend = i => c.legend[i - 1];
        return window.Plotly.restyle(element, {
            'marker.color': indices.map(i => i === 0 ? points.color : (legend(i)?.color ?? '#000')),
            'marker.size': indices.map(i => i === 0 ? points.size : 8),
            'marker.opacity': indices.map(i => i === 0 ? points.opacity : 1),
            customdata: indices.map(i => i === 0 ? points.customdata : null),
            name: indices.map(i => i === 0 ? traces[0].name : (legend(i)?.name ?? '')),
            visible: indices.map(i => i === 0 || !!legend(i)),
        }, indices);
    }
    const retryMs = 50;
    const giveUpMs = 30_000;
    // A scatter-plot matrix is WebGL drawn in software here, up to a second of the browser's thread. Below the fold it
    // waits until it is scrolled into view or this long has passed, so a click away right after an upload (the Data
    // page redraws it for the new data) is not held up by a chart nobody has looked at yet.
    const offscreenWaitMs = 1500;

    function inView(element) {
        const box = element.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
    }

    // The segment scatter (SegmentScatter): trace 0 holds every point at its fixed principal-component coordinates;
    // a colouring gives each point its segment's colour, size, opacity and hover line, and the traces after it are
    // legend entries only (one per segment shown). A new segmentation restyles these, never re-sending coordinates.
    function colourPoints(c) {
        const n = c.labels.length;
        const color = new Array(n), size = new Array(n), customdata = new Array(n);
        const opacity = c.membership ? new Array(n) : 0.75;
        for (let i = 0; i < n; i++) {
            const label = c.labels[i];
            color[i] = label < 0 ? c.noiseColor : c.colors[label];
            size[i] = label < 0 ? 5 : 6;
            let text = label < 0 ? c.noiseName : c.names[label];
            if (c.kinds) text += '<br>' + c.kindNames[c.kinds[i]];
            if (c.membership) {
                opacity[i] = Math.min(1, Math.max(0.1, c.membership[i]));
                text += '<br>Membership probability: ' + Math.round(c.membership[i] * 100) + '%';
            }
            customdata[i] = text;
        }
        return { color, size, opacity, customdata };
    }

    function legendTrace(type, entry) {
        return { type, mode: 'markers', x: [null], y: [null], name: entry.name, marker: { color: entry.color, size: 8 }, hoverinfo: 'skip', showlegend: true, visible: true };
    }

    // Legend traces drawn up front, hidden until used: a k move from 4 to 12 (plus noise) then restyles instead of
    // rebuilding the figure, which took Plotly 100–160 ms instead of 25–80 ms in software WebGL.
    const reservedLegendTraces = 16;

    function colouredData(data, c) {
        const points = colourPoints(c);
        const base = Object.assign({}, data[0], { customdata: points.customdata });
        base.marker = Object.assign({}, data[0].marker, { color: points.color, size: points.size, opacity: points.opacity });
        const legend = c.legend.map(entry => legendTrace(base.type, entry));
        while (legend.length < reservedLegendTraces) {
            legend.push(Object.assign(legendTrace(base.type, { name: '', color: '#000' }), { visible: false }));
        }
        return [base, ...legend];
    }

    // While a segment scatter is being recoloured (a slider moving), redraws of the page's other charts (sizes, the
    // elbow's current k) wait until no recolour has come for quietMs, newest figure wins: they would otherwise hold the
    // browser's one thread for 15–60 ms each between a move's result table and its scatter, or before the next move's.
    // A chart's first draw never waits.
    const quietMs = 250;
    let quietUntil = 0;
    const deferred = new Map();
    let deferredTimer = null;

    function flushDeferred() {
        deferredTimer = null;
        const wait = quietUntil - Date.now();
        if (wait > 0) {
            deferredTimer = setTimeout(flushDeferred, wait);
            return;
        }
        const figures = [...deferred.entries()];
        deferred.clear();
        for (const [id, figure] of figures) {
            window.siqCharts.draw(id, figure.data, figure.layout, figure.config, figure.marker, figure.colouring, true);
        }
    }

    // Draws go through one queue, one chart per task: a page of charts (the Data page draws six after an upload) no
    // longer holds the browser's thread for all of them at once, so a click or the next page's render batch gets in
    // between, and the charts of a page left meanwhile are dropped (purge) instead of drawn.
    const order = [];
    let drainScheduled = false;

    function enqueue(id) {
        order.push(id);
        if (!drainScheduled) {
            drainScheduled = true;
            setTimeout(drain, 0);
        }
    }

    function drain() {
        drainScheduled = false;
        while (order.length > 0) {
            const id = order.shift();
            const figure = pending.get(id);
            if (!figure) continue;
            if (tryDraw(id)) break;
            if (Date.now() - figure.since > giveUpMs) {
                pending.delete(id);
                console.error(`Chart ${id} was never attached to the page; not drawn.`);
                continue;
            }
            // Not attached yet (or plotly.js not loaded yet): try again shortly, newest figure wins.
            setTimeout(() => { if (pending.has(id) && !order.includes(id)) enqueue(id); }, retryMs);
        }
        if (order.length > 0 && !drainScheduled) {
            drainScheduled = true;
            setTimeout(drain, 0);
        }
    }

    function tryDraw(id) {
        const figure = pending.get(id);
        if (!figure) return true;
        const element = document.getElementById(id);
        if (!window.Plotly || !element) return false;
        if (figure.data?.[0]?.type === 'splom' && Date.now() - figure.since < offscreenWaitMs && !inView(element)) return false;
        pending.delete(id);
        const data = figure.colouring ? colouredData(figure.data, figure.colouring) : figure.data;
        window.Plotly.react(element, data, figure.layout, figure.config)
            .then(() => markDrawn(element, figure.marker))
            .catch(error => console.error(`Chart ${id} could not be drawn: ${error}`));
        return true;
    }

    // What the drawn figure shows (e.g. the settings of a segmentation), once it is on screen: tests and the ui
    // benchmark wait on this attribute instead of sleeping.
    function markDrawn(element, marker) {
        if (marker) element.setAttribute('data-drawn', marker);
    }

    return {
        draw(id, data, layout, config, marker, colouring, now) {
            const drawn = document.getElementById(id)?.data;
            if (!now && drawn && !colouring && Date.now() < quietUntil) {
                deferred.set(id, { data, layout, config, marker, colouring });
                deferredTimer ??= setTimeout(flushDeferred, quietUntil - Date.now());
                return;
            }
            deferred.delete(id);
            const queued = pending.has(id);
            pending.set(id, { data, layout, config, marker, colouring, since: Date.now() });
            if (!queued) enqueue(id);
        },
        // Recolours the segment scatter in place: one Plotly.restyle of the points' colours (coordinates untouched) and
        // of the legend entries, which reuse their traces and hide the spare ones. Only when a segmentation needs more
        // legend entries than there are traces is the figure rebuilt, from the points already in the browser. While a
        // recolour is drawing, a newer one waits and only the newest is applied (a fast drag does not queue redraws).
        recolor(id, colouring, marker) {
            quietUntil = Date.now() + quietMs;
            const queued = pending.get(id);
            if (queued) {
                queued.colouring = colouring;
                queued.marker = marker;
                return;
            }
            const element = document.getElementById(id);
            if (!element || !window.Plotly || !element.data) return;
            const state = recolouring.get(id);
            if (state) {
                state.next = { colouring, marker };
                return;
            }
            const run = (c, m) => {
                recolouring.set(id, {});
                restyle(element, c)
                    .then(() => markDrawn(element, m))
                    .catch(error => console.error(`Chart ${id} could not be recoloured: ${error}`))
                    .finally(() => {
                        const next = recolouring.get(id)?.next;
                        recolouring.delete(id);
                        if (next) run(next.colouring, next.marker);
                    });
            };
            run(colouring, marker);
        },
        // True when no draw is waiting (queued, not yet attached, or deferred): the page's charts are on screen.
        idle() {
            return pending.size === 0 && order.length === 0 && deferred.size === 0;
        },
        purge(id) {
            pending.delete(id);
            deferred.delete(id);
            const element = document.getElementById(id);
            if (element && window.Plotly) window.Plotly.purge(element);
        },
    };
})();
