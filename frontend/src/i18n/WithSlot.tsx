import type { ReactNode } from "react";

const MARK = "\u0000";

/**
 * A translated sentence with one element in it (a link, a bold word): the message says where,
 * through an interpolation such as `{{link}}`, and `children` is put there. For example
 * `<WithSlot text={(link) => t("auth.newHere", { link })}><Link …/></WithSlot>`.
 * react-i18next's <Trans> does this too, at about 4 kB of the first page's JavaScript.
 */
export function WithSlot({
  text,
  children,
}: {
  text: (slot: string) => string;
  children: ReactNode;
}) {
  const [before = "", after = ""] = text(MARK).split(MARK);
  return (
    <>
      {before}
      {children}
      {after}
    </>
  );
}
