/** Where to go after logging in: `?next=` when it is a path on this site, else My bookings. */
export function nextPath(search: string | URLSearchParams, fallback = "/my-bookings"): string {
  const next = new URLSearchParams(search).get("next");
  // "//host" and "/\\host" would leave the site.
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : fallback;
}
