// For the embedding page (optional): <script src="https://…/assets/kooplab-embed-host.js" defer></script>
// beside one or more <iframe>s of the site's views for other websites (/einbetten/).
//
// It gives each frame the height of its content, and opens an entry the reader chooses in a dialog on this
// page (a <dialog> with the entry's light detail view, closed by its button or Escape; the focus goes back to
// the entry). It listens only to frames of the site this script comes from, sets no cookie and loads
// nothing from anywhere else. Without it, frames keep the height of their snippet and entries open in a new tab.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.kooplabEmbedHost) return;
  window.kooplabEmbedHost = true;
  const origin = new URL(script.src, location.href).origin;
  const frameOf = (source) => [...document.querySelectorAll("iframe")].find((f) => f.contentWindow === source);

  function open(frame, message) {
    const address = new URL(String(message.path || ""), frame.src);
    if (address.origin !== origin) return;
    const dialog = document.createElement("dialog");
    const id = `kooplab-dialog-${Date.now()}`;
    dialog.setAttribute("aria-labelledby", id);
    dialog.style.cssText = "width:min(40rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);padding:0;" +
      "overflow:auto;border:1px solid #888;border-radius:.5rem;background:#fff;color:#1f1f1f;";
    const bar = document.createElement("div");
    bar.style.cssText = "display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.5rem .75rem;" +
      "border-bottom:1px solid #d6d6d6;font:1rem/1.4 system-ui,sans-serif;";
    const heading = document.createElement("h2");
    heading.id = id;
    heading.textContent = String(message.title || "Eintrag");
    heading.style.cssText = "margin:0;font-size:1rem;";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Schließen";
    close.style.cssText = "font:inherit;padding:.4rem .9rem;min-height:2.75rem;cursor:pointer;";
    close.addEventListener("click", () => dialog.close());
    bar.append(heading, close);
    const detail = document.createElement("iframe");
    detail.src = address.href;
    detail.title = `Details: ${heading.textContent}`;
    detail.style.cssText = "display:block;width:100%;height:12rem;border:0;";
    dialog.append(bar, detail);
    dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); }); // the backdrop
    dialog.addEventListener("close", () => {
      dialog.remove();
      frame.focus();
      frame.contentWindow.postMessage({ type: "kooplab:closed" }, origin);
    });
    document.body.append(dialog);
    dialog.showModal();
    close.focus();
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || !event.data || typeof event.data.type !== "string") return;
    const frame = frameOf(event.source);
    if (!frame || frame.dataset.klScript === "aus") return; // the preview of /einbetten/ without the script
    const { type } = event.data;
    if (type === "kooplab:ready") {
      event.source.postMessage({ type: "kooplab:host" }, origin);
    } else if (type === "kooplab:size") {
      const height = Number(event.data.height);
      if (height > 0 && height < 100000) frame.style.height = `${Math.ceil(height)}px`;
    } else if (type === "kooplab:open" && !frame.closest("dialog")) {
      open(frame, event.data);
    }
  });
  // frames that were ready before this script ran: loaded from another origin than this page's (a frame
  // still loading is this page's about:blank; it says kooplab:ready once it has loaded)
  for (const frame of document.querySelectorAll("iframe")) {
    if (!frame.src.startsWith(`${origin}/`)) continue;
    try {
      void frame.contentWindow.location.href; // readable: this page's origin, not a view of the site
    } catch (error) {
      frame.contentWindow.postMessage({ type: "kooplab:host" }, origin);
    }
  }
})();
