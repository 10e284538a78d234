// Streams a chosen or dropped file to the page's own upload endpoint (/uploads/{ticket}, SessionUploadEndpoint) over
// plain HTTP instead of the Blazor circuit, which carried a 48 MB file in about 11 s. The change event is caught on the
// upload panel in the capture phase, so Blazor's InputFile never reads the file; InputFile stays as the fallback while
// this script is not attached. Progress (MB and %) is drawn here from XHR upload events: it only moves forward.
window.siqUpload = (() => {
    const active = new WeakMap();
    const mb = bytes => (bytes / (1024 * 1024)).toFixed(1);

    function show(root, loaded, total) {
        const fraction = total > 0 ? Math.min(1, loaded / total) : 0;
        const bar = root.querySelector('[data-upload-bar]');
        const text = root.querySelector('[data-upload-text]');
        if (bar) bar.style.width = (fraction * 100).toFixed(1) + '%';
        if (text) text.textContent = `${mb(loaded)} of ${mb(total)} MB (${Math.floor(fraction * 100)} %)`;
        root.setAttribute('data-upload-percent', String(Math.floor(fraction * 100)));
    }

    function problemDetail(xhr) {
        try {
            return JSON.parse(xhr.responseText)?.detail ?? null;
        } catch {
            return null;
        }
    }

    function start(root, dotnet, url, header, token, maxBytes, file) {
        if (file.size > maxBytes) {
            dotnet.invokeMethodAsync('OnTransferRejected', file.name, file.size);
            return;
        }
        const xhr = new XMLHttpRequest();
        let shown = 0;
        active.set(root, xhr);
        dotnet.invokeMethodAsync('OnTransferStarted', file.name, file.size).then(() => show(root, shown, file.size));
        xhr.upload.onprogress = e => {
            shown = Math.max(shown, e.loaded);
            show(root, shown, file.size);
        };
        xhr.onload = () => {
            active.delete(root);
            if (xhr.status === 200) {
                show(root, file.size, file.size);
                const receipt = JSON.parse(xhr.responseText).receipt;
                dotnet.invokeMethodAsync('OnTransferCompleted', file.name, receipt);
            } else {
                dotnet.invokeMethodAsync('OnTransferFailed', file.name, xhr.status, problemDetail(xhr));
            }
        };
        xhr.onerror = () => {
            active.delete(root);
            dotnet.invokeMethodAsync('OnTransferFailed', file.name, 0, null);
        };
        xhr.onabort = () => {
            active.delete(root);
            dotnet.invokeMethodAsync('OnTransferCancelled', file.name);
        };
        xhr.open('POST', url);
        xhr.setRequestHeader(header, token);
        xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.send(file);
    }

    return {
        attach(root, dotnet, url, header, token, maxBytes) {
            if (!root) return false;
            root.addEventListener('change', e => {
                const input = e.target;
                if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.files || input.files.length === 0) return;
                e.stopPropagation();
                const file = input.files[0];
                // Choosing the same file again must fire change again.
                input.value = '';
                // One file at a time: a second one while the first is still on its way is refused aloud, not dropped silently.
                if (active.has(root) || root.getAttribute('data-upload-busy') === 'true') {
                    dotnet.invokeMethodAsync('OnTransferRefusedBusy', file.name);
                    return;
                }
                start(root, dotnet, url, header, token, maxBytes, file);
            }, true);
            root.setAttribute('data-upload-ready', 'true');
            return true;
        },
        cancel(root) {
            active.get(root)?.abort();
        },
    };
})();
