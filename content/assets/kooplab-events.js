/* Kooplab: upcoming events by the reader's date.
 *
 * The build splits events into upcoming and past on the build date. A page built last week
 * would still list yesterday's event as upcoming, so this script judges again with today's
 * date in Europe/Berlin (the events' time zone, whatever the reader's zone): every event card
 * carries data-end, the ISO date of its last day; when that day is over,
 *
 * - on /termine/ the card moves from the upcoming list to the top of the past list
 *   (the section names that list in data-kl-past);
 * - on member, network and region pages the card is removed;
 * - an emptied list is hidden and its "none" line ([data-kl-none]) shown;
 * - on an event page the "has taken place" note ([data-kl-over]) is shown.
 *
 * Without JavaScript the build date's split stands. Cards are only moved, never hidden, so
 * the facet filter (kooplab-filter.js), which shows and hides cards by data-kl-id, keeps working.
 */
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function today() {
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-GB", {timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit"})
        .formatToParts(new Date())
        .forEach(function (p) { parts[p.type] = p.value; });
      if (parts.year && parts.month && parts.day) {
        return parts.year + "-" + parts.month + "-" + parts.day;
      }
    } catch (e) { /* no Intl time zone support: the reader's own date */ }
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function over(el, day) {
    var end = el.getAttribute("data-end");
    return !!end && end < day;  // ISO dates compare as text
  }

  function showNone(section) {
    var list = section.querySelector("ul.kl-cards--events");
    var empty = !list || list.querySelector(".kl-event-card") === null;
    if (list) { list.hidden = empty; }
    var none = section.querySelector("[data-kl-none]");
    if (none) { none.hidden = !empty; }
  }

  function run(day) {
    day = day || today();
    document.querySelectorAll("[data-kl-upcoming]").forEach(function (section) {
      var target = section.getAttribute("data-kl-past");
      var past = target ? document.getElementById(target) : null;
      var moved = false;
      section.querySelectorAll(".kl-event-card[data-end]").forEach(function (card) {
        if (!over(card, day)) { return; }
        if (past) {
          past.insertBefore(card, past.firstChild);  // soonest first here becomes most recent first there
          moved = true;
        } else {
          card.parentNode.removeChild(card);
        }
      });
      showNone(section);
      if (moved) {
        var pastSection = past.closest("[data-kl-past-section]") || past.parentNode;
        showNone(pastSection);
      }
    });
    document.querySelectorAll("[data-kl-over]").forEach(function (note) {
      if (over(note, day)) { note.hidden = false; }
    });
  }

  window.kooplabEvents = {run: run, today: today};  // for tests: kooplabEvents.run("2027-01-01")
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { run(); });
  } else {
    run();
  }
})();
