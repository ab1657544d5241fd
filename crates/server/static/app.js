// intake: uploads by drag and drop, live progress, confirmations.
// Pages work without it; it only makes them nicer.
(function () {
  "use strict";

  function upload() {
    var form = document.getElementById("upload");
    if (!form) return;
    var drop = document.getElementById("drop");
    var input = document.getElementById("file");
    var text = document.getElementById("drop-text");
    var error = document.getElementById("upload-error");
    var submit = document.getElementById("submit");
    function show() {
      if (input.files && input.files.length) {
        text.textContent = drop.dataset.chosen.replace("%s", input.files[0].name);
      }
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      drop.addEventListener(e, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer && ev.dataTransfer.files.length) {
        input.files = ev.dataTransfer.files;
        show();
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      error.hidden = true;
      var label = submit.textContent;
      submit.disabled = true;
      submit.textContent = submit.dataset.sending;
      fetch(form.action, {
        method: "POST", body: new FormData(form),
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (res) {
        if (res.ok) { window.location = res.body.url; return; }
        error.textContent = res.body.error ? res.body.error.message : "Error";
        error.hidden = false;
        submit.disabled = false;
        submit.textContent = label;
      }).catch(function (e) {
        error.textContent = String(e);
        error.hidden = false;
        submit.disabled = false;
        submit.textContent = label;
      });
    });
  }

  function progress() {
    var box = document.getElementById("progress");
    if (!box || box.dataset.finished === "true" || !window.EventSource) return;
    var bar = document.getElementById("bar");
    var status = document.getElementById("status");
    var phase = document.getElementById("phase");
    var line = document.getElementById("progress-text");
    var source = new EventSource(box.dataset.events);
    source.addEventListener("progress", function (ev) {
      var p = JSON.parse(ev.data);
      bar.value = Math.round(p.fraction * 1000);
      status.textContent = p.status_label;
      status.className = "status " + p.status;
      phase.textContent = p.finished ? "" : p.phase_label;
      var done = p.rows_total
        ? box.dataset.totalText.replace("%d", p.rows_done).replace("%t", p.rows_total)
        : box.dataset.rowsText.replace("%d", p.rows_done);
      line.textContent = done + " · " + box.dataset.rateText.replace("%r", p.rows_per_second);
      if (p.finished) {
        source.close();
        // The counts and the log are on the page once it ended.
        window.location.reload();
      }
    });
    source.addEventListener("gone", function () { source.close(); });
  }

  function confirms() {
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        if (!window.confirm(f.dataset.confirm)) ev.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    upload(); progress(); confirms();
  });
})();
