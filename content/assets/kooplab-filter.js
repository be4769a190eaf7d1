/* Kooplab: filter a list in the browser – the directory, the Kooperations-Lab, the map.
 *
 * Progressive enhancement. The page already lists every record; each card (or map point)
 * carries data-kl-id="<slug>". The form (partials/kl-filters.html, hidden in the HTML) is shown
 * once the list's JSON index (kooplab.facets: facet options, one search text and the facet values
 * per record) has loaded. Without JavaScript nothing changes: the full list stays, and the static
 * network, region, format and SDG pages cover the same facets.
 *
 * Rules: values within a facet are OR-ed, facets are AND-ed, and every word of the text field must
 * occur in the record's search text (name, place, the first words of its summary), or the site search
 * (Pagefind, kooplab-search.js's index) finds the words in the record page's full text: on the directory,
 * the lab and the events (data-kl-fulltext names the kind of page), once Pagefind has answered, the hits
 * among the first FULLTEXT_LIMIT of its results count too.
 * Each option shows how many records have it among those the
 * other filters leave; options with none are disabled. The result count is announced
 * (role=status, aria-live=polite).
 *
 * The filter state lives in the URL, so a filtered view can be shared and the back button works:
 *   ?region=DE-NI&sdg=12,13&suche=reparatur
 * one key per facet (kind, region, network, sector, sdg, format, status, …), several values
 * comma-joined (repeated keys are read too), q for the text. A change of the checkboxes adds a
 * history entry; typing adds one for the first keystroke and then updates it.
 *
 * Elements with data-kl-group (sections, A–Z letters) are hidden when all their cards are, and
 * so are the in-page links to them; elements with data-kl-unfiltered (the lab's featured cases and
 * its format counts) are hidden while a filter is active, so no card shows twice and no count is stale; links with data-kl-carry keep the current query (e.g. the
 * directory's link to the map). No framework, nothing from another host.
 *
 * A large directory is split into pages (extra.kooplab.directory_page_size): each page holds only
 * its own cards, so while a filter is active the script hides that page's list (and its pager,
 * data-kl-paged-hide) and draws the cards of all hits itself into [data-kl-results]: names,
 * cities and logos come from the form's data-kl-cards file (verzeichnis/cards.json, loaded on the
 * first use of a filter), kinds, states, networks and SDGs from the index's facet labels,
 * RESULT_STEP cards at a time ("Weitere Treffer zeigen"). The lab and the Börse split the same
 * way; their card data ({"card": "plain"}: titles, one line each, addresses) draws plain cards.
 * Cards are built with DOM methods (textContent), never from HTML strings.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var RESULT_STEP = 100; // cards drawn at a time on a directory split into pages
  var FULLTEXT_LIMIT = 300; // full-text hits looked up per query (each is a small file)

  function setHidden(el, hidden) {
    // SVG elements have no .hidden property: the attribute works for both (CSS hides SVG ones)
    if (hidden) el.setAttribute("hidden", "");
    else el.removeAttribute("hidden");
  }

  function Filter(form, index) {
    this.form = form;
    this.index = index;
    this.keys = index.facets.map(function (f) { return f.key; });
    this.slugs = index.text.map(function (t) { return t.split(" ", 1)[0]; });
    this.values = index.values.map(function (column) {
      return column.map(function (v) { return typeof v === "number" ? [v] : v; });
    });
    this.options = index.facets.map(function (f) {
      return new Map(f.options.map(function (o, i) { return [o[0], i]; }));
    });
    this.stop = new Set(index.stop || []);
    this.scope = form.closest("article") || document.body;
    this.text = form.querySelector('input[name="suche"]');
    this.status = form.querySelector("[data-kl-status]");
    this.typing = false;
    // the site search's loader (kooplab-search.js, on every page); without it the compact text only
    this.fulltextKind = window.kooplabPagefind ? form.getAttribute("data-kl-fulltext") : null;
    this.fulltext = null; // {query, slugs}: the records whose page the site search finds for the query

    var self = this;
    this.cards = new Map();
    this.scope.querySelectorAll("[data-kl-id]").forEach(function (el) {
      var slug = el.getAttribute("data-kl-id");
      if (!self.cards.has(slug)) self.cards.set(slug, []);
      self.cards.get(slug).push(el);
    });
    this.groups = Array.prototype.slice.call(this.scope.querySelectorAll("[data-kl-group]"));
    this.unfiltered = Array.prototype.slice.call(this.scope.querySelectorAll("[data-kl-unfiltered]"));
    this.results = this.scope.querySelector("[data-kl-results]");
    this.paged = !!(this.results && form.getAttribute("data-kl-cards"));
    this.cardData = null; // verzeichnis/cards.json: loaded when the first filter is used
    this.limit = RESULT_STEP;
    if (this.paged) {
      this.resultList = this.results.querySelector("[data-kl-result-list]");
      this.more = this.results.querySelector("[data-kl-more]");
      this.pagedHide = Array.prototype.slice.call(this.scope.querySelectorAll("[data-kl-paged-hide]"));
      this.cardsUrl = new URL(form.getAttribute("data-kl-cards"), document.baseURI).href;
      this.cardsLoading = false;
      if (this.more) {
        this.more.addEventListener("click", function () {
          self.limit += RESULT_STEP;
          self.render();
        });
      }
    }
    this.carry = Array.prototype.slice.call(document.querySelectorAll("a[data-kl-carry]")).map(function (a) {
      return { link: a, base: a.getAttribute("href").split("?")[0] };
    });
    this.boxes = this.keys.map(function (key) {
      return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + key + '"]'));
    });
    this.chosen = this.keys.map(function (key) {
      var facet = form.querySelector('[data-kl-facet="' + key + '"]');
      return facet ? facet.querySelector("[data-kl-chosen]") : null;
    });

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        self.typing = false;
        self.update("push");
      }
    });
    if (this.text) {
      this.text.addEventListener("input", function () {
        self.update(self.typing ? "replace" : "push");
        self.typing = true;
      });
      this.text.addEventListener("blur", function () { self.typing = false; });
    }
    var reset = form.querySelector("[data-kl-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        self.boxes.forEach(function (list) { list.forEach(function (box) { box.checked = false; }); });
        if (self.text) self.text.value = "";
        self.typing = false;
        self.update("push");
      });
    }
    window.addEventListener("popstate", function () {
      self.typing = false;
      self.load();
    });
    // the form is on the page from the first paint: what a reader typed or ticked before the script was
    // ready is kept (and goes into the address), unless the address already names a selection
    var early = (this.text && this.text.value.trim()) ||
      this.boxes.some(function (list) { return list.some(function (box) { return box.checked; }); });
    var named = this.keys.concat(["suche"]).some(function (key) {
      return new URLSearchParams(window.location.search).has(key);
    });
    if (early && !named) this.update("replace");
    else this.load();
    setHidden(form, false);
    form.setAttribute("data-kl-ready", "");  // for tests: the index has loaded and the form works
  }

  /* The state in the URL -> the form -> the list. */
  Filter.prototype.load = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    this.keys.forEach(function (key, f) {
      var wanted = new Set();
      params.getAll(key).forEach(function (raw) {
        raw.split(",").forEach(function (v) { if (v) wanted.add(v); });
      });
      self.boxes[f].forEach(function (box) { box.checked = wanted.has(box.value); });
    });
    if (this.text) this.text.value = params.get("suche") || "";
    this.render();
  };

  /* The form's state: the chosen option indexes per facet, and the query words. */
  Filter.prototype.state = function () {
    var self = this;
    var chosen = this.boxes.map(function (list, f) {
      var set = new Set();
      list.forEach(function (box) {
        if (box.checked && self.options[f].has(box.value)) set.add(self.options[f].get(box.value));
      });
      return set;
    });
    var query = this.text ? this.text.value : "";
    return {
      chosen: chosen,
      query: query.trim(),
      words: words(query).filter(function (w) { return !self.stop.has(w); })
    };
  };

  Filter.prototype.queryString = function () {
    var parts = [];
    var self = this;
    this.keys.forEach(function (key, f) {
      var picked = self.boxes[f].filter(function (box) { return box.checked; }).map(function (box) {
        return encodeURIComponent(box.value);
      });
      if (picked.length) parts.push(key + "=" + picked.join(","));
    });
    var q = this.text ? this.text.value.trim() : "";
    if (q) parts.push("suche=" + encodeURIComponent(q));
    return parts.length ? "?" + parts.join("&") : "";
  };

  /* After a change in the form: the list, then the URL ("push" a new history entry or "replace" it). */
  Filter.prototype.update = function (mode) {
    this.render();
    var search = this.queryString();
    if (search === window.location.search) return;
    var url = window.location.pathname + search;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };

  Filter.prototype.render = function () {
    var state = this.state();
    var facets = this.keys.length;
    var counts = this.index.facets.map(function (f) { return new Array(f.options.length).fill(0); });
    var shown = new Set();
    var values = this.values;
    var found = this.fullText(state.query);
    for (var i = 0; i < this.slugs.length; i++) {
      var text = this.index.text[i];
      if (!state.words.every(function (w) { return text.indexOf(w) >= 0; })
          && !(found && found.has(this.slugs[i]))) continue;
      var failed = -1;
      var failures = 0;
      for (var f = 0; f < facets && failures < 2; f++) {
        var set = state.chosen[f];
        if (set.size && !values[f][i].some(function (v) { return set.has(v); })) {
          failed = f;
          failures++;
        }
      }
      if (failures === 0) {
        shown.add(this.slugs[i]);
        for (var g = 0; g < facets; g++) values[g][i].forEach(function (v) { counts[g][v]++; });
      } else if (failures === 1) {
        // this record would count if its one failing facet were chosen differently
        values[failed][i].forEach(function (v) { counts[failed][v]++; });
      }
    }
    var active = state.words.length > 0 || state.chosen.some(function (s) { return s.size > 0; });
    this.unfiltered.forEach(function (el) { setHidden(el, active); });

    if (this.paged) {
      this.renderPaged(active, shown);
    } else this.cards.forEach(function (elements, slug) {
      elements.forEach(function (el) { setHidden(el, active && !shown.has(slug)); });
    });
    var scope = this.scope;
    if (!this.paged) this.groups.forEach(function (group) {
      var cards = group.querySelectorAll("[data-kl-id]");
      if (!cards.length) return;
      var empty = Array.prototype.every.call(cards, function (el) { return el.hasAttribute("hidden"); });
      setHidden(group, empty);
      // in-page links to a hidden group (the A–Z letters) go too
      group.querySelectorAll("[id]").forEach(function (target) {
        scope.querySelectorAll('a[href="#' + CSS.escape(target.id) + '"]').forEach(function (a) {
          if (group.contains(a)) return;
          setHidden(a.closest("li") || a, empty);
        });
      });
    });

    var self = this;
    this.boxes.forEach(function (list, f) {
      list.forEach(function (box) {
        var n = self.options[f].has(box.value) ? counts[f][self.options[f].get(box.value)] : 0;
        var label = box.closest("label");
        var count = label && label.querySelector("[data-kl-n]");
        if (count) count.textContent = String(n);
        box.disabled = n === 0 && !box.checked;
        if (label) label.classList.toggle("kl-filter__option--none", box.disabled);
      });
      if (self.chosen[f]) self.chosen[f].textContent = state.chosen[f].size ? "(" + state.chosen[f].size + ")" : "";
    });

    if (this.status) {
      var total = this.slugs.length;
      var message = !active ? this.status.getAttribute("data-kl-all")
        : shown.size === 0 ? this.status.getAttribute("data-kl-none")
          : this.status.getAttribute(shown.size === 1 ? "data-kl-one" : "data-kl-some");
      var text = (message || "").replace("{n}", String(shown.size)).replace("{total}", String(total));
      if (this.status.textContent !== text) this.status.textContent = text;
    }
    var search = this.queryString();
    this.carry.forEach(function (c) { c.link.setAttribute("href", c.base + search); });
  };

  /* The records whose page the site search finds for the query (a Set of slugs), or null while Pagefind has
     not answered yet (then it is asked, and the list drawn again when it has). */
  Filter.prototype.fullText = function (query) {
    if (!this.fulltextKind || !query) return null;
    if (this.fulltext && this.fulltext.query === query) return this.fulltext.slugs;
    var self = this;
    if (this.asking === query) return null;
    this.asking = query;
    window.kooplabPagefind().then(function (pf) {
      return pf.search(query, { filters: { kind: self.fulltextKind } });
    }).then(function (search) {
      return Promise.all(((search && search.results) || []).slice(0, FULLTEXT_LIMIT).map(function (r) {
        return r.data();
      }));
    }).then(function (pages) {
      var slugs = new Set(pages.map(function (d) { return d.url.replace(/\/$/, "").split("/").pop(); }));
      self.fulltext = { query: query, slugs: slugs };
      if (self.asking === query) self.asking = null;
      if (self.state().query === query) self.render();
    }).catch(function (error) {
      self.asking = null;
      if (window.console) window.console.warn("Kooplab-Filter: Volltextsuche nicht geladen:", error);
    });
    return null;
  };

  /* A list split into pages (directory, lab, Börse): while filtering, the hits of all pages as cards
     drawn here. */
  Filter.prototype.renderPaged = function (active, shown) {
    var self = this;
    this.groups.concat(this.pagedHide).forEach(function (el) { setHidden(el, active); });
    setHidden(this.results, !active);
    if (!active) {
      this.limit = RESULT_STEP;
      this.resultList.textContent = "";
      return;
    }
    if (!this.cardData) {
      if (!this.cardsLoading) {
        this.cardsLoading = true;
        fetch(this.cardsUrl, { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          })
          .then(function (data) {
            self.cardData = data;
            self.render();
          })
          .catch(function (error) {
            self.cardsLoading = false;
            if (window.console) window.console.warn("Kooplab-Filter: Karten nicht geladen:", error);
          });
      }
      return;
    }
    var hits = [];
    for (var i = 0; i < this.slugs.length && hits.length <= this.limit; i++) {
      if (shown.has(this.slugs[i])) hits.push(i);
    }
    var fragment = document.createDocumentFragment();
    hits.slice(0, this.limit).forEach(function (i) { fragment.appendChild(self.card(i)); });
    this.resultList.textContent = "";
    this.resultList.appendChild(fragment);
    if (this.more) setHidden(this.more, hits.length <= this.limit);
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* A plain card (a case study of the lab, an entry of the Börse): its title as a link, one line. */
  Filter.prototype.plainCard = function (i) {
    var meta = this.cardData;
    var li = el("li", "kl-card");
    li.setAttribute("data-kl-id", this.slugs[i]);
    var title = el("h3", "kl-card__title");
    var link = el("a", "", meta.names[i]);
    link.href = new URL(meta.urls[i], this.cardsUrl).href;
    title.appendChild(link);
    li.appendChild(title);
    li.appendChild(el("p", "kl-card__meta", meta.lines[i]));
    return li;
  };

  /* One member card, the same markup as partials/kl-member-card.html. */
  Filter.prototype.card = function (i) {
    var index = this.index;
    var meta = this.cardData;
    var base = this.cardsUrl;
    if (meta.card === "plain") return this.plainCard(i);
    var facet = {};
    var self = this;
    index.facets.forEach(function (f, n) {
      facet[f.key] = self.values[n][i].map(function (v) { return f.options[v]; });
    });
    var name = meta.names[i];
    var li = el("li", "kl-card kl-member-card");
    li.setAttribute("data-kl-id", this.slugs[i]);
    var title = el("h3", "kl-card__title");
    var link = el("a", "", name);
    link.href = new URL((meta.base || "") + this.slugs[i] + "/", base).href;
    title.appendChild(link);
    li.appendChild(title);
    var logoBox = el("div", "kl-card__logo");
    var logo = meta.logos && meta.logos[String(i)];
    if (logo) {
      var img = el("img", "kl-logo");
      img.src = new URL(logo, base).href;
      img.alt = "Logo von " + name;
      img.width = 64;
      img.height = 64;
      img.loading = "lazy";
      logoBox.appendChild(img);
    } else {
      var initial = el("span", "kl-logo kl-logo--placeholder", (name.match(/[\p{L}\p{N}]/u) || ["#"])[0].toUpperCase());
      initial.setAttribute("aria-hidden", "true");
      logoBox.appendChild(initial);
    }
    li.appendChild(logoBox);
    var metaLine = el("p", "kl-card__meta");
    metaLine.appendChild(el("span", "kl-card__kind", (facet.kind && facet.kind[0]) ? facet.kind[0][1] : ""));
    var city = meta.cities[i];
    var state = (facet.region && facet.region[0]) ? facet.region[0][1] : "";
    metaLine.appendChild(document.createTextNode(" "));
    metaLine.appendChild(el("span", "kl-card__place", state && state !== city ? city + ", " + state : city));
    li.appendChild(metaLine);
    if (facet.network && facet.network.length) {
      var networks = el("ul", "kl-card__networks");
      networks.setAttribute("aria-label", "Netzwerke");
      facet.network.forEach(function (o) { networks.appendChild(el("li", "", o[1])); });
      li.appendChild(networks);
    }
    var goals = (facet.sdg || []).map(function (o) { return o[0]; }).sort(function (a, b) { return a - b; });
    if (goals.length && meta.goals) {
      var badges = el("ul", "kl-sdg-badges");
      badges.setAttribute("aria-label", "Nachhaltigkeitsziele");
      goals.forEach(function (number) {
        var g = meta.goals[number];
        if (!g) return;
        var item = el("li");
        var a = el("a", "kl-sdg-badge");
        a.href = new URL(g[0], base).href;
        a.title = "SDG " + number + ": " + g[3];
        a.style.setProperty("--sdg", g[1]);
        a.style.setProperty("--sdg-text", g[2]);
        var shown = el("span", "", number);
        shown.setAttribute("aria-hidden", "true");
        a.appendChild(shown);
        a.appendChild(el("span", "kl-sr-only", "SDG " + number + ": " + g[3]));
        item.appendChild(a);
        badges.appendChild(item);
      });
      li.appendChild(badges);
    }
    return li;
  };

  function start() {
    document.querySelectorAll("form[data-kl-filter]").forEach(function (form) {
      var url = new URL(form.getAttribute("data-kl-filter"), document.baseURI);
      fetch(url.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (index) { new Filter(form, index); })
        .catch(function (error) {
          // the form stays hidden and the full list stays on the page
          if (window.console) window.console.warn("Kooplab-Filter nicht geladen:", error);
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
