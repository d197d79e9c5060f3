// Shared behaviour of the sandbox pages (plain browser JavaScript, no build step): buttons that call
// the JSON API, toasts, and live regions that refresh in place every few seconds without losing the
// filter (it is in the URL), the scroll position or the disclosures the reader opened.
(() => {
  const REFRESH_MS = 3000;
  const text = JSON.parse(document.getElementById("sbx-text")?.textContent || "{}");
  const say = (key, vars = {}) => (text[key] || key).replace(/\{(\w+)\}/g, (all, name) => (name in vars ? String(vars[name]) : all));

  function toast(message, bad = false) {
    const box = document.createElement("div");
    box.className = bad ? "toast bad" : "toast";
    box.setAttribute("role", bad ? "alert" : "status");
    box.textContent = message;
    document.body.append(box);
    setTimeout(() => box.remove(), bad ? 6000 : 2500);
  }

  /** Calls the JSON API; failures come back as values with the API's code and message. */
  async function callApi(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      return { ok: false, code: "NETWORK", detail: String(error.message || error), message: say("err.NETWORK", { detail: String(error.message || error) }) };
    }
    const json = await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, json };
    const code = (json.error && json.error.code) || String(response.status);
    const detail = (json.error && json.error.message) || response.statusText;
    return { ok: false, code, detail, message: say("err.generic", { code, detail }) };
  }

  const region = document.querySelector("[data-live]");
  const status = document.querySelector("[data-live-status]");
  let refreshing = false;

  /** Re-renders the live region from the server; false when the page has none. */
  async function refresh() {
    if (!region) return false;
    const selection = getSelection();
    // Never yank text out from under a reader who is selecting it.
    if (refreshing || (selection && !selection.isCollapsed && region.contains(selection.anchorNode))) return true;
    refreshing = true;
    try {
      const url = new URL(location.href);
      url.searchParams.set("partial", "1");
      const response = await fetch(url, { headers: { accept: "text/html" } });
      const fragment = await response.text();
      const open = new Set([...region.querySelectorAll("details[open][data-key]")].map((d) => d.dataset.key));
      region.innerHTML = fragment;
      for (const d of region.querySelectorAll("details[data-key]")) if (open.has(d.dataset.key)) d.open = true;
    } catch {
      // The sandbox may be restarting: keep what is on screen and try again on the next tick.
    } finally {
      refreshing = false;
    }
    return true;
  }

  if (region) {
    setInterval(() => {
      if (!document.hidden) void refresh();
    }, REFRESH_MS);
    document.addEventListener("visibilitychange", () => {
      if (status) {
        status.textContent = say(document.hidden ? "n.paused" : "n.live");
        status.classList.toggle("paused", document.hidden);
      }
      if (!document.hidden) void refresh();
    });
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-post]");
    if (!button) return;
    button.disabled = true;
    const body = button.dataset.body ? JSON.parse(button.dataset.body) : undefined;
    const result = await callApi(button.dataset.method || "POST", button.dataset.post, body);
    button.disabled = false;
    if (!result.ok) return toast(result.message, true);
    toast(say(button.dataset.done || "done"));
    if (!(await refresh())) location.reload();
  });

  window.sandbox = { callApi, say, toast, refresh };
})();
