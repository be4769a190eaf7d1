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
  const loadStatus = root.querySelector("[data-kl-load-status]");
  const today = spec.today; // the build date (kooplab.pages.entry_form)
  let kind = spec.order[0];
  let existing = null; // slugs per kind, from api/index.json
  let edit = null; // {kind, slug, record} when an existing record is changed
  let base = {}; // the record the form started from (an edited record, or a file's text taken over): the fields
                 // the form does not show (logo, aliases, …) and those it does not know are carried from it
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
      // a value of the record that the vocabulary does not know stays, marked, so that nothing is lost unseen
      const unknown = chosen.filter((v) => !field.choices.some(([c]) => String(c) === v)).map((v) => [v, `${v} (unbekannt)`]);
      field.choices.concat(unknown).forEach(([v, label], i) => {
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
      const given = value === undefined || value === null ? "" : String(value);
      if (given && !field.choices.some(([v]) => String(v) === given)) input.append(el("option", { value: given, text: `${given} (unbekannt)` }));
      input.value = given;
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
      // a date field shows the browser's date picker; a value it cannot hold stays as text, to be corrected
      if (type === "date" && value !== undefined && value !== null && input.value !== String(value)) {
        input.type = "text";
        input.value = String(value);
      }
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
    if (field.widget === "hidden") return valueAt(base, path);
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
      const out = boxes.map((b) => (field.items === "integer" && /^\d+$/.test(b.value) ? Number(b.value) : b.value));
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
    if (field.widget === "choice" && field.choices.length && typeof field.choices[0][0] === "number" && /^\d+$/.test(raw)) return Number(raw);
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
    for (const key of unknownKeys()) out[key] = base[key];
    return out;
  }
  // fields of the record the form has no place for: kept in the file, and reported as kooplab validate does
  const unknownKeys = () => Object.keys(base).filter((key) => !spec.kinds[kind].fields.some((f) => f.name === key));

  // --- checks (the rules of kooplab validate that need no other file) ----------------------------------------
  // A problem is {path, message, hint, hintDe}: message and hint in the English of kooplab validate's checks
  // (kooplab.load), worded in German by the table of kooplab.problems_de that the page carries; hintDe is a
  // German hint already (a field's label and help, as kooplab validate gives for a missing field).
  // tests/test_entry_form.py compares these texts with kooplab validate's on a corpus of good and bad records.
  const german = (() => {
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const compile = ([en, de]) => [new RegExp("^" + en.split(/(\{[a-z_]+\})/).map((part) =>
      /^\{[a-z_]+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[\\s\\S]*?)` : escape(part)).join("") + "$"), de];
    const texts = spec.wording.texts.map(compile);
    const phrases = spec.wording.phrases.map(compile);
    const nested = new Set(spec.wording.nested);
    function worded(text, phrase) {
      for (const [pattern, template] of phrase ? phrases.concat(texts) : texts) {
        const match = pattern.exec(text);
        if (!match) continue;
        const values = {};
        for (const [name, value] of Object.entries(match.groups || {})) values[name] = nested.has(name) ? worded(value, true) : value;
        if (Object.values(values).includes(null)) continue; // a part without German wording: no half-translated text
        return template.replace(/\{([a-z_]+)\}/g, (all, name) => (name in values ? values[name] : all));
      }
      return null;
    }
    return (text) => (text ? worded(text, false) ?? text : "");
  })();
  const wordsOf = (p) => ({ message: german(p.message), hint: p.hintDe || german(p.hint) });

  const chars = (s) => [...String(s)];
  function short(text, limit = 40) { // kooplab.load.schema._short
    const c = chars(String(text).replace(/\n/g, " "));
    return c.length <= limit ? c.join("") : c.slice(0, limit - 1).join("") + "…";
  }
  function found(value) { // kooplab.load.schema._found
    if (typeof value === "boolean") return `${value} (yes/no/on/off are read as true/false)`;
    if (typeof value === "number") return `the number ${value}`;
    return `the text '${short(value)}'`;
  }
  const YEARS = [1900, 2199]; // kooplab.records.YEARS
  const NUMBER_LIKE = /^-?[0-9][0-9.]*(,[0-9]+)?$/;
  const WHEN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/; // kooplab.load.events._WHEN

  function realDate(y, m, d) {
    const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(m) - 1 && day.getUTCDate() === Number(d);
  }
  function whenOf(raw) { // kooplab.load.events.parse_when, without the clock change
    const m = WHEN.exec(raw);
    if (!m) return "form";
    if (!realDate(m[1], m[2], m[3])) return "date";
    if (Number(m[1]) < YEARS[0] || Number(m[1]) > YEARS[1]) return "year";
    if (m[4] === undefined) return { text: `${m[1]}-${m[2]}-${m[3]}`, timed: false };
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] || 0) > 59) return "time";
    return { text: `${m[1]}-${m[2]}-${m[3]} ${m[4].padStart(2, "0")}:${m[5]}`, timed: true };
  }
  function urlProblem(raw) { // kooplab.load.web.check_url
    const value = raw.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
    if (scheme && /^https?$/i.test(scheme[1]) && /^[a-z]+:\/\/[^/?#]/i.test(value) && !/\s/.test(value)) return null;
    return [`'${chars(raw).slice(0, 60).join("")}' is not a web address${scheme ? ` ('${scheme[1]}:' is not allowed)` : ""}`,
            "write the whole address, starting with https://"];
  }

  function check(field, path, value, problems) {
    const say = (message, hint, hintDe) => problems.push({ path, message, hint: hint || "", hintDe: hintDe || "" });
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
      if (field.required) say(`missing required field '${field.name}'`, "", field.missing);
      return;
    }
    if (field.widget === "group") {
      const when = field.when; // rules that hold when another field matches (JSON Schema's if/then)
      const holds = when && (value[when.field] === undefined || new RegExp(when.pattern, "u").test(String(value[when.field])));
      for (const sub of field.fields)
        check(holds && when.then[sub.name] ? Object.assign({}, sub, when.then[sub.name]) : sub, path + "." + sub.name, value[sub.name], problems);
      for (const [name, needs] of Object.entries(field.dependentRequired || {}))
        for (const other of needs) if (name in value && !(other in value))
          problems.push({ path: path + "." + name, message: `'${name}' needs '${other}' too`, hint: "", hintDe: "" });
      return;
    }
    if (Array.isArray(value)) { // lists, repeated groups (their items: problemsOf)
      if (field.minItems && value.length < field.minItems)
        return say(field.message || `needs at least ${field.minItems} entries`, field.message ? field.hint : "");
      if (field.widget === "choices")
        for (const v of value) if (!field.choices.some(([c]) => String(c) === String(v))) unknownChoice(field, String(v), say);
      return;
    }
    const raw = String(value);
    if (field.type === "integer" || field.type === "number") {
      const wanted = field.type === "integer" ? "a whole number" : "a number";
      if (typeof value !== "number" || (field.type === "integer" && !Number.isInteger(value)))
        return say(`expected ${wanted}, found ${found(value)}`, NUMBER_LIKE.test(raw.trim())
          ? "write the number without thousands dots and with a decimal point: 1000, 2.5" : field.hint);
    }
    if (field.type === "period") {
      if (typeof value === "number" ? value < 1950 || value > 2100 : !/^[0-9]{4}(-[0-9]{2})?$/.test(raw))
        return say(`${field.message || "expected a year (2019) or a year and month (2019-05)"}, found ${found(value)}`, field.hint);
      const month = raw.split("-")[1];
      if (month !== undefined && !(Number(month) >= 1 && Number(month) <= 12))
        return say(`'${raw}' has no month ${Number(month)}`, "write year and month as YYYY-MM, the month from 01 to 12");
      return;
    }
    if (typeof value === "string") {
      if (field.minLength && chars(value).length < field.minLength) return say(`is too short: at least ${field.minLength} characters`);
      if (field.maxLength && chars(value).length > field.maxLength)
        return say(`is ${chars(value).length} characters long; at most ${field.maxLength} are allowed`, "shorten the text");
    }
    if (typeof value === "number") {
      if (field.minimum !== undefined && value < field.minimum) return say(`${value} is out of range: must be at least ${field.minimum}`, field.hint);
      if (field.maximum !== undefined && value > field.maximum) return say(`${value} is out of range: must be at most ${field.maximum}`, field.hint);
    }
    if (field.type === "url") {
      const bad = urlProblem(raw);
      if (bad) return say(...bad);
    }
    if (field.type === "date") {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
      if (!m || !realDate(m[1], m[2], m[3])) return say(`${found(value)} is not a date`, "write a real date as YYYY-MM-DD");
      if (Number(m[1]) < YEARS[0] || Number(m[1]) > YEARS[1])
        return say(`${found(value)} lies outside the years ${YEARS[0]} to ${YEARS[1]}`, "check the year");
    }
    if (field.type === "when") {
      const when = whenOf(raw);
      if (when === "form") return say(`${field.message}, found ${found(value)}`, field.hint);
      if (when === "date") return say(`'${raw}' is not a real date`, "use a date that exists, as YYYY-MM-DD");
      if (when === "year") return say(`'${raw}' lies outside the years ${YEARS[0]} to ${YEARS[1]}`, "check the year");
      if (when === "time") return say(`'${raw}' is not a real time`, "write the time as HH:MM, from 00:00 to 23:59");
    }
    if (field.widget === "choice" && !field.choices.some(([v]) => String(v) === raw)) return unknownChoice(field, raw, say);
    if (field.pattern && typeof value === "string" && !new RegExp(field.pattern, "u").test(value))
      return say(field.message ? `${field.message}, found ${found(value)}` : `'${short(value)}' does not have the expected form`, field.hint);
  }

  function unknownChoice(field, raw, say) { // kooplab.load.checks: check_term, _known_goal; the schema's enum
    if (field.vocab === "sdgs") return say(`there is no SDG ${raw}`, "the goals are numbered 1 to 17");
    if (field.what) return say(`'${raw}' is not ${field.what}`);
    return say(`'${short(raw)}' is not allowed`, `expected one of ${field.choices.map(([v]) => v).join(", ")}`);
  }

  function problemsOf(rec) {
    const problems = [];
    const k = spec.kinds[kind];
    const at = (path, message, hint) => problems.push({ path, message, hint: hint || "", hintDe: "" });
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
            if (!entry.slug && !entry.name) at(p + ".name", "missing required field 'name'");
            if (entry.website) check(field.fields.find((f) => f.name === "website"), p + ".website", entry.website, problems);
            return;
          }
          for (const sub of field.fields) check(sub, p + "." + sub.name, entry[sub.name], problems);
          if (entry.goal !== undefined) {
            if (goals.has(entry.goal)) at(p + ".goal", `SDG ${entry.goal} is listed twice`, "give one entry per goal and put all evidence there");
            goals.add(entry.goal);
          }
          if (entry.name && !entry.consent)
            at(p + ".name", "a named person is published only with recorded consent",
               "add 'consent: YYYY-MM-DD' (the date of the written consent) or remove the name and give a role mailbox instead");
          if (entry.name && entry.consent && entry.consent > today && /^\d{4}-\d{2}-\d{2}$/.test(entry.consent))
            at(p + ".consent", `consent on ${entry.consent} lies in the future: the name is not published before the person has agreed`,
               "give the date on which the person agreed in writing");
        });
      }
    }
    if (kind === "event") eventProblems(rec, rec.location || {}, problems, at);
    if (kind === "case" && rec.started !== undefined && rec.ended !== undefined && !problems.some((p) => p.path === "started" || p.path === "ended")) {
      const key = (v) => { const [y, m] = String(v).split("-"); return Number(y) * 100 + Number(m || 0); };
      if (key(rec.ended) < key(rec.started)) at("ended", `ended (${rec.ended}) lies before started (${rec.started})`, "check both dates");
    }
    for (const key of unknownKeys()) at(key, `unknown field '${key}'`);
    const slug = slugOf(rec);
    if (!slug) at(k.titleField, "no file name can be made from this name", "use letters or digits");
    else if (existing && existing[kind] && existing[kind].has(slug) && !(edit && edit.kind === kind && edit.slug === slug))
      at(k.titleField, `a record with the file name '${slug}' exists already`, "change the name, or edit the existing record");
    return problems;
  }

  function eventProblems(rec, loc, problems, at) { // kooplab.load.events: place, and start, end and all_day agree
    const placeReported = problems.some((p) => p.path.startsWith("location."));
    if (rec.location && !placeReported && !loc.online && !(loc.city && loc.region))
      at("location.city", "the event has no place: neither city and region nor 'online: true'",
         "give city and region (e.g. city: Hannover, region: DE-NI), or 'online: true'");
    if (loc.online) for (const name of ["street", "postcode", "lat", "lon"])
      if (loc[name] !== undefined && !(loc.city && loc.region))
        at("location." + name, `an online event has no ${name}`, "remove it, or add city and region for an event on site and online");
    if (problems.some((p) => p.path === "start" || p.path === "end") || rec.start === undefined) return;
    const start = whenOf(String(rec.start));
    const end = rec.end === undefined ? null : whenOf(String(rec.end));
    if (rec.all_day === true && start.timed)
      return at("start", "an all-day event has no time of day", "write the date alone (start: 2026-12-03), or remove 'all_day: true'");
    if (end && end.timed !== start.timed)
      return at("end", start.timed ? "end has no time of day and start has one" : "end has a time of day and start has none",
                "give both with a time, or both as dates for an all-day event");
    if (end && end.text < start.text) return at("end", `end (${end.text}) lies before start (${start.text})`, "check both dates and times");
    if (end && start.timed && end.text === start.text) at("end", "end is the same as start", "give the time the event ends, or leave out 'end'");
  }

  function slugOf(rec) {
    if (edit && edit.kind === kind) return edit.slug;
    return slugify(String(rec[spec.kinds[kind].titleField] || ""));
  }

  // a problem as the form says it: kooplab validate's German message and hint, as sentences
  const sentence = (s) => { const t = s.charAt(0).toUpperCase() + s.slice(1); return /[.?!…]$/.test(t) ? t : t + "."; };
  function spoken(p) {
    const words = wordsOf(p);
    return sentence(words.message) + (words.hint ? ` Hinweis: ${sentence(words.hint)}` : "");
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
      const said = spoken(p);
      if (err) { err.hidden = false; err.textContent = (err.textContent ? err.textContent + " " : "") + said; }
      if (input) input.setAttribute("aria-invalid", "true");
      const target = input ? "#" + id : "";
      const label = labelOf(p.path);
      list.append(el("li", {}, target ? el("a", { href: target, text: `${label}: ${said}` }) : el("span", { text: `${label}: ${said}` })));
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
    const order = k.fields.map((f) => f.name).concat(unknownKeys());
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

  // --- taking a file's text over into the form ----------------------------------------------------------------
  // The YAML is read as kooplab validate reads it: dates stay text (js-yaml's core schema, no timestamps).
  function takeOver(content) {
    let data;
    try {
      let yamlText = content.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
      let body;
      if (kind === "case") {
        const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n([\s\S]*))?$/.exec(yamlText);
        if (!m) return tell("Ein Fallbeispiel beginnt mit einer Zeile „---“, dann folgen die Angaben und wieder eine Zeile „---“, darunter der Text.");
        yamlText = m[1];
        body = (m[2] || "").replace(/^\n+/, "");
      }
      data = window.jsyaml.load(yamlText, { schema: window.jsyaml.CORE_SCHEMA });
      if (body) data = Object.assign(data && typeof data === "object" ? data : {}, { body });
    } catch (e) {
      const where = e.mark ? ` (Zeile ${e.mark.line + 1}, Spalte ${e.mark.column + 1})` : "";
      return tell(`Der Text lässt sich nicht lesen${where}. Prüfen Sie an dieser Stelle und in der Zeile davor Einrückung, Doppelpunkte, Anführungszeichen und Klammern; „kooplab validate“ erklärt die Stelle genauer.`);
    }
    if (!data || typeof data !== "object" || Array.isArray(data))
      return tell("Der Text enthält keine Angaben der Form „feld: wert“.");
    base = data;
    if (edit && edit.kind === kind) edit.record = data;
    textEdited = false; shown = true; touched.clear();
    build(data);
    refresh();
    tell("Der Text ist ins Formular übernommen. Die Datei unten ist daraus neu geschrieben.");
  }
  function tell(message) { loadStatus.textContent = message; }
  root.querySelector("[data-kl-apply]").addEventListener("click", () => takeOver(text.value));
  root.querySelector("[data-kl-open]").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (file) { text.value = await file.text(); takeOver(text.value); }
    event.target.value = "";
  });

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
      kind = radio.value; shown = false; touched.clear(); textEdited = false;
      base = edit && edit.kind === kind ? edit.record : {};
      build(base); refresh();
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
    if (k === "case" && out.image) { // the open data add the pixel size, which the site reads from the file
      out.image = { src: out.image.src, alt: out.image.alt, ...(out.image.credit ? { credit: out.image.credit } : {}) };
    }
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
          base = rec;
          kind = k;
          root.querySelector(`input[name="kl-kind"][value="${k}"]`).checked = true;
          editing.hidden = false;
          editing.textContent = `Sie bearbeiten den Eintrag „${rec[spec.kinds[k].titleField]}“. Ändern Sie, was nicht mehr stimmt; die Datei unten zeigt den ganzen Eintrag.`;
          if (k === "member" && (rec.contacts || []).length) {
            // the open data carry role and e-mail only (kooplab.exports.privacy): the whole file is in the
            // repository; its text, pasted below and taken over, fills the form with everything
            const repo = (root.getAttribute("data-kl-repo") || "").replace(/\/+$/, "");
            const note = el("span", { "data-kl-contacts-note": true }, " ", el("strong", { text: "Achtung:" }),
                            " Bei den Ansprechstellen zeigt die Website nur Funktion und E-Mail-Adresse. Telefonnummern und Namen von Personen stehen nur in der Datei selbst. Damit nichts verloren geht: ");
            const file = `${spec.kinds[k].folder}/${slug}${spec.kinds[k].suffix}`;
            note.append(repo ? el("a", { href: `${repo}/blob/${spec.branch}/${file}`, text: "Datei auf GitHub öffnen" }) : el("code", { text: file }),
                        ", ihren Text in das ", el("a", { href: "#kl-entry-text", text: "Textfeld unter dem Formular" }),
                        " kopieren und „Text ins Formular übernehmen“ wählen.");
            editing.append(note);
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
      return problemsOf(record()).map((p) => Object.assign({ path: p.path }, wordsOf(p)));
    },
  };
  start();
})();
