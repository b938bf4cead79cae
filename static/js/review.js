// Running weighted total on the expert's scoring form. The server computes the total that counts;
// this only shows it while typing: Σ weight × (score − low) / (high − low) / Σ weight × 100.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  var out = document.getElementById("running-total");
  if (!form || !out) return;
  var inputs = form.querySelectorAll("input.review-score");

  function update() {
    var weights = 0, earned = 0, complete = true;
    inputs.forEach(function (input) {
      var weight = parseFloat(input.dataset.weight);
      var low = parseFloat(input.dataset.low);
      var high = parseFloat(input.dataset.high);
      var value = parseFloat(input.value.replace(/[，,]/g, "."));
      weights += weight;
      if (isNaN(value) || value < low || value > high) { complete = false; return; }
      earned += weight * (high > low ? (value - low) / (high - low) : 1);
    });
    out.textContent = complete && weights > 0 ? (Math.round(earned / weights * 10000) / 100).toString() : out.dataset.incomplete;
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
