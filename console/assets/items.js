// The Items view: a query and scan builder, pages of results, and the item
// editor (plain JSON or DynamoDB JSON, errors shown beside the text).
import { h, api, tablePath, toast, confirmDialog, showError, display, typeOf, keyNames, attrType } from "./ui.js";

// searches keeps each table's search while the page lives, so that other
// views (export) and returning to the tab see it.
export const searches = new Map();

function defaultSearch() {
  return { mode: "scan", index: "", hash: "", range: { op: "", values: ["", ""] }, filters: [], projection: "", limit: 25, descending: false };
}

// searchRequest returns the request the API takes for a search.
export function searchRequest(s, start = null) {
  const range = s.range.op ? { op: s.range.op, values: s.range.values.slice(0, s.range.op === "between" ? 2 : 1) } : null;
  const filters = s.filters.filter((f) => f.path).map((f) => ({
    path: f.path, op: f.op, type: f.type,
    values: ["exists", "not_exists"].includes(f.op) ? [] : f.values.slice(0, f.op === "between" ? 2 : 1),
  }));
  return { mode: s.mode, index: s.index, hash: s.hash, range, filters, projection: s.projection, limit: +s.limit || 0, descending: s.descending, start };
}

export function itemsView(root, ctx) {
  const t = ctx.table;
  const s = searches.get(ctx.name) || defaultSearch();
  searches.set(ctx.name, s);
  const indexes = [...(t.GlobalSecondaryIndexes || []), ...(t.LocalSecondaryIndexes || [])];
  const keysOf = (index) => keyNames(index ? indexes.find((i) => i.IndexName === index)?.KeySchema || t.KeySchema : t.KeySchema);
  const tableKeys = keyNames(t.KeySchema);
  let pages = [null]; // the start key of each page seen
  let pageNo = 0;
  let pagesOf = ""; // the search request the pages belong to

  const results = h("div", { id: "results" });
  const error = h("div", { class: "inline-error", role: "alert", hidden: true, id: "search-error" });
  const builder = h("form", { class: "card", id: "search-form" });

  function bind(el, get, set) {
    el.value = get();
    el.addEventListener("input", () => set(el.value));
    el.addEventListener("change", () => set(el.value));
    return el;
  }
  const opSelect = (ops, get, set, id) => bind(h("select", { id, "aria-label": "Operator" },
    ops.map(([v, l]) => h("option", { value: v }, l))), get, set);

  function renderBuilder() {
    const keys = keysOf(s.index);
    const query = s.mode === "query";
    const rangeOps = [["", "(any sort key)"], ["=", "="], ["<", "<"], ["<=", "≤"], [">", ">"], [">=", "≥"], ["between", "between"], ["begins_with", "begins with"]];
    const filterOps = [["=", "="], ["<>", "≠"], ["<", "<"], ["<=", "≤"], [">", ">"], [">=", "≥"], ["between", "between"],
      ["begins_with", "begins with"], ["contains", "contains"], ["exists", "exists"], ["not_exists", "does not exist"]];
    const filters = h("div", { class: "filters" }, s.filters.map((f, i) => h("div", { class: "row tight filter-row" },
      bind(h("input", { placeholder: "attribute path", "aria-label": "Filter attribute", class: "filter-path" }), () => f.path, (v) => { f.path = v; }),
      opSelect(filterOps, () => f.op, (v) => { if (f.op !== v) { f.op = v; renderBuilder(); } }),
      ["exists", "not_exists"].includes(f.op) ? null : [
        bind(h("input", { placeholder: "value", "aria-label": "Filter value", class: "filter-value" }), () => f.values[0], (v) => { f.values[0] = v; }),
        f.op === "between" ? bind(h("input", { placeholder: "and", "aria-label": "Filter upper value" }), () => f.values[1], (v) => { f.values[1] = v; }) : null,
        bind(h("select", { "aria-label": "Value type", class: "filter-type" }, ["S", "N", "BOOL", "NULL", "B"].map((x) => h("option", { value: x }, x))), () => f.type, (v) => { f.type = v; }),
      ],
      h("button", { type: "button", class: "link danger", onclick: () => { s.filters.splice(i, 1); renderBuilder(); } }, "Remove"))));

    builder.replaceChildren(
      h("div", { class: "row" },
        h("div", { class: "segmented", role: "radiogroup", "aria-label": "Operation" },
          ["scan", "query"].map((m) => h("label", {}, h("input", { type: "radio", name: "mode", value: m, checked: s.mode === m, id: "mode-" + m,
            onchange: () => { s.mode = m; renderBuilder(); } }), m === "scan" ? "Scan" : "Query"))),
        h("label", {}, "Table or index", bind(h("select", { id: "search-index" },
          h("option", { value: "" }, ctx.name + " (table)"), indexes.map((i) => h("option", { value: i.IndexName }, i.IndexName))),
        () => s.index, (v) => { if (s.index !== v) { s.index = v; renderBuilder(); } }))),
      query ? h("div", { class: "row", id: "query-keys" },
        h("label", {}, `${keys.hash} (partition key, ${attrType(t, keys.hash)})`,
          bind(h("input", { id: "query-hash", required: true }), () => s.hash, (v) => { s.hash = v; })),
        keys.range ? [
          h("label", {}, `${keys.range} (sort key, ${attrType(t, keys.range)})`, opSelect(rangeOps, () => s.range.op, (v) => { if (s.range.op !== v) { s.range.op = v; renderBuilder(); } }, "range-op")),
          s.range.op ? bind(h("input", { id: "range-value", "aria-label": "Sort key value" }), () => s.range.values[0], (v) => { s.range.values[0] = v; }) : null,
          s.range.op === "between" ? h("label", { class: "inline" }, "and", bind(h("input", { id: "range-value2", "aria-label": "Sort key upper value" }), () => s.range.values[1], (v) => { s.range.values[1] = v; })) : null,
        ] : null,
        h("label", { class: "inline" }, h("input", { type: "checkbox", checked: s.descending, onchange: (e) => { s.descending = e.target.checked; } }), "Descending")) : "",
      h("h3", {}, "Filters"),
      filters,
      h("div", { class: "row" },
        h("button", { type: "button", id: "add-filter", onclick: () => { s.filters.push({ path: "", op: "=", type: "S", values: ["", ""] }); renderBuilder(); } }, "+ Filter"),
        h("label", {}, "Projection", bind(h("input", { id: "projection", placeholder: "all attributes", size: 24 }), () => s.projection, (v) => { s.projection = v; })),
        h("label", {}, "Page size", bind(h("input", { id: "page-size", type: "number", min: 1, max: 1000, size: 5 }), () => s.limit, (v) => { s.limit = v; })),
        h("span", { class: "spacer" }),
        h("button", { type: "submit", class: "primary", id: "run-search" }, query ? "Run query" : "Run scan"),
        h("button", { type: "button", id: "new-item", onclick: () => openEditor(null) }, "+ Create item")));
  }

  builder.addEventListener("submit", (e) => { e.preventDefault(); pages = [null]; pageNo = 0; load(); });

  // load shows the current page; the answer of a search that a newer one
  // replaced is dropped. results' data-loaded counts the searches shown,
  // and data-loading is set while one runs.
  let loads = 0;
  async function load() {
    const seq = ++loads;
    results.dataset.loading = "1";
    // A changed search starts again from its first page.
    const request = JSON.stringify(searchRequest(s));
    if (request !== pagesOf) {
      pages = [null];
      pageNo = 0;
      pagesOf = request;
    }
    // Rows hold only some attributes of their items with a projection or
    // an index that does not project all; a deletion compares only those.
    const index = indexes.find((i) => i.IndexName === s.index);
    const partial = Boolean(s.projection) || (index !== undefined && index.Projection?.ProjectionType !== "ALL");
    let ans, failure = null;
    try {
      ans = await api("POST", tablePath(ctx.name, "/search"), searchRequest(s, pages[pageNo]));
    } catch (err) {
      failure = err;
    }
    if (seq !== loads) return;
    showError(error, failure);
    if (!failure) {
      pages[pageNo + 1] = ans.last;
      renderResults(ans, partial);
    }
    results.dataset.loaded = seq;
    delete results.dataset.loading;
  }

  function renderResults(ans, partial) {
    const keyCols = [tableKeys.hash, tableKeys.range, keysOf(s.index).hash, keysOf(s.index).range].filter(Boolean);
    const cols = [...new Set(keyCols)];
    for (const item of ans.items) for (const k of Object.keys(item).sort()) if (!cols.includes(k)) cols.push(k);
    const rows = ans.items.map((item) => {
      // Objects keyed by attribute names have no prototype, for names like
      // __proto__.
      const key = Object.create(null);
      for (const k of [tableKeys.hash, tableKeys.range].filter(Boolean)) key[k] = item[k];
      const complete = Object.values(key).every(Boolean);
      return h("tr", {},
        cols.map((c) => Object.hasOwn(item, c) ? h("td", { class: "cell", title: typeOf(item[c]) + ": " + display(item[c]) }, display(item[c]), h("span", { class: "t" }, typeOf(item[c]))) : h("td", { class: "cell muted" }, "")),
        h("td", { class: "actions" },
          h("button", { type: "button", class: "link", disabled: !complete, onclick: () => openEditor(key) }, "Edit"),
          h("button", { type: "button", class: "link danger", disabled: !complete, onclick: () => remove(key, item, partial) }, "Delete")));
    });
    results.replaceChildren(
      ans.items.length ? h("div", { class: "scroll" }, h("table", { class: "data", id: "items-table" },
        h("thead", {}, h("tr", {}, cols.map((c) => h("th", { class: keyCols.includes(c) ? "key-col" : null, scope: "col" }, c)), h("th", {}, ""))),
        h("tbody", {}, rows))) : h("p", { class: "muted", id: "no-items" }, "No items."),
      h("div", { class: "pager" },
        h("button", { type: "button", id: "prev-page", disabled: pageNo === 0, onclick: () => { pageNo--; load(); } }, "← Previous"),
        h("span", { id: "page-info", class: "muted" }, `Page ${pageNo + 1} · ${ans.count} items (${ans.scanned} read)`),
        h("button", { type: "button", id: "next-page", disabled: !ans.last, onclick: () => { pageNo++; load(); } }, "Next →")));
  }

  // remove deletes the item with key if it is still as its row shows it.
  async function remove(key, item, partial) {
    const label = Object.values(key).map(display).join(" / ");
    if (!await confirmDialog(`Delete the item ${label}?`)) return;
    try {
      await api("DELETE", tablePath(ctx.name, "/item?key=" + encodeURIComponent(JSON.stringify(key))), { loaded: item, partial });
      toast("Item deleted");
      load();
    } catch (err) {
      toast(err.message, "error");
    }
  }

  // openEditor edits the item with key, or a new item for null.
  async function openEditor(key) {
    const d = document.getElementById("editor");
    const text = document.getElementById("editor-text");
    const err = document.getElementById("editor-error");
    const radios = d.querySelectorAll('input[name="editor-format"]');
    const format = () => [...radios].find((r) => r.checked).value;
    document.getElementById("editor-title").textContent = key ? "Edit item" : "Create item";
    showError(err, null);
    let loaded = null; // the item as loaded, sent back with the changes
    const fetchText = async () => {
      if (!key) {
        const blank = Object.create(null);
        const plain = format() === "json";
        for (const k of [tableKeys.hash, tableKeys.range].filter(Boolean)) {
          const type = attrType(t, k);
          if (!plain) blank[k] = { [type]: type === "N" ? "0" : "" };
          else blank[k] = type === "N" ? 0 : type === "B" ? { $B: "" } : "";
        }
        text.value = JSON.stringify(blank, null, 2);
        return;
      }
      try {
        const ans = await api("GET", tablePath(ctx.name, `/item?format=${format()}&key=${encodeURIComponent(JSON.stringify(key))}`));
        text.value = ans.text;
        loaded = ans.loaded;
      } catch (e) {
        showError(err, e);
      }
    };
    // Switching formats shows the stored item in the other format
    // (unsaved edits are dropped).
    radios.forEach((r) => { r.onchange = fetchText; });
    await fetchText();
    document.getElementById("editor-cancel").onclick = () => d.close();
    document.getElementById("editor-form").onsubmit = async (e) => {
      e.preventDefault();
      try {
        await api("PUT", tablePath(ctx.name, "/item"), { format: format(), text: text.value, original: key, loaded });
      } catch (e2) {
        showError(err, e2);
        if (e2.line) selectLine(text, e2.line);
        return;
      }
      d.close();
      toast(key ? "Item saved" : "Item created");
      load();
    };
    d.showModal();
    text.focus();
  }

  renderBuilder();
  root.replaceChildren(builder, error, results);
  load();
}

// selectLine selects a line of a textarea, where an error is.
function selectLine(textarea, line) {
  const lines = textarea.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  textarea.focus();
  textarea.setSelectionRange(start, start + (lines[line - 1] || "").length);
}
