import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { createReview, directoryKeys, fetchBookingReview } from "../../api/directory";
import type { Booking } from "../../api/types";
import { Stars } from "../../components/Stars";
import { Field, Notice } from "../../components/ui";
import { useFormErrors } from "../../lib/useFormErrors";

const STARS = [5, 4, 3, 2, 1];

/** After a session took place, its client tells the next client how it went. Shown only
 * once the session has ended; the server decides who may (and says why not). */
export function ReviewPanel({ booking, token }: { booking: Booking; token: string | null }) {
  const { t } = useTranslation();
  const ended = Date.parse(booking.end) <= Date.now();
  const status = useQuery({
    queryKey: directoryKeys.bookingReview(booking.id),
    queryFn: () => fetchBookingReview(booking.id, token),
    enabled: ended && booking.status === "confirmed",
  });
  if (!status.data) return null;
  const { review, canReview } = status.data;
  if (!review && !canReview) return null;
  return (
    <section className="card stack-tight" aria-labelledby="review-title">
      <h2 id="review-title">{review ? t("reviews.yours") : t("reviews.leaveTitle")}</h2>
      {review ? (
        <>
          <p>
            <Stars value={review.rating} />
          </p>
          {review.text && <p className="review-text">{review.text}</p>}
          {review.reply && (
            <blockquote className="review-reply">
              <strong>{t("reviews.replyLabel")}</strong> {review.reply}
            </blockquote>
          )}
        </>
      ) : (
        <ReviewForm booking={booking} token={token} />
      )}
    </section>
  );
}

function ReviewForm({ booking, token }: { booking: Booking; token: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: (stars: number) =>
      createReview(booking.id, token, { rating: stars, text: text.trim() || null }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: directoryKeys.bookingReview(booking.id) });
      void queryClient.invalidateQueries({ queryKey: directoryKeys.reviews(booking.expertId) });
    },
  });
  const { fieldErrors, formError } = useFormErrors(save.error, ["rating", "text"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rating === null) {
      setMissing(true);
      return;
    }
    save.mutate(rating);
  };
  return (
    <form onSubmit={submit} noValidate className="stack-tight">
      <p className="muted small">{t("reviews.leaveText", { name: booking.expertName })}</p>
      {formError && <Notice kind="error">{formError}</Notice>}
      <fieldset className="star-picker" aria-describedby={missing ? "rating-missing" : undefined}>
        <legend>{t("reviews.ratingLabel")}</legend>
        {STARS.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name="rating"
              value={value}
              checked={rating === value}
              onChange={() => {
                setRating(value);
                setMissing(false);
              }}
            />
            {t("reviews.stars", { count: value })}
          </label>
        ))}
        {(missing || fieldErrors.rating) && (
          <p id="rating-missing" className="field-error">
            {fieldErrors.rating ?? t("reviews.ratingMissing")}
          </p>
        )}
      </fieldset>
      <Field label={t("reviews.textLabel")} hint={t("reviews.textHint")} error={fieldErrors.text}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? t("common.saving") : t("reviews.submit")}
      </button>
    </form>
  );
}
