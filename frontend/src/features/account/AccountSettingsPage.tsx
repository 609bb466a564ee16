import { useTranslation } from "react-i18next";
import { Loading, usePageTitle } from "../../components/ui";
import { useAuthStore } from "../../stores/auth";
import "./account.css";
import { CalendarFeedSection } from "./CalendarFeedSection";
import { DataExportSection } from "./DataExportSection";
import { DeleteAccountSection } from "./DeleteAccountSection";
import { EmailForm } from "./EmailForm";
import { LanguageSection } from "./LanguageSection";
import { NameForm } from "./NameForm";
import { PasswordForm } from "./PasswordForm";

/** The signed-in user's own account: name, email, password, language, their data, and leaving. */
export function AccountSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.title"));
  const user = useAuthStore((s) => s.user);
  if (!user) return <Loading />;
  return (
    <div className="stack narrow">
      <h1>{t("account.title")}</h1>
      <NameForm user={user} />
      <EmailForm user={user} />
      <PasswordForm />
      <LanguageSection user={user} />
      <CalendarFeedSection />
      <DataExportSection />
      <DeleteAccountSection user={user} />
    </div>
  );
}
