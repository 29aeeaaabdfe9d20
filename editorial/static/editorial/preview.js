// The live preview beside the change form (editorial/preview.py): the form is posted into the
// panel's frame as the editor types, and the item's public page comes back as the form holds it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
    const panel = document.getElementById("live-preview");
    const toggle = document.querySelector(".live-preview-toggle");
    if (!panel || !toggle || !toggle.form) return;
    const form = toggle.form;
    const frame = panel.querySelector("iframe");
    const status = panel.querySelector(".live-preview__status");

    // The form is sent to the frame by a button of its own, past the browser's own checks.
    const refresh = document.createElement("button");
    refresh.type = "submit";
    refresh.hidden = true;
    refresh.tabIndex = -1;
    refresh.formNoValidate = true;
    refresh.formAction = panel.dataset.url;
    refresh.formTarget = frame.name;
    form.append(refresh);

    let timer = null;
    let scroll = 0;
    const update = () => {
        timer = null;
        if (panel.hidden) return;
        try {
            scroll = frame.contentWindow.scrollY;
        } catch {
            scroll = 0;
        }
        status.textContent = panel.dataset.updating;
        form.requestSubmit(refresh);
    };
    const later = () => {
        clearTimeout(timer);
        timer = setTimeout(update, 600);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    frame.addEventListener("load", () => {
        if (frame.contentWindow.location.href === "about:blank") return;
        frame.contentWindow.scrollTo(0, scroll);
        status.textContent = panel.dataset.updated;
    });

    const show = (open) => {
        panel.hidden = !open;
        toggle.setAttribute("aria-expanded", String(open));
        document.body.classList.toggle("live-preview-open", open);
        if (open) update();
    };
    toggle.hidden = false;
    toggle.addEventListener("click", () => show(panel.hidden));
    panel.querySelector(".live-preview__close").addEventListener("click", () => {
        show(false);
        toggle.focus();
    });
    panel.addEventListener("change", (event) => {
        if (event.target.name !== "live-preview-width") return;
        frame.classList.toggle("live-preview__frame--phone", event.target.value === "phone");
    });
});
