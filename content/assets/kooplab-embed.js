// The light views for other websites (overrides/kl-embed.html, kooplab.pages.embeds).
//
// The address holds the filter, with the query keys of the lists (?region=DE-ST&kind=unternehmen, values
// comma-joined or repeated: OR within a key, AND across keys), and the view: ansicht (liste, karten, logos),
// anzahl (1–50 entries at a time), farbe (hell, dunkel; else as the device), titel (a heading of one's own).
// ?eintrag=<id> shows one entry: the detail dialog of kooplab-embed-host.js opens that.
//
// Everything editors wrote is set as text (textContent), never as HTML. Inside an <iframe> the view tells the
// embedding page its height (kooplab:size); when the page runs kooplab-embed-host.js (it answers kooplab:ready
// with kooplab:host), a click on an entry asks it to open the entry in a dialog (kooplab:open) instead of a new tab.
(() => {
  "use strict";
  const main = document.querySelector("[data-kl-embed]");
  if (!main) return;
  const params = new URLSearchParams(location.search);
  const root = new URL(main.dataset.root, location.href);
  const $ = (name) => main.querySelector(`[data-kl-${name}]`);
  const framed = window.parent !== window;
  let host = false; // the embedding page runs kooplab-embed-host.js
  let opened = null; // the link whose entry the dialog shows

  const colour = params.get("farbe");
  if (colour === "hell" || colour === "dunkel") document.documentElement.dataset.farbe = colour;
  const layouts = ["liste", "karten", "logos"];
  document.documentElement.dataset.ansicht = layouts.includes(params.get("ansicht")) ? params.get("ansicht") : "liste";
  const size = Math.min(50, Math.max(1, parseInt(params.get("anzahl"), 10) || 10));

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  const tell = (message) => { if (framed) window.parent.postMessage(message, "*"); };
  const height = () => tell({ type: "kooplab:size", height: Math.ceil(document.body.getBoundingClientRect().height) });
  const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };

  // --- the filter -----------------------------------------------------------------------------------------
  function wanted(data) {
    // per facet: the option indexes asked for (null: no filter); unknown values match nothing
    return data.facets.map((facet) => {
      const asked = params.getAll(facet.key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
      if (!asked.length) return null;
      return new Set(asked.map((v) => facet.options.findIndex(([id]) => id === v)).filter((i) => i >= 0));
    });
  }

  function matches(data, want, i) {
    return want.every((set, f) => {
      if (!set) return true;
      const cell = data.values[f][i];
      return (Array.isArray(cell) ? cell : [cell]).some((v) => set.has(v));
    });
  }

  function labels(data, want) {
    const out = [];
    want.forEach((set, f) => {
      if (set) out.push([...set].map((i) => data.facets[f].options[i][1]).join(" oder "));
    });
    return out;
  }

  function listAddress(data) {
    const keys = new Set(data.facets.map((f) => f.key));
    const kept = new URLSearchParams();
    for (const [key, value] of params) if (keys.has(key)) kept.append(key, value);
    const query = kept.toString();
    return new URL(data.list + (query ? `?${query}` : ""), root).href;
  }

  // --- the list -------------------------------------------------------------------------------------------
  const MONTHS = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."];

  function item(data, i) {
    const [title, line, path, logo] = data.items[i];
    const li = el("li", "kl-embed-item");
    const tile = el("span", "kl-embed-logo");
    tile.setAttribute("aria-hidden", "true"); // the line says it in words
    if (data.days) { // an event: its first day
      const [, month, day] = data.days[i][0].split("-").map(Number);
      tile.classList.add("kl-embed-date");
      tile.append(el("strong", "", String(day)), el("span", "", MONTHS[month - 1]));
    } else if (logo) {
      const img = el("img");
      img.src = new URL(logo, root).href;
      img.alt = "";
      img.loading = "lazy";
      tile.append(img);
    } else {
      tile.textContent = title.trim().charAt(0).toUpperCase();
    }
    const text = el("span", "kl-embed-text");
    const link = el("a", "", title);
    link.href = new URL(path, root).href;
    link.target = "_blank";
    link.rel = "noopener";
    link.dataset.klItem = String(i);
    link.append(el("span", "kl-embed-sr", host ? " (Details)" : " (öffnet in neuem Tab)"));
    text.append(link, el("span", "kl-embed-line", line));
    li.append(tile, text);
    return li;
  }

  function showList(data) {
    const want = wanted(data);
    const now = today();
    let found = data.items.map((_, i) => i).filter((i) => matches(data, want, i));
    if (data.days) { // events: the coming ones, soonest first, by the reader's date
      found = found.filter((i) => data.days[i][1] >= now).sort((a, b) => data.days[a][0].localeCompare(data.days[b][0]));
    }
    const chosen = labels(data, want);
    const label = main.dataset.label;
    $("title").textContent = params.get("titel") || [label, ...chosen].join(" · ");
    const one = main.dataset.one;
    $("status").textContent = found.length === 1 ? `1 ${one}` : `${found.length.toLocaleString("de-DE")} ${label}`;
    const list = $("items");
    const more = $("more");
    const all = $("all");
    all.href = listAddress(data);
    let shown = 0;
    const showMore = () => {
      const next = found.slice(shown, shown + size);
      next.forEach((i) => list.append(item(data, i)));
      const first = list.children[shown];
      shown += next.length;
      more.hidden = shown >= found.length;
      more.textContent = `Weitere ${Math.min(size, found.length - shown)} anzeigen`;
      return first;
    };
    if (!found.length) {
      const empty = el("p", "kl-embed-empty",
        chosen.length ? `Zurzeit gibt es hier keine ${label} zu dieser Auswahl.` : `Zurzeit gibt es hier keine ${label}.`);
      list.replaceWith(empty);
      return;
    }
    showMore();
    more.addEventListener("click", () => {
      const first = showMore();
      if (first) first.querySelector("a").focus();
    });
    list.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-kl-item]");
      if (!link || !host || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      opened = link;
      const id = data.items[Number(link.dataset.klItem)][4];
      const query = new URLSearchParams({ eintrag: id });
      if (shared) query.set(shared[0], shared[1]); // the detail view loads the same share
      if (colour) query.set("farbe", colour);
      tell({ type: "kooplab:open", path: `?${query}`, title: link.firstChild.textContent });
    });
  }

  // --- one entry (the detail dialog) -----------------------------------------------------------------------
  async function showDetail(data, id) {
    $("items").hidden = true;
    $("more").parentElement.hidden = true;
    $("status").hidden = true;
    const detail = $("detail");
    detail.hidden = false;
    if (framed) document.documentElement.dataset.detail = "framed";
    const i = data.items.findIndex((entry) => entry[4] === id);
    if (i < 0) {
      $("title").textContent = `Diesen Eintrag gibt es nicht mehr.`;
      return;
    }
    const [title, line, path, , , api] = data.items[i];
    $("title").textContent = title;
    detail.append(el("p", "kl-embed-line", line));
    try {
      const response = await fetch(new URL(api, root));
      const file = response.ok ? await response.json() : null;
      const record = (file && file.record) || {};
      let text = record.summary;
      const anchor = path.split("#")[1]; // a Börse entry: angebot-2, gesuch-1
      if (anchor) {
        const [side, number] = anchor.split("-");
        const entry = (record[side === "angebot" ? "offers" : "needs"] || [])[Number(number) - 1];
        text = entry && entry.description;
      }
      if (text) detail.append(el("p", "", text));
    } catch (error) { /* the summary is a bonus: the link below leads to the whole entry */ }
    const link = el("a", "", `Ganzer Eintrag auf ${main.dataset.site}`);
    link.href = new URL(path, root).href;
    link.target = "_blank";
    link.rel = "noopener";
    link.append(el("span", "kl-embed-sr", " (öffnet in neuem Tab)"));
    const p = el("p");
    p.append(link);
    detail.append(p);
  }

  // --- talking to the embedding page ---------------------------------------------------------------------
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === "kooplab:host") {
      host = true;
      for (const sr of main.querySelectorAll("a[data-kl-item] .kl-embed-sr")) sr.textContent = " (Details)";
      height();
    } else if (event.data.type === "kooplab:closed" && opened) {
      opened.focus();
    }
  });
  if (framed) {
    new ResizeObserver(height).observe(document.body);
    tell({ type: "kooplab:ready" });
  }

  // a view of one network or one state loads only that share of the data (kooplab.pages.embeds)
  const full = new URL(main.dataset.data, location.href);
  const shared = (main.dataset.shares || "").split(" ").filter(Boolean).map((key) => {
    const values = params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    return values.length === 1 && /^[A-Za-z0-9-]+$/.test(values[0]) ? [key, values[0]] : null;
  }).find(Boolean);
  const load = shared
    ? fetch(new URL(`${shared[0]}-${shared[1]}.json`, full)).then((r) => (r.ok ? r : fetch(full)))
    : fetch(full);

  load
    .then((response) => response.json())
    .then((data) => (params.get("eintrag") ? showDetail(data, params.get("eintrag")) : showList(data)))
    .catch(() => { $("status").textContent = "Die Einträge konnten nicht geladen werden."; })
    .finally(height);
})();
