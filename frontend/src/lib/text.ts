/** A URL-safe slug: "José's Café Hour" → "joses-cafe-hour". */
export function slugify(text: string, maxLength = 40): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
}

/** A suggested public username from a person's name. */
export function suggestUsername(name: string): string {
  const slug = slugify(name, 30);
  return slug.length >= 3 ? slug : `${slug || "expert"}-${Math.random().toString(36).slice(2, 6)}`;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}
