/* Kooplab: keyboard access to tables that scroll sideways (WCAG 2.1.1, axe "scrollable-region-focusable").
 *
 * Material wraps wide tables in a box that scrolls sideways on small screens but cannot be reached
 * with the keyboard. Every such box that actually overflows gets tabindex="0" (arrow keys scroll it),
 * role="region" and the table's caption as its name; when it fits again, it is left alone.
 */
(function () {
  "use strict";

  var MARK = "data-kl-scroll";

  function name(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return text ? "Tabelle: " + text : "Tabelle (seitlich scrollbar)";
  }

  function check() {
    document.querySelectorAll(".md-typeset .md-typeset__scrollwrap, .md-typeset table").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1 &&
        ["auto", "scroll"].indexOf(window.getComputedStyle(box).overflowX) >= 0;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute(MARK, "");
        if (box.tagName !== "TABLE") {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", name(box));
        }
      } else if (!overflows && box.hasAttribute(MARK)) {
        box.removeAttribute("tabindex");
        box.removeAttribute(MARK);
        if (box.tagName !== "TABLE") {
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      }
    });
  }

  var timer = 0;
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 150);
  }

  // after Material has wrapped the tables (its document$ fires on every page load)
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(later);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later);
  else later();
  window.addEventListener("resize", later);
})();
