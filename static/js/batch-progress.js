// Live progress of a letter batch: polls the batch's JSON counts (done, failed,
// pending, total, percent) and updates the progress bar and the counts on the page.
// Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.querySelector(".batch-progress[data-progress-url]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");

  function show(counts) {
    Object.keys(counts).forEach(function (name) {
      var cell = box.querySelector("[data-count=" + name + "]");
      if (cell) { cell.textContent = String(counts[name]); }
    });
    bar.value = counts.percent;
    bar.textContent = counts.percent + " %";
  }
  // The rows below the counts come from the server: once nothing is pending any more the page
  // loads them again, so a row never says "being made" under a batch that says it is done.
  var waited = false;

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) { return; }
        show(counts);
        if (counts.pending > 0) { waited = true; window.setTimeout(poll, 1000); } else if (waited) { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
}());
