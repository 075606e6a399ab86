// The top table: self and total per function for the selected sample type, sortable by
// clicking a column header. Names go in as text nodes only.
(function (ember) {
  'use strict';

  const MAX_ROWS = 1000; // more rows slow the page without helping anyone read it
  const COLUMNS = [
    { key: 'name', label: 'Function', numeric: false },
    { key: 'self', label: 'Self', numeric: true },
    { key: 'selfShare', label: 'Self %', numeric: true, sortKey: 'self' },
    { key: 'total', label: 'Total', numeric: true },
    { key: 'totalShare', label: 'Total %', numeric: true, sortKey: 'total' },
  ];

  class TopTable {
    // `onSelect(name)` runs when a row is clicked.
    constructor(table, note, onSelect) {
      this.table = table;
      this.note = note;
      this.onSelect = onSelect;
      this.sortKey = 'self';
      this.descending = true;
      this.model = null;
      this.type = 0;
      this.renderHeader();
    }

    setData(model, type) {
      this.model = model;
      this.type = type;
      this.render();
    }

    renderHeader() {
      const row = document.createElement('tr');
      for (const column of COLUMNS) {
        const th = document.createElement('th');
        th.textContent = column.label;
        th.className = column.numeric ? 'num' : '';
        th.dataset.sort = column.sortKey || column.key;
        th.setAttribute('role', 'button');
        th.addEventListener('click', () => {
          const key = th.dataset.sort;
          this.descending = key === this.sortKey ? !this.descending : key !== 'name';
          this.sortKey = key;
          this.render();
        });
        row.append(th);
      }
      this.table.tHead.replaceChildren(row);
    }

    render() {
      if (!this.model) return;
      const model = this.model;
      const type = model.types[this.type];
      const whole = model.totals[this.type];
      const rows = model.functionTotals(this.type);
      const key = this.sortKey;
      const sign = this.descending ? -1 : 1;
      rows.sort((a, b) => {
        const order = key === 'name' ? a.name.localeCompare(b.name) : a[key] - b[key];
        return order !== 0 ? sign * order : b.total - a.total;
      });

      for (const th of this.table.tHead.rows[0].cells) {
        const active = th.dataset.sort === key && th.textContent.indexOf('%') < 0;
        th.classList.toggle('sorted', active);
        th.classList.toggle('descending', active && this.descending);
      }

      const body = document.createDocumentFragment();
      for (const row of rows.slice(0, MAX_ROWS)) {
        const tr = document.createElement('tr');
        // A dash for "never the leaf" reads faster than a column of "0 ns".
        const cells = [
          row.shortName,
          row.self ? ember.format.value(row.self, type) : '–',
          row.self ? ember.format.percent(row.self, whole) : '–',
          ember.format.value(row.total, type),
          ember.format.percent(row.total, whole),
        ];
        cells.forEach((text, i) => {
          const td = document.createElement('td');
          td.textContent = text;
          if (COLUMNS[i].numeric) td.className = 'num';
          else td.title = row.name; // the full name, one hover away
          tr.append(td);
        });
        const bar = document.createElement('span');
        bar.className = 'share-bar';
        bar.style.width = whole > 0 ? Math.max(0, Math.min(100, (100 * row.self) / whole)) + '%' : '0';
        tr.cells[0].prepend(bar);
        tr.addEventListener('click', () => this.onSelect(row.name));
        body.append(tr);
      }
      this.table.tBodies[0].replaceChildren(body);
      this.note.textContent =
        (rows.length > MAX_ROWS ? 'Showing ' + MAX_ROWS + ' of ' + rows.length + ' functions. ' : '') +
        'Self: the function was the leaf frame. Total: the function was anywhere on the stack. Click a row for its callers and callees; click a column to sort.';
    }
  }

  ember.TopTable = TopTable;
})((window.ember = window.ember || {}));
