// Personal access tokens page: small improvements over a page that works without JavaScript.
(function () {
  "use strict";

  // Write access only where the chosen team's plan allows it (the server checks again).
  const team = document.getElementById("id_team");
  const canWrite = document.getElementById("id_can_write");
  if (team && canWrite) {
    const sync = () => {
      const option = team.options[team.selectedIndex];
      const allowed = Boolean(option && option.dataset.canWrite === "true");
      canWrite.disabled = !allowed;
      if (!allowed) canWrite.checked = false;
    };
    team.addEventListener("change", sync);
    sync();
  }

  // Copy the new code with the Clipboard API; the code stays selectable text as a fallback.
  const code = document.getElementById("new-token-code");
  const button = document.querySelector("[data-copy-target]");
  const status = document.querySelector(".copy-status");
  if (!code || !button) return;
  const selectCode = () => {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code.textContent.trim());
      status.textContent = "Copied";
      status.classList.remove("is-error");
    } catch (error) {
      selectCode();
      status.textContent = "Press Ctrl+C (⌘C) to copy the selected code";
      status.classList.add("is-error");
    }
  };
  if (navigator.clipboard && window.isSecureContext) {
    button.hidden = false;
  }
  button.addEventListener("click", copy);
  code.addEventListener("click", () => (navigator.clipboard ? copy() : selectCode()));
  code.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      copy();
    }
  });
})();
