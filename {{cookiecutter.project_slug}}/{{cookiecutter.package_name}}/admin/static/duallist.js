// The dual list: a <select multiple data-dual-list> becomes "Available" and "Chosen"
// lists with a filter box. Enter (or the buttons, or a double click) moves the selected
// rows across; Delete removes from "Chosen". The original select stays in the form,
// hidden, and is what gets posted. Without JavaScript it is a plain multiple select.
"use strict";

function enableDualList(original) {
  var noun = original.dataset.dualList || "row";
  var id = original.id;
  var label = document.querySelector('label[for="' + id + '"]');
  var group = document.createElement("div");
  var status = document.createElement("p");

  function control(tag, suffix, text) {
    var wrap = document.createElement("div");
    var own = document.createElement("label");
    var element = document.createElement(tag);
    element.id = id + "-" + suffix;
    own.htmlFor = element.id;
    own.textContent = text;
    wrap.className = "dual-list-" + suffix;
    wrap.append(own, element);
    return { wrap: wrap, element: element };
  }

  var filter = control("input", "filter", "Filter available " + noun + "s");
  var available = control("select", "available", "Available " + noun + "s");
  var chosen = control("select", "chosen", "Chosen " + noun + "s");
  var buttons = document.createElement("div");
  var choose = document.createElement("button");
  var remove = document.createElement("button");
  filter.element.type = "search";
  filter.element.autocomplete = "off";
  [available.element, chosen.element].forEach(function (list) {
    list.multiple = true;
    list.size = Math.max(4, Math.min(10, original.options.length));
  });
  choose.type = remove.type = "button";
  choose.textContent = "Choose selected →";
  remove.textContent = "← Remove selected";
  buttons.className = "dual-list-buttons";
  buttons.append(choose, remove);
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  group.className = "dual-list";
  group.setAttribute("role", "group");
  if (label) {
    label.id = label.id || id + "-label";
    group.setAttribute("aria-labelledby", label.id);
    label.htmlFor = available.element.id;
  }
  var columns = document.createElement("div");
  columns.className = "dual-list-columns";
  columns.append(available.wrap, buttons, chosen.wrap);
  group.append(filter.wrap, columns, status);
  original.hidden = true;
  original.insertAdjacentElement("afterend", group);

  function render() {
    var words = filter.element.value.trim().toLowerCase();
    available.element.replaceChildren();
    chosen.element.replaceChildren();
    Array.prototype.forEach.call(original.options, function (option) {
      var copy = new Option(option.text, option.value);
      if (option.selected) {
        chosen.element.add(copy);
      } else if (!words || option.text.toLowerCase().indexOf(words) !== -1) {
        available.element.add(copy);
      }
    });
  }

  function move(from, select) {
    var values = Array.prototype.filter.call(from.options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
    if (!values.length) { return; }
    Array.prototype.forEach.call(original.options, function (option) {
      if (values.indexOf(option.value) !== -1) { option.selected = select; }
    });
    render();
    status.textContent = values.length + " " + noun + (values.length === 1 ? "" : "s") +
      (select ? " chosen." : " removed.") + " " + chosen.element.options.length + " chosen in all.";
    if (from.options.length) { from.options[0].selected = true; }
  }

  filter.element.addEventListener("input", function () {
    render();
    status.textContent = available.element.options.length + " available.";
  });
  filter.element.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); } // filtering, not submitting
  });
  choose.addEventListener("click", function () { move(available.element, true); });
  remove.addEventListener("click", function () { move(chosen.element, false); });
  available.element.addEventListener("dblclick", function () { move(available.element, true); });
  chosen.element.addEventListener("dblclick", function () { move(chosen.element, false); });
  available.element.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); move(available.element, true); }
  });
  chosen.element.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      move(chosen.element, false);
    }
  });
  render();
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-dual-list]").forEach(enableDualList);
});
