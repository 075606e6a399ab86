// The floating tooltip shared by every graph, and the content of a frame's tooltip. Names go
// in as text nodes only.
(function (ember) {
  'use strict';

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // `parts`: elements to show, or null to hide; placed next to the pointer of `event`, on
  // the side with more room, inside the window.
  function show(parts, event) {
    const tip = document.getElementById('tooltip');
    if (!parts) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...parts);
    tip.hidden = false;
    const margin = 14;
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    let x = event.clientX + margin;
    let y = event.clientY + margin;
    if (x + width > window.innerWidth - 4) x = Math.max(4, event.clientX - width - margin);
    if (y + height > window.innerHeight - 4) y = Math.max(4, event.clientY - height - margin);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  // A frame of a profile's tree (or a callers/callees tree): self and total of every sample
  // type, the selected one highlighted, and the share of all and of the zoomed frame.
  // `model`: a ProfileModel; `graph`: the FlameGraph that drew the frame.
  function frameParts(model, type, frame, graph, hint) {
    if (frame.merged) {
      return [
        el('div', 'tip-name', frame.merged + ' small frames'),
        el('div', 'tip-file', 'called from ' + graph.labelOf(frame.node) + '; zoom in to see them'),
        el('div', 'tip-share', ember.format.value(frame.value, model.types[type]) + ' · ' + ember.format.percent(frame.value, model.totals[type]) + ' of all'),
      ];
    }
    const node = frame.node;
    const parts = [el('div', 'tip-name', graph.labelOf(node))];
    if (graph.labelOf(node) !== graph.nameOf(node)) parts.push(el('div', 'tip-full', graph.nameOf(node)));
    if (node.name >= 0 && model.files[node.name]) parts.push(el('div', 'tip-file', model.files[node.name]));

    const table = el('table', 'tip-table');
    const head = el('tr');
    head.append(el('th'), el('th', 'num', 'Self'), el('th', 'num', 'Total'));
    table.append(head);
    model.types.forEach((t, i) => {
      const row = el('tr', i === type ? 'selected' : '');
      row.append(el('th', '', t.type), el('td', 'num', ember.format.value(node.self[i], t)), el('td', 'num', ember.format.value(node.total[i], t)));
      table.append(row);
    });
    parts.push(table);

    let share = ember.format.percent(node.total[type], model.totals[type]) + ' of all';
    const zoom = graph.zoom;
    if (zoom.parent && !frame.ancestor) share += ' · ' + ember.format.percent(node.total[type], zoom.total[type]) + ' of ' + graph.labelOf(zoom);
    parts.push(el('div', 'tip-share', share));
    if (hint) parts.push(el('div', 'tip-hint', hint));
    return parts;
  }

  ember.tooltip = { el, show, frameParts };
})((window.ember = window.ember || {}));
