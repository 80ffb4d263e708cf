// The admin's behaviour: "select all" in lists (combobox.js, popups.js: foreign keys).
// Everything works without JavaScript too; this only makes it quicker.
"use strict";

function enableSelectAll() {
  document.querySelectorAll(".select-all").forEach(function (toggle) {
    var table = toggle.closest("table");
    toggle.addEventListener("change", function () {
      table.querySelectorAll("tbody input[name=pk]").forEach(function (box) {
        box.checked = toggle.checked;
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  enableSelectAll();
});
