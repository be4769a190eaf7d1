/* Kooplab: the site search in the header, over the full text of every page (Pagefind).
 *
 * The build indexes each page's article (kooplab.outputs.search_index) into pagefind/; this script
 * opens the search dialog (partials/kl-search.html) from the header's button or the keys "/", "s" and
 * "f" (as Material's search did), loads Pagefind's own pagefind.js from the site on the first use
 * (nothing from another host), and lists the hits: title, kind of page, excerpt with the hit marked.
 *
 * German spellings: Pagefind stems German words (Reparaturen finds Reparatur) and its stemmer folds
 * umlauts (Bäckerei as backerei); a query written with ae/oe/ue (Baeckerei, Oekoprofit) is also searched
 * with the umlauts, and the other way round, and the hits are merged by score. "SDG 12" or "Ziel 12"
 * puts the page of goal 12 first. The filters (kind of page, state, SDG, network) are Pagefind filters
 * that the pages carry (main.html); their options are in the dialog's HTML, so Pagefind loads a filter's
 * index only when it is chosen.
 *
 * The query and filters are in the dialog only (the address stays the page's); results are links, so
 * the browser's back button returns to the page the search started on. Results are built with DOM
 * methods; the excerpt is Pagefind's (the page text HTML-escaped, hits in <mark>).
 */
(function () {
  "use strict";

  var STEP = 10; // results shown at a time
  var script = document.currentScript;
  var root = script ? new URL("..", script.src) : new URL("/", window.location.href);

  var dialog, input, status, list, more, opener, selects = {};
  var pagefind = null, loading = null;
  var hits = [], shown = 0, generation = 0;

  var KIND_LABELS = {}; // filled from the dialog's data-kl-kinds (the German labels live in the template)

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Pagefind's own pagefind.js from the site, loaded and set up once; kooplab-filter.js uses it too. */
  function pagefindModule() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return loading;
  }
  window.kooplabPagefind = pagefindModule;

  function load() {
    return pagefindModule().then(function (module) { pagefind = module; }, function (error) {
      setStatus(dialog.getAttribute("data-kl-failed"));
      if (window.console) window.console.warn("Kooplab-Suche: Index nicht geladen:", error);
      throw error;
    });
  }

  function setStatus(text) {
    if (status.textContent !== text) status.textContent = text || "";
  }

  /* Baeckerei -> Bäckerei, Bäckerei -> Baeckerei: the forms to search besides the query itself. */
  function variants(query) {
    var forms = [query];
    var umlauts = query.replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü")
      .replace(/Ae/g, "Ä").replace(/Oe/g, "Ö").replace(/Ue/g, "Ü").replace(/AE/g, "Ä").replace(/OE/g, "Ö")
      .replace(/UE/g, "Ü");
    var spelled = query.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/Ä/g, "Ae")
      .replace(/Ö/g, "Oe").replace(/Ü/g, "Ue").replace(/ß/g, "ss");
    [umlauts, spelled].forEach(function (form) { if (forms.indexOf(form) < 0) forms.push(form); });
    return forms;
  }

  function goalOf(query) {
    var match = /^\s*(?:sdg|ziel)\s*(\d{1,2})\s*$/i.exec(query);
    return match ? parseInt(match[1], 10) : null;
  }

  function chosenFilters() {
    var filters = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key].value) filters[key] = selects[key].value;
    });
    return filters;
  }

  function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++generation;
    if (!query && !Object.keys(filters).length) {
      hits = [];
      list.textContent = "";
      more.hidden = true;
      setStatus("");
      return;
    }
    load().then(function () {
      var goal = goalOf(query);
      var forms = query ? variants(query) : [null];
      if (goal) forms.push("SDG " + goal);
      return Promise.all(forms.map(function (form) {
        return pagefind.search(form, { filters: filters });
      })).then(function (searches) {
        var best = new Map();
        searches.forEach(function (search) {
          (search && search.results || []).forEach(function (r) {
            var known = best.get(r.id);
            if (!known || known.score < r.score) best.set(r.id, r);
          });
        });
        var merged = Array.from(best.values()).sort(function (a, b) { return b.score - a.score; });
        if (!goal) return merged;
        // the goal's own page first: among the first hits, the one of kind "sdg" whose title names the goal
        return Promise.all(merged.slice(0, 20).map(function (r) { return r.data(); })).then(function (data) {
          var at = data.findIndex(function (d) {
            return d.meta && d.meta.kind === "sdg" && new RegExp("^\\D*" + goal + "\\b").test(d.meta.number || "");
          });
          if (at > 0) merged.unshift(merged.splice(at, 1)[0]);
          return merged;
        });
      });
    }).then(function (results) {
      if (mine !== generation) return;
      hits = results;
      shown = 0;
      list.textContent = "";
      var n = hits.length;
      setStatus(n === 0 ? dialog.getAttribute("data-kl-none")
        : (n === 1 ? dialog.getAttribute("data-kl-one") : dialog.getAttribute("data-kl-some")).replace("{n}", String(n)));
      return showMore();
    });
  }

  function showMore() {
    var mine = generation;
    var next = hits.slice(shown, shown + STEP);
    shown += next.length;
    more.hidden = shown >= hits.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== generation) return;
      data.forEach(function (d) { list.appendChild(item(d)); });
    });
  }

  function item(d) {
    var li = el("li", "kl-search__hit");
    var a = el("a", "kl-search__link");
    a.href = d.url;
    var kind = d.meta && d.meta.kind;
    if (kind) a.appendChild(el("span", "kl-search__kind", KIND_LABELS[kind] || kind));
    a.appendChild(el("span", "kl-search__title", (d.meta && d.meta.title) || d.url));
    li.appendChild(a);
    var excerpt = el("p", "kl-search__excerpt");
    // Pagefind's excerpt is the page's text (HTML-escaped by Pagefind) with <mark> around the hits: read in an
    // inert document (nothing in it loads or runs) and rebuilt from its text, keeping only the marks
    var parsed = new DOMParser().parseFromString(d.excerpt || "", "text/html").body;
    parsed.childNodes.forEach(function (node) {
      var text = node.textContent;
      excerpt.appendChild(node.nodeName === "MARK" ? el("mark", "", text) : document.createTextNode(text));
    });
    li.appendChild(excerpt);
    return li;
  }

  function open(event) {
    if (event) event.preventDefault();
    opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    load();
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // A frame without our dialog (a site built by Zensical: README, "Engines"): the page's search buttons open the
  // theme's own search.
  function themeSearch() {
    var toggle = document.querySelector('label[for="__search"]');
    if (!toggle) return;
    document.querySelectorAll("[data-kl-search-open]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { toggle.click(); });
    });
  }

  function init() {
    dialog = document.getElementById("kl-search");
    if (!dialog) return themeSearch();
    if (typeof dialog.showModal !== "function") return;
    input = dialog.querySelector("[data-kl-search-input]");
    status = dialog.querySelector("[data-kl-search-status]");
    list = dialog.querySelector("[data-kl-search-results]");
    more = dialog.querySelector("[data-kl-search-more]");
    try { KIND_LABELS = JSON.parse(dialog.getAttribute("data-kl-kinds") || "{}"); } catch (e) { KIND_LABELS = {}; }
    dialog.querySelectorAll("select[data-kl-search-key]").forEach(function (select) {
      selects[select.getAttribute("data-kl-search-key")] = select;
      select.addEventListener("change", run);
    });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });
    dialog.querySelectorAll("[data-kl-search-close]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });
    // Escape closes (Material's own key handler on the document would otherwise swallow it)
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        dialog.close();
      }
    });
    dialog.addEventListener("close", function () {
      if (opener && opener.focus) opener.focus();
    });
    // a search form on a page (the start page's): its words go into the dialog, which searches at once
    document.querySelectorAll("form[data-kl-search-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var words = form.querySelector("input[type=search]").value;
        open(event);
        input.value = words;
        run();
      });
    });
    document.querySelectorAll("[data-kl-search-open]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", open);
    });
    document.addEventListener("keydown", function (event) {
      if (dialog.open || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") open(event);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
