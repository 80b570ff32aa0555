// Tags and users indexes: the filter box filters as you type. Without JavaScript the same
// GET form filters on submit; here the page asks the server for the same URL and swaps in
// its results, so filtering, sorting and paging stay the server's (one rule, one place).
(function () {
  "use strict";

  const form = document.querySelector("form[data-live-filter]");
  const results = document.querySelector("[data-live-results]");
  if (!form || !results || !window.fetch || !window.DOMParser) return;
  const input = form.querySelector("input[type=search]");
  if (!input) return;

  let timer = null;
  let controller = null;
  let last = input.value;

  const refresh = async () => {
    if (input.value === last) return;
    last = input.value;
    const url = new URL(form.action || window.location.href, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        signal: controller.signal,
      });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("[data-live-results]");
      if (!fresh) return;
      results.replaceChildren(...fresh.childNodes);
      // Links that carry the filter (the sort tabs) follow it too.
      document.querySelectorAll("[data-live-also][id]").forEach((element) => {
        const twin = page.getElementById(element.id);
        if (twin) element.replaceWith(twin);
      });
      window.history.replaceState(null, "", url);
    } catch (error) {
      if (error.name !== "AbortError") form.submit();
    }
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  });
})();
