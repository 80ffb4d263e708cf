// The admin's behaviour: "select all" in lists and search-as-you-type for foreign keys.
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

function enableLookup(input) {
  var url = input.dataset.lookup;
  var search = document.createElement("input");
  var results = document.createElement("ul");
  var timer = null;
  search.type = "search";
  search.className = "lookup-search";
  search.id = input.id + "-search";
  search.setAttribute("aria-label", "Search for " + (input.labels[0] ? input.labels[0].textContent : "a row"));
  search.setAttribute("aria-controls", input.id + "-results");
  search.placeholder = "Type to search…";
  results.id = input.id + "-results";
  results.className = "lookup-results";
  results.hidden = true;
  results.setAttribute("aria-live", "polite");
  input.insertAdjacentElement("afterend", search);
  search.insertAdjacentElement("afterend", results);

  function show(items) {
    results.replaceChildren();
    items.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item.label + " (id " + item.id + ")";
      button.addEventListener("click", function () {
        input.value = item.id;
        search.value = item.label;
        results.hidden = true;
        input.focus();
      });
      li.appendChild(button);
      results.appendChild(li);
    });
    results.hidden = items.length === 0;
  }

  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(search.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results); });
    }, 200);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !results.hidden) {
      event.preventDefault();
      results.querySelector("button").focus();
    }
  });
  results.addEventListener("keydown", function (event) {
    var current = document.activeElement.closest("li");
    if (event.key === "ArrowDown" && current && current.nextElementSibling) {
      event.preventDefault();
      current.nextElementSibling.querySelector("button").focus();
    } else if (event.key === "ArrowUp" && current) {
      event.preventDefault();
      (current.previousElementSibling ? current.previousElementSibling.querySelector("button") : search).focus();
    } else if (event.key === "Escape") {
      results.hidden = true;
      search.focus();
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  enableSelectAll();
  document.querySelectorAll("input[data-lookup]").forEach(enableLookup);
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
