// The admin's behaviour: "select all" in lists (combobox.js, popups.js: foreign keys).
// Everything works without JavaScript too; this only makes it quicker.
"use strict";

// "Select all N" (every page) is offered once the whole page is ticked.
function enableSelectAll() {
  document.querySelectorAll(".select-all").forEach(function (toggle) {
    var table = toggle.closest("table");
    var across = toggle.form && toggle.form.querySelector("[data-select-across]");
    function offerAcross() {
      if (!across) { return; }
      across.hidden = !toggle.checked;
      if (!toggle.checked) { across.querySelector("input").checked = false; }
    }
    toggle.addEventListener("change", function () {
      table.querySelectorAll("tbody input[name=pk]").forEach(function (box) {
        box.checked = toggle.checked;
      });
      offerAcross();
    });
    offerAcross();
  });
}

document.addEventListener("DOMContentLoaded", function () {
  enableSelectAll();
});
