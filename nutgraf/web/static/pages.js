// The page viewer (templates/page_view.html): a click on a fact or a name in the text shows it
// on its page, turning to that page when it is another; a click on a box shows it in the text
// (the box links to the mark's id). Paging keeps the text where it is.
(function () {
  "use strict";
  const viewer = document.getElementById("page-view");
  const text = document.querySelector(".doc-text");
  if (!viewer || !text) return;
  const SVG = "http://www.w3.org/2000/svg";
  const doc = viewer.dataset.doc;
  const query = viewer.dataset.q || "";
  const offsets = JSON.parse(viewer.dataset.offsets || "[0]");
  const count = Number(viewer.dataset.count) || 1;
  const image = viewer.querySelector(".page-frame img");
  const boxes = viewer.querySelector(".page-boxes");
  const status = viewer.querySelector(".page-selected");
  let page = Number(viewer.dataset.page) || 1;

  function pageOf(offset) {
    let found = 1;
    offsets.forEach(function (start, index) { if (start <= offset) found = index + 1; });
    return found;
  }

  function pageUrl(number) {
    const params = new URLSearchParams({ page: String(number) });
    if (query) params.set("q", query);
    return "/documents/" + doc + "?" + params.toString() + "#page-view";
  }

  function draw(data) {
    page = data.page;
    image.src = data.image;
    image.alt = "Page " + page;
    while (boxes.firstChild) boxes.removeChild(boxes.firstChild);
    const order = { mention: 0, fact: 1, hit: 2 };
    data.marks.sort(function (a, b) { return order[a.kind] - order[b.kind]; });
    data.marks.forEach(function (mark) {
      const link = document.createElementNS(SVG, "a");
      link.setAttribute("class", "box box-" + mark.kind + " box-" + mark.kind + "-" + mark.label);
      const anchor = { fact: "f", mention: "m" }[mark.kind];
      if (anchor) link.setAttribute("href", "#" + anchor + mark.start);
      link.dataset.kind = mark.kind;
      link.dataset.start = String(mark.start);
      link.dataset.end = String(mark.end);
      const title = document.createElementNS(SVG, "title");
      title.textContent = mark.title;
      link.appendChild(title);
      mark.rects.forEach(function (r) {
        // as web/page_view.py draws them: a little larger than the ink
        const pad = (r[3] - r[1]) * 0.15;
        const rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("x", String(Math.round((r[0] - pad / 2) * 10000)));
        rect.setAttribute("y", String(Math.round((r[1] - pad) * 10000)));
        rect.setAttribute("width", String(Math.max(Math.round((r[2] - r[0] + pad) * 10000), 1)));
        rect.setAttribute("height", String(Math.max(Math.round((r[3] - r[1] + 2 * pad) * 10000), 1)));
        link.appendChild(rect);
      });
      boxes.appendChild(link);
    });
    viewer.dataset.page = String(page);
    viewer.querySelector(".page-number").textContent = String(page);
    const method = { ocr: "boxes from OCR (word by word)", "text layer": "boxes from the PDF's text layer" };
    viewer.querySelector(".page-method").textContent = method[data.method] || "no positions on this page";
    const unplaced = viewer.querySelector(".page-unplaced");
    if (unplaced) unplaced.textContent = data.unplaced ? data.unplaced + " mark(s) of this page could not be placed on it" : "";
    setNav(viewer.querySelector(".page-prev"), page - 1);
    setNav(viewer.querySelector(".page-next"), page + 1);
  }

  function setNav(link, number) {
    const inside = number >= 1 && number <= count;
    link.classList.toggle("disabled", !inside);
    link.href = pageUrl(Math.min(Math.max(number, 1), count));
  }

  function turnTo(number) {
    if (number === page) return Promise.resolve();
    const params = new URLSearchParams({ page: String(number) });
    if (query) params.set("q", query);
    return fetch("/api/documents/" + doc + "/page?" + params.toString())
      .then(function (response) { if (!response.ok) throw new Error(response.statusText); return response.json(); })
      .then(draw);
  }

  function select(kind, start, mark) {
    viewer.querySelectorAll(".box.selected").forEach(function (box) { box.classList.remove("selected"); });
    const box = boxes.querySelector('.box[data-kind="' + kind + '"][data-start="' + start + '"]');
    if (box) {
      box.classList.add("selected");
      status.textContent = "On the page: " + (mark.getAttribute("title") || mark.textContent);
      const top = viewer.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) viewer.scrollIntoView({ block: "start" });
    } else {
      status.textContent = "Not placed on page " + page + ": " + (mark.getAttribute("title") || mark.textContent);
    }
    const more = document.createElement("a");
    more.href = mark.getAttribute("href");
    more.textContent = kind === "fact" ? " · all facts of this kind" : " · the entity";
    status.appendChild(more);
  }

  text.addEventListener("click", function (event) {
    const mark = event.target.closest("a.fact, a.mention");
    if (!mark || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    text.querySelectorAll(".selected").forEach(function (old) { old.classList.remove("selected"); });
    mark.classList.add("selected");
    const kind = mark.classList.contains("fact") ? "fact" : "mention";
    const start = Number(mark.id.slice(1));
    turnTo(pageOf(start)).then(function () { select(kind, start, mark); }, function () {
      status.textContent = "This page could not be loaded.";
    });
  });

  boxes.addEventListener("click", function (event) {
    const box = event.target.closest(".box");
    if (!box) return;
    const target = document.getElementById((box.getAttribute("href") || "#").slice(1));
    if (!target) return;
    event.preventDefault();
    text.querySelectorAll(".selected").forEach(function (old) { old.classList.remove("selected"); });
    target.classList.add("selected");
    target.scrollIntoView({ block: "center" });
  });

  const size = viewer.querySelector(".page-size");
  size.hidden = false;
  size.addEventListener("click", function () {
    const large = viewer.closest(".doc-main").classList.toggle("large-page");
    size.setAttribute("aria-pressed", String(large));
    size.textContent = large ? "smaller page" : "larger page";
  });

  ["page-prev", "page-next"].forEach(function (name) {
    viewer.querySelector("." + name).addEventListener("click", function (event) {
      event.preventDefault();
      const number = page + (name === "page-next" ? 1 : -1);
      if (number >= 1 && number <= count) turnTo(number);
    });
  });
})();
