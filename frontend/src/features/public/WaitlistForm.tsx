import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Ref, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { isApiError } from "../../api/errors";
import { keys } from "../../api/queries";
import type { EventType, ExpertPublic } from "../../api/types";
import { joinWaitlist } from "../../api/waitlist";
import { Field, Notice } from "../../components/ui";
import { WithSlot } from "../../i18n/WithSlot";
import { minutesLabel } from "../../lib/minutesLabel";
import { formatDate, formatTimeRange } from "../../lib/time";
import { useFocusFirstInvalid } from "../../lib/useFocusFirstInvalid";
import { useAuthStore } from "../../stores/auth";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import {
  type AnswerValue,
  type AnswerValues,
  answersPayload,
  type BookingProblems,
  NO_PROBLEMS,
  unanswered,
} from "./bookingRules";
import type { FlowEvent } from "./flowMachine";
import { QuestionField } from "./QuestionField";
import { waitlistProblems } from "./waitlistRules";

/** The waitlist page is a chunk of its own: fetched while the visitor fills this in. */
const preloadWaitlistPage = () => import("../waitlist/WaitlistPage");

/** Name and email to join the waitlist of a taken time; then its own page. */
export function WaitlistForm({
  expert,
  eventType,
  start,
  duration,
  tz,
  hour12,
  send,
  headingRef,
  onAvailable,
}: {
  expert: ExpertPublic;
  eventType: EventType;
  start: string;
  duration: number;
  tz: string;
  hour12: boolean;
  send: (event: FlowEvent) => boolean;
  /** Focused when a taken time is picked, so the next Tab is the first field. */
  headingRef: Ref<HTMLHeadingElement>;
  /** The time is free after all: the page offers it for booking instead. */
  onAvailable: () => void;
}) {
  const { t } = useTranslation();
  const user = useAuthStore((s) => s.user);
  const draft = useBookingFlowStore((s) => s.draft);
  const updateDraft = useBookingFlowStore((s) => s.updateDraft);
  const prefillDraft = useBookingFlowStore((s) => s.prefillDraft);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const end = new Date(Date.parse(start) + duration * 60_000).toISOString();
  const questions = eventType.questions ?? [];
  const [answers, setAnswers] = useState<AnswerValues>({});
  const [problems, setProblems] = useState<BookingProblems>(NO_PROBLEMS);
  const form = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusFirstInvalid(form);

  useEffect(() => {
    if (user) prefillDraft({ name: user.name, email: user.email });
  }, [user, prefillDraft]);
  useEffect(() => {
    void preloadWaitlistPage();
  }, []);

  const join = useMutation({
    mutationFn: () =>
      joinWaitlist({
        eventTypeId: eventType.id,
        start,
        name: draft.name.trim(),
        email: draft.email.trim(),
        timezone: tz,
        answers: answersPayload(questions, answers),
      }),
    onSuccess: (entry) => {
      if (!send({ type: "joined" })) return;
      const token = entry.manageToken ? `?token=${encodeURIComponent(entry.manageToken)}` : "";
      navigate(`/waitlist/${entry.id}${token}`, { state: { entry, justJoined: true } });
    },
    onError: (error) => {
      send({ type: "failed" });
      if (isApiError(error, "slot_available")) {
        setProblems(NO_PROBLEMS);
        void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expert.id) });
        onAvailable();
        return;
      }
      showProblems(waitlistProblems(error));
    },
  });

  const showProblems = (found: BookingProblems) => {
    setProblems(found);
    focusInvalid();
  };
  const change = (field: "name" | "email", value: string) => {
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
  const submit = () => {
    const missing = unanswered(questions, answers);
    if (Object.keys(missing).length > 0) {
      showProblems({ ...NO_PROBLEMS, answers: missing, form: t("bookingRules.checkAnswers") });
      return;
    }
    setProblems(NO_PROBLEMS);
    if (send({ type: "submit" })) join.mutate();
  };

  return (
    <form
      ref={form}
      className="booking-form"
      aria-labelledby="waitlist-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="waitlist-form-title" ref={headingRef} tabIndex={-1}>
        {t("waitlist.join")}
      </h3>
      <p className="selected-summary">
        <WithSlot text={(title) => t("bookingForm.summary", { title, name: expert.name })}>
          <strong>{eventType.title}</strong>
        </WithSlot>
        <br />
        {formatDate(start, tz)}, {formatTimeRange(start, end, tz, hour12)}{" "}
        <span className="muted">({tz.replaceAll("_", " ")})</span>
      </p>
      <p>
        {eventType.seats != null ? t("waitlist.introFull") : t("waitlist.introTaken")}{" "}
        {t("waitlist.introHold", { hold: minutesLabel(eventType.waitlistHoldMinutes ?? 30) })}
      </p>
      {problems.form && <Notice kind="error">{problems.form}</Notice>}
      <div className="form-grid">
        <Field label={t("fields.name")} error={problems.fields.name}>
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
        <Field label={t("fields.email")} error={problems.fields.email}>
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
      </div>
      {questions.map((question) => (
        <QuestionField
          key={question.id}
          question={question}
          value={answers[question.id]}
          error={problems.answers[question.id] || null}
          onChange={(value) => answer(question.id, value)}
        />
      ))}
      <button type="submit" className="btn btn-primary btn-large" disabled={join.isPending}>
        {join.isPending ? t("waitlist.joining") : t("waitlist.join")}
      </button>
    </form>
  );
}
