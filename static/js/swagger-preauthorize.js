// Pre-authorize Swagger UI with the dedicated token the server put in this page.
// `ui` is the SwaggerUIBundle instance created by drf-spectacular's init script just before.
(function () {
  "use strict";
  const read = (id) => {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };
  const code = read("swagger-token-code");
  const scheme = read("swagger-security-scheme");
  if (!code || !scheme) return;
  // This page answered the POST that made the token: make its history entry a plain GET,
  // so that reloading it shows the docs again instead of making another token.
  window.history.replaceState(null, "", window.location.pathname);

  // The security scheme exists only once the schema is loaded: wait for it (about 15 s).
  let attempts = 0;
  const authorize = () => {
    const spec = ui.specSelectors.specJson();
    if (spec && spec.getIn(["components", "securitySchemes", scheme])) {
      ui.preauthorizeApiKey(scheme, code);
    } else if (attempts++ < 150) {
      setTimeout(authorize, 100);
    }
  };
  authorize();
})();
