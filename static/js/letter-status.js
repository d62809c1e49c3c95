// A letter that is being made: asks its status every two seconds and, once it is ready (or
// failed), says so where the page said "being prepared". The page is not reloaded by itself,
// so nothing typed in a form on it is lost; the refresh link beside it works without JavaScript.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  function watch(element) {
    fetch(element.dataset.letterStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.status !== "pending") {
          element.textContent = state.status === "rendered" ? element.dataset.readyText : state.label;
          return;
        }
        window.setTimeout(function () { watch(element); }, 2000);
      })
      .catch(function () { window.setTimeout(function () { watch(element); }, 5000); });
  }
  document.querySelectorAll("[data-letter-status-url]").forEach(watch);
}());
