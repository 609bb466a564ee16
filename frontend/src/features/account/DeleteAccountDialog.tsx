import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { deleteAccount } from "../../api/account";
import type { User } from "../../api/types";
import { Dialog, Field, Notice } from "../../components/ui";
import { useAuthStore } from "../../stores/auth";
import { DeletionConsequences } from "./DeleteAccountSection";
import { useServerErrors } from "./useServerErrors";

export function DeleteAccountDialog({
  open,
  user,
  onClose,
}: {
  open: boolean;
  user: User;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const clear = useAuthStore((s) => s.clear);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  // The session is forgotten only once the home page has replaced this one: forgotten
  // earlier, the signed-in pages around us would first send the visitor to the login page.
  const deleted = useRef(false);
  useEffect(
    () => () => {
      if (!deleted.current) return;
      clear();
      queryClient.clear();
    },
    [clear, queryClient],
  );
  const remove = useMutation({
    mutationFn: () => deleteAccount(password),
    onSuccess: () => {
      deleted.current = true;
      navigate("/", { replace: true, state: { notice: t("account.deleted") } });
    },
  });
  // The server names the password field `currentPassword`, as in the other account forms.
  const { fieldErrors, formError, edited } = useServerErrors(remove, ["currentPassword"]);

  const close = () => {
    remove.reset();
    setPassword("");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate();
  };

  return (
    <Dialog open={open} title={t("account.deleteDialogTitle")} onClose={close}>
      <DeletionConsequences user={user} />
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label={t("account.yourPassword")} error={fieldErrors.currentPassword}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => {
                edited();
                setPassword(e.target.value);
              }}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="btn btn-danger" disabled={remove.isPending}>
            {remove.isPending ? t("account.deleting") : t("account.deleteConfirm")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={close}>
            {t("account.keep")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
