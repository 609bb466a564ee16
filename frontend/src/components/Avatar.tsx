import { initials } from "../lib/text";

/** The expert's picture, or their initials in a circle when they have none. */
export function Avatar({
  name,
  url,
  large,
}: {
  name: string;
  url?: string | null;
  large?: boolean;
}) {
  const className = `avatar${large ? " avatar-large" : ""}`;
  if (url) {
    return <img className={className} src={url} alt="" width={56} height={56} loading="lazy" />;
  }
  return (
    <span className={className} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
