// Reason and opinion templates: with JavaScript, "Insert" puts the chosen template's text at the cursor
// of the action's text box, to be edited before sending. Without it, the button asks the server to
// fill the box (the page comes back with the text added).
(function () {
  document.querySelectorAll("[data-phrase-insert]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var select = form && form.querySelector("select[data-phrase-for]");
      var box = select && document.getElementById(select.getAttribute("data-phrase-for"));
      var option = select && select.options[select.selectedIndex];
      if (!box || !option) return;  // let the form go to the server instead
      event.preventDefault();
      var text = option.getAttribute("data-text") || "";
      var start = box.selectionStart, end = box.selectionEnd;
      if (typeof start !== "number" || document.activeElement !== box && box.dataset.touched !== "1") {
        start = end = box.value.length;  // never clicked into: add at the end
      }
      var before = box.value.slice(0, start), after = box.value.slice(end);
      var glue = before && !/\n$/.test(before) ? "\n" : "";
      box.value = before + glue + text + after;
      var caret = (before + glue + text).length;
      box.focus();
      box.setSelectionRange(caret, caret);
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
  document.querySelectorAll("textarea[name=reason]").forEach(function (box) {
    // remember that the reviewer placed the cursor, so the template goes there and not at the end
    ["click", "keyup", "focus"].forEach(function (name) {
      box.addEventListener(name, function () { box.dataset.touched = "1"; });
    });
  });
})();
