// Keyboard shortcuts on the staff queue and case pages; the "?" overlay lists them.
// Progressive enhancement: every shortcut has a link or button on the page that does the same.
(function () {
  "use strict";
  var help = document.getElementById("shortcut-help");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-case-row]"));
  var current = -1;

  function typing(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }
  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.focus();
  }
  function highlight(index) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (r, i) { r.classList.toggle("row-current", i === current); });
    var link = rows[current].querySelector("a");
    if (link) link.focus();
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link && link.href) { window.location.href = link.href; return true; }
    return false;
  }
  function focus(selector) {
    var el = document.querySelector(selector);
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.focus();
    return true;
  }

  // the select-all box works only with this script, so it stays hidden without it
  var all = document.getElementById("select-all");
  if (all) {
    all.hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll("input.case-select").forEach(function (box) { box.checked = all.checked; });
    });
  }
  if (help) {
    help.querySelectorAll("[data-close-help]").forEach(function (b) {
      b.addEventListener("click", function () { toggleHelp(false); });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key;
    var handled = true;
    if (key === "?") toggleHelp();
    else if (key === "Escape" && help && !help.hidden) toggleHelp(false);
    else if (rows.length && key === "j") highlight(current + 1);
    else if (rows.length && key === "k") highlight(current - 1);
    else if (rows.length && key === "o" && current >= 0) rows[current].querySelector("a").click();
    else if (rows.length && key === "x" && current >= 0) {
      var box = rows[current].querySelector("input.case-select");
      if (box) box.checked = !box.checked;
    }
    else if (key === "j") handled = follow("a[data-shortcut=next]");
    else if (key === "k") handled = follow("a[data-shortcut=previous]");
    else if (key === "u") handled = follow("a[data-shortcut=queue]");
    else if (key === "c") {
      var claim = document.querySelector("form[data-shortcut=claim]");
      if (claim) claim.requestSubmit(); else handled = false;
    }
    else if (key === "a") handled = focus("#actions button[type=submit], #actions textarea");
    else if (key === "s") handled = focus("#assign select");
    else if (key === "n") handled = focus("#notes textarea");
    else if (key === "m") handled = focus("#messages textarea");
    else handled = false;
    if (handled) event.preventDefault();
  });
})();
