import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { directoryKeys, replyToReview, reportReview } from "../../api/directory";
import { errorMessage } from "../../api/errors";
import type { Review } from "../../api/types";
import { Field, Notice } from "../../components/ui";

/** The expert's own tools on a review of them: reply once, or report it. */
export function OwnerActions({ review, expertId }: { review: Review; expertId: string }) {
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
