// Post forms: small improvements over pages that work without JavaScript.
// - Markdown preview as you type (the server renders it: the same pipeline as a saved post).
// - A form marked data-once is sent once: a second click while it is on its way does nothing
//   (the server also turns a repeated form into one post: content/services/submissions.py).
// - The tag input suggests the team's tags for the word being typed, not only the first.
(function () {
  "use strict";

  const script = document.getElementById("editor-script");
  const previewUrl = script && script.dataset.previewUrl;

  // --- Live preview -----------------------------------------------------------------------
  document.querySelectorAll("textarea.markdown-input").forEach((textarea) => {
    const preview = document.querySelector(`[data-preview-for="${textarea.id}"]`);
    const form = textarea.form;
    if (!preview || !form || !previewUrl) return;
    const box = preview.closest(".markdown-preview-box");
    let timer = null;
    let sent = 0;
    const refresh = async () => {
      const ticket = ++sent;
      const data = new FormData();
      data.append("body", textarea.value);
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      try {
        const response = await fetch(previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
        });
        const text = await response.text();
        if (ticket !== sent) return; // a newer preview is on its way
        if (response.ok) {
          preview.innerHTML = text; // sanitised by the server (nh3), as every saved post
        } else {
          preview.textContent = text;
        }
        if (box) box.removeAttribute("data-empty");
      } catch (error) {
        // Offline or the server is restarting: the Preview button still works.
      }
    };
    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 350);
    });
  });

  // --- One submission per form --------------------------------------------------------------
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitting === "true") {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = "true";
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
  // Coming back with the Back button (page cache): the form may be sent again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-once]").forEach((form) => {
      delete form.dataset.submitting;
      form.querySelectorAll("button[aria-disabled]").forEach((b) => b.removeAttribute("aria-disabled"));
    });
  });

  // --- Tag suggestions for the word being typed ------------------------------------------
  const tagInput = document.querySelector("input[list=tag-suggestions]");
  const datalist = document.getElementById("tag-suggestions");
  if (tagInput && datalist) {
    const names = Array.from(datalist.options, (option) => option.value);
    const update = () => {
      const value = tagInput.value;
      const cut = Math.max(value.lastIndexOf(" "), value.lastIndexOf(","));
      const head = value.slice(0, cut + 1);
      const word = value.slice(cut + 1).toLowerCase();
      const taken = new Set(head.split(/[\s,;]+/).filter(Boolean));
      const matches = names.filter((n) => n.startsWith(word) && !taken.has(n)).slice(0, 50);
      datalist.replaceChildren(
        ...matches.map((name) => {
          const option = document.createElement("option");
          option.value = head + name;
          return option;
        })
      );
    };
    tagInput.addEventListener("input", update);
  }
})();
