/* wagtail-villeslumieres: copy buttons for the sample letter and the suggested message.
 *
 * Progressive enhancement: the text is plain, selectable HTML and the buttons start
 * hidden. This script reveals them only where the Clipboard API is available, copies
 * the target's text on click and announces the result in the button's status region.
 * Messages come from data attributes, so they are translated by the template.
 */
(function () {
    "use strict";

    if (!navigator.clipboard || !window.isSecureContext) {
        return;
    }

    function textOf(element) {
        // innerText keeps the paragraphs and line breaks the reader sees.
        return element.innerText.replace(/\n{3,}/g, "\n\n").trim();
    }

    document.querySelectorAll("[data-vl-copy]").forEach(function (wrapper) {
        var button = wrapper.querySelector("[data-vl-copy-target]");
        var status = wrapper.querySelector("[role=status]");
        var target = button && document.getElementById(button.getAttribute("data-vl-copy-target"));
        if (!target) {
            return;
        }
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(textOf(target)).then(
                function () {
                    status.textContent = button.getAttribute("data-vl-copied-message");
                },
                function () {
                    // Copying was refused (permissions): the text stays selectable by hand.
                    status.textContent = "";
                    var range = document.createRange();
                    range.selectNodeContents(target);
                    var selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                }
            );
        });
        wrapper.hidden = false;
    });
})();
