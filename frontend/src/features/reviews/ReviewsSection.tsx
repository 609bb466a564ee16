import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  directoryKeys,
  fetchExpertReviews,
  replyToReview,
  reportReview,
} from "../../api/directory";
import { errorMessage } from "../../api/errors";
import type { ExpertPublic, Review } from "../../api/types";
import { RatingSummary, Stars } from "../../components/Stars";
import { ErrorState, Field, Loading, Notice } from "../../components/ui";
import { detectTimeZone, formatShortDate } from "../../lib/time";
import { useAuthStore } from "../../stores/auth";

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
      {isOwner && <OwnerActions review={review} expertId={expertId} />}
    </li>
  );
}

function OwnerActions({ review, expertId }: { review: Review; expertId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: directoryKeys.reviews(expertId) });
  };
  const reply = useMutation({
    mutationFn: () => replyToReview(review.id, text.trim()),
    onSuccess: refresh,
  });
  const report = useMutation({
    mutationFn: () => reportReview(review.id, null),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) reply.mutate();
  };
  return (
    <div className="review-actions stack-tight">
      {!review.reply && (
        <form onSubmit={submit} noValidate>
          <Field
            label={t("reviews.replyField")}
            error={reply.isError ? errorMessage(reply.error) : undefined}
          >
            {(props) => (
              <textarea
                {...props}
                rows={2}
                maxLength={2000}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="btn btn-secondary btn-small" disabled={reply.isPending}>
            {t("reviews.reply")}
          </button>
        </form>
      )}
      <button
        type="button"
        className="btn-link"
        disabled={report.isPending}
        onClick={() => {
          if (window.confirm(t("reviews.reportConfirm"))) report.mutate();
        }}
      >
        {t("reviews.report")}
      </button>
      {report.isError && <Notice kind="error">{errorMessage(report.error)}</Notice>}
    </div>
  );
}
