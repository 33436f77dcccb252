/* wagtail-villeslumieres: the embedded letter counter's live refresh and auto-height.
   Progressive enhancement: the number is already in the HTML. Everything this
   script needs comes from data-vl-* attributes, so it runs under a strict CSP. */
(function () {
    "use strict";
    var root = document.querySelector("[data-vl-json]");
    if (!root || !window.fetch) { return; }
    var data = root.dataset;
    var locale = data.vlLocale;
    var numbers = new Intl.NumberFormat(locale);
    var plurals = new Intl.PluralRules(locale);
    var still = window.matchMedia("(prefers-reduced-motion: reduce)");
    var every = Math.max(1, Number(data.vlRefresh) || 60) * 1000;
    var shown = Number(data.vlTotal) || 0;
    var timer = null;
    var announced = 0;
    var pending = null;
    // A screen reader hears at most one update per 30 seconds.
    var QUIET = 30000;

    function find(selector) { return root.querySelector(selector); }
    // Same spaces as the server's rendering (Intl writes a narrow no-break space in French).
    function format(n) { return numbers.format(n).replace(/\u202f/g, "\u00a0"); }
    function unit(n) { return plurals.select(n) === "one" ? data.vlOne : data.vlOther; }
    // The server's pattern for the page's language ("{number} %" in French).
    function percentText(n) { return (data.vlPercent || "{number}%").replace("{number}", format(n)); }
    function hide(selector, hidden) {
        var element = find(selector);
        if (element) { element.hidden = hidden; }
    }

    function show(from, to) {
        var element = find("[data-vl-number]");
        if (still.matches || from === to) { element.textContent = format(to); return; }
        var start = null;
        function step(now) {
            start = start || now;
            var done = Math.min(1, (now - start) / 800);
            element.textContent = format(Math.round(from + (to - from) * done));
            if (done < 1) { window.requestAnimationFrame(step); }
        }
        window.requestAnimationFrame(step);
    }

    function announce(text) {
        window.clearTimeout(pending);
        var wait = announced + QUIET - Date.now();
        if (wait > 0) { pending = window.setTimeout(function () { announce(text); }, wait); return; }
        announced = Date.now();
        find("[data-vl-status]").textContent = text;
    }

    function update(figures) {
        var total = figures.total;
        var goal = figures.goal;
        var below = total < (figures.display_threshold || 0);
        hide("[data-vl-figures]", below);
        hide("[data-vl-invite]", !below);
        hide("[data-vl-reached]", !figures.goal_reached);
        hide("[data-vl-stale]", !figures.stale);
        find("[data-vl-unit]").textContent = unit(total);
        Array.prototype.forEach.call(root.querySelectorAll("[data-vl-kind]"), function (element) {
            element.textContent = format(figures.by_kind[element.dataset.vlKind] || 0);
        });
        var bar = find("[data-vl-bar]");
        var sentence = find("[data-vl-goal]");
        if (bar && goal) {
            var percent = Math.floor(Math.min(total / goal, 1) * 100);
            bar.max = goal;
            bar.value = Math.min(total, goal);
            bar.textContent = percentText(percent);
            sentence.textContent = sentence.dataset.vlGoal
                .replace("{percent}", percentText(percent)).replace("{goal}", format(goal));
        }
        if (total !== shown) {
            show(shown, total);
            if (!below) { announce(format(total) + " " + unit(total)); }
            shown = total;
        }
        sendHeight();
    }

    function refresh() {
        if (document.hidden) { return; }
        // "no-cache" revalidates with the ETag: a 304 costs nothing, a CDN still answers it.
        window.fetch(data.vlJson, { cache: "no-cache", credentials: "omit" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (figures) { if (figures) { update(figures); } })
            .catch(function () { /* offline: keep the last number shown */ });
    }

    function schedule() {
        window.clearInterval(timer);
        timer = document.hidden ? null : window.setInterval(refresh, every);
    }

    // The host page's origin, when the browser tells it; the height is the only
    // thing ever sent, so an unknown parent gets it with "*".
    function parentOrigin() {
        var ancestors = window.location.ancestorOrigins;
        if (ancestors && ancestors.length && ancestors[0] !== "null") { return ancestors[0]; }
        try { return new URL(document.referrer).origin; } catch (error) { return "*"; }
    }

    // WordPress adds "#?secret=..." to the frame's address (wp-embed.js).
    function wordpressSecret() {
        var secret = /[#?&]secret=([A-Za-z0-9]{1,32})/.exec(window.location.hash);
        return secret ? secret[1] : null;
    }

    function sendHeight() {
        if (window.parent === window) { return; }
        // The counter's own height: the document fills a taller frame (CSS centres
        // the counter in it), so its height would never let the frame shrink.
        var height = Math.ceil(root.getBoundingClientRect().height);
        var target = parentOrigin();
        window.parent.postMessage({ type: "villeslumieres:height", height: height }, target);
        // wp-embed.js shows the frame once it receives {message: "height", value, secret}.
        var secret = wordpressSecret();
        if (secret) {
            window.parent.postMessage({ message: "height", value: height, secret: secret }, target);
        }
    }

    // wp-embed.js sends {message: "ready", secret} to every frame when it loads,
    // possibly after this frame did: answer with the height, so the frame shows.
    window.addEventListener("message", function (event) {
        var message = event.data;
        if (event.source !== window.parent || !message || message.message !== "ready") { return; }
        if (message.secret && message.secret === wordpressSecret()) { sendHeight(); }
    });

    document.addEventListener("visibilitychange", function () {
        if (!document.hidden) { refresh(); }
        schedule();
    });
    window.addEventListener("hashchange", sendHeight);
    window.addEventListener("load", sendHeight);
    if (window.ResizeObserver) { new window.ResizeObserver(sendHeight).observe(document.body); }
    sendHeight();
    schedule();
}());
