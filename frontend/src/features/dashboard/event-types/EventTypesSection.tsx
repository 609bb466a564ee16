import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteEventType, fetchEventTypes, updateEventType } from "../../../api/dashboard";
import { errorMessage } from "../../../api/errors";
import { keys } from "../../../api/queries";
import type { EventType } from "../../../api/types";
import { ErrorState, Loading, Notice, usePageTitle } from "../../../components/ui";
import { useAuthStore } from "../../../stores/auth";
import { DeleteEventTypeDialog } from "./DeleteEventTypeDialog";
import { EventTypeForm } from "./EventTypeForm";
import { EventTypeItem } from "./EventTypeItem";
import { PublicLinkCard } from "./PublicLinkCard";

type Message = { kind: "success" | "info" | "error"; text: string };

export function EventTypesSection() {
  usePageTitle("Event types · Expert Dashboard");
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
        text: e.isActive ? `“${e.title}” is active again.` : `“${e.title}” was deactivated.`,
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

  const saved = (e: EventType, verb: string) => {
    refresh();
    setEditing(null);
    setMessage({ kind: "success", text: `“${e.title}” was ${verb}.` });
  };

  return (
    <>
      <PublicLinkCard link={profileLink} />
      <section className="card" aria-labelledby="event-types-title">
        <div className="section-head">
          <h2 id="event-types-title">Event types</h2>
          {editing !== "new" && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setMessage(null);
                setEditing("new");
              }}
            >
              New event type
            </button>
          )}
        </div>
        {message && (
          <Notice kind={message.kind} onDismiss={() => setMessage(null)}>
            {message.text}
          </Notice>
        )}
        {editing === "new" && (
          <EventTypeForm onCancel={() => setEditing(null)} onSaved={(e) => saved(e, "created")} />
        )}
        {list.isPending ? (
          <Loading label="Loading event types…" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.length === 0 ? (
          editing !== "new" && (
            <p className="empty">
              No event types yet. Create one (for example a 30-minute intro call) so clients can
              book you.
            </p>
          )
        ) : (
          <ul className="event-type-list">
            {list.data.map((e) =>
              editing !== "new" && editing?.id === e.id ? (
                <li key={e.id} className="event-type-item editing">
                  <EventTypeForm
                    existing={e}
                    onCancel={() => setEditing(null)}
                    onSaved={(s) => saved(s, "saved")}
                  />
                </li>
              ) : (
                <EventTypeItem
                  key={e.id}
                  eventType={e}
                  link={`${profileLink}/${e.slug}`}
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
