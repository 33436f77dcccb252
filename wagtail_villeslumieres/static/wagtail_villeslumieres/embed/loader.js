/* wagtail-villeslumieres: fits embedded letter counters to their content's height.
   Include it once, after <iframe ... data-vl-embed>. It trusts a message only
   from the frame's own window and origin, and only of the expected shape. */
(function () {
    "use strict";
    if (window.villeslumieresLoader) { return; }
    window.villeslumieresLoader = true;

    function originOf(frame) {
        try { return new URL(frame.src, window.location.href).origin; } catch (error) { return null; }
    }

    function fit(frame) {
        frame.style.border = "0";
        frame.style.width = "100%";
        frame.style.display = "block";
    }

    window.addEventListener("message", function (event) {
        var message = event.data;
        if (!message || typeof message !== "object" || message.type !== "villeslumieres:height") {
            return;
        }
        var height = Number(message.height);
        if (!isFinite(height) || height < 1 || height > 5000) { return; }
        var frames = document.querySelectorAll("iframe[data-vl-embed]");
        for (var i = 0; i < frames.length; i++) {
            if (frames[i].contentWindow === event.source && originOf(frames[i]) === event.origin) {
                fit(frames[i]);
                frames[i].height = String(Math.ceil(height));
            }
        }
    });
}());
