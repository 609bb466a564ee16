import { useTranslation } from "react-i18next";
import { Field } from "../../components/ui";
import { usernameLink, usernameRule } from "../../lib/username";

/** The username, with the public link it gives as it will be saved (or the rule, until then). */
export function UsernameField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const link = usernameLink(value, window.location.origin);
  return (
    <Field
      label={t("username.label")}
      error={error}
      hint={link ? t("username.publicLink", { link }) : usernameRule()}
    >
      {(props) => (
        <input
          {...props}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
