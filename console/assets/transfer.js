// The Import / export view: items to and from JSON lines, DynamoDB JSON
// lines (bare or as DynamoDB's S3 export) and CSV.
import { h, api, tablePath, toast, showError, download, number } from "./ui.js";
import { searches, searchRequest } from "./items.js";

export function transferView(root, ctx) {
  const exportError = h("div", { class: "inline-error", role: "alert", hidden: true });
  const formats = [["json", "JSON lines (plain)"], ["ddb-json", "DynamoDB JSON lines"], ["s3", "DynamoDB S3 export lines"], ["csv", "CSV"]];
  const exportForm = h("form", { class: "card", id: "export-form" }, h("h2", {}, "Export"),
    h("div", { class: "row" },
      h("label", {}, "Format", h("select", { name: "format", id: "export-format" }, formats.map(([v, l]) => h("option", { value: v }, l)))),
      h("label", {}, "Items", h("select", { name: "scope", id: "export-scope" },
        h("option", { value: "table" }, "The whole table"),
        h("option", { value: "search", disabled: !searches.has(ctx.name) }, "The current query or scan (Items tab)"))),
      h("button", { type: "submit", class: "primary", id: "export-run" }, "Export")),
    exportError);
  exportForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = exportForm.elements.format.value;
    const search = exportForm.elements.scope.value === "search" ? searchRequest(searches.get(ctx.name)) : { mode: "scan" };
    try {
      const res = await api("POST", tablePath(ctx.name, "/export"), { format: f === "s3" ? "ddb-json" : f, export: f === "s3", search }, { raw: true });
      await download(res, ctx.name + ".jsonl");
      showError(exportError, null);
      toast("Export ready");
    } catch (err) { showError(exportError, err); }
  });

  const importError = h("div", { class: "inline-error", role: "alert", hidden: true });
  const report = h("div", { id: "import-report", "aria-live": "polite" });
  const file = h("input", { type: "file", name: "file", id: "import-file", accept: ".json,.jsonl,.ndjson,.csv,.txt", required: true });
  const format = h("select", { name: "format", id: "import-format" }, formats.filter(([v]) => v !== "s3").map(([v, l]) => h("option", { value: v }, l)));
  file.addEventListener("change", () => {
    const name = file.files[0]?.name || "";
    if (name.endsWith(".csv")) format.value = "csv";
    else if (/\.ddb\.jsonl?$|dynamodb/i.test(name)) format.value = "ddb-json";
    else if (/\.(jsonl|ndjson|json)$/.test(name)) format.value = "json";
  });
  const importForm = h("form", { class: "card", id: "import-form" }, h("h2", {}, "Import"),
    h("p", { class: "muted" }, "One item a line (JSON), or CSV with a header of attribute names (name:N for typed columns). Items with the key of an existing item replace it."),
    h("div", { class: "row" },
      h("label", {}, "File", file), h("label", {}, "Format", format),
      h("label", { class: "inline" }, h("input", { type: "checkbox", name: "infer", id: "import-infer" }), "CSV: read numbers and true/false in untyped columns as such"),
      h("button", { type: "submit", class: "primary", id: "import-run" }, "Import")),
    importError, report);
  // showReport shows the counts and row errors of an import.
  const showReport = (ans) => report.replaceChildren(
    h("p", { class: ans.failed ? "" : "inline-ok", id: "import-summary" }, `${number(ans.imported)} items imported, ${number(ans.failed)} rows failed.`),
    ans.errors.length ? h("ul", { class: "issues", id: "import-errors" }, ans.errors.map((x) =>
      h("li", {}, `Row ${x.row}${x.line ? ` (line ${x.line})` : ""}: ${x.message}`))) : "");
  importForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!file.files[0]) return showError(importError, { message: "Choose a file first." });
    const button = importForm.querySelector("button[type=submit]");
    button.disabled = true;
    report.textContent = "Importing…";
    try {
      const infer = importForm.elements.infer.checked ? "&infer=1" : "";
      const ans = await api("POST", tablePath(ctx.name, `/import?format=${format.value}${infer}`), file.files[0]);
      showError(importError, null);
      showReport(ans);
    } catch (err) {
      // An import that stopped says what it imported before.
      if (err.imported !== undefined) showReport(err);
      else report.textContent = "";
      showError(importError, err);
    } finally {
      button.disabled = false;
    }
  });
  root.replaceChildren(exportForm, importForm);
}
