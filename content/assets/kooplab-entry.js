/* Kooplab: the entry form (/mitmachen/eintragen/). Builds the fields of a member, case study or event from the
   page's spec (kooplab.pages.entry_form: schemas, vocabularies, German labels), checks them while the editor
   types, and writes the record file in the layout of the editors' templates (as kooplab new and kooplab import
   do). Nothing is sent anywhere: GitHub, e-mail and download are links the editor chooses. */
(function () {
  "use strict";
  const root = document.querySelector("[data-kl-entry]");
  if (!root) return;
  const spec = JSON.parse(root.querySelector("[data-kl-spec]").textContent);
  const form = root.querySelector("[data-kl-form]");
  const summary = root.querySelector("[data-kl-summary]");
  const text = root.querySelector("[data-kl-text]");
  const fileName = root.querySelector("[data-kl-filename]");
  const slugNote = root.querySelector("[data-kl-slug-note]");
  const github = root.querySelector("[data-kl-github]");
  const mail = root.querySelector("[data-kl-mail]");
  const download = root.querySelector("[data-kl-download]");
  const editing = root.querySelector("[data-kl-editing]");
  const today = spec.today; // the build date (kooplab.pages.entry_form)
  let kind = spec.order[0];
  let existing = null; // slugs per kind, from api/index.json
  let edit = null; // {kind, slug, record} when an existing record is changed
  let shown = false; // every error is shown (and listed above the form) once the editor asks for the file
  const touched = new Set(); // fields the editor has left: their errors show while typing
  let textEdited = false;

  // --- names -----------------------------------------------------------------------------------------------
  function slugify(value) {
    let s = value.normalize("NFC").toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
    s = s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    return s.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  const idOf = (path) => "kl-f-" + path.replace(/[^a-z0-9]+/gi, "-");

  // --- building the form -------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  function labelText(field) {
    return field.label + (field.required ? " (Pflicht)" : "");
  }

  function help(field, id) {
    return field.help ? el("p", { class: "kl-entry__help", id: id + "-help", text: field.help }) : null;
  }

  function describe(input, id, field) {
    const ids = [field.help ? id + "-help" : "", id + "-error"].filter(Boolean).join(" ");
    input.setAttribute("aria-describedby", ids);
  }

  function control(field, path, value) {
    const id = idOf(path);
    const wrap = el("div", { class: "kl-entry__field", "data-kl-path": path });
    if (field.widget === "hidden") return null;
    if (field.widget === "group") {
      const set = el("fieldset", { class: "kl-entry__group" }, el("legend", { text: labelText(field) }));
      set.append(...[help(field, id)].filter(Boolean));
      for (const sub of field.fields) {
        const c = control(sub, path + "." + sub.name, (value || {})[sub.name]);
        if (c) set.append(c);
      }
      wrap.append(set, el("p", { class: "kl-entry__error", id: id + "-error", hidden: true }));
      return wrap;
    }
    if (field.widget === "repeat" || field.widget === "partners") return repeat(field, path, value || []);
    if (field.widget === "choices") {
      const chosen = (value || []).map(String);
      // the order the record gave (the first format is the main one), then the vocabulary's
      const set = el("fieldset", { class: "kl-entry__choices", id, "data-kl-order": JSON.stringify(chosen) },
                     el("legend", { text: labelText(field) }));
      set.append(...[help(field, id)].filter(Boolean));
      field.choices.forEach(([v, label], i) => {
        const box = el("input", { type: "checkbox", id: id + "-" + i, value: String(v), "data-kl-choice": path });
        box.checked = chosen.includes(String(v));
        set.append(el("label", { class: "kl-entry__choice", for: id + "-" + i }, box, " " + label));
      });
      wrap.append(set, el("p", { class: "kl-entry__error", id: id + "-error", hidden: true }));
      return wrap;
    }
    let input;
    if (field.widget === "choice") {
      input = el("select", { id, name: path }, el("option", { value: "", text: "– bitte wählen –" }));
      for (const [v, label] of field.choices) input.append(el("option", { value: String(v), text: label }));
      input.value = value === undefined || value === null ? "" : String(value);
    } else if (field.widget === "checkbox") {
      input = el("input", { type: "checkbox", id, name: path });
      input.checked = value === true;
      wrap.classList.add("kl-entry__field--checkbox");
      wrap.append(input, el("label", { for: id, text: " " + labelText(field) }));
      describe(input, id, field);
      wrap.append(...[help(field, id)].filter(Boolean), el("p", { class: "kl-entry__error", id: id + "-error", hidden: true }));
      return wrap;
    } else if (field.widget === "textarea" || field.widget === "lines") {
      input = el("textarea", { id, name: path, rows: field.widget === "lines" || field.maxLength <= 300 ? 3 : 6 });
      input.value = Array.isArray(value) ? value.join("\n") : value === undefined || value === null ? "" : String(value);
    } else {
      const type = { date: "date", url: "url", integer: "text", number: "text" }[field.type] || "text";
      input = el("input", { type, id, name: path, inputmode: field.type === "integer" ? "numeric" : field.type === "number" ? "decimal" : null,
                            autocomplete: field.name === "email" ? "email" : "off" });
      if (path.endsWith("email")) input.type = "email";
      input.value = value === undefined || value === null ? "" : String(value);
    }
    if (field.required) input.setAttribute("aria-required", "true");
    describe(input, id, field);
    wrap.append(el("label", { for: id, text: labelText(field) }), help(field, id) || "", input,
                el("p", { class: "kl-entry__error", id: id + "-error", hidden: true }));
    return wrap;
  }

  function repeat(field, path, items) {
    const id = idOf(path);
    const set = el("fieldset", { class: "kl-entry__repeat", id, "data-kl-repeat": path },
                   el("legend", { text: labelText(field) }));
    set.append(...[help(field, id)].filter(Boolean));
    const list = el("div", { class: "kl-entry__items" });
    set.append(list);
    const add = el("button", { type: "button", class: "md-button kl-entry__add", text: field.item + " hinzufügen" });
    set.append(add, el("p", { class: "kl-entry__error", id: id + "-error", hidden: true }));
    const renumber = () => [...list.children].forEach((item, i) => {
      item.querySelector("legend").textContent = field.item + " " + (i + 1);
      item.querySelector("[data-kl-remove]").textContent = field.item + " " + (i + 1) + " entfernen";
    });
    let counter = 0;
    const addItem = (value, focus) => {
      const n = counter++;
      const itemPath = path + "." + n;
      const item = el("fieldset", { class: "kl-entry__item", "data-kl-item": itemPath }, el("legend"));
      const given = field.widget === "partners" && typeof value === "string" ? { slug: value } : value || {};
      for (const sub of field.fields) {
        const c = control(sub, itemPath + "." + sub.name, given[sub.name]);
        if (c) item.append(c);
      }
      const remove = el("button", { type: "button", class: "kl-entry__remove", "data-kl-remove": true });
      remove.addEventListener("click", () => { item.remove(); renumber(); update(); add.focus(); });
      item.append(remove);
      list.append(item);
      renumber();
      if (focus) item.querySelector("input, select, textarea").focus();
    };
    add.addEventListener("click", () => { addItem(null, true); update(); });
    items.forEach((v) => addItem(v, false));
    const min = field.minItems || 0;
    for (let i = items.length; i < min; i++) addItem(null, false);
    return el("div", { class: "kl-entry__field", "data-kl-path": path }, set);
  }

  function build(values) {
    form.textContent = "";
    const k = spec.kinds[kind];
    for (const field of k.fields) {
      let value = values[field.name];
      if (value === undefined && k.dateFields.includes(field.name)) value = today;
      const c = control(field, field.name, value);
      if (c) form.append(c);
    }
  }

  // --- reading the form --------------------------------------------------------------------------------------
  function read(field, path, scope) {
    if (field.widget === "hidden") return edit && edit.kind === kind ? valueAt(edit.record, path) : undefined;
    if (field.widget === "group") {
      const out = {};
      for (const sub of field.fields) {
        const v = read(sub, path + "." + sub.name, scope);
        if (v !== undefined) out[sub.name] = v;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (field.widget === "repeat" || field.widget === "partners") {
      const set = scope.querySelector(`[data-kl-repeat="${path}"]`);
      const out = [];
      for (const item of set.querySelectorAll(":scope > .kl-entry__items > [data-kl-item]")) {
        const p = item.getAttribute("data-kl-item");
        const entry = {};
        for (const sub of field.fields) {
          const v = read(sub, p + "." + sub.name, item);
          if (v !== undefined) entry[sub.name] = v;
        }
        if (field.widget === "partners") {
          if (entry.slug) out.push(entry.slug);
          else if (entry.name || entry.website) out.push(Object.assign({ name: entry.name || "" }, entry.website ? { website: entry.website } : {}));
        } else if (Object.keys(entry).length) out.push(entry);
      }
      return out.length ? out : undefined;
    }
    if (field.widget === "choices") {
      const boxes = [...scope.querySelectorAll(`[data-kl-choice="${path}"]`)].filter((b) => b.checked);
      const set = scope.querySelector(`[id="${idOf(path)}"]`);
      const first = set ? JSON.parse(set.getAttribute("data-kl-order") || "[]") : [];
      const rank = (v) => (first.includes(v) ? first.indexOf(v) : first.length);
      boxes.sort((a, b) => rank(a.value) - rank(b.value));
      const out = boxes.map((b) => (field.items === "integer" ? Number(b.value) : b.value));
      return out.length ? out : undefined;
    }
    const input = scope.querySelector(`[name="${path}"]`);
    if (!input) return undefined;
    if (field.widget === "checkbox") return input.checked ? true : undefined;
    const raw = input.value.trim();
    if (field.widget === "lines") {
      const out = raw.split(/\n/).map((s) => s.trim()).filter(Boolean);
      return out.length ? out : undefined;
    }
    if (raw === "") return undefined;
    if (field.type === "integer" && /^-?\d+$/.test(raw)) return Number(raw);
    if (field.type === "number" && /^-?\d+([.,]\d+)?$/.test(raw)) return Number(raw.replace(",", "."));
    if (field.type === "period" && /^\d{4}$/.test(raw)) return Number(raw);
    if (field.widget === "choice" && field.choices.length && typeof field.choices[0][0] === "number") return Number(raw);
    return field.widget === "textarea" ? input.value.replace(/\s+$/, "") : raw;
  }

  function valueAt(record, path) {
    let v = record;
    for (const part of path.split(".")) v = v === undefined || v === null ? undefined : v[part];
    return v === null ? undefined : v;
  }

  function record() {
    const out = {};
    for (const field of spec.kinds[kind].fields) {
      const v = read(field, field.name, form);
      if (v !== undefined) out[field.name] = v;
    }
    return out;
  }

  // --- checks (the rules of kooplab validate that need no other file) ----------------------------------------
  function check(field, path, value, problems, itemPath) {
    const at = itemPath || path;
    const say = (message) => problems.push({ path: at, message });
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
      if (field.required) say(field.widget === "choice" ? "Pflichtfeld: bitte wählen Sie aus." : "Pflichtfeld: bitte ausfüllen.");
      return;
    }
    if (field.widget === "group") {
      for (const sub of field.fields) check(sub, path + "." + sub.name, value[sub.name], problems);
      return;
    }
    if (field.widget === "repeat" || field.widget === "partners") {
      if (field.minItems && value.length < field.minItems) say(`Mindestens ${field.minItems} Einträge.`);
      return; // the items: checkItems
    }
    if (Array.isArray(value)) {
      if (field.minItems && value.length < field.minItems) say(`Mindestens ${field.minItems} Einträge.`);
      return;
    }
    if (typeof value === "string") {
      if (field.minLength && value.length < field.minLength) return say(`Zu kurz: mindestens ${field.minLength} Zeichen.`);
      if (field.maxLength && value.length > field.maxLength) return say(`Zu lang: höchstens ${field.maxLength} Zeichen (jetzt ${value.length}).`);
    }
    const raw = String(value);
    if (field.type === "integer" && !(Number.isInteger(value))) return say("Bitte eine ganze Zahl.");
    if (field.type === "number" && typeof value !== "number") return say("Bitte eine Zahl, z. B. 52.52.");
    if (typeof value === "number" && ((field.minimum !== undefined && value < field.minimum) || (field.maximum !== undefined && value > field.maximum)))
      return say(`Bitte eine Zahl von ${field.minimum} bis ${field.maximum}.`);
    if (field.type === "url" && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(raw)) return say("Bitte eine vollständige Web-Adresse, die mit https:// beginnt.");
    if (field.type === "date" && !validDate(raw)) return say("Bitte ein Datum in der Form JJJJ-MM-TT.");
    if (field.type === "period" && !/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(raw)) return say("Bitte ein Jahr (2026) oder Jahr und Monat (2026-03).");
    if (field.type === "when") {
      const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(raw);
      if (!m || !validDate(m[1]) || (m[2] && (Number(m[2]) > 23 || Number(m[3]) > 59)))
        return say("Bitte ein Datum, optional mit Uhrzeit: 2027-01-20 17:00.");
    }
    if (field.widget === "choice" && !field.choices.some(([v]) => String(v) === raw)) return say("Bitte wählen Sie einen Eintrag der Liste.");
    if (field.pattern && typeof value === "string" && !new RegExp(field.pattern).test(value))
      return say(field.help ? `Hat nicht die erwartete Form. ${field.help}` : "Hat nicht die erwartete Form.");
  }

  function validDate(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = new Date(s + "T00:00:00Z");
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }

  function problemsOf(rec) {
    const problems = [];
    const k = spec.kinds[kind];
    for (const field of k.fields) {
      if (field.widget === "hidden") continue;
      check(field, field.name, rec[field.name], problems);
      if ((field.widget === "repeat" || field.widget === "partners") && rec[field.name]) {
        const items = [...form.querySelectorAll(`[data-kl-repeat="${field.name}"] > .kl-entry__items > [data-kl-item]`)];
        const goals = new Set();
        items.forEach((item) => {
          const p = item.getAttribute("data-kl-item");
          const entry = {};
          for (const sub of field.fields) entry[sub.name] = read(sub, p + "." + sub.name, item);
          if (Object.values(entry).every((v) => v === undefined)) return;
          if (field.widget === "partners") {
            if (!entry.slug && !entry.name) problems.push({ path: p + ".name", message: "Bitte das Kürzel eines Mitglieds oder einen Namen." });
            if (entry.website) check(field.fields.find((f) => f.name === "website"), p + ".website", entry.website, problems);
            return;
          }
          for (const sub of field.fields) check(sub, p + "." + sub.name, entry[sub.name], problems);
          if (entry.goal !== undefined) {
            if (goals.has(entry.goal)) problems.push({ path: p + ".goal", message: "Dieses Ziel steht schon oben: jedes Ziel nur einmal." });
            goals.add(entry.goal);
          }
          if (entry.name && !entry.consent)
            problems.push({ path: p + ".consent", message: "Namen von Personen nur mit schriftlicher Einwilligung: bitte das Datum der Einwilligung angeben." });
          if (entry.consent && entry.consent > today) problems.push({ path: p + ".consent", message: "Die Einwilligung kann nicht in der Zukunft liegen." });
        });
      }
    }
    const loc = rec.location || {};
    if ((loc.lat === undefined) !== (loc.lon === undefined))
      problems.push({ path: loc.lat === undefined ? "location.lat" : "location.lon", message: "Breite und Länge nur zusammen angeben." });
    if (kind === "event" && !loc.online && !(loc.city && loc.region))
      problems.push({ path: "location.city", message: "Bitte Stadt und Bundesland angeben oder „Online“ wählen." });
    if (kind === "event" && rec.end && rec.start && !problems.some((p) => p.path === "start" || p.path === "end") &&
        String(rec.end) < String(rec.start))
      problems.push({ path: "end", message: "Das Ende liegt vor dem Beginn." });
    const slug = slugOf(rec);
    if (!slug) problems.push({ path: k.titleField, message: "Aus diesem Namen lässt sich kein Dateiname bilden: bitte Buchstaben oder Ziffern verwenden." });
    else if (existing && existing[kind] && existing[kind].has(slug) && !(edit && edit.kind === kind && edit.slug === slug))
      problems.push({ path: k.titleField, message: `Einen Eintrag mit dem Dateinamen „${slug}“ gibt es schon. Ändern Sie den Namen oder bearbeiten Sie den bestehenden Eintrag.` });
    return problems;
  }

  function slugOf(rec) {
    if (edit && edit.kind === kind) return edit.slug;
    return slugify(String(rec[spec.kinds[kind].titleField] || ""));
  }

  function showProblems(problems) {
    for (const err of form.querySelectorAll(".kl-entry__error")) { err.hidden = true; err.textContent = ""; }
    for (const bad of form.querySelectorAll("[aria-invalid]")) bad.removeAttribute("aria-invalid");
    summary.textContent = "";
    summary.hidden = !problems.length || !shown;
    const list = el("ul");
    for (const p of problems) {
      if (!shown && !touched.has(p.path)) continue;
      const id = idOf(p.path);
      const err = document.getElementById(id + "-error");
      const input = document.getElementById(id);
      if (err) { err.hidden = false; err.textContent = (err.textContent ? err.textContent + " " : "") + p.message; }
      if (input) input.setAttribute("aria-invalid", "true");
      const target = input ? "#" + id : "";
      const label = labelOf(p.path);
      list.append(el("li", {}, target ? el("a", { href: target, text: `${label}: ${p.message}` }) : el("span", { text: `${label}: ${p.message}` })));
    }
    if (problems.length && shown) summary.append(el("p", { text: `Bitte prüfen Sie ${problems.length === 1 ? "eine Angabe" : problems.length + " Angaben"}:` }), list);
  }

  function labelOf(path) {
    const parts = path.split(".");
    let fields = spec.kinds[kind].fields;
    const words = [];
    for (const part of parts) {
      if (/^\d+$/.test(part)) { words[words.length - 1] += " " + (Number(part) + 1); continue; }
      const f = (fields || []).find((x) => x.name === part);
      if (!f) break;
      words.push(f.widget === "repeat" || f.widget === "partners" ? f.item : f.label);
      fields = f.fields;
    }
    return words.join(" › ");
  }

  // --- the file ------------------------------------------------------------------------------------------------
  const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$/;
  function scalar(v) {
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean" || typeof v === "number") return String(v);
    const s = String(v);
    if (PLAIN_DATE.test(s)) return s;
    const risky = /^[\s\-?:,\[\]{}#&*!|>'"%@`]|[:#]\s|\s#|:$|\s$|^(true|false|yes|no|on|off|null|~)$/i.test(s) ||
      /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) || /^\d+(:\d+)+$/.test(s) || /[\u0000-\u001f]/.test(s);
    return risky || s === "" ? JSON.stringify(s) : s;
  }
  function flowScalar(v) {
    const s = scalar(v);
    return typeof v === "string" && /[,\[\]{}]/.test(s) && s[0] !== '"' ? JSON.stringify(v) : s;
  }
  function emit(key, value, indent) {
    if (typeof value === "string" && value.replace(/\n+$/, "").includes("\n") && !/[ \t]\n|[^\S\n]$/.test(value)) {
      const lines = value.replace(/\n+$/, "").split("\n");
      const indicator = lines[0].startsWith(" ") ? "2" : "";
      return [`${indent}${key}: |${indicator}`, ...lines.map((l) => (l ? `${indent}  ${l}` : ""))];
    }
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== "object" || v === null)) return [`${indent}${key}: [${value.map(flowScalar).join(", ")}]`];
      const lines = [`${indent}${key}:`];
      for (const item of value) {
        if (item && typeof item === "object") {
          Object.entries(item).forEach(([k, v], i) => {
            const sub = emit(k, v, indent + "    ");
            if (i === 0) sub[0] = `${indent}  - ${sub[0].trimStart()}`;
            lines.push(...sub);
          });
        } else lines.push(`${indent}  - ${scalar(item)}`);
      }
      return lines;
    }
    if (value && typeof value === "object") {
      const lines = [`${indent}${key}:`];
      for (const [k, v] of Object.entries(value)) lines.push(...emit(k, v, indent + "  "));
      return lines;
    }
    return [`${indent}${key}: ${scalar(value)}`];
  }
  function ordered(value, template) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    const pos = (k) => { const m = new RegExp(`^\\s+${k}:`, "m").exec(template); return m ? m.index : template.length; };
    return Object.fromEntries(Object.keys(value).sort((a, b) => pos(a) - pos(b)).map((k) => [k, value[k]]));
  }
  function paragraphs(template) {
    return template.split(/\n[ \t]*\n/).map((p) => p.split("\n").filter((l) => l.trim())).filter((p) => p.length);
  }
  function render(template, data, order) {
    const written = new Set();
    const out = [];
    const inTemplate = (k) => new RegExp(`^(# )?${k}:`, "m").test(template);
    for (const par of paragraphs(template)) {
      const fields = [];
      let comments = [];
      for (const line of par) {
        const m = /^([a-z_]+):/.exec(line);
        if (m) { fields.push([m[1], comments]); comments = []; } else if (line.startsWith("#")) comments.push(line);
      }
      if (!fields.length) {
        const ex = /^# ([a-z_]+): /.exec(par[par.length - 1]);
        if (ex && ex[1] in data) { out.push([...par.slice(0, -1), ...emit(ex[1], data[ex[1]], "")]); written.add(ex[1]); }
        else if (!out.length) out.push(par);
        continue;
      }
      if (fields.some(([k]) => k === "reviewed")) {
        for (const k of order) {
          if (k in data && !written.has(k) && !fields.some(([f]) => f === k) && !inTemplate(k) && k !== "body") {
            out.push(emit(k, data[k], "")); written.add(k);
          }
        }
      }
      const lines = [];
      for (const [k, c] of fields) if (k in data) { lines.push(...c, ...emit(k, ordered(data[k], template), "")); written.add(k); }
      if (lines.length) out.push(lines);
    }
    for (const k of order) if (k in data && !written.has(k) && k !== "body") out.push(emit(k, data[k], ""));
    return out.map((p) => p.join("\n")).join("\n\n") + "\n";
  }
  function fileText(rec) {
    const k = spec.kinds[kind];
    const order = k.fields.map((f) => f.name);
    if (kind === "case") {
      const front = k.template.split("---\n")[1] || "";
      const body = rec.body ? `\n${rec.body.trim()}\n` : "";
      return `---\n${render(front, rec, order)}---\n${body}`;
    }
    return render(k.template, rec, order);
  }

  // --- sending -------------------------------------------------------------------------------------------------
  function links(path, content) {
    const repo = (root.getAttribute("data-kl-repo") || "").replace(/\/+$/, "");
    if (repo) {
      github.hidden = false;
      github.href = edit && edit.kind === kind
        ? `${repo}/edit/${spec.branch}/${path}`
        : `${repo}/new/${spec.branch}?filename=${encodeURIComponent(path)}&value=${encodeURIComponent(content)}`;
    } else github.hidden = true;
    if (mail) {
      const subject = (edit ? "Änderung: " : "Neuer Eintrag: ") + path;
      mail.href = `mailto:${spec.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(content)}`;
    }
    if (download.href.startsWith("blob:")) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([content], { type: "text/plain;charset=utf-8" }));
    download.setAttribute("download", path.split("/").pop().replace(/\.md$/, ".md"));
  }

  let timer = null;
  function update() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }
  function refresh() {
    const rec = record();
    const problems = problemsOf(rec);
    showProblems(problems);
    const k = spec.kinds[kind];
    const slug = slugOf(rec) || "…";
    const path = `${k.folder}/${slug}${k.suffix}`;
    fileName.textContent = path;
    slugNote.textContent = edit && edit.kind === kind ? "(bestehender Eintrag)" : "(aus dem Namen gebildet)";
    if (!textEdited) text.value = fileText(rec);
    links(path, text.value);
    root.querySelector("[data-kl-send-note]").hidden = false;
    root.dataset.klProblems = String(problems.length);
  }

  // --- wiring --------------------------------------------------------------------------------------------------
  form.addEventListener("input", () => { textEdited = false; update(); });
  form.addEventListener("change", () => { textEdited = false; update(); });
  form.addEventListener("focusout", (event) => {
    const name = event.target.getAttribute("name") || event.target.getAttribute("data-kl-choice");
    if (name) { touched.add(name); update(); }
  });
  text.addEventListener("input", () => { textEdited = true; links(fileName.textContent, text.value); });
  for (const a of [github, mail, download].filter(Boolean)) {
    a.addEventListener("click", (event) => {
      shown = true;
      refresh();
      if (root.dataset.klProblems !== "0") {
        event.preventDefault();
        summary.hidden = false;
        summary.focus();
      } else if (a === github && edit && navigator.clipboard) {
        navigator.clipboard.writeText(text.value).catch(() => {});
      }
    });
  }
  for (const radio of root.querySelectorAll('input[name="kl-kind"]')) {
    radio.addEventListener("change", () => {
      kind = radio.value; shown = false; touched.clear(); textEdited = false; build({}); refresh();
    });
  }

  function fromApi(k, rec) {
    const out = Object.assign({}, rec);
    for (const key of ["slug", "url", "source", "calendar"]) delete out[key];
    for (const [key, v] of Object.entries(out)) if (v === null) delete out[key];
    if (k === "event") {
      for (const key of ["start", "end"]) if (out[key]) out[key] = out[key].replace(/T(\d{2}:\d{2}).*$/, " $1");
      if (!out.all_day) delete out.all_day;
      if (out.location) for (const [key, v] of Object.entries(out.location)) if (v === null || v === false) delete out.location[key];
    }
    if (out.location) for (const [key, v] of Object.entries(out.location)) if (v === null) delete out.location[key];
    if (k === "case" && /^\d{4}$/.test(String(out.started))) out.started = Number(out.started);
    if (k === "case" && out.ended && /^\d{4}$/.test(String(out.ended))) out.ended = Number(out.ended);
    return out;
  }

  async function start() {
    root.hidden = false;
    const params = new URLSearchParams(location.search);
    const wanted = params.get("bearbeiten");
    const api = root.getAttribute("data-kl-api");
    const plural = { member: "members", case: "cases", event: "events" };
    fetch(api + "index.json").then((r) => (r.ok ? r.json() : null)).then((index) => {
      if (!index) return;
      existing = {};
      for (const [k, p] of Object.entries(plural)) existing[k] = new Set((index[p] || []).map((x) => String(x.id)));
      refresh();
    }).catch(() => {});
    if (wanted && /^(member|case|event)\/[a-z0-9-]+$/.test(wanted)) {
      const [k, slug] = wanted.split("/");
      try {
        const response = await fetch(`${api}${plural[k]}/${slug}.json`);
        if (response.ok) {
          const rec = fromApi(k, (await response.json()).record);
          edit = { kind: k, slug, record: rec };
          kind = k;
          root.querySelector(`input[name="kl-kind"][value="${k}"]`).checked = true;
          editing.hidden = false;
          editing.textContent = `Sie bearbeiten den Eintrag „${rec[spec.kinds[k].titleField]}“. Ändern Sie, was nicht mehr stimmt; die Datei unten zeigt den ganzen Eintrag.`;
          if (k === "member" && (rec.contacts || []).length) {
            // the open data carry role and e-mail only (kooplab.exports.privacy): say so, so nothing is lost unseen
            editing.append(el("strong", { "data-kl-contacts-note": true, text: " Achtung: Bei den Ansprechstellen stehen hier nur Funktion und E-Mail-Adresse. Telefonnummern und Namen von Personen, die in der Datei auf GitHub stehen, übernehmen Sie bitte von dort, bevor Sie den Text einfügen." }));
          }
          build(rec);
          refresh();
          return;
        }
      } catch (e) { /* falls through to an empty form */ }
    }
    build({});
    refresh();
  }
  // for the tests (tests/test_entry_form.py): the fields a record would be told about, as the form checks it
  window.kooplabEntry = {
    check(kindName, slug, rec) {
      kind = kindName;
      edit = { kind: kindName, slug, record: rec };
      build(rec);
      return problemsOf(record()).map((p) => p.path);
    },
  };
  start();
})();
