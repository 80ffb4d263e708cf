// The related-object popup. "+" beside a foreign key opens the related add form in a
// small window; once saved there, that window posts the new row back here, and the
// select (or combobox) beside the "+" picks it. Only messages from this origin count.
"use strict";

function choose(fieldId, row) {
  var field = document.getElementById(fieldId + "-id") || document.getElementById(fieldId);
  if (!field) { return; }
  if (field.combobox) {
    field.combobox.pick(row);
  } else if (field.tagName === "SELECT") {
    var option = Array.prototype.find.call(field.options, function (o) { return o.value === row.id; });
    if (!option) {
      option = new Option(row.label, row.id);
      field.add(option);
    }
    field.value = row.id;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  } else {
    field.value = row.id;
  }
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[data-popup-for]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.open(link.href, "admin-popup-" + link.dataset.popupFor, "popup,width=820,height=640");
    });
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.kind !== "admin-popup") {
      return;
    }
    choose(event.data.target, { id: String(event.data.id), label: event.data.label });
  });
  var result = document.querySelector("[data-popup-result]");
  if (result && window.opener && !window.opener.closed) {
    window.opener.postMessage(
      { kind: "admin-popup", target: result.dataset.target, id: result.dataset.id, label: result.dataset.label },
      window.location.origin
    );
    window.close();
  }
});
