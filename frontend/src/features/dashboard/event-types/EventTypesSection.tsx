import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { deleteEventType, fetchEventTypes, updateEventType } from "../../../api/dashboard";
import { errorMessage } from "../../../api/errors";
import { keys } from "../../../api/queries";
import type { EventType } from "../../../api/types";
import { ErrorState, Loading, Notice, usePageTitle } from "../../../components/ui";
import { detectTimeZone } from "../../../lib/time";
import { useAuthStore } from "../../../stores/auth";
import { DeleteEventTypeDialog } from "./DeleteEventTypeDialog";
import { EventTypeForm } from "./EventTypeForm";
import { EventTypeItem } from "./EventTypeItem";
import { PublicLinkCard } from "./PublicLinkCard";

type Message = { kind: "success" | "info" | "error"; text: string };

export function EventTypesSection() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.pageTitle", { section: t("dashboard.eventTypes") }));
  const queryClient = useQueryClient();
  const user = useAuthStore((s) => s.user);
  const profileLink = `${window.location.origin}/${user?.username ?? ""}`;
  const list = useQuery({ queryKey: keys.eventTypes, queryFn: fetchEventTypes });
  const [editing, setEditing] = useState<EventType | "new" | null>(null);
  const [deleting, setDeleting] = useState<EventType | null>(null);
  const [message, setMessage] = useState<Message | null>(null);

  // The public page (by username or id) and its free times show the event types too.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.eventTypes });
    for (const key of [user?.username, user?.expertId]) {
      if (key) void queryClient.invalidateQueries({ queryKey: keys.expert(key) });
    }
    if (user?.expertId)
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(user.expertId) });
  };

  const toggle = useMutation({
    mutationFn: (e: EventType) => updateEventType(e.id, { isActive: !e.isActive }),
    onSuccess: (e) => {
      refresh();
      setMessage({
        kind: "success",
        text: e.isActive
          ? t("eventTypes.activated", { title: e.title })
          : t("eventTypes.deactivated", { title: e.title }),
      });
    },
    onError: (error) => setMessage({ kind: "error", text: errorMessage(error) }),
  });

  const remove = useMutation({
    mutationFn: deleteEventType,
    onSuccess: (result) => {
      refresh();
      setDeleting(null);
      setMessage({ kind: result.result === "deleted" ? "success" : "info", text: result.message });
    },
  });

  const saved = (e: EventType, created: boolean) => {
    refresh();
    setEditing(null);
    const text = created
      ? t("eventTypes.created", { title: e.title })
      : t("eventTypes.saved", { title: e.title });
    setMessage({ kind: "success", text });
  };

  return (
    <>
      <PublicLinkCard link={profileLink} />
      <section className="card" aria-labelledby="event-types-title">
        <div className="section-head">
          <h2 id="event-types-title">{t("dashboard.eventTypes")}</h2>
          {editing !== "new" && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setMessage(null);
                setEditing("new");
              }}
            >
              {t("eventTypes.new")}
            </button>
          )}
        </div>
        {message && (
          <Notice kind={message.kind} onDismiss={() => setMessage(null)}>
            {message.text}
          </Notice>
        )}
        {editing === "new" && (
          <EventTypeForm onCancel={() => setEditing(null)} onSaved={(e) => saved(e, true)} />
        )}
        {list.isPending ? (
          <Loading label={t("eventTypes.loading")} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.length === 0 ? (
          editing !== "new" && <p className="empty">{t("eventTypes.empty")}</p>
        ) : (
          <ul className="event-type-list">
            {list.data.map((e) =>
              editing !== "new" && editing?.id === e.id ? (
                <li key={e.id} className="event-type-item editing">
                  <EventTypeForm
                    existing={e}
                    onCancel={() => setEditing(null)}
                    onSaved={(s) => saved(s, false)}
                  />
                </li>
              ) : (
                <EventTypeItem
                  key={e.id}
                  eventType={e}
                  link={`${profileLink}/${e.slug}`}
                  username={user?.username ?? ""}
                  viewerTz={user?.timezone ?? detectTimeZone()}
                  busy={toggle.isPending}
                  onEdit={() => {
                    setMessage(null);
                    setEditing(e);
                  }}
                  onToggle={() => toggle.mutate(e)}
                  onDelete={() => {
                    remove.reset();
                    setDeleting(e);
                  }}
                />
              ),
            )}
          </ul>
        )}
        <DeleteEventTypeDialog
          eventType={deleting}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={(e) => remove.mutate(e)}
          onClose={() => setDeleting(null)}
        />
      </section>
    </>
  );
}
