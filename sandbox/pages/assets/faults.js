// The faults form: explains the chosen kind, shows its default params, and POSTs /api/faults.
(() => {
  const form = document.getElementById("fault-form");
  if (!form) return;
  const { kind, params } = form.elements;
  const help = form.querySelector("[data-kind-help]");
  const error = form.querySelector("[data-form-error]");

  const sync = () => {
    const option = kind.selectedOptions[0];
    help.textContent = option.dataset.help;
    params.placeholder = option.dataset.params;
  };
  kind.addEventListener("change", sync);
  sync();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const data = new FormData(form);
    const body = { kind: data.get("kind") };
    for (const name of ["outTradeNo", "method", "event"]) {
      const value = String(data.get(name) || "").trim();
      if (value) body[name] = value;
    }
    const count = String(data.get("count") || "").trim();
    if (count) body.count = Number(count);
    const rawParams = String(data.get("params") || "").trim();
    if (rawParams) {
      try {
        body.params = JSON.parse(rawParams);
      } catch {
        body.params = null;
      }
      if (typeof body.params !== "object" || body.params === null || Array.isArray(body.params)) {
        error.textContent = window.sandbox.say("f.badJson");
        return;
      }
    }
    const result = await window.sandbox.callApi("POST", "/api/faults", body);
    if (!result.ok) {
      error.textContent = result.message;
      return;
    }
    location.reload();
  });
})();
