// The image chooser on content forms (editorial/chooser.py). "Choose image" opens a
// dialog with the server's grid of images, searched, filtered and paged in place, and
// an upload form; choosing or uploading an image puts its number into the form. The
// dialog is modal: Escape closes it and the focus goes back to the button. Without
// this script the form shows the number's input and a link to find an image.
"use strict";

(() => {
    if (!window.fetch || !window.HTMLDialogElement) return;

    let dialog, body, status, widget, controller, typing;

    function setUp(root) {
        root.querySelectorAll("[data-image-chooser][data-chooser-url]").forEach((chooser) => {
            chooser.querySelector("[data-number]").hidden = true;
            chooser.querySelector("[data-buttons]").hidden = false;
        });
    }

    function makeDialog() {
        dialog = document.createElement("dialog");
        dialog.className = "image-chooser-dialog";
        dialog.setAttribute("aria-labelledby", "image-chooser-title");
        status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        body = document.createElement("div");
        dialog.append(status, body);
        document.body.append(dialog);
        dialog.addEventListener("click", onClick);
        dialog.addEventListener("submit", onSubmit);
        dialog.addEventListener("change", onChange);
        dialog.addEventListener("input", onInput);
        dialog.addEventListener("close", () => {
            controller?.abort();
            widget?.querySelector("[data-choose]").focus();
        });
    }

    function parse(html) {
        const template = document.createElement("template");
        template.innerHTML = html;
        return template.content;
    }

    async function request(url, part, options = {}) {
        controller?.abort();
        controller = new AbortController();
        return fetch(url, {
            ...options,
            headers: { "X-Partial": part },
            credentials: "same-origin",
            signal: controller.signal,
        });
    }

    function failed(error) {
        if (error.name !== "AbortError") {
            status.textContent = dialog.dataset.failed || "Something went wrong; please try again.";
        }
    }

    async function open(chooser) {
        widget = chooser;
        if (!dialog) makeDialog();
        body.replaceChildren();
        status.textContent = "";
        dialog.showModal();
        try {
            const response = await request(chooser.dataset.chooserUrl, "chooser");
            if (!response.ok || response.redirected) throw new Error(response.statusText);
            body.replaceChildren(parse(await response.text()));
            dialog.dataset.failed = body.querySelector("[data-chooser-body]").dataset.failed;
            announce();
            body.querySelector("[data-chooser-search] input[type=search]").focus();
        } catch (error) {
            failed(error);
        }
    }

    function announce() {
        const count = body.querySelector("[data-count]");
        if (count) status.textContent = count.textContent.replace(/\s+/g, " ").trim();
    }

    function searchUrl() {
        const form = body.querySelector("[data-chooser-search]");
        const params = new URLSearchParams();
        for (const [name, value] of new FormData(form)) {
            if (value !== "") params.append(name, value);
        }
        const query = params.toString();
        return widget.dataset.chooserUrl + (query ? `?${query}` : "");
    }

    let asked = 0;

    async function showResults(url, focusCount) {
        // Only the latest request's answer is shown, in place of the results shown then.
        const ask = ++asked;
        const current = () => body.querySelector("[data-chooser-results]");
        current().setAttribute("aria-busy", "true");
        try {
            const response = await request(url, "results");
            if (!response.ok || response.redirected) throw new Error(response.statusText);
            const html = await response.text();
            if (ask !== asked) return;
            current().replaceWith(parse(html));
            announce();
            if (focusCount) body.querySelector("[data-count]").focus();
        } catch (error) {
            if (ask !== asked) return;
            current().removeAttribute("aria-busy");
            failed(error);
        }
    }

    async function upload(form) {
        const button = form.querySelector("button[type=submit]");
        button.disabled = true;
        try {
            const response = await request(form.action, "upload", {
                method: "POST",
                body: new FormData(form),
            });
            if (response.status === 201) {
                choose(await response.json());
                dialog.close();
            } else if (response.status === 400) {
                const section = body.querySelector("[data-chooser-upload]");
                section.replaceWith(parse(await response.text()));
                body.querySelector("#image-upload-errors").focus();
            } else {
                throw new Error(response.statusText);
            }
        } catch (error) {
            button.disabled = false;
            failed(error);
        }
    }

    // Put `image` ({id, thumbnail, label, file_name}, or null for none) into the form.
    function choose(image) {
        const input = widget.querySelector("[data-number] input");
        input.value = image ? image.id : "";
        input.dispatchEvent(new Event("change", { bubbles: true }));
        const chosen = widget.querySelector("[data-chosen]");
        const parts = [];
        if (image && image.thumbnail) {
            const img = document.createElement("img");
            Object.assign(img, { src: image.thumbnail, width: 80, height: 80, alt: "" });
            img.className = "editorial-thumbnail";
            parts.push(img);
        }
        const text = (className, words) => {
            const element = document.createElement(image ? "span" : "p");
            element.className = className;
            element.textContent = words;
            return element;
        };
        if (image) {
            parts.push(text("image-chooser__label", image.label));
            parts.push(text("image-chooser__file", image.file_name));
        } else {
            parts.push(text("image-chooser__empty", widget.dataset.labelEmpty));
        }
        chosen.replaceChildren(...parts);
        const button = widget.querySelector("[data-choose]");
        button.textContent = image ? widget.dataset.labelChooseAnother : widget.dataset.labelChoose;
        widget.querySelector("[data-remove]").hidden = !image;
    }

    function onClick(event) {
        const choice = event.target.closest("[data-choice]");
        if (choice) {
            const data = choice.dataset;
            choose({ id: data.choice, thumbnail: data.thumbnail, label: data.label, file_name: data.fileName });
            dialog.close();
            return;
        }
        if (event.target.closest("[data-close]")) {
            dialog.close();
            return;
        }
        const link = event.target.closest(".chooser__pages a");
        if (link && !(event.metaKey || event.ctrlKey || event.shiftKey)) {
            event.preventDefault();
            showResults(new URL(link.getAttribute("href"), new URL(widget.dataset.chooserUrl, location.href)).href, true);
        }
    }

    function onSubmit(event) {
        event.preventDefault();
        if (event.target.matches("[data-chooser-search]")) showResults(searchUrl(), false);
        else if (event.target.matches("[data-chooser-upload-form]")) upload(event.target);
    }

    function onChange(event) {
        if (event.target.form?.matches("[data-chooser-search]") && event.target.type !== "search") {
            showResults(searchUrl(), false);
        }
    }

    function onInput(event) {
        if (event.target.type !== "search") return;
        clearTimeout(typing);
        typing = setTimeout(() => showResults(searchUrl(), false), 300);
    }

    document.addEventListener("click", (event) => {
        const chooser = event.target.closest("[data-image-chooser]");
        if (!chooser) return;
        if (event.target.closest("[data-choose]")) {
            open(chooser);
        } else if (event.target.closest("[data-remove]")) {
            widget = chooser;
            choose(null);
            chooser.querySelector("[data-choose]").focus();
        }
    });

    document.addEventListener("DOMContentLoaded", () => setUp(document));
    document.addEventListener("formset:added", (event) => setUp(event.target));
})();
