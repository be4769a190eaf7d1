/* Kooplab: the maps' points name themselves on focus and tap (touch and the keyboard have no hover).
   A focused point shows a small card with the member's name, kind and place and a link; on a touch screen
   the first tap on a point shows the card, a tap on its name opens the page.
   Zoom and pan: the buttons (+, −, whole map), the keys + - 0 and the arrows while the map has the focus,
   Ctrl and the mouse wheel (a touchpad's pinch), two fingers on a touch screen; once zoomed in, one finger or
   the mouse drags the map. The map is drawn at build time: zooming narrows the SVG's viewBox, and the dots keep
   their size on the screen. No library, nothing from another host. */
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
    zoomable(figure, function () { if (shown && !figure.contains(document.activeElement)) hide(); else if (shown) show(shown); });
  }
  var MAX_ZOOM = 12;

  function zoomable(figure, hideCard) {
    var svg = figure.querySelector(".kl-map__svg");
    var controls = figure.querySelector("[data-kl-map-zoom]");
    var said = figure.querySelector("[data-kl-map-said]");
    if (!svg || !controls) return;
    var base = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number); // x y width height
    var scale = 1;
    var cx = base[0] + base[2] / 2, cy = base[1] + base[3] / 2;
    var circles = Array.prototype.map.call(svg.querySelectorAll(".kl-map__points circle, .kl-map__leaders circle"),
      function (c) { return [c, Number(c.getAttribute("r"))]; });

    function draw() {
      var w = base[2] / scale, h = base[3] / scale;
      cx = Math.min(Math.max(cx, base[0] + w / 2), base[0] + base[2] - w / 2);
      cy = Math.min(Math.max(cy, base[1] + h / 2), base[1] + base[3] - h / 2);
      svg.setAttribute("viewBox", [cx - w / 2, cy - h / 2, w, h].map(function (v) { return +v.toFixed(2); }).join(" "));
      circles.forEach(function (pair) { pair[0].setAttribute("r", +(pair[1] / scale).toFixed(3)); });
      figure.classList.toggle("kl-map--zoomed", scale > 1);
      controls.querySelector('[data-kl-zoom="out"]').disabled = scale <= 1;
      controls.querySelector('[data-kl-zoom="reset"]').disabled = scale <= 1;
      controls.querySelector('[data-kl-zoom="in"]').disabled = scale >= MAX_ZOOM;
      hideCard();
    }
    function tell() {
      said.textContent = scale > 1 ? "Karte " + (Math.round(scale * 10) / 10).toString().replace(".", ",") + "-fach vergrößert" : "Ganze Karte";
    }
    function toMap(clientX, clientY) { // a point on the screen in the map's coordinates
      var box = svg.getBoundingClientRect();
      var w = base[2] / scale, h = base[3] / scale;
      var fit = Math.min(box.width / w, box.height / h); // preserveAspectRatio: xMidYMid meet
      return [cx + (clientX - box.left - box.width / 2) / fit, cy + (clientY - box.top - box.height / 2) / fit];
    }
    function zoomTo(next, at) { // ``at``: the map point that stays where it is on the screen
      next = Math.min(Math.max(next, 1), MAX_ZOOM);
      if (at) { cx = at[0] + (cx - at[0]) * scale / next; cy = at[1] + (cy - at[1]) * scale / next; }
      scale = next;
      draw();
    }
    function panBy(dx, dy) { cx += dx; cy += dy; draw(); }

    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-kl-zoom]");
      if (!button) return;
      var what = button.getAttribute("data-kl-zoom");
      if (what === "in") zoomTo(scale * 2);
      else if (what === "out") zoomTo(scale / 2);
      else { scale = 1; cx = base[0] + base[2] / 2; cy = base[1] + base[3] / 2; draw(); }
      tell();
    });
    figure.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var step = base[2] / scale / 6;
      var keys = { "+": function () { zoomTo(scale * 2); }, "=": function () { zoomTo(scale * 2); },
                   "-": function () { zoomTo(scale / 2); }, "0": function () { zoomTo(1); } };
      if (scale > 1) {
        keys.ArrowLeft = function () { panBy(-step, 0); }; keys.ArrowRight = function () { panBy(step, 0); };
        keys.ArrowUp = function () { panBy(0, -step); }; keys.ArrowDown = function () { panBy(0, step); };
      }
      if (!keys[event.key]) return;
      event.preventDefault();
      keys[event.key]();
      tell();
    });
    // a point that the Tab key reaches outside the zoomed view: the view follows it (the listener is on the
    // figure: Chromium makes an SVG element with a focus listener a Tab stop of its own)
    figure.addEventListener("focusin", function (event) {
      var dot = event.target.querySelector && event.target.querySelector(".kl-map__dot");
      if (!dot || scale <= 1) return;
      var x = Number(dot.getAttribute("cx")), y = Number(dot.getAttribute("cy"));
      var w = base[2] / scale, h = base[3] / scale;
      if (Math.abs(x - cx) > w * 0.4 || Math.abs(y - cy) > h * 0.4) { cx = x; cy = y; draw(); }
    }, true);
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return; // the wheel alone scrolls the page
      event.preventDefault();
      zoomTo(scale * Math.exp(-event.deltaY / 200), toMap(event.clientX, event.clientY));
      tell();
    }, { passive: false });

    // pointers: two fingers pinch and move the map; once zoomed in, one finger or the mouse drags it
    var pointers = new Map();
    var dragged = false;
    var gesture = null;
    function spread() {
      var p = Array.from(pointers.values());
      return p.length < 2 ? 0 : Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
    }
    function middle() {
      var p = Array.from(pointers.values()), x = 0, y = 0;
      p.forEach(function (q) { x += q[0]; y += q[1]; });
      return [x / p.length, y / p.length];
    }
    function begin() {
      var m = middle();
      gesture = { scale: scale, spread: spread(), at: toMap(m[0], m[1]), screen: m };
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && (event.button !== 0 || scale <= 1)) return;
      pointers.set(event.pointerId, [event.clientX, event.clientY]);
      dragged = false;
      begin();
    });
    svg.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, [event.clientX, event.clientY]);
      var m = middle();
      if (pointers.size === 1 && scale <= 1) return;
      if (!dragged && Math.hypot(m[0] - gesture.screen[0], m[1] - gesture.screen[1]) < 6 && pointers.size === 1) return;
      if (!dragged) {
        dragged = true;
        try { svg.setPointerCapture(event.pointerId); } catch (e) { /* already gone */ }
      }
      if (pointers.size >= 2 && gesture.spread) scale = Math.min(Math.max(gesture.scale * spread() / gesture.spread, 1), MAX_ZOOM);
      var now = toMap(m[0], m[1]);
      cx += gesture.at[0] - now[0];
      cy += gesture.at[1] - now[1];
      draw();
    });
    function end(event) {
      if (!pointers.delete(event.pointerId)) return;
      if (pointers.size) begin(); else if (dragged) tell();
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    // a drag ends with a click on whatever was under the pointer: that is no click on a point
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
    }, true);
    draw();
  }

  function start() { document.querySelectorAll("[data-kl-map]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
