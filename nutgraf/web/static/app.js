// nutgraf workbench: small keyboard helpers. No inline scripts anywhere (CSP script-src 'self').
"use strict";
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement || (target && target.isContentEditable);
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "/") {
    // "/" jumps to the search box, as in many reading tools
    const box = document.getElementById("q") || document.getElementById("quick-q");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  }
});
