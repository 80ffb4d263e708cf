// Inlines: "Add another" copies the blank row kept in a <template> and counts it in
// <prefix>-TOTAL, without a round trip. Without JavaScript the `extra` rows are there.
"use strict";

function enableInline(group) {
  var button = group.querySelector("[data-inline-add]");
  var template = group.querySelector("[data-inline-template]");
  var total = group.querySelector("[data-inline-total]");
  var rows = group.querySelector("[data-inline-rows]");
  if (!button || !template || !total || !rows) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var number = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.split("__number__").join(String(number + 1))
      .split("__row").join(String(number));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = number + 1;
    var added = rows.lastElementChild;
    added.querySelectorAll("input[data-lookup]").forEach(function (input) {
      if (window.enableCombobox) { window.enableCombobox(input); }
    });
    var first = added.querySelector("input:not([type=hidden]), textarea, select");
    if (first) { first.focus(); }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-inline]").forEach(enableInline);
});
