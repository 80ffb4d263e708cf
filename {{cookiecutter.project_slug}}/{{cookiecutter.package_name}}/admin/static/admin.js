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
