/* wagtail-villeslumieres: fits embedded letter counters to their content's height.
   Include it once, after <a href="...embed address..." data-vl-embed> (which it
   turns into the counter's frame) or <iframe ... data-vl-embed>. When the counter's
   site cannot be reached this file does not load, and the link stays: no error box.
   It trusts a message only from the frame's own window and origin, and only of the
   expected shape. */
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

    function frameFor(link) {
        var frame = document.createElement("iframe");
        frame.src = link.href;
        frame.title = link.textContent;
        frame.width = "100%";
        frame.height = String(Math.max(1, Number(link.dataset.vlHeight) || 250));
        frame.setAttribute("frameborder", "0");
        frame.setAttribute("loading", "lazy");
        frame.setAttribute("data-vl-embed", "");
        frame.style.display = "block";
        frame.style.border = "0";
        return frame;
    }

    function replaceLinks() {
        var links = document.querySelectorAll("a[data-vl-embed][href]");
        for (var i = 0; i < links.length; i++) {
            links[i].parentNode.replaceChild(frameFor(links[i]), links[i]);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", replaceLinks);
    } else {
        replaceLinks();
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
