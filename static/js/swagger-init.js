// Start Swagger UI from the settings the server put in this page (`swagger-config`).
// drf-spectacular's own template does this in an inline script, which our
// Content-Security-Policy (script-src 'self') would block; this file replaces it.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("swagger-config").textContent);

  // Writes made with the session (not with a token) need Django's CSRF header.
  const requestInterceptor = (request) => {
    if (!["GET", undefined].includes(request.method) && request.credentials === "same-origin") {
      request.headers[config.csrfHeaderName] = config.csrfToken;
    }
    return request;
  };

  // `ui` is read by swagger-preauthorize.js.
  window.ui = SwaggerUIBundle({
    url: config.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor,
    ...config.settings,
  });
})();
