// The Details view: what DescribeTable, DescribeTimeToLive and the tags
// say, with the settings that can change: indexes, time to live, stream,
// and deleting the table.
import { h, api, tablePath, toast, confirmDialog, showError, keyNames, attrType, number, bytes } from "./ui.js";

export function detailsView(root, ctx) {
  const t = ctx.table;
  const { hash, range } = keyNames(t.KeySchema);
  const billing = t.BillingModeSummary?.BillingMode || (t.ProvisionedThroughput?.ReadCapacityUnits ? "PROVISIONED" : "PAY_PER_REQUEST");
  const throughput = (p) => p && p.ReadCapacityUnits ? `${p.ReadCapacityUnits} read / ${p.WriteCapacityUnits} write` : "on demand";
  const stream = t.StreamSpecification?.StreamEnabled ? t.StreamSpecification.StreamViewType : "off";
  const ttl = ctx.info.ttl;
  const keyText = (schema) => { const k = keyNames(schema); return k.hash + ` (${attrType(t, k.hash)})` + (k.range ? ` · ${k.range} (${attrType(t, k.range)})` : ""); };

  const overview = h("section", { class: "card" }, h("h2", {}, "Overview"), h("dl", { class: "grid", id: "overview" },
    [["Partition key", `${hash} (${attrType(t, hash)})`], ["Sort key", range ? `${range} (${attrType(t, range)})` : "none"],
      ["Status", t.TableStatus], ["Items", number(t.ItemCount)], ["Size", bytes(t.TableSizeBytes)],
      ["Capacity", billing === "PROVISIONED" ? throughput(t.ProvisionedThroughput) : "on demand"],
      ["Stream", stream], ["Time to live", ttl ? (ttl.TimeToLiveStatus === "ENABLED" ? `on: ${ttl.AttributeName}` : ttl.TimeToLiveStatus.toLowerCase()) : ctx.info.ttlError || "unknown"],
      ["Created", t.CreationDateTime ? new Date(t.CreationDateTime).toLocaleString() : ""], ["ARN", t.TableArn]]
      .map(([k, v]) => [h("div", {}, h("dt", {}, k), h("dd", {}, v))])),
    h("h3", {}, "Attribute definitions"),
    h("p", { class: "mono" }, t.AttributeDefinitions.map((d) => `${d.AttributeName}: ${d.AttributeType}`).join(" · ")));

  // Indexes, with deleting and adding global ones.
  const ixError = h("div", { class: "inline-error", role: "alert", hidden: true });
  const rows = [
    ...(t.GlobalSecondaryIndexes || []).map((i) => ({ kind: "global", ...i })),
    ...(t.LocalSecondaryIndexes || []).map((i) => ({ kind: "local", ...i })),
  ];
  const indexTable = rows.length ? h("table", { class: "data", id: "indexes" },
    h("thead", {}, h("tr", {}, ["Name", "Kind", "Keys", "Projection", "Status", "Items", "Capacity", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((i) => h("tr", {},
      h("td", {}, i.IndexName), h("td", {}, i.kind), h("td", {}, keyText(i.KeySchema)),
      h("td", {}, i.Projection.ProjectionType + (i.Projection.NonKeyAttributes ? ": " + i.Projection.NonKeyAttributes.join(", ") : "")),
      h("td", {}, i.IndexStatus ? h("span", { class: "badge " + i.IndexStatus }, i.IndexStatus) : "", i.Backfilling ? h("span", { class: "badge UPDATING" }, "backfilling") : null),
      h("td", {}, number(i.ItemCount)), h("td", {}, i.kind === "global" ? throughput(i.ProvisionedThroughput) : "table's"),
      h("td", { class: "actions" }, i.kind === "global" ? h("button", { type: "button", class: "link danger", onclick: async () => {
        if (!await confirmDialog(`Delete the index ${i.IndexName}? Its items stay in the table.`)) return;
        try {
          await api("DELETE", tablePath(ctx.name, "/indexes/" + encodeURIComponent(i.IndexName)));
          toast("Deleting index " + i.IndexName);
          ctx.refresh();
        } catch (err) { showError(ixError, err); }
      } }, "Delete") : null))))) : h("p", { class: "muted" }, "No secondary indexes.");

  const keyType = (name) => h("select", { name, "aria-label": "Type" }, ["S", "N", "B"].map((x) => h("option", { value: x }, x)));
  const addForm = h("form", { class: "row", id: "add-index" },
    h("label", {}, "Index name", h("input", { name: "name", required: true })),
    h("label", {}, "Partition key", h("input", { name: "hash", required: true })), keyType("hash-type"),
    h("label", {}, "Sort key (optional)", h("input", { name: "range" })), keyType("range-type"),
    h("label", {}, "Projection", h("select", { name: "projection" }, ["ALL", "KEYS_ONLY"].map((x) => h("option", { value: x }, x)))),
    h("button", { type: "submit" }, "+ Add global index"));
  addForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = (n) => addForm.elements[n].value.trim();
    const defs = [{ AttributeName: f("hash"), AttributeType: f("hash-type") }];
    const schema = [{ AttributeName: f("hash"), KeyType: "HASH" }];
    if (f("range")) {
      defs.push({ AttributeName: f("range"), AttributeType: f("range-type") });
      schema.push({ AttributeName: f("range"), KeyType: "RANGE" });
    }
    const index = { IndexName: f("name"), KeySchema: schema, Projection: { ProjectionType: f("projection") } };
    if (billing === "PROVISIONED") index.ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
    try {
      await api("POST", tablePath(ctx.name, "/indexes"), { Index: index, AttributeDefinitions: defs });
      toast("Creating index " + index.IndexName);
      ctx.refresh();
    } catch (err) { showError(ixError, err); }
  });

  // Time to live and stream settings.
  const setError = h("div", { class: "inline-error", role: "alert", hidden: true });
  const ttlOn = ttl?.TimeToLiveStatus === "ENABLED" || ttl?.TimeToLiveStatus === "ENABLING";
  const ttlForm = h("form", { class: "row", id: "ttl-form" },
    h("label", {}, "Time to live attribute", h("input", { name: "attr", value: ttl?.AttributeName || "expires", disabled: ttlOn })),
    h("button", { type: "submit" }, ttlOn ? "Turn time to live off" : "Turn time to live on"));
  ttlForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api("PUT", tablePath(ctx.name, "/ttl"), { Enabled: !ttlOn, Attribute: ttlForm.elements.attr.value.trim() });
      ctx.refresh();
    } catch (err) { showError(setError, err); }
  });
  const streamOn = !!t.StreamSpecification?.StreamEnabled;
  const streamForm = h("form", { class: "row", id: "stream-form" },
    streamOn ? null : h("label", {}, "Stream view", h("select", { name: "view" },
      ["NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"].map((x) => h("option", { value: x }, x)))),
    h("button", { type: "submit" }, streamOn ? "Turn the stream off" : "Turn the stream on"));
  streamForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api("PUT", tablePath(ctx.name, "/stream"), { Enabled: !streamOn, ViewType: streamForm.elements.view?.value || "" });
      ctx.refresh();
    } catch (err) { showError(setError, err); }
  });

  const tags = ctx.info.tags.length ? h("p", { class: "mono" }, ctx.info.tags.map((x) => `${x.Key}=${x.Value}`).join(" · "))
    : h("p", { class: "muted" }, ctx.info.tagsError || "No tags.");

  const del = h("button", { type: "button", class: "danger", id: "delete-table", onclick: async () => {
    if (!await confirmDialog(`Delete the table ${ctx.name} and all its items? This cannot be undone.`, { typed: ctx.name })) return;
    try {
      await api("DELETE", tablePath(ctx.name));
      toast(`Table ${ctx.name} deleted`);
      await ctx.tablesChanged();
      location.hash = "#/";
    } catch (err) { toast(err.message, "error"); }
  } }, "Delete table");

  root.replaceChildren(overview,
    h("section", { class: "card" }, h("h2", {}, "Indexes"), indexTable, h("h3", {}, "Add a global index"), addForm, ixError),
    h("section", { class: "card" }, h("h2", {}, "Settings"), ttlForm, streamForm, setError, h("h3", {}, "Tags"), tags),
    h("section", { class: "card" }, h("h2", {}, "Delete"), h("p", { class: "muted" }, "Deleting a table removes every item, index and stream of it."), del));
}
