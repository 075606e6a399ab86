// Wires the views together. A profile comes from a loader (inlined JSON in an exported file,
// or a URL of the HTTP API), so the same page serves both; every view reads the same model.
(function (ember) {
  'use strict';

  const $ = (id) => document.getElementById(id);

  // Loaders resolve to the JSON of write_profile_json.
  const loaders = {
    // The exported HTML carries the profile in <script type="application/json">: parsed as
    // data, never run, so no function name can become markup or code.
    inline() {
      const element = $('ember-profile');
      if (!element || !element.textContent.trim()) return null;
      return Promise.resolve(JSON.parse(element.textContent));
    },
    url(url) {
      return fetch(url, { headers: { Accept: 'application/json' } }).then((response) => {
        if (!response.ok) throw new Error('loading ' + url + ' failed: HTTP ' + response.status);
        return response.json();
      });
    },
  };

  // Which loader applies to this page: the inlined profile, else ?profile=URL.
  function defaultLoader() {
    const inline = loaders.inline();
    if (inline) return inline;
    const url = new URLSearchParams(window.location.search).get('profile');
    return url ? loaders.url(url) : Promise.reject(new Error('No profile: open an exported file or pass ?profile=URL.'));
  }

  class App {
    constructor() {
      this.model = null;
      this.type = 0;
      this.search = null; // {text, flags, matched} while a search is active
      this.tooltip = $('tooltip');
      this.flame = new ember.FlameGraph($('flame-container'), {
        onHover: (frame, event) => this.showTooltip(frame, event),
        onZoom: (node) => this.showBreadcrumb(node),
      });
      this.top = new ember.TopTable($('top-table'), $('top-note'), (name) => this.findFunction(name));
      this.bindControls();
    }

    bindControls() {
      for (const tab of document.querySelectorAll('.tab')) {
        tab.addEventListener('click', () => this.showView(tab.dataset.view));
      }
      $('sample-type').addEventListener('change', (e) => this.setType(Number(e.target.value)));
      $('reset-zoom').addEventListener('click', () => this.flame.zoomTo(this.model.root));
      $('mode-flame').addEventListener('click', () => this.setMode('flame'));
      $('mode-icicle').addEventListener('click', () => this.setMode('icicle'));
      let pending = 0;
      $('search').addEventListener('input', () => {
        clearTimeout(pending);
        pending = setTimeout(() => this.runSearch(), 120);
      });
      document.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && this.model && this.flame.zoom.parent) this.flame.zoomTo(this.flame.zoom.parent);
        if (e.key === '/' && document.activeElement !== $('search')) {
          e.preventDefault();
          $('search').focus();
        }
      });
    }

    load(promise) {
      return promise
        .then((data) => this.setProfile(data))
        .catch((error) => this.showMessage(error.message || String(error)));
    }

    setProfile(data) {
      this.model = new ember.ProfileModel(data);
      this.type = this.model.defaultIndex;
      $('profile-title').textContent = document.title;
      const select = $('sample-type');
      select.replaceChildren(
        ...this.model.types.map((type, i) => {
          const option = document.createElement('option');
          option.value = String(i);
          option.textContent = ember.format.typeLabel(type);
          return option;
        }),
      );
      select.value = String(this.type);
      $('type-select').hidden = this.model.types.length < 2;
      if (this.model.types.length === 0) {
        this.showMessage('This profile has no sample types.');
        return;
      }
      this.flame.setProfile(this.model, this.type);
      this.refreshViews();
      ember.quality.renderPanel($('quality'), this.model);
    }

    setType(type) {
      this.type = type;
      this.flame.setType(type);
      this.refreshViews();
      this.runSearch();
    }

    setMode(mode) {
      $('mode-flame').classList.toggle('on', mode === 'flame');
      $('mode-icicle').classList.toggle('on', mode === 'icicle');
      this.flame.setMode(mode);
    }

    refreshViews() {
      this.top.setData(this.model, this.type);
      ember.quality.renderSummary($('summary'), this.model, this.type);
    }

    showView(view) {
      for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.view === view);
      for (const name of ['flame', 'top', 'quality']) $('view-' + name).hidden = name !== view;
      if (view === 'flame') this.flame.render();
    }

    // A regular expression when the text is one, else a plain substring (both ignore case).
    runSearch() {
      const text = $('search').value;
      const result = $('search-result');
      if (!this.model || !text) {
        this.search = null;
        result.textContent = '';
        this.flame.setMatches(null);
        return;
      }
      let test;
      try {
        const regex = new RegExp(text, 'i');
        test = (name) => regex.test(name);
      } catch (_) {
        const needle = text.toLowerCase();
        test = (name) => name.toLowerCase().includes(needle);
      }
      const flags = this.model.matchNames(test);
      const matched = this.model.matchedTotal(flags, this.type);
      const functions = flags.reduce((n, f) => n + f, 0);
      this.search = { text, flags, matched };
      result.textContent =
        functions === 0
          ? 'no match'
          : 'Matched ' + ember.format.percent(matched, this.model.totals[this.type]) + ' · ' + functions + (functions === 1 ? ' function' : ' functions');
      this.flame.setMatches(flags);
    }

    findFunction(name) {
      $('search').value = '^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
      this.showView('flame');
      this.runSearch();
    }

    showBreadcrumb(node) {
      const crumbs = this.model.path(node).map((n, i, all) => {
        const button = document.createElement('button');
        button.className = 'crumb' + (i === all.length - 1 ? ' current' : '');
        button.textContent = this.model.nameOf(n);
        button.title = this.model.nameOf(n);
        button.addEventListener('click', () => this.flame.zoomTo(n));
        return button;
      });
      $('breadcrumb').replaceChildren(...crumbs);
      $('reset-zoom').disabled = !node.parent;
    }

    showTooltip(frame, event) {
      const tip = this.tooltip;
      if (!frame) {
        tip.hidden = true;
        return;
      }
      tip.replaceChildren(...this.tooltipContent(frame));
      tip.hidden = false;
      // Keep the tooltip inside the window, on the side of the cursor with more room.
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

    tooltipContent(frame) {
      const model = this.model;
      const el = (tag, className, text) => {
        const e = document.createElement(tag);
        if (className) e.className = className;
        if (text !== undefined) e.textContent = text;
        return e;
      };
      const parts = [];
      if (frame.merged) {
        parts.push(el('div', 'tip-name', frame.merged + ' small frames'));
        parts.push(el('div', 'tip-file', 'called from ' + model.nameOf(frame.node) + '; zoom in to see them'));
        parts.push(el('div', 'tip-share', ember.format.value(frame.value, model.types[this.type]) + ' · ' + ember.format.percent(frame.value, model.totals[this.type]) + ' of all'));
        return parts;
      }
      const node = frame.node;
      parts.push(el('div', 'tip-name', model.nameOf(node)));
      if (node.name >= 0 && model.files[node.name]) parts.push(el('div', 'tip-file', model.files[node.name]));

      const table = el('table', 'tip-table');
      const head = el('tr');
      head.append(el('th'), el('th', 'num', 'Self'), el('th', 'num', 'Total'));
      table.append(head);
      model.types.forEach((type, t) => {
        const row = el('tr', t === this.type ? 'selected' : '');
        row.append(el('th', '', type.type), el('td', 'num', ember.format.value(node.self[t], type)), el('td', 'num', ember.format.value(node.total[t], type)));
        table.append(row);
      });
      parts.push(table);

      const whole = model.totals[this.type];
      let share = ember.format.percent(node.total[this.type], whole) + ' of all';
      const zoom = this.flame.zoom;
      if (zoom !== model.root && !frame.ancestor) share += ' · ' + ember.format.percent(node.total[this.type], zoom.total[this.type]) + ' of ' + model.nameOf(zoom);
      parts.push(el('div', 'tip-share', share));
      return parts;
    }

    showMessage(text) {
      const box = $('message');
      box.textContent = text;
      box.hidden = false;
    }
  }

  ember.loaders = loaders;
  document.addEventListener('DOMContentLoaded', () => {
    ember.app = new App();
    ember.app.load(defaultLoader());
  });
})((window.ember = window.ember || {}));
