// The buyer's page: switching the buyer reloads at once; Pay and Scan call the JSON API and reload
// with the outcome, so what the page shows always comes from the sandbox's stored state.
(() => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-buyer-action]");
    if (!button) return;
    const box = button.closest("[data-qr]");
    for (const b of box.querySelectorAll("button")) b.disabled = true;
    button.textContent = window.sandbox.say("busy");
    const result = await window.sandbox.callApi("POST", `/api/buyer/${button.dataset.buyerAction}`, {
      qr_code: box.dataset.qr,
      buyer_id: box.dataset.buyer,
    });
    const next = new URL(location.href);
    for (const name of ["notice", "detail", "partial"]) next.searchParams.delete(name);
    if (!result.ok) {
      next.searchParams.set("notice", result.code);
      next.searchParams.set("detail", result.detail || "");
    }
    location.replace(next);
  });
})();
