// The exchange finder without page reloads: a changed filter fetches the results
// (the "finder" template partial) and puts them in place; the address keeps every
// filter, so it can still be shared. Without this script the form simply submits.
"use strict";

(() => {
    const region = document.getElementById("finder");
    const status = document.getElementById("finder-status");
    if (!region || !window.fetch) return;
    let controller;

    async function load(url, focusId) {
        controller?.abort();
        controller = new AbortController();
        region.setAttribute("aria-busy", "true");
        try {
            const response = await fetch(url, {
                headers: { "X-Partial": "finder" },
                signal: controller.signal,
            });
            if (!response.ok) throw new Error(response.statusText);
            region.innerHTML = await response.text();
            history.replaceState(null, "", url);
            const count = region.querySelector("#results-title");
            if (status && count) status.textContent = count.textContent.trim();
            document.getElementById(focusId)?.focus();
        } catch (error) {
            if (error.name !== "AbortError") window.location.assign(url);
        } finally {
            region.removeAttribute("aria-busy");
        }
    }

    function urlOf(form) {
        const params = new URLSearchParams();
        for (const [name, value] of new FormData(form)) {
            if (value !== "") params.append(name, value);
        }
        const query = params.toString();
        return form.action + (query ? `?${query}` : "");
    }

    region.addEventListener("change", (event) => {
        const form = event.target.form;
        if (form?.id !== "filters" || event.target.type === "search") return;
        load(urlOf(form), event.target.id);
    });

    region.addEventListener("submit", (event) => {
        if (event.target.id !== "filters") return;
        event.preventDefault();
        load(urlOf(event.target), "results-title");
    });

    region.addEventListener("click", (event) => {
        const link = event.target.closest(".pagination a, .chips a, .empty-state a");
        if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        load(link.href, "results-title");
    });
})();
