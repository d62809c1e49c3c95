// Live progress of a letter batch: polls the batch's JSON counts (done, failed,
// pending, total) and updates the progress bar and the counts on the page.
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
    bar.max = Math.max(counts.total, 1);
    bar.value = counts.done;
    bar.textContent = counts.done + " / " + counts.total;
  }

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) { return; }
        show(counts);
        if (counts.pending > 0) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
}());
