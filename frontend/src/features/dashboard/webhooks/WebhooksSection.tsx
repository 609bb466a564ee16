import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { deleteWebhook, fetchWebhooks, toolKeys, updateWebhook } from "../../../api/expertTools";
import type { Webhook, WebhookCreated } from "../../../api/types";
import {
  CopyField,
  Dialog,
  ErrorState,
  Loading,
  Notice,
  usePageTitle,
} from "../../../components/ui";
import { detectTimeZone } from "../../../lib/time";
import { useAuthStore } from "../../../stores/auth";
import { DeliveriesLog } from "./DeliveriesLog";
import { WebhookForm } from "./WebhookForm";
import { eventList } from "./webhookEvents";

type Message = { kind: "success" | "error"; text: string };

/** The expert's webhooks: calls to their own systems on every booking change. */
export function WebhooksSection() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.pageTitle", { section: t("webhooks.title") }));
  const queryClient = useQueryClient();
  const user = useAuthStore((s) => s.user);
  const viewerTz = user?.timezone ?? detectTimeZone();
  const list = useQuery({ queryKey: toolKeys.webhooks, queryFn: fetchWebhooks });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: toolKeys.webhooks });

  const toggle = useMutation({
    mutationFn: (w: Webhook) => updateWebhook(w.id, { active: !w.active }),
    onSuccess: (w) => {
      refresh();
      setMessage({
        kind: "success",
        text: w.active
          ? t("webhooks.resumed", { url: w.url })
          : t("webhooks.paused", { url: w.url }),
      });
    },
    onError: (error) => setMessage({ kind: "error", text: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: (w: Webhook) => deleteWebhook(w.id),
    onSuccess: (_, w) => {
      refresh();
      setDeleting(null);
      if (created?.id === w.id) setCreated(null);
      setMessage({ kind: "success", text: t("webhooks.deleted", { url: w.url }) });
    },
  });

  return (
    <section className="card stack-tight" aria-labelledby="webhooks-title">
      <div className="section-head">
        <h2 id="webhooks-title">{t("webhooks.title")}</h2>
        {!creating && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setMessage(null);
              setCreating(true);
            }}
          >
            {t("webhooks.new")}
          </button>
        )}
      </div>
      <p className="muted small">{t("webhooks.intro")}</p>
      {message && (
        <Notice kind={message.kind} onDismiss={() => setMessage(null)}>
          {message.text}
        </Notice>
      )}
      {created && (
        <Notice kind="success" onDismiss={() => setCreated(null)}>
          <p>{t("webhooks.createdSecret", { url: created.url })}</p>
          <CopyField label={t("webhooks.secret")} value={created.secret} />
          <p className="small">{t("webhooks.verify")}</p>
        </Notice>
      )}
      {creating && (
        <WebhookForm
          onCancel={() => setCreating(false)}
          onCreated={(w) => {
            refresh();
            setCreating(false);
            setMessage(null);
            setCreated(w);
          }}
        />
      )}
      {list.isPending ? (
        <Loading label={t("webhooks.loading")} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        !creating && <p className="empty">{t("webhooks.empty")}</p>
      ) : (
        <ul className="webhook-list">
          {list.data.map((w) => {
            const panelId = `webhook-panel-${w.id}`;
            return (
              <li key={w.id} className={`webhook-item${w.active ? "" : " inactive"}`}>
                <div className="webhook-head">
                  <div className="webhook-info">
                    <h3 className="mono break-anywhere">
                      {w.url}{" "}
                      <span className={`badge ${w.active ? "badge-confirmed" : ""}`}>
                        {w.active ? t("webhooks.active") : t("webhooks.pausedBadge")}
                      </span>
                    </h3>
                    <p className="muted small">
                      {t("webhooks.sends", { events: eventList(w.events) })}
                    </p>
                  </div>
                  <div className="button-row">
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      aria-expanded={open === w.id}
                      aria-controls={panelId}
                      aria-label={t("webhooks.deliveriesFor", { url: w.url })}
                      onClick={() => setOpen((id) => (id === w.id ? null : w.id))}
                    >
                      {t("webhooks.deliveries")}
                    </button>
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      disabled={toggle.isPending}
                      aria-label={
                        w.active
                          ? t("webhooks.pauseFor", { url: w.url })
                          : t("webhooks.resumeFor", { url: w.url })
                      }
                      onClick={() => toggle.mutate(w)}
                    >
                      {w.active ? t("webhooks.pause") : t("webhooks.resume")}
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger-outline btn-small"
                      aria-label={t("webhooks.deleteFor", { url: w.url })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(w);
                      }}
                    >
                      {t("webhooks.delete")}
                    </button>
                  </div>
                </div>
                {open === w.id && (
                  <div id={panelId}>
                    <DeliveriesLog webhook={w} viewerTz={viewerTz} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Dialog
        open={deleting !== null}
        title={t("webhooks.deleteTitle")}
        onClose={() => setDeleting(null)}
      >
        <p className="break-anywhere">{t("webhooks.deleteText", { url: deleting?.url ?? "" })}</p>
        {remove.isError && <Notice kind="error">{errorMessage(remove.error)}</Notice>}
        <div className="button-row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={remove.isPending}
            onClick={() => deleting && remove.mutate(deleting)}
          >
            {remove.isPending ? t("webhooks.deleting") : t("webhooks.deleteConfirm")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setDeleting(null)}>
            {t("webhooks.keep")}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
