// A shortlist of exchange options kept in this browser (localStorage): no account,
// nothing sent to the server. Buttons marked data-shortlist="slug" add or remove
// an option; the shortlist page lists what is kept.
"use strict";

(() => {
    const KEY = "lumcglobal.shortlist";
    const read = () => {
        try {
            return JSON.parse(localStorage.getItem(KEY)) || [];
        } catch {
            return [];
        }
    };
    const write = (slugs) => localStorage.setItem(KEY, JSON.stringify(slugs));
    const shortlistUrl = (slugs) =>
        "/exchange/shortlist/" + (slugs.length ? "?" + slugs.map((s) => `option=${encodeURIComponent(s)}`).join("&") : "");

    // Change only what differs, so that the observer below sees no change of ours.
    function set(element, name, value) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }

    function render(button, kept) {
        const on = kept.includes(button.dataset.shortlist);
        const label = on ? button.dataset.removeLabel : button.dataset.addLabel;
        if (button.hidden) button.hidden = false;
        set(button, "aria-pressed", String(on));
        if (button.textContent !== label) button.textContent = label;
    }

    function renderAll() {
        const kept = read();
        document.querySelectorAll("[data-shortlist]").forEach((button) => render(button, kept));
        document.querySelectorAll("[data-shortlist-link]").forEach((link) => {
            set(link, "href", shortlistUrl(kept));
        });
    }

    document.addEventListener("click", (event) => {
        const button = event.target.closest("[data-shortlist]");
        if (button) {
            const slug = button.dataset.shortlist;
            const slugs = read();
            write(slugs.includes(slug) ? slugs.filter((s) => s !== slug) : [...slugs, slug]);
            renderAll();
        }
        if (event.target.closest("[data-print]")) window.print();
    });

    // The finder replaces its results in place: label the new buttons too.
    new MutationObserver(renderAll).observe(document.body, { childList: true, subtree: true });

    // The shortlist page: show what this browser keeps, unless the address
    // already names options (a shared or bookmarked shortlist).
    if (location.pathname === "/exchange/shortlist/") {
        const kept = read();
        if (!location.search && kept.length) {
            location.replace(shortlistUrl(kept));
            return;
        }
        document.querySelectorAll("[data-print]").forEach((button) => {
            button.hidden = false;
        });
    }
    renderAll();
})();
