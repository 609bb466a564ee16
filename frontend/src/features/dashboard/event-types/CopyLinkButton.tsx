import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { copyText } from "../../../components/ui";

/** A button that copies `value`, then says so for a few seconds (also to screen readers). */
export function CopyLinkButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (status === "idle") return;
    const timer = setTimeout(() => setStatus("idle"), 3000);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        aria-label={label}
        onClick={async () => setStatus((await copyText(value)) ? "copied" : "failed")}
      >
        {t("profile.copyLink")}
      </button>
      <span className="copy-status" role="status">
        {status === "copied"
          ? t("eventTypes.linkCopied")
          : status === "failed"
            ? t("eventTypes.copyByKeyboard")
            : ""}
      </span>
    </>
  );
}
