import { useMutation } from "@tanstack/react-query";
import { downloadMyData } from "../../api/account";
import { errorMessage } from "../../api/errors";
import { Notice } from "../../components/ui";

export function DataExportSection() {
  const download = useMutation({ mutationFn: downloadMyData });
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <p>
        Download everything ExpertBook keeps about you as one JSON file: your account, your bookings
        and, if you are an expert, your public profile, event types and availability.
      </p>
      {download.isError && <Notice kind="error">{errorMessage(download.error)}</Notice>}
      {download.isSuccess && <Notice kind="success">Your data was downloaded.</Notice>}
      <div className="button-row">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          {download.isPending ? "Preparing your file…" : "Download my data"}
        </button>
      </div>
    </section>
  );
}
