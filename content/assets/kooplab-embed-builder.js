// /einbetten/ (overrides/embed-builder.html): the reader's choices become the address of a light view
// (kooplab-embed.js), a live preview of it and a snippet to copy: an <iframe> and, optionally, the script
// kooplab-embed-host.js for the embedding page. Addresses are absolute: the snippet is pasted on other sites.
(() => {
  "use strict";
  const form = document.querySelector("[data-kl-embed-builder]");
  if (!form) return;
  form.hidden = false;
  const root = new URL(form.dataset.klRoot, location.href);
  const preview = form.querySelector("[data-kl-preview]");
  const code = form.querySelector("[data-kl-code]");
  const copied = form.querySelector("[data-kl-copied]");
  const frame = document.createElement("iframe");
  preview.append(frame);
  let timer = 0;

  const escape = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  function choices() {
    const kindInput = form.querySelector("input[name=was]:checked");
    const kind = kindInput.value;
    // only the chosen kind's filters count; layouts it does not have are off
    for (const set of form.querySelectorAll("[data-kl-filters]")) {
      const mine = set.dataset.klFilters === kind;
      set.hidden = !mine;
      set.disabled = !mine;
    }
    const layouts = kindInput.dataset.klLayouts.split(" ");
    for (const radio of form.querySelectorAll("input[name=ansicht]")) {
      radio.disabled = !layouts.includes(radio.value);
      if (radio.disabled && radio.checked) form.querySelector("input[name=ansicht][value=liste]").checked = true;
    }
    const query = new URLSearchParams();
    const named = [];
    for (const select of form.querySelectorAll(`[data-kl-filters="${kind}"] select`)) {
      if (select.value) {
        query.set(select.name, select.value);
        named.push(select.selectedOptions[0].textContent.replace(/\s*\(\d[\d.]*\)$/, ""));
      }
    }
    const layout = form.querySelector("input[name=ansicht]:checked").value;
    if (layout !== "liste") query.set("ansicht", layout);
    const size = form.elements.anzahl.value;
    if (size !== "10") query.set("anzahl", size);
    const colour = form.querySelector("input[name=farbe]:checked").value;
    if (colour !== "auto") query.set("farbe", colour);
    const title = form.elements.titel.value.trim();
    if (title) query.set("titel", title);
    const text = query.toString();
    const src = new URL(`einbetten/${kind}/${text ? `?${text}` : ""}`, root).href;
    const height = Math.min(3000, Math.max(150, parseInt(form.elements.hoehe.value, 10) || 500));
    const name = title || [kindInput.dataset.klLabel, ...named].join(" · ");
    return { src, height, name, script: form.elements.skript.checked };
  }

  function update() {
    const { src, height, name, script } = choices();
    const label = `${name} – ${form.dataset.klSite}`;
    let snippet = `<iframe src="${escape(src)}" title="${escape(label)}" width="100%" height="${height}" ` +
      `style="border:0;max-width:100%" loading="lazy"></iframe>`;
    if (script) snippet += `\n<script src="${escape(new URL("assets/kooplab-embed-host.js", root).href)}" defer></script>`;
    code.value = snippet;
    copied.textContent = "";
    frame.title = `Vorschau: ${label}`;
    if (!script) frame.style.height = `${height}px`;
    // the preview follows the script choice: with it, this page's copy of kooplab-embed-host.js answers
    const switched = frame.dataset.klScript !== (script ? "an" : "aus");
    frame.dataset.klScript = script ? "an" : "aus";
    if (frame.src !== src || switched) {
      if (!script) frame.style.height = `${height}px`;
      frame.src = src;
    }
  }

  // a link from a network's or a state's page chooses for the reader: /einbetten/?network=upj (was=termine, …)
  const asked = new URLSearchParams(location.search);
  const kind = form.querySelector(`input[name=was][value="${CSS.escape(asked.get("was") || "mitglieder")}"]`);
  if (kind) kind.checked = true;
  const chosen = form.querySelector("input[name=was]:checked").value;
  for (const select of form.querySelectorAll(`[data-kl-filters="${chosen}"] select`)) {
    const value = asked.get(select.name);
    if (value && [...select.options].some((o) => o.value === value)) select.value = value;
  }

  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 150); });
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.querySelector("[data-kl-copy]").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.value);
      copied.textContent = "Kopiert.";
    } catch (error) {
      code.select();
      copied.textContent = "Markiert – kopieren Sie mit Strg+C (Mac: ⌘+C).";
    }
  });
  update();
})();
