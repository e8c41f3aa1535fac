// The network (mail: sender → recipient; co: named in the same documents): a small force layout drawn in SVG, no library.
"use strict";
(function () {
  const box = document.getElementById("network");
  if (!box) return;
  const SVG = "http://www.w3.org/2000/svg";

  function make(name, attributes, parent) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (parent) parent.appendChild(element);
    return element;
  }

  function components(nodes, edges) {
    // Connected groups (union-find): each is laid out alone, then the groups are packed, so
    // that separate conversations neither crowd the biggest one nor end up pinned to a wall.
    const parent = new Map(nodes.map((node) => [node.id, node.id]));
    const root = (id) => { while (parent.get(id) !== id) { parent.set(id, parent.get(parent.get(id))); id = parent.get(id); } return id; };
    edges.forEach((edge) => {
      if (parent.has(edge.source) && parent.has(edge.target)) parent.set(root(edge.source), root(edge.target));
    });
    const groups = new Map();
    nodes.forEach((node) => {
      const key = root(node.id);
      if (!groups.has(key)) groups.set(key, { nodes: [], edges: [] });
      groups.get(key).nodes.push(node);
    });
    edges.forEach((edge) => { if (parent.has(edge.source)) groups.get(root(edge.source))?.edges.push(edge); });
    return [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length);
  }

  function forces(group, byId) {
    // Fruchterman–Reingold in the group's own space (unit spacing), a fixed number of rounds.
    const { nodes, edges } = group;
    const k = 60;
    const side = k * Math.sqrt(nodes.length);
    nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / nodes.length;
      node.x = (side / 2) * Math.cos(angle); node.y = (side / 2) * Math.sin(angle);
    });
    if (nodes.length < 3) { nodes.forEach((node, i) => { node.x = i * k * 0.5; node.y = i * k * 0.6; }); return; }
    for (let round = 0, heat = side / 4; round < 200; round++, heat *= 0.975) {
      nodes.forEach((node) => { node.dx = 0; node.dy = 0; });
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          const dx = a.x - b.x || 0.01, dy = a.y - b.y || 0.01;
          const distance = Math.hypot(dx, dy);
          const push = (k * k) / distance;
          a.dx += (dx / distance) * push; a.dy += (dy / distance) * push;
          b.dx -= (dx / distance) * push; b.dy -= (dy / distance) * push;
        }
      }
      edges.forEach((edge) => {
        const a = byId.get(edge.source), b = byId.get(edge.target);
        if (!a || !b) return;
        const dx = a.x - b.x, dy = a.y - b.y;
        const distance = Math.hypot(dx, dy) || 0.01;
        const pull = (distance * distance) / k;
        a.dx -= (dx / distance) * pull; a.dy -= (dy / distance) * pull;
        b.dx += (dx / distance) * pull; b.dy += (dy / distance) * pull;
      });
      nodes.forEach((node) => {
        node.dx -= node.x * 0.05; node.dy -= node.y * 0.05;  // a little gravity: no drifting apart
        const moved = Math.hypot(node.dx, node.dy) || 1;
        node.x += (node.dx / moved) * Math.min(moved, heat);
        node.y += (node.dy / moved) * Math.min(moved, heat);
      });
    }
  }

  function layout(nodes, edges, width, height) {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const groups = components(nodes, edges);
    groups.forEach((group) => forces(group, byId));
    pack(groups, width);
    fit(nodes, width, height);
    return byId;
  }

  function pack(groups, width) {
    // Shelves, biggest group first: each group's box (names included) left to right, a new
    // shelf when the row is full. The whole is then scaled to the drawing box by fit().
    const GAP = 40;
    const boxes = groups.map((group) => {
      const xs = group.nodes.map((n) => n.x), ys = group.nodes.map((n) => n.y);
      const minX = Math.min(...xs), minY = Math.min(...ys);
      const label = Math.min(Math.max(...group.nodes.map((n) => n.name.length)) * 7, 280);
      return { group, minX, minY, w: Math.max(...xs) - minX + label, h: Math.max(...ys) - minY + 30 };
    });
    const total = boxes.reduce((sum, b) => sum + b.w * b.h, 0);
    const rowWidth = Math.max(boxes[0].w, Math.sqrt(total) * 1.6, width / 2);
    let x = 0, y = 0, shelf = 0;
    boxes.forEach((b) => {
      if (x > 0 && x + b.w > rowWidth) { x = 0; y += shelf + GAP; shelf = 0; }
      b.group.nodes.forEach((node) => { node.x = node.x - b.minX + x; node.y = node.y - b.minY + y; });
      x += b.w + GAP; shelf = Math.max(shelf, b.h);
    });
  }

  function fit(nodes, width, height) {
    // Centre the drawing and let it fill the box, names included (never pinned to a wall).
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const room = { w: width - 180, h: height - 60 };  // 140 for the longest names, margins
    const scale = Math.min(room.w / Math.max(maxX - minX, 1), room.h / Math.max(maxY - minY, 1), 2);
    const offsetX = 30 + (room.w - (maxX - minX) * scale) / 2, offsetY = 30 + (room.h - (maxY - minY) * scale) / 2;
    nodes.forEach((node) => {
      node.x = offsetX + (node.x - minX) * scale;
      node.y = offsetY + (node.y - minY) * scale;
    });
  }

  function draw(graph) {
    const width = box.clientWidth || 800, height = box.clientHeight || 500;
    if (!graph.nodes.length) { box.textContent = "No links with these filters."; return; }
    const byId = layout(graph.nodes, graph.edges, width, height);
    const svg = make("svg", { viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": "Network of entities" }, box);
    const defs = make("defs", {}, svg);
    const marker = make("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
    make("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#8a8f98" }, marker);
    const lines = graph.edges.filter((e) => byId.has(e.source) && byId.has(e.target)).map((edge) => {
      const attributes = { "stroke-width": Math.min(1 + Math.log2(edge.weight), 6), class: edge.kind };
      if (edge.kind === "mail") attributes["marker-end"] = "url(#arrow)";
      const line = make("line", attributes, svg);
      make("title", {}, line).textContent = edge.kind === "mail" ? `${edge.weight} messages` : `${edge.weight} shared documents`;
      return { edge, line };
    });
    const groups = graph.nodes.map((node) => {
      const link = make("a", { href: `/entities/${encodeURIComponent(node.id)}` }, svg);
      make("title", {}, link).textContent = `${node.name}: sent ${node.sent}, received ${node.received}, shared documents ${node.shared}`;
      make("circle", { r: 6 + Math.min(Math.sqrt(node.sent + node.received + node.shared), 10), class: node.type }, link);
      const label = make("text", { dx: 12, dy: 4 }, link);
      label.textContent = node.name;
      return { node, link };
    });
    function place() {
      lines.forEach(({ edge, line }) => {
        const a = byId.get(edge.source), b = byId.get(edge.target);
        line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
        line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
      });
      groups.forEach(({ node, link }) => link.setAttribute("transform", `translate(${node.x} ${node.y})`));
    }
    place();

    // Zoom and pan change the viewBox: the drawing keeps its coordinates.
    const view = { x: 0, y: 0, w: width, h: height };
    function show() { svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`); }
    function toDrawing(event) {
      const rect = svg.getBoundingClientRect();
      return { x: view.x + ((event.clientX - rect.left) / rect.width) * view.w,
               y: view.y + ((event.clientY - rect.top) / rect.height) * view.h };
    }
    function zoom(factor, centre) {
      const w = Math.min(Math.max(view.w * factor, width / 20), width * 5);
      const scale = w / view.w;
      view.x = centre.x - (centre.x - view.x) * scale;
      view.y = centre.y - (centre.y - view.y) * scale;
      view.w = w; view.h *= scale;
      show();
    }
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      zoom(event.deltaY > 0 ? 1.2 : 1 / 1.2, toDrawing(event));
    }, { passive: false });
    const tools = document.createElement("div");
    tools.className = "network-tools";
    [["+", "Zoom in", () => zoom(1 / 1.4, { x: view.x + view.w / 2, y: view.y + view.h / 2 })],
     ["−", "Zoom out", () => zoom(1.4, { x: view.x + view.w / 2, y: view.y + view.h / 2 })],
     ["Reset", "Show the whole network", () => { Object.assign(view, { x: 0, y: 0, w: width, h: height }); show(); }],
    ].forEach(([text, label, action]) => {
      const button = document.createElement("button");
      button.type = "button"; button.textContent = text; button.setAttribute("aria-label", label);
      button.addEventListener("click", action);
      tools.appendChild(button);
    });
    box.insertBefore(tools, svg);

    let dragging = null, panning = null, moved = false;
    groups.forEach(({ node, link }) => {
      link.addEventListener("pointerdown", (event) => {
        event.stopPropagation();
        dragging = node; moved = false; link.setPointerCapture(event.pointerId);
      });
      link.addEventListener("click", (event) => { if (moved) event.preventDefault(); });
    });
    svg.addEventListener("pointerdown", (event) => {
      panning = { start: toDrawing(event) };
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("panning");
    });
    svg.addEventListener("pointermove", (event) => {
      const at = toDrawing(event);
      if (dragging) {
        dragging.x = at.x; dragging.y = at.y;
        moved = true;
        place();
      } else if (panning) {
        view.x -= at.x - panning.start.x;
        view.y -= at.y - panning.start.y;
        show();
      }
    });
    const stop = () => { dragging = null; panning = null; svg.classList.remove("panning"); };
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
  }

  fetch(box.dataset.source, { credentials: "same-origin" })
    .then((response) => response.json())
    .then(draw)
    .catch(() => { box.textContent = "The graph could not be loaded; the table below has the same data."; });
})();
