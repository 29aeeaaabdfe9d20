// Admin helpers for editors: copy a preview link; set an image's focal point by clicking it.
"use strict";

document.addEventListener("click", (event) => {
    const button = event.target.closest(".copy-preview-link");
    if (!button) return;
    const input = button.parentElement.querySelector(".preview-link");
    navigator.clipboard.writeText(input.value).then(() => {
        const label = button.textContent;
        button.textContent = "✓";
        setTimeout(() => { button.textContent = label; }, 1500);
    }, () => input.select());
});

document.addEventListener("click", (event) => {
    const thumbnail = event.target.closest(".focal-picker img");
    const x = document.getElementById("id_focal_x");
    const y = document.getElementById("id_focal_y");
    if (!thumbnail || !x || !y) return;
    const box = thumbnail.getBoundingClientRect();
    x.value = Math.round(((event.clientX - box.left) / box.width) * 100);
    y.value = Math.round(((event.clientY - box.top) / box.height) * 100);
});

// The rich-text editor is a contenteditable box: give it the name of its field's label.
function labelEditors(root) {
    root.querySelectorAll(".ProseMirror[contenteditable]:not([aria-labelledby])").forEach((editor) => {
        const textarea = editor.closest(".form-row, .field")?.querySelector("textarea[id]");
        const label = textarea && document.querySelector(`label[for="${textarea.id}"]`);
        if (!label) return;
        label.id ||= `${textarea.id}_label`;
        editor.setAttribute("aria-labelledby", label.id);
    });
}
new MutationObserver(() => labelEditors(document)).observe(document.documentElement, {
    childList: true,
    subtree: true,
});

// A change form with changes not yet saved asks before the page is left.
document.addEventListener("DOMContentLoaded", () => {
    const buttons = document.querySelector(".workflow-buttons");
    const form = buttons && buttons.closest("form");
    if (!form) return;
    let changed = false;
    const mark = () => { changed = true; };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", (event) => {
        // A preview (in a new tab or the panel) leaves the form as unsaved as it was.
        if (!event.submitter?.formTarget) changed = false;
    });
    window.addEventListener("beforeunload", (event) => {
        if (changed) event.preventDefault();
    });

    // "Publish" becomes "Schedule" when the publication is to start later.
    const publish = buttons.querySelector('button[name="_publish"]');
    const day = document.getElementById("id_publish_from_0");
    const time = document.getElementById("id_publish_from_1");
    if (!publish || !day || !time) return;
    const relabel = () => {
        const start = new Date(`${day.value}T${time.value || "00:00"}`);
        const later = !Number.isNaN(start.getTime()) && start > new Date();
        publish.textContent = later ? publish.dataset.scheduleLabel : publish.dataset.publishLabel;
    };
    day.addEventListener("change", relabel);
    time.addEventListener("change", relabel);
});
