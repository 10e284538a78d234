// The tab's workspace id: kept in sessionStorage, so it survives a reload (F5) and a reconnect of this tab, while a
// new tab starts its own work. The name of the tab's own (non-sample) dataset is remembered beside it, so the app can
// say which data is gone when the server no longer holds it.
window.siqWorkspace = {
    get() {
        let id = sessionStorage.getItem("siq.workspace");
        if (!id) {
            id = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
            sessionStorage.setItem("siq.workspace", id);
        }
        return { id, dataset: sessionStorage.getItem("siq.workspace.dataset") };
    },
    remember(dataset) {
        if (dataset) sessionStorage.setItem("siq.workspace.dataset", dataset);
        else sessionStorage.removeItem("siq.workspace.dataset");
    },
};
