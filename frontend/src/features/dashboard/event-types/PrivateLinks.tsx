import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { errorMessage } from "../../../api/errors";
import {
  createPrivateLink,
  fetchPrivateLinks,
  revokePrivateLink,
  toolKeys,
} from "../../../api/expertTools";
import type { EventType, PrivateLink, PrivateLinkCreated } from "../../../api/types";
import { CopyField, ErrorState, Field, Loading, Notice } from "../../../components/ui";
import { useBookingFlowStore } from "../../../stores/bookingFlow";
import { shortWhen } from "../shortWhen";

/** An event type's single-use links: make one (its address shown once), see which were used, revoke. */
export function PrivateLinks({ eventType, viewerTz }: { eventType: EventType; viewerTz: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const key = toolKeys.privateLinks(eventType.id);
  const list = useQuery({ queryKey: key, queryFn: () => fetchPrivateLinks(eventType.id) });
  const [label, setLabel] = useState("");
  const [created, setCreated] = useState<PrivateLinkCreated | null>(null);

  const create = useMutation({
    mutationFn: () => createPrivateLink(eventType.id, { label: label.trim() }),
    onSuccess: (link) => {
      setCreated(link);
      setLabel("");
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (link: PrivateLink) => revokePrivateLink(eventType.id, link.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  const headingId = `private-links-${eventType.id}`;
  return (
    <section className="private-links stack-tight" aria-labelledby={headingId}>
      <h4 id={headingId}>{t("expertTools.privateLinksTitle", { title: eventType.title })}</h4>
      <p className="muted small">{t("expertTools.privateLinksText")}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label={t("expertTools.linkLabel")} hint={t("expertTools.linkLabelHint")}>
          {(props) => (
            <input
              {...props}
              type="text"
              maxLength={120}
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? t("expertTools.creating") : t("expertTools.createLink")}
        </button>
      </form>
      {create.isError && <Notice kind="error">{errorMessage(create.error)}</Notice>}
      {created && (
        <Notice kind="success" onDismiss={() => setCreated(null)}>
          <p>{t("expertTools.linkCreated")}</p>
          <CopyField label={t("expertTools.newLink")} value={created.url ?? ""} />
        </Notice>
      )}
      {revoke.isError && <Notice kind="error">{errorMessage(revoke.error)}</Notice>}
      {list.isPending ? (
        <Loading label={t("expertTools.linksLoading")} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="empty">{t("expertTools.noLinks")}</p>
      ) : (
        <ul className="private-link-list">
          {list.data.map((link) => {
            const name = link.label || t("expertTools.unlabelled");
            return (
              <li key={link.id} className="private-link">
                <div>
                  <strong>{name}</strong>{" "}
                  <span className="mono muted">
                    {t("expertTools.keyHint", { hint: link.keyHint })}
                  </span>
                  <br />
                  <span className="small muted">
                    {t("expertTools.linkCreatedAt", {
                      when: shortWhen(link.createdAt, viewerTz, hour12),
                    })}
                  </span>{" "}
                  {link.usedAt ? (
                    <span className="small">
                      {link.bookingId ? (
                        <Link to={`/bookings/${link.bookingId}`}>
                          {t("expertTools.linkUsed", {
                            when: shortWhen(link.usedAt, viewerTz, hour12),
                          })}
                        </Link>
                      ) : (
                        t("expertTools.linkUsed", {
                          when: shortWhen(link.usedAt, viewerTz, hour12),
                        })
                      )}
                    </span>
                  ) : (
                    <span className="badge badge-confirmed">{t("expertTools.linkUnused")}</span>
                  )}
                </div>
                <button
                  type="button"
                  className="btn btn-danger-outline btn-small"
                  aria-label={t("expertTools.revokeNamed", { name })}
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(link)}
                >
                  {t("expertTools.revoke")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
