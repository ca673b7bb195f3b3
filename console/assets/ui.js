// Helpers shared by the console's views: DOM building, the API client,
// dialogs, toasts and the display of DynamoDB values.

// h builds an element: h("button", {class: "primary", onclick: f}, "Save").
// Children are nodes or text (never parsed as HTML).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "value") el.value = v;
    else if (k === "checked") el.checked = !!v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// ApiError is an error answer of the console API: DynamoDB's code and
// message, and for an item's text the line, column and attribute path.
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    Object.assign(this, body || {}, { status });
  }
}

// api calls the console API. Requests that change something carry the
// console's header (the server refuses them otherwise).
export async function api(method, path, body, { raw = false } = {}) {
  const headers = {};
  let payload;
  if (method !== "GET") headers["X-DDB-Console"] = "1";
  if (body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch("api/" + path, { method, headers, body: payload, credentials: "same-origin" });
  if (raw && res.ok) return res;
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, data?.error || { message: res.statusText });
  return data;
}

// tablePath returns the API path of a table, plus a suffix.
export const tablePath = (name, suffix = "") => "tables/" + encodeURIComponent(name) + suffix;

// toast shows a short message.
export function toast(text, kind = "") {
  const t = h("div", { class: "toast " + kind, role: kind === "error" ? "alert" : "status" }, text);
  document.getElementById("toasts").append(t);
  setTimeout(() => t.remove(), kind === "error" ? 8000 : 3500);
}

// confirmDialog asks to confirm a deletion; with typed set, the person must
// type that word first. It resolves to true when confirmed.
export function confirmDialog(text, { typed = "", ok = "Delete" } = {}) {
  const d = document.getElementById("confirm");
  const input = document.getElementById("confirm-input");
  const button = document.getElementById("confirm-ok");
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-typed").hidden = !typed;
  document.getElementById("confirm-word").textContent = typed;
  button.textContent = ok;
  input.value = "";
  button.disabled = !!typed;
  input.oninput = () => { button.disabled = input.value !== typed; };
  d.returnValue = "";
  d.showModal();
  (typed ? input : button).focus();
  return new Promise((resolve) => {
    d.addEventListener("close", () => resolve(d.returnValue === "ok"), { once: true });
  });
}

// errorBox returns an inline error element for err (hidden when err is
// null), with the position of an error in an item's text.
export function errorText(err) {
  if (!err) return "";
  let where = "";
  if (err.line) where += `Line ${err.line}, column ${err.column}: `;
  if (err.path) where += `attribute ${err.path}: `;
  const code = err.code && !["ParseError", "BadRequest"].includes(err.code) ? ` (${err.code})` : "";
  return where + err.message + code;
}

// showError puts err's text in an inline error element.
export function showError(el, err) {
  el.textContent = errorText(err);
  el.hidden = !err;
}

// typeOf returns the type of a value in DynamoDB JSON.
export const typeOf = (v) => Object.keys(v)[0];

// display returns the short text of a value in DynamoDB JSON, for cells.
export function display(v) {
  const t = typeOf(v), x = v[t];
  switch (t) {
    case "S": case "N": return x;
    case "BOOL": return String(x);
    case "NULL": return "null";
    case "B": return "b64:" + x;
    case "SS": case "NS": return "{" + x.join(", ") + "}";
    case "BS": return "{" + x.map((b) => "b64:" + b).join(", ") + "}";
    case "L": return "[" + x.map(display).join(", ") + "]";
    case "M": return "{" + Object.entries(x).map(([k, e]) => k + ": " + display(e)).join(", ") + "}";
  }
  return JSON.stringify(v);
}

// plainImage returns an item in DynamoDB JSON as readable text, for stream
// records.
export function plainImage(item) {
  return Object.entries(item).sort(([a], [b]) => a < b ? -1 : 1)
    .map(([k, v]) => `${k}: ${display(v)}`).join("\n");
}

// keySchema returns the partition and sort key names of a table or index.
export function keyNames(schema) {
  const hash = schema.find((k) => k.KeyType === "HASH")?.AttributeName;
  const range = schema.find((k) => k.KeyType === "RANGE")?.AttributeName;
  return { hash, range };
}

// attrType returns a key attribute's type from the table's definitions.
export function attrType(table, name) {
  return table.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType || "S";
}

// number formats a count.
export const number = (n) => (n ?? 0).toLocaleString("en-US");

// bytes formats a size.
export function bytes(n) {
  n = n ?? 0;
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + " " + units[i];
}

// download saves a response body as a file named by its
// Content-Disposition.
export async function download(res, fallback) {
  const blob = await res.blob();
  const m = /filename="?([^";]+)"?/.exec(res.headers.get("Content-Disposition") || "");
  const a = h("a", { href: URL.createObjectURL(blob), download: m ? m[1] : fallback });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
