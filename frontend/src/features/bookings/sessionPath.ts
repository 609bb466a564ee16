/** The expert's page of one group session: its attendees, and cancelling it whole. */
export const sessionPath = (sessionKey: string) =>
  `/expert-dashboard/sessions/${encodeURIComponent(sessionKey)}`;
