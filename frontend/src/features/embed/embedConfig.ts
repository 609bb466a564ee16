// What the host page asks of the embedded booking page, read once from the frame's URL
// (/embed/alice/intro?origin=https://alice.example&color=%230f766e&name=…&email=…).

export type EmbedConfig = {
  /** The host page's origin: the only target of our messages. */
  origin: string | null;
  color: string | null;
  name: string;
  email: string;
};

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function isEmbedPath(pathname: string): boolean {
  return pathname.startsWith("/embed/");
}

/** "#0f766e", "#abc", or the same without "#"; anything else is no colour. */
export function parseColor(value: string | null): string | null {
  if (!value) return null;
  const color = value.startsWith("#") ? value : `#${value}`;
  return HEX_COLOR.test(color) ? color.toLowerCase() : null;
}

/** An http(s) origin exactly as browsers write it, or null. */
export function parseOrigin(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    const ok = (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
    return ok ? url.origin : null;
  } catch {
    return null;
  }
}

export function readEmbedConfig(search: string): EmbedConfig {
  const params = new URLSearchParams(search);
  return {
    origin: parseOrigin(params.get("origin")),
    color: parseColor(params.get("color")),
    name: params.get("name")?.trim().slice(0, 200) ?? "",
    email: params.get("email")?.trim().slice(0, 320) ?? "",
  };
}

export type HostMessage =
  | { type: "expertbook:ready" }
  | { type: "expertbook:resize"; height: number }
  | { type: "expertbook:booked"; bookingId: string; start: string }
  | { type: "expertbook:close" };

/** Messages to the page that frames us, sent to its origin only and each booking once. */
export function createHost(origin: string | null, target: Window | null) {
  const framed = target !== null && target !== window;
  let ready = false;
  const booked = new Set<string>();
  const post = (message: HostMessage) => {
    if (framed && origin) target.postMessage(message, origin);
  };
  return {
    post,
    ready() {
      if (ready) return;
      ready = true;
      post({ type: "expertbook:ready" });
    },
    booked(bookingId: string, start: string) {
      if (booked.has(bookingId)) return;
      booked.add(bookingId);
      post({ type: "expertbook:booked", bookingId, start });
    },
  };
}

export type Host = ReturnType<typeof createHost>;
