import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { downloadMyData } from "../../api/account";
import { errorMessage } from "../../api/errors";
import { Notice } from "../../components/ui";

export function DataExportSection() {
  const { t } = useTranslation();
  const download = useMutation({ mutationFn: downloadMyData });
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t("account.dataTitle")}</h2>
      <p>{t("account.dataText")}</p>
      {download.isError && <Notice kind="error">{errorMessage(download.error)}</Notice>}
      {download.isSuccess && <Notice kind="success">{t("account.dataDone")}</Notice>}
      <div className="button-row">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          {download.isPending ? t("account.dataPreparing") : t("account.dataDownload")}
        </button>
      </div>
    </section>
  );
}
