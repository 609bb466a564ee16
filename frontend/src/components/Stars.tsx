import { useTranslation } from "react-i18next";
import type { Rating } from "../api/types";

/** "★ 4.8 (12 reviews)", or "No reviews yet", readable by screen readers as words. */
export function RatingSummary({ rating }: { rating: Rating }) {
  const { t, i18n } = useTranslation();
  if (!rating.count || rating.average == null) {
    return <span className="rating muted">{t("reviews.none")}</span>;
  }
  const average = new Intl.NumberFormat(i18n.language, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(rating.average);
  return (
    <span className="rating" title={t("reviews.summary", { average, count: rating.count })}>
      <span aria-hidden="true" className="star">
        ★
      </span>{" "}
      <span className="sr-only">{t("reviews.summary", { average, count: rating.count })}</span>
      <span aria-hidden="true">
        {average} ({t("reviews.count", { count: rating.count })})
      </span>
    </span>
  );
}

/** A review's stars, as stars and as words. */
export function Stars({ value }: { value: number }) {
  const { t } = useTranslation();
  return (
    <span className="stars" role="img" aria-label={t("reviews.stars", { count: value })}>
      {"★".repeat(value)}
      <span className="star-empty">{"★".repeat(5 - value)}</span>
    </span>
  );
}
