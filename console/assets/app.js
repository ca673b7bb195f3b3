// The console's page: routes (#/create, #/t/TABLE[/tab]), the table list
// and the table form. The views of a table live in their own modules.
import { h, api, tablePath, toast, showError } from "./ui.js";
import { itemsView } from "./items.js";
import { detailsView } from "./table.js";
import { streamView } from "./stream.js";
import { transferView } from "./transfer.js";

const main = document.getElementById("main");
let tables = [];
let cleanup = null; // stops the current view's timers

// loadTables refreshes the table list.
async function loadTables() {
  try {
    tables = (await api("GET", "tables")).tables;
  } catch (err) {
    toast("Cannot list tables: " + err.message, "error");
  }
  renderList();
}

function currentTable() {
  const m = /^#\/t\/([^/]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

function renderList() {
  const filter = document.getElementById("table-filter").value.toLowerCase();
  const current = currentTable();
  const list = document.getElementById("table-list");
  list.replaceChildren(...tables.filter((t) => t.toLowerCase().includes(filter)).map((t) =>
    h("li", {}, h("a", { href: "#/t/" + encodeURIComponent(t), "aria-current": t === current ? "page" : null }, t))));
  if (!tables.length) list.append(h("li", { class: "muted" }, "No tables yet."));
}

const tabs = [
  ["items", "Items", itemsView],
  ["details", "Details", detailsView],
  ["stream", "Stream", streamView],
  ["transfer", "Import / export", transferView],
];

// route renders the view the location names.
async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  renderList();
  const hash = location.hash || "#/";
  if (hash === "#/create") return createView();
  const m = /^#\/t\/([^/]+)(?:\/(\w+))?/.exec(hash);
  if (!m) return homeView();
  const name = decodeURIComponent(m[1]);
  if (!tables.includes(name)) loadTables(); // made elsewhere since the list was read
  const tab = tabs.find((t) => t[0] === m[2]) || tabs[0];
  let info;
  try {
    info = await api("GET", tablePath(name));
  } catch (err) {
    main.replaceChildren(h("h1", {}, name), h("div", { class: "inline-error" }, err.message));
    return;
  }
  const t = info.table;
  const body = h("div", { id: "tab-body" });
  main.replaceChildren(
    h("div", { class: "page-head" },
      h("h1", { id: "table-title" }, name),
      h("span", { class: "badge " + t.TableStatus }, t.TableStatus),
      h("span", { class: "muted" }, `${(t.ItemCount ?? 0).toLocaleString("en-US")} items`)),
    h("nav", { class: "tabs", "aria-label": "Table views" }, tabs.map(([id, label]) =>
      h("a", { href: `#/t/${encodeURIComponent(name)}/${id}`, "aria-current": id === tab[0] ? "page" : null, "data-tab": id }, label))),
    body);
  const ctx = {
    name, info, table: t,
    refresh: route,
    onCleanup: (fn) => { cleanup = fn; },
    tablesChanged: loadTables,
  };
  tab[2](body, ctx);
}

function homeView() {
  main.replaceChildren(
    h("h1", {}, "Tables"),
    h("p", { class: "muted" }, tables.length ? "Pick a table on the left, or create one." : "This database has no tables yet."),
    h("a", { class: "button primary", href: "#/create" }, "+ Create table"));
}

// createView is the form that creates a table, with its indexes.
function createView() {
  const keyType = (name) => h("select", { name, "aria-label": "Type" },
    h("option", { value: "S" }, "String"), h("option", { value: "N" }, "Number"), h("option", { value: "B" }, "Binary"));
  const indexes = h("div", { id: "create-indexes" });
  const error = h("div", { class: "inline-error", role: "alert", hidden: true, id: "create-error" });

  function indexRow(kind) {
    const row = h("fieldset", { class: "index-row", "data-kind": kind },
      h("legend", {}, kind === "GSI" ? "Global secondary index" : "Local secondary index"),
      h("div", { class: "row" },
        h("label", {}, "Index name", h("input", { name: "ix-name", required: true })),
        kind === "GSI" ? h("label", {}, "Partition key", h("input", { name: "ix-hash", required: true })) : null,
        kind === "GSI" ? keyType("ix-hash-type") : null,
        h("label", {}, "Sort key" + (kind === "LSI" ? "" : " (optional)"), h("input", { name: "ix-range", required: kind === "LSI" })),
        keyType("ix-range-type"),
        h("label", {}, "Projection", h("select", { name: "ix-projection" },
          h("option", { value: "ALL" }, "All attributes"), h("option", { value: "KEYS_ONLY" }, "Keys only"),
          h("option", { value: "INCLUDE" }, "Include…"))),
        h("label", {}, "Included attributes", h("input", { name: "ix-include", placeholder: "a, b" })),
        h("button", { type: "button", class: "link danger", onclick: () => row.remove() }, "Remove")));
    return row;
  }

  const form = h("form", { id: "create-form", class: "card", novalidate: true },
    h("div", { class: "row" },
      h("label", {}, "Table name", h("input", { name: "name", id: "create-name", required: true, pattern: "[a-zA-Z0-9_.\\-]{3,255}", size: 30 }))),
    h("div", { class: "row" },
      h("label", {}, "Partition key", h("input", { name: "hash", id: "create-hash", required: true })), keyType("hash-type"),
      h("label", {}, "Sort key (optional)", h("input", { name: "range", id: "create-range" })), keyType("range-type")),
    h("div", { class: "row" },
      h("label", {}, "Capacity", h("select", { name: "billing", id: "create-billing", onchange: (e) => {
        form.querySelector(".throughput").hidden = e.target.value !== "PROVISIONED";
      } }, h("option", { value: "PAY_PER_REQUEST" }, "On demand"), h("option", { value: "PROVISIONED" }, "Provisioned"))),
      h("span", { class: "throughput row tight", hidden: true },
        h("label", {}, "Read units", h("input", { name: "rcu", type: "number", min: 1, value: 5, size: 5 })),
        h("label", {}, "Write units", h("input", { name: "wcu", type: "number", min: 1, value: 5, size: 5 }))),
      h("label", {}, "Stream", h("select", { name: "stream", id: "create-stream" },
        h("option", { value: "" }, "Off"), h("option", { value: "NEW_AND_OLD_IMAGES" }, "New and old images"),
        h("option", { value: "NEW_IMAGE" }, "New image"), h("option", { value: "OLD_IMAGE" }, "Old image"),
        h("option", { value: "KEYS_ONLY" }, "Keys only")))),
    h("h3", {}, "Indexes"),
    indexes,
    h("div", { class: "row" },
      h("button", { type: "button", id: "add-gsi", onclick: () => indexes.append(indexRow("GSI")) }, "+ Global index"),
      h("button", { type: "button", id: "add-lsi", onclick: () => indexes.append(indexRow("LSI")) }, "+ Local index")),
    error,
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "create-submit" }, "Create table")));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    let input;
    try {
      input = createInput(form);
    } catch (err) {
      showError(error, { message: err.message });
      return;
    }
    try {
      await api("POST", "tables", input);
    } catch (err) {
      showError(error, err);
      return;
    }
    showError(error, null);
    toast(`Table ${input.TableName} created`);
    await loadTables();
    location.hash = "#/t/" + encodeURIComponent(input.TableName);
  });
  main.replaceChildren(h("h1", {}, "Create table"), h("p", { class: "muted" }, "Key attributes are typed; every other attribute is free-form."), form);
  form.querySelector("input").focus();
}

// createInput reads the table form as a CreateTableInput.
function createInput(form) {
  const v = (el, name) => el.querySelector(`[name="${name}"]`)?.value.trim() ?? "";
  const defs = new Map();
  const define = (name, type) => {
    if (defs.has(name) && defs.get(name) !== type) throw new Error(`Attribute ${name} is given two types.`);
    defs.set(name, type);
  };
  const schema = (hash, hashType, range, rangeType) => {
    const s = [{ AttributeName: hash, KeyType: "HASH" }];
    define(hash, hashType);
    if (range) { s.push({ AttributeName: range, KeyType: "RANGE" }); define(range, rangeType); }
    return s;
  };
  const name = v(form, "name");
  const hash = v(form, "hash");
  if (!name || !hash) throw new Error("A table needs a name and a partition key.");
  const input = { TableName: name, KeySchema: schema(hash, v(form, "hash-type"), v(form, "range"), v(form, "range-type")) };
  const provisioned = v(form, "billing") === "PROVISIONED";
  const throughput = () => ({ ReadCapacityUnits: +v(form, "rcu"), WriteCapacityUnits: +v(form, "wcu") });
  input.BillingMode = provisioned ? "PROVISIONED" : "PAY_PER_REQUEST";
  if (provisioned) input.ProvisionedThroughput = throughput();
  if (v(form, "stream")) input.StreamSpecification = { StreamEnabled: true, StreamViewType: v(form, "stream") };
  for (const row of form.querySelectorAll(".index-row")) {
    const gsi = row.dataset.kind === "GSI";
    const ixHash = gsi ? v(row, "ix-hash") : hash;
    const ixType = gsi ? v(row, "ix-hash-type") : v(form, "hash-type");
    const projection = { ProjectionType: v(row, "ix-projection") };
    if (projection.ProjectionType === "INCLUDE") projection.NonKeyAttributes = v(row, "ix-include").split(",").map((s) => s.trim()).filter(Boolean);
    const index = { IndexName: v(row, "ix-name"), KeySchema: schema(ixHash, ixType, v(row, "ix-range"), v(row, "ix-range-type")), Projection: projection };
    if (gsi) {
      if (provisioned) index.ProvisionedThroughput = throughput();
      (input.GlobalSecondaryIndexes ??= []).push(index);
    } else {
      (input.LocalSecondaryIndexes ??= []).push(index);
    }
  }
  input.AttributeDefinitions = [...defs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
  return input;
}

document.getElementById("refresh-tables").addEventListener("click", loadTables);
document.getElementById("table-filter").addEventListener("input", renderList);
window.addEventListener("hashchange", route);
api("GET", "info").then((i) => { document.getElementById("endpoint").textContent = i.endpoint; }).catch(() => {});
loadTables().then(route);
