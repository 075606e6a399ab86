// The diff of two profiles (two windows of a session, or two sessions): a differential flame
// graph of the new profile whose colours show the change in each frame's share of all
// samples (red: more, blue: less), and a table of the functions whose self share changed
// most. Shares, not raw values, so windows of different lengths compare fairly.
(function (ember) {
  'use strict';

  const NEUTRAL = [236, 229, 219];
  const MORE = [220, 38, 38];
  const LESS = [37, 99, 235];
  const MIN_CHANGE = 0.001; // below a tenth of a percentage point a frame stays neutral

  // Both profiles' stacks in one tree with two values per node: [base, new] of one sample type.
  class DiffModel {
    // `type`: the sample type index in `newer`; the base uses the type of the same name.
    constructor(base, newer, type) {
      this.type = newer.types[type];
      const baseType = base.typeIndex(this.type);
      if (baseType < 0) throw new Error('The base profile has no ' + ember.format.typeLabel(this.type) + ' samples.');
      this.names = [];
      this.shortNames = [];
      this.ids = new Map();
      this.tree = new ember.CallTree(2);
      this.addProfile(base, baseType, 0);
      this.addProfile(newer, type, 1);
      this.tree.finish(ember.nameRank(this.names));
      this.totals = this.tree.root.total; // [base, new]
      this.files = this.names.map((name) => fileOf(newer, name) || fileOf(base, name));
      this.changes = this.functionShares(base, baseType, newer, type);
      this.scale = Math.max(this.maxChange(), 0.01);
    }

    idOf(name) {
      let id = this.ids.get(name);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(name, id);
        this.names.push(name);
      }
      return id;
    }

    addProfile(model, type, slot) {
      const remap = model.names.map((name) => this.idOf(name));
      remap.forEach((id, i) => (this.shortNames[id] = model.shortNames[i]));
      const values = [0, 0];
      model.stacks.forEach((stack, n) => {
        values[slot] = model.samples[n].values[type] || 0;
        if (values[slot]) this.tree.add(stack.map((id) => remap[id]), values);
      });
    }

    // Share of all samples in [base, new] for a node.
    shares(node) {
      return [share(node.total[0], this.totals[0]), share(node.total[1], this.totals[1])];
    }

    change(node) {
      const [before, after] = this.shares(node);
      return after - before;
    }

    maxChange() {
      let max = 0;
      const pending = [this.tree.root];
      while (pending.length) {
        const node = pending.pop();
        max = Math.max(max, Math.abs(this.change(node)));
        for (const child of node.children) pending.push(child);
      }
      return max;
    }

    // Colour of a frame: neutral when unchanged, towards red or blue by the size of the change
    // relative to the largest one (square root, so small but real changes stay visible).
    colourOf(node) {
      const d = this.change(node);
      if (Math.abs(d) < MIN_CHANGE) return rgb(NEUTRAL);
      const f = Math.sqrt(Math.min(1, Math.abs(d) / this.scale));
      const to = d > 0 ? MORE : LESS;
      return rgb(NEUTRAL.map((v, i) => Math.round(v + (to[i] - v) * (0.25 + 0.75 * f))));
    }

    // Functions by change in share, largest first (either direction): the larger of the
    // change in self share (time in the function itself) and in total share (with callees).
    functionShares(base, baseType, newer, type) {
      const rows = new Map();
      const collect = (model, t, slot) => {
        const whole = model.totals[t];
        for (const row of model.functionTotals(t)) {
          const entry = rows.get(row.name) || { name: row.name, self: [0, 0], total: [0, 0] };
          entry.self[slot] = share(row.self, whole);
          entry.total[slot] = share(row.total, whole);
          rows.set(row.name, entry);
        }
      };
      collect(base, baseType, 0);
      collect(newer, type, 1);
      for (const row of rows.values()) {
        row.selfChange = row.self[1] - row.self[0];
        row.totalChange = row.total[1] - row.total[0];
        row.rank = Math.max(Math.abs(row.selfChange), Math.abs(row.totalChange));
      }
      // On a tie (a caller whose only change is its callee), the function itself comes first.
      return [...rows.values()].sort((a, b) => b.rank - a.rank || Math.abs(b.selfChange) - Math.abs(a.selfChange));
    }

    tooltipParts(frame, graph) {
      const { el } = ember.tooltip;
      if (frame.merged) return [el('div', 'tip-name', frame.merged + ' small frames'), el('div', 'tip-file', 'zoom in to see them')];
      const node = frame.node;
      const [before, after] = this.shares(node);
      const parts = [el('div', 'tip-name', graph.nameOf(node))];
      if (node.name >= 0 && this.files[node.name]) parts.push(el('div', 'tip-file', this.files[node.name]));
      const table = el('table', 'tip-table');
      const head = el('tr');
      head.append(el('th'), el('th', 'num', 'Total'), el('th', 'num', 'Share'), el('th', 'num', 'Self'));
      const row = (label, slot, value, className) => {
        const tr = el('tr', className);
        tr.append(el('th', '', label), el('td', 'num', ember.format.value(node.total[slot], this.type)), el('td', 'num', ember.format.percent(value, 1)), el('td', 'num', ember.format.value(node.self[slot], this.type)));
        return tr;
      };
      table.append(head, row('base', 0, before, 'base'), row('new', 1, after, 'new'));
      parts.push(table);
      const d = after - before;
      parts.push(el('div', 'tip-share ' + (d > 0 ? 'more' : d < 0 ? 'less' : ''), 'Change in share: ' + ember.format.sharePoints(d) + ' (' + signed(node.total[1] - node.total[0], this.type) + ')'));
      return parts;
    }
  }

  function share(part, whole) {
    return whole > 0 ? part / whole : 0;
  }

  function rgb(c) {
    return 'rgb(' + c.join(',') + ')';
  }

  function signed(v, type) {
    return (v > 0 ? '+' : v < 0 ? '−' : '±') + ember.format.value(Math.abs(v), type);
  }

  function fileOf(model, name) {
    const id = model.nameIds.get(name);
    return id === undefined ? '' : model.files[id];
  }

  // The table of biggest changes: function, total share before and after, and the changes
  // in total and self share.
  function renderChanges(table, diff, onSelect, limit = 15) {
    const { el } = ember.tooltip;
    const columns = [['Function', ''], ['Base total', 'num'], ['New total', 'num'], ['Total change', 'num'], ['Self change', 'num']];
    const head = el('tr');
    for (const [label, className] of columns) head.append(el('th', className, label));
    table.tHead.replaceChildren(head);
    const change = (d) => el('td', 'num ' + (d >= MIN_CHANGE ? 'more' : d <= -MIN_CHANGE ? 'less' : ''), ember.format.sharePoints(d));
    const body = document.createDocumentFragment();
    for (const row of diff.changes.slice(0, limit)) {
      if (row.rank < MIN_CHANGE) break;
      const tr = el('tr');
      const name = el('td', 'name', row.name);
      name.title = row.name;
      tr.append(name, el('td', 'num', ember.format.percent(row.total[0], 1)), el('td', 'num', ember.format.percent(row.total[1], 1)), change(row.totalChange), change(row.selfChange));
      tr.addEventListener('click', () => onSelect(row.name));
      body.append(tr);
    }
    if (!body.childNodes.length) {
      const tr = el('tr');
      const td = el('td', 'empty', 'No function changed its share by 0.1 pp or more.');
      td.colSpan = columns.length;
      tr.append(td);
      body.append(tr);
    }
    table.tBodies[0].replaceChildren(body);
  }

  ember.DiffModel = DiffModel;
  ember.diff = { renderChanges };
})((window.ember = window.ember || {}));
