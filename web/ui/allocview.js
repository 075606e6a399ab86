// The allocator & GC view: the share of the selected sample type spent in memory management
// (malloc families, garbage collectors, the kernel's page faults and mmap/brk), by category,
// and under each category the first callers outside it. The profile JSON attributes each
// sample (its "alloc" field); this view only sums the window's samples. Names are text.
(function (ember) {
  'use strict';

  const MAX_CALLERS = 20; // per category; the rest are summed into one row
  const NO_CALLER = '(no caller outside)';

  class AllocView {
    // `onSelect(name)` runs when a caller row is clicked.
    constructor(table, note, onSelect) {
      this.table = table;
      this.note = note;
      this.onSelect = onSelect;
      const row = document.createElement('tr');
      for (const [label, numeric] of [['Category / first caller outside', false], ['Value', true], ['Share', true]]) {
        const th = document.createElement('th');
        th.textContent = label;
        if (numeric) th.className = 'num';
        row.append(th);
      }
      this.table.tHead.replaceChildren(row);
    }

    setData(model, type) {
      const categories = totals(model, type);
      const unit = model.types[type];
      const whole = model.totals[type];
      const body = document.createDocumentFragment();
      // `name` is shown, `full` (the full function name) one hover away.
      const addRow = (name, value, className, onClick, full) => {
        const tr = document.createElement('tr');
        tr.className = className;
        for (const [text, numeric] of [[name, false], [ember.format.value(value, unit), true], [ember.format.percent(value, whole), true]]) {
          const td = document.createElement('td');
          td.textContent = text;
          td.className = numeric ? 'num' : '';
          if (!numeric) td.title = full || text;
          tr.append(td);
        }
        if (onClick) tr.addEventListener('click', onClick);
        else tr.classList.add('inert');
        body.append(tr);
      };
      for (const category of categories) {
        addRow(category.name, category.value, 'alloc-category');
        const callers = category.callers;
        for (const caller of callers.slice(0, MAX_CALLERS)) {
          const select = caller.name === NO_CALLER ? null : () => this.onSelect(caller.name);
          const id = model.nameIds.get(caller.name);
          addRow(id === undefined ? caller.name : model.shortNames[id], caller.value, 'alloc-caller', select, caller.name);
        }
        if (callers.length > MAX_CALLERS) {
          const rest = callers.slice(MAX_CALLERS).reduce((sum, c) => sum + c.value, 0);
          addRow(callers.length - MAX_CALLERS + ' more callers', rest, 'alloc-caller');
        }
      }
      this.table.tBodies[0].replaceChildren(body);
      const inAll = categories.reduce((sum, c) => sum + c.value, 0);
      this.note.textContent = categories.length
        ? 'Memory management takes ' + ember.format.percent(inAll, whole) + ' of the window shown. A sample counts in the category of its innermost allocator, GC or kernel memory frame; ' +
          'its caller is the first frame toward the root outside memory management (past operator new, syscall entry and the like): the call site to change. Click a caller for its callers and callees.'
        : 'No samples in allocator, GC or kernel memory code in the window shown.';
    }
  }

  // [{name, value, callers: [{name, value}]}] for the sample type, largest first.
  function totals(model, type) {
    const data = model.data;
    const names = data.alloc_categories || [];
    const functions = data.functions || [];
    const byCategory = new Map();
    for (const sample of model.samples) {
      if (!sample.alloc) continue;
      const [category, caller] = sample.alloc;
      const value = sample.values[type] || 0;
      if (!value) continue;
      let entry = byCategory.get(category);
      if (!entry) {
        entry = { name: names[category] || 'category ' + category, value: 0, callers: new Map() };
        byCategory.set(category, entry);
      }
      const f = functions[caller];
      const name = caller < 0 || !f ? NO_CALLER : f.name || f.system_name || '[unknown]';
      entry.value += value;
      entry.callers.set(name, (entry.callers.get(name) || 0) + value);
    }
    const byValue = (a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return [...byCategory.values()]
      .map((entry) => ({ name: entry.name, value: entry.value, callers: [...entry.callers].map(([name, value]) => ({ name, value })).sort(byValue) }))
      .sort(byValue);
  }

  ember.AllocView = AllocView;
})((window.ember = window.ember || {}));
