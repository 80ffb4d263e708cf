// One control per big foreign key: the labelled id box becomes a WAI-ARIA combobox.
// The label then names a search box; the id the form posts moves to a hidden input.
// Arrow keys move through the suggestions, Enter picks, Escape closes; a live region
// says how many rows matched. Without JavaScript the id box works as it is.
"use strict";

var comboboxCount = 0;

function enableCombobox(box) {
  var number = ++comboboxCount;
  var idInput = document.createElement("input");
  var listbox = document.createElement("ul");
  var status = document.createElement("p");
  var options = [];
  var active = -1;
  var timer = null;
  var request = 0;

  // The labelled box stays where it is and becomes the search box; the id it held
  // moves to a hidden input that takes over its name.
  var url = box.dataset.lookup;
  var typedEarly = box.value !== box.defaultValue; // typed into before this script ran
  idInput.type = "hidden";
  idInput.name = box.name;
  idInput.value = box.defaultValue;
  idInput.id = box.id + "-id";
  box.removeAttribute("name");
  box.removeAttribute("inputmode");
  box.removeAttribute("data-lookup");
  if (!typedEarly) { box.value = box.dataset.currentLabel || ""; }
  box.className = "combobox";
  box.autocomplete = "off";
  box.placeholder = "Type to search…";
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-expanded", "false");
  box.setAttribute("aria-controls", "combobox-list-" + number);
  var errors = document.getElementById(box.id + "-errors");
  status.id = "combobox-status-" + number;
  box.setAttribute("aria-describedby", status.id + (errors ? " " + errors.id : ""));
  listbox.id = "combobox-list-" + number;
  listbox.className = "combobox-list";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Suggestions");
  listbox.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  box.insertAdjacentElement("beforebegin", idInput);
  box.insertAdjacentElement("afterend", listbox);
  listbox.insertAdjacentElement("afterend", status);
  var help = idInput.closest(".field, fieldset");
  help = help && help.querySelector("[data-lookup-help]");
  if (help) { help.hidden = true; }

  function close() {
    listbox.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      box.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function pick(item) {
    idInput.value = item.id;
    box.value = item.label;
    status.textContent = item.label + " chosen.";
    close();
  }

  function show(items) {
    listbox.replaceChildren();
    options = items.map(function (item, position) {
      var option = document.createElement("li");
      option.id = listbox.id + "-" + position;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = item.label;
      // mousedown, not click: the box keeps its focus while the row is picked.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        pick(item);
      });
      listbox.appendChild(option);
      return option;
    });
    listbox.hidden = items.length === 0;
    box.setAttribute("aria-expanded", items.length ? "true" : "false");
    status.textContent = items.length === 1 ? "1 result." : (items.length || "No") + " results.";
    active = -1;
  }

  function search() {
    var mine = ++request;
    fetch(url + "?q=" + encodeURIComponent(box.value), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (mine !== request) { return; } // an answer to an older keystroke
        listbox.items = data.results;
        show(data.results);
      });
  }

  box.addEventListener("input", function () {
    idInput.value = ""; // a typed name is not a choice until a suggestion is picked
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) { search(); return; }
      var step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
      event.preventDefault();
      pick(listbox.items[active]);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });
  box.addEventListener("blur", close);
  idInput.combobox = { pick: pick };
  if (typedEarly) { search(); }
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-lookup]").forEach(enableCombobox);
});
