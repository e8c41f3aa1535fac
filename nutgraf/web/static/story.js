// nutgraf workbench: selecting text in a document fills the note form's quote and offset.
// No inline scripts anywhere (CSP script-src 'self'); the form works without this file too.
"use strict";
document.addEventListener("mouseup", () => {
  const text = document.querySelector(".doc-text");
  const quote = document.getElementById("note-quote");
  const start = document.getElementById("note-start");
  const selection = window.getSelection();
  if (!text || !quote || !selection || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
  // The offset of the selection in the text: the characters of the <pre> before it, minus
  // page-break labels, which are shown but are not part of the stored text.
  const before = document.createRange();
  before.setStart(text, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const labels = Array.from(text.querySelectorAll(".page-break"))
    .filter((node) => before.intersectsNode(node))
    .reduce((sum, node) => sum + node.textContent.length, 0);
  quote.value = selection.toString();
  start.value = String(before.toString().length - labels);
});
