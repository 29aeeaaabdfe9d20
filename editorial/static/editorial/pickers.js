// Pickers (editorial/pickers.py): the box under the chosen values becomes a combobox in the
// WAI-ARIA Authoring Practices pattern, with suggestions a page at a time from the admin's
// autocomplete view, or from the countries listed in the page. Without this script, what is
// typed into the box is looked up when the form is saved.
"use strict";

(() => {
    const PAGE = 20;
    const folded = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

    function picker(root) {
        const source = JSON.parse(root.dataset.picker);
        const multiple = root.hasAttribute("data-multiple");
        const input = root.querySelector(".picker__input");
        const chosen = root.querySelector(".picker__chosen");
        const name = input.name.replace(/__add$/, "");
        const strings = root.dataset;

        const listbox = document.createElement("ul");
        listbox.id = `${input.id}_listbox`;
        listbox.className = "picker__listbox";
        listbox.setAttribute("role", "listbox");
        listbox.setAttribute("aria-label", strings.suggestions);
        listbox.hidden = true;
        const status = document.createElement("p");
        status.className = "picker__status";
        status.setAttribute("role", "status");
        input.after(listbox, status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listbox.id);

        let results = [];
        let page = 1;
        let more = false;
        let active = -1;
        let timer = null;
        let asked = 0;

        const taken = () => new Set(
            [...chosen.querySelectorAll("input:checked")].map((box) => box.value),
        );

        async function find(term, pageNumber) {
            if (source.options) {
                const wanted = folded(term);
                const found = source.options.filter(
                    ([code, label]) => folded(label).includes(wanted) || folded(code) === wanted,
                );
                const start = (pageNumber - 1) * PAGE;
                return {
                    results: found.slice(start, start + PAGE).map(([id, text]) => ({ id, text })),
                    more: found.length > start + PAGE,
                };
            }
            const params = new URLSearchParams({ ...source.params, term, page: pageNumber });
            const response = await fetch(`${source.url}?${params}`, {
                credentials: "same-origin",
                headers: { Accept: "application/json" },
            });
            if (!response.ok) throw new Error(response.statusText);
            const data = await response.json();
            return { results: data.results, more: data.pagination.more };
        }

        function render() {
            const have = taken();
            listbox.replaceChildren();
            results.forEach((result, index) => {
                const option = document.createElement("li");
                option.id = `${listbox.id}_${index}`;
                option.setAttribute("role", "option");
                option.dataset.index = String(index);
                option.textContent = result.text;
                if (have.has(String(result.id))) {
                    option.setAttribute("aria-disabled", "true");
                    option.textContent += ` (${strings.chosenLabel})`;
                }
                listbox.append(option);
            });
            if (more) {
                const option = document.createElement("li");
                option.id = `${listbox.id}_more`;
                option.setAttribute("role", "option");
                option.dataset.more = "true";
                option.className = "picker__more";
                option.textContent = strings.more;
                listbox.append(option);
            }
            const open = listbox.children.length > 0;
            listbox.hidden = !open;
            input.setAttribute("aria-expanded", String(open));
            highlight(Math.min(active, listbox.children.length - 1));
        }

        function highlight(index) {
            active = index;
            [...listbox.children].forEach((option, position) => {
                option.setAttribute("aria-selected", String(position === index));
            });
            const option = listbox.children[index];
            if (option) {
                input.setAttribute("aria-activedescendant", option.id);
                option.scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function close() {
            listbox.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        async function search(pageNumber = 1) {
            const term = input.value.trim();
            const ask = ++asked;
            if (!term) {
                results = [];
                more = false;
                close();
                status.textContent = "";
                return;
            }
            let found;
            try {
                found = await find(term, pageNumber);
            } catch {
                if (ask === asked) status.textContent = strings.failed;
                return;
            }
            if (ask !== asked) return; // a later search answers instead
            page = pageNumber;
            results = pageNumber === 1 ? found.results : [...results, ...found.results];
            more = found.more;
            if (pageNumber === 1) active = -1;
            render();
            status.textContent = results.length
                ? strings.found.replace("%(count)s", results.length + (more ? "+" : ""))
                : strings.none;
        }

        function choose(index) {
            const option = listbox.children[index];
            if (!option) return;
            if (option.dataset.more) {
                search(page + 1).then(() => highlight(index));
                return;
            }
            if (option.getAttribute("aria-disabled") === "true") return;
            const result = results[index];
            let box = [...chosen.querySelectorAll("input")].find(
                (existing) => existing.value === String(result.id),
            );
            if (!multiple) {
                chosen.querySelectorAll("input").forEach((other) => {
                    if (other !== box) other.closest("li").remove();
                });
            }
            if (!box) {
                const item = document.createElement("li");
                const label = document.createElement("label");
                box = document.createElement("input");
                box.type = "checkbox";
                box.name = name;
                box.value = String(result.id);
                label.append(box, ` ${result.text}`);
                item.append(label);
                chosen.append(item);
            }
            box.checked = true;
            box.dispatchEvent(new Event("change", { bubbles: true }));
            input.value = "";
            results = [];
            close();
            status.textContent = strings.added.replace("%(name)s", result.text);
        }

        input.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(() => search(1), 250);
        });
        input.addEventListener("keydown", (event) => {
            const open = !listbox.hidden;
            const last = listbox.children.length - 1;
            if (event.key === "ArrowDown") {
                event.preventDefault();
                if (!open) search(1);
                else highlight(active >= last ? 0 : active + 1);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                if (open) highlight(active <= 0 ? last : active - 1);
            } else if (event.key === "Enter") {
                if (open || input.value.trim()) event.preventDefault(); // never saves the form
                if (open && active >= 0) choose(active);
                else if (open && results.length === 1) choose(0);
            } else if (event.key === "Escape") {
                if (open) {
                    event.preventDefault();
                    close();
                } else if (input.value) {
                    event.preventDefault();
                    input.value = "";
                    status.textContent = "";
                }
            } else if (event.key === "Tab") {
                close();
            }
        });
        input.addEventListener("blur", () => setTimeout(() => {
            if (!root.contains(document.activeElement)) close();
        }, 150));
        // A click chooses without taking the focus from the box.
        listbox.addEventListener("mousedown", (event) => event.preventDefault());
        listbox.addEventListener("click", (event) => {
            const option = event.target.closest("[role=option]");
            if (option) choose([...listbox.children].indexOf(option));
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll(".picker[data-picker]").forEach(picker);
        // Forms added later (inline rows) bring their own pickers.
        document.addEventListener("formset:added", (event) => {
            event.target.querySelectorAll(".picker[data-picker]").forEach(picker);
        });
    });
})();
