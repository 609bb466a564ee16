import { useTranslation } from "react-i18next";
import { CopyField } from "../../components/ui";

/** The HTML an expert pastes into their own site, inline or as a popup button. */
export function embedSnippets({
  origin,
  username,
  slug,
  buttonText,
}: {
  origin: string;
  username: string;
  slug: string | null;
  buttonText: string;
}) {
  const path = slug ? `${username}/${slug}` : username;
  const script = `<script src="${origin}/embed.js" async></script>`;
  const text = buttonText.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
  return {
    inline: `${script}<div data-expertbook="${path}"></div>`,
    popup: `${script}<button type="button" data-expertbook-popup="${path}">${text}</button>`,
  };
}

/** Snippets to copy for one event type (or, without a slug, the expert's whole page). */
export function EmbedSnippet({
  username,
  slug = null,
  origin = window.location.origin,
}: {
  username: string;
  slug?: string | null;
  origin?: string;
}) {
  const { t } = useTranslation();
  const snippets = embedSnippets({
    origin,
    username,
    slug,
    buttonText: t("embed.snippet.buttonText"),
  });
  return (
    <div className="stack embed-snippet">
      <CopyField
        label={t("embed.snippet.inline")}
        value={snippets.inline}
        hint={t("embed.snippet.inlineHint")}
      />
      <CopyField
        label={t("embed.snippet.popup")}
        value={snippets.popup}
        hint={t("embed.snippet.popupHint")}
      />
    </div>
  );
}
