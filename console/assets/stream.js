// The Stream view: the table's stream records, live. The page polls the
// console, which reads every shard (following their lineage) from where the
// last poll stopped; the cursor travels with the page.
import { h, api, ApiError, tablePath, plainImage, showError } from "./ui.js";

const pollEvery = 1000; // ms
const keep = 500; // records shown at most

// retryable tells whether polling again with the same cursor may succeed:
// the console or the network failed, or the backend throttled.
const retryable = (err) => !(err instanceof ApiError) || err.status >= 500 || err.status === 429 || /Throttl/.test(err.code || "");

export function streamView(root, ctx) {
  const list = h("div", { class: "records", id: "records" });
  const status = h("span", { class: "live", id: "stream-status" }, "paused");
  const error = h("div", { class: "inline-error", role: "alert", hidden: true });
  const note = h("div", { class: "muted", role: "status", id: "stream-note", hidden: true });
  const from = h("select", { id: "stream-from", "aria-label": "Start from" },
    h("option", { value: "latest" }, "New records from now"), h("option", { value: "oldest" }, "Every record kept (24 h)"));
  const toggle = h("button", { type: "button", id: "stream-toggle", class: "primary" }, "Start");
  let cursor = null;
  let timer = null;
  let count = 0;

  async function poll() {
    timer = null;
    let ans;
    try {
      ans = await api("POST", tablePath(ctx.name, "/stream/poll"), { cursor, from: from.value });
    } catch (err) {
      showError(error, err);
      stop();
      if (!retryable(err)) {
        // The same cursor would fail again: the next start is from now.
        cursor = null;
        from.value = "latest";
        toggle.textContent = "Restart from now";
      }
      return;
    }
    showError(error, null);
    if (!ans.enabled) {
      stop();
      showError(error, { message: ans.message + (ans.message.includes("off") ? " — turn it on in Details." : "") });
      return;
    }
    cursor = ans.cursor;
    if (ans.note) {
      note.textContent = `${new Date().toLocaleTimeString()}: ${ans.note}.`;
      note.hidden = false;
    }
    for (const r of ans.records) {
      count++;
      list.prepend(h("article", { class: "record " + r.event, "data-seq": r.seq },
        h("header", {}, h("span", { class: "badge " + r.event }, r.event),
          h("span", { class: "mono" }, Object.values(r.keys).map((v) => Object.values(v)[0]).join(" / ")),
          h("span", { class: "muted" }, r.time ? new Date(r.time).toLocaleTimeString() : ""),
          h("span", { class: "muted mono" }, "#" + r.seq)),
        r.newImage ? h("pre", { "aria-label": "New image" }, plainImage(r.newImage)) : null,
        r.oldImage ? h("pre", { class: "muted", "aria-label": "Old image" }, plainImage(r.oldImage)) : null));
    }
    while (list.children.length > keep) list.lastChild.remove();
    document.getElementById("record-count").textContent = `${count} record${count === 1 ? "" : "s"}`;
    if (toggle.dataset.on) timer = setTimeout(poll, pollEvery);
  }
  function start() {
    toggle.dataset.on = "1";
    toggle.textContent = "Pause";
    status.textContent = "live";
    status.classList.add("on");
    from.disabled = true;
    poll();
  }
  function stop() {
    delete toggle.dataset.on;
    toggle.textContent = "Resume";
    status.textContent = "paused";
    status.classList.remove("on");
    clearTimeout(timer);
  }
  toggle.addEventListener("click", () => (toggle.dataset.on ? stop() : start()));
  ctx.onCleanup(() => { delete toggle.dataset.on; clearTimeout(timer); });

  const spec = ctx.table.StreamSpecification;
  root.replaceChildren(
    h("div", { class: "row" }, from, toggle, status, h("span", { class: "muted", id: "record-count" }, ""),
      h("span", { class: "muted" }, spec?.StreamEnabled ? "View: " + spec.StreamViewType : "The stream is off.")),
    error, note, list);
  if (spec?.StreamEnabled && ctx.info.streams) start();
  else if (!ctx.info.streams) showError(error, { message: "This backend serves no DynamoDB Streams API." });
}
