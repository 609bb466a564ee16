import { Field } from "../../components/ui";
import { USERNAME_RULE, usernameLink } from "../../lib/username";

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
  const link = usernameLink(value, window.location.origin);
  return (
    <Field label="Username" error={error} hint={link ? `Your public link: ${link}` : USERNAME_RULE}>
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
