import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { answerBooking, setNoShow } from "../../../api/expertTools";
import type { Booking } from "../../../api/types";
import { Notice } from "../../../components/ui";
import { isActive, isUpcoming } from "../../bookings/BookingActions";
import { useBookingSaved } from "../../bookings/useBookingSaved";
import { DeclineDialog } from "./DeclineDialog";
import { RebookDialog } from "./RebookDialog";

/**
 * What only the expert does with a booking: answer a request, ask the client to book another
 * time, restore, mark a no-show.
 */
export function ExpertBookingActions({
  booking,
  label,
  viewerTz,
}: {
  booking: Booking;
  label: string;
  viewerTz: string;
}) {
  const { t } = useTranslation();
  const saved = useBookingSaved();
  const [dialog, setDialog] = useState<"decline" | "rebook" | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const named = (action: string) => t("actions.named", { action, label });
  const upcoming = isUpcoming(booking);
  const started = Date.parse(booking.start) <= Date.now();

  const confirm = useMutation({
    mutationFn: () => answerBooking(booking.id, "confirmed"),
    onSuccess: (b) => {
      saved(b);
      setNotice({
        kind: "success",
        text:
          booking.status === "cancelled" ? t("expertTools.restored") : t("expertTools.confirmed"),
      });
    },
    onError: (error) => setNotice({ kind: "error", text: errorMessage(error) }),
  });
  const noShow = useMutation({
    mutationFn: (value: boolean) => setNoShow(booking.id, value),
    onSuccess: (b) => saved(b),
    onError: (error) => setNotice({ kind: "error", text: errorMessage(error) }),
  });

  const pending = booking.status === "pending" && upcoming;
  const restorable = booking.status === "cancelled" && upcoming;
  const noShowable = booking.status === "confirmed" && started;
  // A request too: the expert may prefer another time to a plain refusal.
  const rebookable = isActive(booking);
  if (!pending && !restorable && !noShowable && !rebookable && !notice) return null;

  return (
    <div className="expert-actions stack-tight">
      <div className="button-row">
        {pending && (
          <>
            <button
              type="button"
              className="btn btn-primary"
              disabled={confirm.isPending}
              aria-label={named(t("expertTools.confirm"))}
              onClick={() => {
                setNotice(null);
                confirm.mutate();
              }}
            >
              {confirm.isPending ? t("expertTools.confirming") : t("expertTools.confirm")}
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              aria-label={named(t("expertTools.decline"))}
              onClick={() => {
                setNotice(null);
                setDialog("decline");
              }}
            >
              {t("expertTools.decline")}
            </button>
          </>
        )}
        {rebookable && (
          <button
            type="button"
            className="btn btn-secondary"
            aria-label={named(t("rebook.ask"))}
            onClick={() => {
              setNotice(null);
              setDialog("rebook");
            }}
          >
            {t("rebook.ask")}
          </button>
        )}
        {restorable && (
          <button
            type="button"
            className="btn btn-secondary"
            disabled={confirm.isPending}
            aria-label={named(t("expertTools.restore"))}
            onClick={() => {
              setNotice(null);
              confirm.mutate();
            }}
          >
            {confirm.isPending ? t("expertTools.restoring") : t("expertTools.restore")}
          </button>
        )}
        {noShowable && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={booking.noShow ?? false}
              disabled={noShow.isPending}
              aria-label={named(t("expertTools.noShow"))}
              onChange={(e) => {
                setNotice(null);
                noShow.mutate(e.target.checked);
              }}
            />
            {t("expertTools.noShow")}
          </label>
        )}
      </div>
      {notice && (
        <Notice kind={notice.kind} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      )}
      <DeclineDialog
        open={dialog === "decline"}
        booking={booking}
        viewerTz={viewerTz}
        onClose={() => setDialog(null)}
        onDone={() => setNotice({ kind: "success", text: t("expertTools.declined") })}
      />
      <RebookDialog
        open={dialog === "rebook"}
        booking={booking}
        viewerTz={viewerTz}
        onClose={() => setDialog(null)}
        onDone={() =>
          setNotice({ kind: "success", text: t("rebook.done", { name: booking.name }) })
        }
      />
    </div>
  );
}
