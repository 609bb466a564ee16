import { useInfiniteQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { directoryKeys, fetchExpertReviews } from "../../api/directory";
import type { ExpertPublic, Review } from "../../api/types";
import { RatingSummary, Stars } from "../../components/Stars";
import { ErrorState, Loading } from "../../components/ui";
import { withAppMessages } from "../../i18n";
import { detectTimeZone, formatShortDate } from "../../lib/time";
import { useAuthStore } from "../../stores/auth";

// Only the expert sees these, on their own page: a chunk of its own.
const OwnerActions = lazy(() =>
  withAppMessages(import("./ReviewOwnerActions")).then((m) => ({ default: m.OwnerActions })),
);

/** The expert's published reviews, newest first, with the average and count. The expert
 * sees, on each, a way to reply once and to report it. */
export function ReviewsSection({ expert }: { expert: ExpertPublic }) {
  const { t } = useTranslation();
  const isOwner = useAuthStore((s) => s.user?.expertId === expert.id);
  const reviews = useInfiniteQuery({
    queryKey: directoryKeys.reviews(expert.id),
    queryFn: ({ pageParam }) => fetchExpertReviews(expert.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? null,
  });
  const first = reviews.data?.pages[0];
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card stack-tight" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t("reviews.title")}</h2>
      {reviews.isPending ? (
        <Loading />
      ) : reviews.isError ? (
        <ErrorState error={reviews.error} onRetry={() => reviews.refetch()} />
      ) : (
        <>
          {first && <RatingSummary rating={first.rating} />}
          {items.length > 0 && (
            <ul className="review-list">
              {items.map((review) => (
                <ReviewItem
                  key={review.id}
                  review={review}
                  isOwner={isOwner}
                  expertId={expert.id}
                />
              ))}
            </ul>
          )}
          {reviews.hasNextPage && (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => reviews.fetchNextPage()}
              disabled={reviews.isFetchingNextPage}
            >
              {t("reviews.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function ReviewItem({
  review,
  isOwner,
  expertId,
}: {
  review: Review;
  isOwner: boolean;
  expertId: string;
}) {
  const { t } = useTranslation();
  const tz = detectTimeZone();
  return (
    <li className="review">
      <p className="review-head">
        <Stars value={review.rating} />{" "}
        <span className="muted small">
          {t("reviews.about", {
            title: review.eventTitle,
            date: formatShortDate(review.createdAt, tz),
          })}
        </span>
      </p>
      {review.text && <p className="review-text">{review.text}</p>}
      {review.reply && (
        <blockquote className="review-reply">
          <strong>{t("reviews.replyLabel")}</strong> {review.reply}
        </blockquote>
      )}
      {isOwner && (
        <Suspense fallback={null}>
          <OwnerActions review={review} expertId={expertId} />
        </Suspense>
      )}
    </li>
  );
}
