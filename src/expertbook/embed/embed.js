/* ExpertBook embed: shows an expert's booking page on another site.
 *
 *   <script src="https://expertbook.example/embed.js" async></script>
 *   <div data-expertbook="alice/intro"></div>                      inline ("alice": all types)
 *   <button data-expertbook-popup="alice/intro">Book</button>      popup
 *
 * Optional on either: data-expertbook-color="#0f766e" (accent), data-expertbook-name and
 * data-expertbook-email (prefilled). The element receives "expertbook:ready" and
 * "expertbook:booked" (detail: {bookingId, start}) as bubbling DOM events.
 */
(() => {
  if (window.ExpertBook) return;
  const script = document.currentScript || document.querySelector('script[src$="/embed.js"]');
  // The booking page lives where this script comes from; only its messages are trusted.
  const ORIGIN = new URL(script.src, location.href).origin;
  const frames = new Map(); // iframe window -> {frame, element, popup}
  const HOST_EVENTS = ["expertbook:ready", "expertbook:booked"];

  function frameUrl(element, path) {
    const parts = path.split("/").filter(Boolean).slice(0, 2).map(encodeURIComponent);
    const query = new URLSearchParams({ origin: location.origin });
    for (const key of ["color", "name", "email"]) {
      const value = element.getAttribute(`data-expertbook-${key}`);
      if (value) query.set(key, value);
    }
    return `${ORIGIN}/embed/${parts.join("/")}?${query}`;
  }

  function makeFrame(element, path) {
    const frame = document.createElement("iframe");
    frame.src = frameUrl(element, path);
    frame.title = element.getAttribute("data-expertbook-title") || "Booking";
    frame.setAttribute("data-expertbook-frame", "");
    Object.assign(frame.style, { width: "100%", height: "640px", border: "0", display: "block" });
    return frame;
  }

  function mountInline(element) {
    const frame = makeFrame(element, element.getAttribute("data-expertbook"));
    element.replaceChildren(frame);
    frames.set(frame.contentWindow, { frame, element, popup: null });
  }

  function openPopup(button) {
    const overlay = document.createElement("div");
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", button.textContent.trim() || "Booking");
    overlay.setAttribute("data-expertbook-overlay", "");
    Object.assign(overlay.style, {
      position: "fixed",
      inset: "0",
      zIndex: "2147483647",
      background: "rgba(15,23,42,.6)",
      display: "flex",
      alignItems: "flex-start",
      justifyContent: "center",
      overflowY: "auto",
      padding: "2rem 1rem",
    });
    const panel = document.createElement("div");
    Object.assign(panel.style, {
      position: "relative",
      width: "100%",
      maxWidth: "760px",
      background: "#fff",
      borderRadius: "12px",
      boxShadow: "0 20px 50px rgba(0,0,0,.3)",
      paddingTop: "2.5rem",
    });
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Close");
    Object.assign(close.style, {
      position: "absolute",
      top: ".4rem",
      right: ".5rem",
      font: "1.75rem/1 sans-serif",
      background: "none",
      border: "0",
      cursor: "pointer",
      padding: ".25rem .5rem",
    });
    const frame = makeFrame(button, button.getAttribute("data-expertbook-popup"));
    panel.append(close, frame);
    overlay.append(panel);
    const scroll = document.documentElement.style.overflow;
    document.documentElement.style.overflow = "hidden";
    document.body.append(overlay);
    const entry = { frame, element: button, popup: null };
    frames.set(frame.contentWindow, entry);

    const onKey = (event) => event.key === "Escape" && entry.popup.close();
    // Focus stays in the dialog: whatever takes it outside sends it back to the close button.
    const onFocus = (event) => overlay.contains(event.target) || close.focus();
    entry.popup = {
      close() {
        frames.delete(frame.contentWindow);
        document.removeEventListener("keydown", onKey);
        document.removeEventListener("focusin", onFocus);
        overlay.remove();
        document.documentElement.style.overflow = scroll;
        button.focus();
      },
    };
    close.addEventListener("click", () => entry.popup.close());
    overlay.addEventListener("click", (event) => event.target === overlay && entry.popup.close());
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusin", onFocus);
    close.focus();
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== ORIGIN) return;
    const entry = frames.get(event.source);
    const data = event.data;
    if (!entry || !data || typeof data.type !== "string") return;
    if (data.type === "expertbook:resize") {
      const height = Number(data.height);
      if (height > 0 && height < 100000) entry.frame.style.height = `${Math.ceil(height)}px`;
    } else if (data.type === "expertbook:close") {
      if (entry.popup) entry.popup.close();
    } else if (HOST_EVENTS.includes(data.type)) {
      const detail =
        data.type === "expertbook:booked" ? { bookingId: data.bookingId, start: data.start } : {};
      entry.element.dispatchEvent(new CustomEvent(data.type, { bubbles: true, detail }));
    }
  });

  function scan(root = document) {
    for (const element of root.querySelectorAll(
      "[data-expertbook]:not([data-expertbook-mounted])",
    )) {
      element.setAttribute("data-expertbook-mounted", "");
      mountInline(element);
    }
    for (const button of root.querySelectorAll(
      "[data-expertbook-popup]:not([data-expertbook-mounted])",
    )) {
      button.setAttribute("data-expertbook-mounted", "");
      button.addEventListener("click", (event) => {
        event.preventDefault();
        openPopup(button);
      });
    }
  }

  window.ExpertBook = { scan };
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", () => scan());
  else scan();
})();
