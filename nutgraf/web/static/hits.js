// The document page opened from a search: step through the query's hits, marked <mark class="hit">.
// The first hit is shown at once, so a paged document opens at the first page holding one.
(function () {
  "use strict";
  const bar = document.querySelector(".hit-bar");
  const hits = Array.from(document.querySelectorAll("mark.hit"));
  if (!bar || hits.length === 0) return;
  const position = bar.querySelector(".hit-position");
  let current = -1;
  function show(index) {
    if (current >= 0) hits[current].classList.remove("current");
    current = (index + hits.length) % hits.length;
    const hit = hits[current];
    hit.classList.add("current");
    hit.scrollIntoView({ block: "center" });
    position.textContent = "hit " + (current + 1) + " of " + hits.length;
  }
  bar.querySelector(".hit-next").addEventListener("click", function () { show(current + 1); });
  bar.querySelector(".hit-prev").addEventListener("click", function () { show(current - 1); });
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "n") show(current + 1);
    if (event.key === "N" || event.key === "p") show(current - 1);
  });
  show(0);
})();
