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

// The permission picker: a filter box, and "Select all for this model" per model.
function enablePermissionPicker(picker) {
  picker.querySelector(".picker-filter").hidden = false;
  picker.querySelectorAll("[data-picker-model]").forEach(function (model) {
    var all = model.querySelector("[data-picker-all]");
    var boxes = model.querySelectorAll("input[type=checkbox]:not([data-picker-all])");
    function sync() {
      var checked = Array.prototype.filter.call(boxes, function (box) { return box.checked; });
      all.checked = checked.length === boxes.length;
      all.indeterminate = checked.length > 0 && checked.length < boxes.length;
    }
    all.closest("label").hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  });
  picker.querySelector("[data-picker-filter]").addEventListener("input", function (event) {
    var words = event.target.value.trim().toLowerCase();
    picker.querySelectorAll("[data-picker-model]").forEach(function (model) {
      var legend = model.querySelector("legend").textContent.toLowerCase();
      var shown = 0;
      model.querySelectorAll("[data-picker-code]").forEach(function (label) {
        var match = !words || legend.indexOf(words) >= 0 || label.dataset.pickerCode.indexOf(words) >= 0;
        label.hidden = !match;
        shown += match ? 1 : 0;
      });
      model.hidden = shown === 0;
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-permission-picker]").forEach(enablePermissionPicker);
});
