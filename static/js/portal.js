// Progressive enhancement only: every page works without this file.
(function () {
  // A double click must not submit twice: disable the submit buttons once the form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("needs-once")) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      setTimeout(function () { b.disabled = true; }, 0);
    });
  });
  // Move focus to the error summary so screen-reader users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // Stacked tables (ui.table): every cell carries its column's name, shown above it on phones.
  document.querySelectorAll("table.table-stack").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (heads[i] && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) cell.setAttribute("data-label", heads[i]);
      });
    });
  });

  // Character counters under long text fields (the limit itself is checked on the server).
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var text = counter.querySelector(".char-count-n");
    if (!field || !text) return;
    function update() {
      var n = Array.from(field.value).length;
      text.textContent = n;
      counter.classList.toggle("over", n > max);
    }
    field.addEventListener("input", update);
    update();
  });

  // Questions that apply only for some answers (data-show-if="field=value|value"): hidden otherwise.
  // The server validates the same rule (RequiredIf), so a hidden question is never required.
  var conditional = document.querySelectorAll("[data-show-if]");
  function chosen(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll("[name='" + name + "']"), function (el) {
      return (el.type === "radio" || el.type === "checkbox") ? el.checked : true;
    }).map(function (el) { return el.value; });
  }
  function refresh() {
    conditional.forEach(function (block) {
      var rule = block.getAttribute("data-show-if").split("=");
      var form = block.closest("form");
      if (!form || !form.querySelector("[name='" + rule[0] + "']")) return;  // answered on another page
      var wanted = rule[1].split("|");
      var show = chosen(form, rule[0]).some(function (v) { return wanted.indexOf(v) >= 0; });
      block.hidden = !show;
    });
  }
  if (conditional.length) {
    document.addEventListener("change", refresh);
    refresh();
  }
})();
