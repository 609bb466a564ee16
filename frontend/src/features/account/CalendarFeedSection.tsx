import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../api/errors";
import { fetchCalendarFeed, rotateCalendarFeed, toolKeys } from "../../api/expertTools";
import { CopyField, Dialog, ErrorState, Loading, Notice } from "../../components/ui";

/** The private address calendar apps subscribe to, and a way to replace it. */
export function CalendarFeedSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const feed = useQuery({ queryKey: toolKeys.calendarFeed, queryFn: fetchCalendarFeed });
  const [asking, setAsking] = useState(false);
  const rotate = useMutation({
    mutationFn: rotateCalendarFeed,
    onSuccess: (next) => {
      queryClient.setQueryData(toolKeys.calendarFeed, next);
      setAsking(false);
    },
  });
  return (
    <section className="card stack-tight" aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title">{t("calendarFeed.title")}</h2>
      <p>{t("calendarFeed.text")}</p>
      {feed.isPending ? (
        <Loading label={t("calendarFeed.loading")} />
      ) : feed.isError ? (
        <ErrorState error={feed.error} onRetry={() => feed.refetch()} />
      ) : (
        <>
          <CopyField
            label={t("calendarFeed.address")}
            value={feed.data.url}
            hint={t("calendarFeed.privateHint")}
          />
          {rotate.isSuccess && <Notice kind="success">{t("calendarFeed.replaced")}</Notice>}
          <div className="button-row">
            <a className="btn btn-primary btn-may-wrap" href={feed.data.webcalUrl}>
              {t("calendarFeed.subscribe")}
            </a>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                rotate.reset();
                setAsking(true);
              }}
            >
              {t("calendarFeed.replace")}
            </button>
          </div>
        </>
      )}
      <Dialog open={asking} title={t("calendarFeed.replaceTitle")} onClose={() => setAsking(false)}>
        <p>{t("calendarFeed.replaceText")}</p>
        {rotate.isError && <Notice kind="error">{errorMessage(rotate.error)}</Notice>}
        <div className="button-row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={rotate.isPending}
            onClick={() => rotate.mutate()}
          >
            {rotate.isPending ? t("calendarFeed.replacing") : t("calendarFeed.replaceConfirm")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setAsking(false)}>
            {t("calendarFeed.keep")}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
