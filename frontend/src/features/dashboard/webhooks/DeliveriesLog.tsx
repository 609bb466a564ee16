import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { fetchDeliveries, redeliver, toolKeys } from "../../../api/expertTools";
import type { Webhook, WebhookDelivery } from "../../../api/types";
import { Pager } from "../../../components/Pager";
import { ErrorState, Loading, Notice } from "../../../components/ui";
import { useBookingFlowStore } from "../../../stores/bookingFlow";
import { shortWhen } from "../shortWhen";
import { eventLabel } from "./webhookEvents";

const PAGE_SIZE = 10;
// Deliveries are made by a background worker after the change: the open log looks again
// this often, so a new attempt shows without a reload.
const REFRESH_MS = 3000;

/** Every attempt to call one webhook, latest first, with a way to send one again. */
export function DeliveriesLog({ webhook, viewerTz }: { webhook: Webhook; viewerTz: string }) {
  const { t } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const log = useQuery({
    queryKey: toolKeys.deliveries(webhook.id, page),
    queryFn: () => fetchDeliveries(webhook.id, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const again = useMutation({
    mutationFn: (d: WebhookDelivery) => redeliver(webhook.id, d.id),
    onSuccess: (answer) => {
      setNotice({ kind: "success", text: answer.message });
      void queryClient.invalidateQueries({ queryKey: ["webhooks", webhook.id, "deliveries"] });
    },
    onError: (error) => setNotice({ kind: "error", text: errorMessage(error) }),
  });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / log.data.pageSize)) : 1;
  const headingId = `deliveries-${webhook.id}`;

  const outcome = (d: WebhookDelivery) => {
    if (d.succeeded)
      return t("webhooks.delivered", { code: d.responseCode ?? "", ms: d.durationMs });
    if (d.responseCode) return t("webhooks.failedCode", { code: d.responseCode, ms: d.durationMs });
    return t("webhooks.failedNoAnswer", { ms: d.durationMs });
  };

  return (
    <section
      className="deliveries stack-tight"
      aria-labelledby={headingId}
      aria-busy={log.isFetching}
    >
      <h4 id={headingId}>{t("webhooks.deliveriesTitle")}</h4>
      <p className="muted small">{t("webhooks.deliveriesText")}</p>
      {notice && (
        <Notice kind={notice.kind} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      )}
      {log.isPending ? (
        <Loading label={t("webhooks.deliveriesLoading")} />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => log.refetch()} />
      ) : log.data.items.length === 0 ? (
        <p className="empty">{t("webhooks.noDeliveries")}</p>
      ) : (
        <>
          <ul className="delivery-list">
            {log.data.items.map((d) => (
              <li key={d.id} className={`delivery${d.succeeded ? "" : " is-failed"}`}>
                <div className="delivery-main">
                  <strong>{eventLabel(d.event)}</strong>{" "}
                  <code className="muted small">{d.event}</code>
                  <br />
                  <span className={d.succeeded ? "delivery-ok" : "delivery-failed"}>
                    {outcome(d)}
                  </span>
                  {d.error && <span className="delivery-error"> {d.error}</span>}
                  <br />
                  <span className="muted small">
                    {t("webhooks.attemptAt", {
                      attempt: d.attempt,
                      when: shortWhen(d.attemptedAt, viewerTz, hour12),
                    })}
                  </span>
                </div>
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={again.isPending}
                  aria-label={t("webhooks.redeliverNamed", {
                    event: d.event,
                    when: shortWhen(d.attemptedAt, viewerTz, hour12),
                  })}
                  onClick={() => {
                    setNotice(null);
                    again.mutate(d);
                  }}
                >
                  {t("webhooks.redeliver")}
                </button>
              </li>
            ))}
          </ul>
          <Pager page={page} pages={pages} label={t("webhooks.deliveriesPages")} onPage={setPage} />
        </>
      )}
    </section>
  );
}
