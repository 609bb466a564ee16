import { CopyField } from "../../../components/ui";

/** The expert's public page: the link to share and a way to look at it. */
export function PublicLinkCard({ link }: { link: string }) {
  return (
    <section className="card" aria-labelledby="link-title">
      <h2 id="link-title">Your public link</h2>
      <CopyField
        label="Public link"
        value={link}
        buttonLabel="Copy link"
        hint="Share it: clients pick a session and a free time there."
      />
      <p>
        <a href={link} target="_blank" rel="noopener noreferrer">
          Open your booking page (opens in a new tab)
        </a>
      </p>
    </section>
  );
}
