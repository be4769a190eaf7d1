/* Kooplab: the maps' points name themselves on focus and tap (touch and the keyboard have no hover).
   A focused point shows a small card with the member's name, kind and place and a link; on a touch screen
   the first tap on a point shows the card, a tap on its name opens the page. No library, nothing from
   another host. */
(function () {
  "use strict";
  function init(figure) {
    var card = figure.querySelector("[data-kl-map-card]");
    if (!card) return;
    var link = card.querySelector("[data-kl-map-link]");
    var meta = card.querySelector("[data-kl-map-meta]");
    var shown = null;
    var armed = null; // the point a tap has named: the next tap on it opens its page
    var touch = false;

    function show(point) {
      shown = point;
      link.textContent = point.getAttribute("data-kl-name");
      link.setAttribute("href", point.getAttribute("href"));
      meta.textContent = point.getAttribute("data-kl-kind") + " · " + point.getAttribute("data-kl-place");
      card.hidden = false;
      var box = figure.getBoundingClientRect();
      var dot = point.getBoundingClientRect();
      var left = Math.min(Math.max(dot.left + dot.width / 2 - box.left - card.offsetWidth / 2, 0),
                          box.width - card.offsetWidth);
      card.style.left = left + "px";
      card.style.top = (dot.bottom - box.top + 6) + "px";
    }
    function hide() {
      card.hidden = true;
      shown = armed = null;
    }
    figure.addEventListener("pointerdown", function (event) { touch = event.pointerType === "touch"; });
    figure.querySelectorAll("a.kl-map__point[data-kl-name]").forEach(function (point) {
      point.addEventListener("focus", function () { show(point); });
      point.addEventListener("click", function (event) {
        if (touch && armed !== point) {  // the first tap names the point, the card's link opens the page
          event.preventDefault();
          show(point);
          armed = point;
        }
      });
    });
    figure.addEventListener("focusout", function (event) {
      if (!figure.contains(event.relatedTarget)) hide();
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    document.addEventListener("pointerdown", function (event) {
      if (!figure.contains(event.target)) hide();
    });
  }
  function start() { document.querySelectorAll("[data-kl-map]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
