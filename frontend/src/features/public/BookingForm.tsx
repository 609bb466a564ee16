import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Ref, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { isApiError } from "../../api/errors";
import { createBooking, keys } from "../../api/queries";
import type { EventType, ExpertPublic } from "../../api/types";
import { Field, Notice } from "../../components/ui";
import { WithSlot } from "../../i18n/WithSlot";
import { formatDate, formatTimeRange } from "../../lib/time";
import { useFocusFirstInvalid } from "../../lib/useFocusFirstInvalid";
import { useAuthStore } from "../../stores/auth";
import { type BookingDraft, useBookingFlowStore } from "../../stores/bookingFlow";
import {
  type AnswerValue,
  type AnswerValues,
  answersPayload,
  type BookingProblems,
  bookingProblems,
  guestProblem,
  MAX_GUESTS,
  NO_PROBLEMS,
  parseGuests,
  unanswered,
} from "./bookingRules";
import type { FlowEvent } from "./flowMachine";
import { QuestionField } from "./QuestionField";
import { prefilledDetails } from "./rebookLink";

// A group session whose last seat went meanwhile is gone like a taken time.
const isTaken = (error: unknown) =>
  isApiError(error, "slot_taken") ||
  isApiError(error, "slot_unavailable") ||
  isApiError(error, "session_full");

/** The confirmation page is a chunk of its own: fetched while the visitor fills this in. */
const preloadBookingPage = () => import("../bookings/BookingPage");

/** The visitor's details for the chosen time, and the booking itself. */
export function BookingForm({
  expert,
  eventType,
  start,
  duration,
  seatsLeft,
  privateKey,
  tz,
  hour12,
  send,
  headingRef,
  onTaken,
}: {
  expert: ExpertPublic;
  eventType: EventType;
  start: string;
  /** The length chosen, in minutes. */
  duration: number;
  /** A group session's free seats at this start; undefined for one-to-one. */
  seatsLeft: number | null | undefined;
  /** The key of the single-use private link the page was opened with. */
  privateKey: string | null;
  tz: string;
  hour12: boolean;
  send: (event: FlowEvent) => boolean;
  /** Focused when a time is picked, so the next Tab is the first field. */
  headingRef: Ref<HTMLHeadingElement>;
  /** The server refused the time; the flow has said so, the page forgets the time. */
  onTaken: () => void;
}) {
  const { t } = useTranslation();
  const user = useAuthStore((s) => s.user);
  const draft = useBookingFlowStore((s) => s.draft);
  const updateDraft = useBookingFlowStore((s) => s.updateDraft);
  const prefillDraft = useBookingFlowStore((s) => s.prefillDraft);
  const resetDraft = useBookingFlowStore((s) => s.resetDraft);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const end = new Date(Date.parse(start) + duration * 60_000).toISOString();
  const questions = eventType.questions ?? [];
  const [answers, setAnswers] = useState<AnswerValues>({});
  const [guestsText, setGuestsText] = useState("");
  const [showGuests, setShowGuests] = useState(false);
  const guests = parseGuests(guestsText);
  // The last refusal's messages, each gone once its field is edited.
  const [problems, setProblems] = useState<BookingProblems>(NO_PROBLEMS);
  const form = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusFirstInvalid(form);
  // One key per attempt at this slot: a retried request cannot book twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  // From the link a client was sent to book another time, else the signed-in person's own;
  // what the visitor has typed is never overwritten.
  const [params] = useSearchParams();
  const { name, email } = prefilledDetails(params, user);
  useEffect(() => {
    prefillDraft({ name, email });
  }, [name, email, prefillDraft]);
  useEffect(() => {
    void preloadBookingPage();
  }, []);

  const book = useMutation({
    mutationFn: () =>
      createBooking(
        {
          eventTypeId: eventType.id,
          start,
          name: draft.name.trim(),
          email: draft.email.trim(),
          phone: draft.phone.trim() || null,
          notes: draft.notes.trim() || null,
          timezone: tz,
          durationMinutes: duration,
          answers: answersPayload(questions, answers),
          guests,
          privateKey,
        },
        idempotencyKey,
      ),
    onSuccess: (booking) => {
      if (!send({ type: "booked" })) return;
      resetDraft();
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expert.id) });
      void queryClient.invalidateQueries({ queryKey: keys.bookings });
      const token =
        !user && booking.manageToken ? `?token=${encodeURIComponent(booking.manageToken)}` : "";
      navigate(`/bookings/${booking.id}${token}`, { state: { booking, justBooked: true } });
    },
    onError: (error) => {
      setIdempotencyKey(crypto.randomUUID());
      if (isTaken(error)) {
        setProblems(NO_PROBLEMS);
        if (send({ type: "taken" })) onTaken();
        void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expert.id) });
      } else {
        send({ type: "failed" });
        showProblems(bookingProblems(error, guests, expert.name));
      }
    },
  });

  /** Show what is wrong and take the keyboard to the first field that says so. */
  const showProblems = (found: BookingProblems) => {
    setProblems(found);
    focusInvalid();
  };
  const change = (field: keyof BookingDraft, value: string) => {
    updateDraft({ [field]: value });
    if (problems.fields[field]) {
      setProblems((p) => ({ ...p, fields: { ...p.fields, [field]: "" } }));
    }
  };
  const answer = (id: string, value: AnswerValue) => {
    setAnswers((a) => ({ ...a, [id]: value }));
    if (problems.answers[id]) {
      setProblems((p) => ({ ...p, answers: { ...p.answers, [id]: "" } }));
    }
  };
  const fieldErrors = problems.fields;
  const formError = problems.form;

  const submit = () => {
    // Missing answers and malformed guests are said at once, without a round trip.
    const missing = unanswered(questions, answers);
    const guestError = guestProblem(guests);
    if (Object.keys(missing).length > 0 || guestError) {
      showProblems({
        fields: {},
        answers: missing,
        guests: guestError,
        form: t("bookingRules.checkAnswers"),
      });
      return;
    }
    setProblems(NO_PROBLEMS);
    if (send({ type: "submit" })) book.mutate();
  };

  return (
    <form
      ref={form}
      className="booking-form"
      aria-labelledby="form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="form-title" ref={headingRef} tabIndex={-1}>
        {t("bookingForm.title")}
      </h3>
      <p className="selected-summary">
        <WithSlot text={(title) => t("bookingForm.summary", { title, name: expert.name })}>
          <strong>{eventType.title}</strong>
        </WithSlot>
        <br />
        {formatDate(start, tz)}, {formatTimeRange(start, end, tz, hour12)}{" "}
        <span className="muted">({tz.replaceAll("_", " ")})</span>
        {eventType.seats != null && seatsLeft != null && (
          <>
            <br />
            {t("seats.leftOf", { count: seatsLeft, total: eventType.seats })}
          </>
        )}
      </p>
      {formError && <Notice kind="error">{formError}</Notice>}
      <div className="form-grid">
        <Field label={t("fields.name")} error={fieldErrors.name}>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="name"
              required
              value={draft.name}
              onChange={(e) => change("name", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("fields.email")} error={fieldErrors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="email"
              required
              value={draft.email}
              onChange={(e) => change("email", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("bookingForm.phone")} error={fieldErrors.phone}>
          {(props) => (
            <input
              {...props}
              type="tel"
              autoComplete="tel"
              value={draft.phone}
              onChange={(e) => change("phone", e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field
        label={t("bookingForm.notes")}
        error={fieldErrors.notes}
        hint={t("bookingForm.notesHint")}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={draft.notes}
            onChange={(e) => change("notes", e.target.value)}
          />
        )}
      </Field>
      {questions.map((question) => (
        <QuestionField
          key={question.id}
          question={question}
          value={answers[question.id]}
          error={problems.answers[question.id] || null}
          onChange={(value) => answer(question.id, value)}
        />
      ))}
      {showGuests || guestsText ? (
        <Field
          label={t("bookingRules.guests")}
          error={problems.guests}
          hint={t("bookingRules.guestsHint", { count: MAX_GUESTS })}
        >
          {(props) => (
            <textarea
              {...props}
              rows={2}
              autoComplete="off"
              spellCheck={false}
              // Opened by the visitor's own click: the box they asked for takes the keyboard.
              // biome-ignore lint/a11y/noAutofocus: focus follows the "Add guests" button.
              autoFocus
              value={guestsText}
              onChange={(e) => {
                setGuestsText(e.target.value);
                if (problems.guests) setProblems((p) => ({ ...p, guests: null }));
              }}
            />
          )}
        </Field>
      ) : (
        <p className="add-guests">
          <button type="button" className="btn btn-secondary" onClick={() => setShowGuests(true)}>
            {t("bookingRules.addGuests")}
          </button>
        </p>
      )}{" "}
      <button type="submit" className="btn btn-primary btn-large" disabled={book.isPending}>
        {book.isPending ? t("bookingForm.booking") : t("bookingForm.confirm")}
      </button>
    </form>
  );
}
