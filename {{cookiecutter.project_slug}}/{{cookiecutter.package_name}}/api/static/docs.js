// The interactive API docs at /api/docs/: Swagger UI (vendored in swagger-ui/) over
// openapi.json. A static file, not an inline script, so the page keeps its strict CSP.
"use strict";

(function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return; // Swagger UI did not load: the server-rendered reference stays.
  }
  var csrfToken = root.dataset.csrfToken;
  var unsafe = { POST: true, PUT: true, PATCH: true, DELETE: true };

  // A logged-in visitor's session may write only with the CSRF token, sent as a header.
  function addCsrfToken(request) {
    var sameOrigin = new URL(request.url, window.location.href).origin === window.location.origin;
    if (csrfToken && sameOrigin && unsafe[(request.method || "GET").toUpperCase()]) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  }

  // One entry per field: its filters (content, content__icontains, ...) become the
  // properties of one query object, sent exploded (?content__icontains=...).
  function groupFilters(operation) {
    var groups = {};
    var parameters = [];
    (operation.parameters || []).forEach(function (parameter) {
      var field = parameter["x-filter-field"];
      if (!field) {
        parameters.push(parameter);
        return;
      }
      if (!groups[field]) {
        groups[field] = {
          name: field,
          in: "query",
          style: "form",
          explode: true,
          schema: { type: "object", properties: {}, additionalProperties: false },
          example: {},
        };
        parameters.push(groups[field]);
      }
      groups[field].schema.properties[parameter.name] = parameter.schema;
    });
    Object.keys(groups).forEach(function (field) {
      var names = Object.keys(groups[field].schema.properties);
      function endingIn(suffix) {
        return names.filter(function (name) { return name.slice(-suffix.length) === suffix; })[0];
      }
      var example = endingIn("__icontains") || endingIn("__gte") || names[0];
      groups[field].description =
        "Filters on " + field + ", one key per operator: " + names.join(", ") +
        '. For example {"' + example + '": "..."}; {} filters nothing.';
    });
    operation.parameters = parameters;
  }

  function groupAllFilters(spec) {
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      Object.keys(item).forEach(function (method) {
        if (item[method] && Array.isArray(item[method].parameters)) {
          groupFilters(item[method]);
        }
      });
    });
    return spec;
  }

  fetch(root.dataset.openapiUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("openapi.json answered " + response.status);
      }
      return response.json();
    })
    .then(function (spec) {
      window.SwaggerUIBundle({
        spec: groupAllFilters(spec),
        domNode: root,
        deepLinking: true,
        validatorUrl: null, // no call to an outside validator
        requestInterceptor: addCsrfToken,
        presets: [window.SwaggerUIBundle.presets.apis],
        layout: "BaseLayout",
      });
      document.getElementById("reference").hidden = true;
    })
    .catch(function (error) {
      root.textContent = "The interactive docs could not load (" + error.message + "); " +
        "the reference below says the same.";
    });
})();
