// The Checks panel of the change form: a finding's link moves the focus to its field,
// also when that is a rich-text editor (whose textarea is hidden), an image chooser or in a closed
// fieldset.
"use strict";

document.addEventListener("click", (event) => {
    const link = event.target.closest('.checks a[href^="#id_"]');
    if (!link) return;
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    field.closest("details:not([open])")?.setAttribute("open", "");
    const editor = field.closest(".prose-editor")?.querySelector(".ProseMirror[contenteditable]");
    // An image's number is hidden behind the chooser's button, which takes the focus instead.
    const chooser =
        field.offsetParent === null && field.closest(".image-chooser")?.querySelector("[data-choose]");
    const target = editor || chooser || field;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
});
