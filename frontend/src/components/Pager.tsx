import { useTranslation } from "react-i18next";

/** Previous / next page buttons with where the reader is; nothing when one page holds all. */
export function Pager({
  page,
  pages,
  label,
  onPage,
}: {
  page: number;
  pages: number;
  label: string;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t("pager.previous")}
      </button>
      <span>{t("pager.position", { page, pages })}</span>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t("pager.next")}
      </button>
    </nav>
  );
}
