// The view of one profile or session: timeline (with the load test's latencies), flame graph,
// top table, callers and callees, diff and quality panel, all reading the same model. A reload
// (a live session every two seconds) rebuilds the model and keeps what the user chose: zoom,
// search, window, view. The choices that make a view are kept in the address too
// (viewstate.js), and opening a source starts from them.
(function (ember) {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const VIEWS = ['flame', 'top', 'sandwich', 'alloc', 'diff', 'quality'];
  // Views that stand on their own in an address (the others need a function or windows picked).
  const ADDRESSABLE_VIEWS = ['top', 'alloc', 'quality'];
  const REFRESH_MS = 2000;

  class ProfileView {
    constructor() {
      this.source = null;
      this.full = null; // the whole profile's JSON: the timeline
      this.model = null; // the window's model (the whole profile when no window is chosen)
      this.type = 0;
      this.wantedType = ''; // a sample type named in the address, for the first model
      this.mode = '';
      this.view = 'flame';
      this.range = null; // {from, to} Unix ns: the window shown
      this.diffRanges = { base: null, new: null };
      this.diffBaseSession = ''; // another session's id, or '' for a window of this one
      this.diffMode = ''; // the mode this.diff was made in
      this.slowDiff = false; // the diff is the load's slow seconds against its other seconds
      this.latency = null; // the session's latency route answer, or null
      this.search = null; // {text, flags, matched} while a search is active
      this.searchTest = null;
      this.sandwichName = null;
      this.zoomNames = null; // names from the root to the zoomed frame
      this.groupBy = ''; // a string label whose values root the stacks, or ''
      this.kernelFrames = false; // waits keep their kernel frames
      this.groupKeys = []; // the string labels of the whole profile
      this.generation = 0; // a reload answered after a newer one started is dropped
      this.timer = 0;

      const frameTip = (graph, hint) => (frame, event) =>
        ember.tooltip.show(frame && this.model ? ember.tooltip.frameParts(this.model, this.type, frame, graph, hint) : null, event);
      this.flame = new ember.FlameGraph($('flame-container'), {
        onHover: (frame, event) => frameTip(this.flame, 'Click: zoom · right-click: callers and callees')(frame, event),
        onZoom: (node) => this.showBreadcrumb(node),
        onContext: (frame) => this.openSandwich(this.flame.nameOf(frame.node)),
      });
      const sandwichHooks = (graph) => ({
        onHover: (frame, event) => frameTip(this[graph])(frame, event),
        onZoom: () => {},
        onContext: (frame) => this.openSandwich(this[graph].nameOf(frame.node)),
      });
      this.callers = new ember.FlameGraph($('callers-container'), sandwichHooks('callers'), 'flame');
      this.callees = new ember.FlameGraph($('callees-container'), sandwichHooks('callees'), 'icicle');
      this.diffGraph = new ember.FlameGraph($('diff-container'), {
        onHover: (frame, event) => ember.tooltip.show(frame && this.diff ? this.diff.tooltipParts(frame, this.diffGraph) : null, event),
        onZoom: () => {},
      });
      this.top = new ember.TopTable($('top-table'), $('top-note'), (name) => this.openSandwich(name));
      this.alloc = new ember.AllocView($('alloc-table'), $('alloc-note'), (name) => this.openSandwich(name));
      this.timeline = new ember.Timeline($('timeline'), $('timeline-readout'), {
        onSelect: (kind, range) => this.selectRange(kind, range),
      });
      this.bindControls();
    }

    bindControls() {
      for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => this.showView(tab.dataset.view));
      $('sample-type').addEventListener('change', (e) => this.setType(Number(e.target.value)));
      $('group-by').addEventListener('change', (e) => this.setGroupBy(e.target.value));
      $('kernel-frames').addEventListener('change', (e) => this.setKernelFrames(e.target.checked));
      $('reset-zoom').addEventListener('click', () => this.flame.zoomTo(this.model.root));
      $('mode-flame').addEventListener('click', () => this.setOrientation('flame'));
      $('mode-icicle').addEventListener('click', () => this.setOrientation('icicle'));
      $('window-clear').addEventListener('click', () => this.selectRange('window', null));
      for (const button of $('drag-target').querySelectorAll('.segment')) button.addEventListener('click', () => this.setDragTarget(button.dataset.kind));
      $('diff-pick-base').addEventListener('click', () => this.setDragTarget('base'));
      $('diff-pick-new').addEventListener('click', () => this.setDragTarget('new'));
      $('diff-base-source').addEventListener('change', (e) => {
        this.diffBaseSession = e.target.value;
        this.slowDiff = false;
        this.renderDiff();
      });
      $('latency-slow').addEventListener('click', () => this.selectSlowSeconds());
      this.bindLatencyDrop();
      $('sandwich-find').addEventListener('click', () => this.findFunction(this.sandwichName));
      $('session-stop').addEventListener('click', () => ember.api.stop(this.source.id).then(() => this.reload(), (e) => this.showMessage(e.message)));
      let pending = 0;
      $('search').addEventListener('input', () => {
        clearTimeout(pending);
        pending = setTimeout(() => this.runSearch(), 120);
      });
      document.addEventListener('keydown', (e) => {
        if (!this.model || $('session').hidden) return;
        if (e.key === 'Escape' && this.flame.zoom && this.flame.zoom.parent) this.flame.zoomTo(this.flame.zoom.parent);
        if (e.key === '/' && document.activeElement !== $('search')) {
          e.preventDefault();
          $('search').focus();
        }
      });
    }

    // A load tool's file dropped anywhere on a session's page is posted to the session.
    bindLatencyDrop() {
      const accepts = (e) => this.source && this.source.postLatency && !$('session').hidden && e.dataTransfer && [...e.dataTransfer.types].indexOf('Files') >= 0;
      const panel = $('timeline-panel');
      document.addEventListener('dragover', (e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        panel.classList.add('dropping');
      });
      document.addEventListener('dragleave', (e) => e.relatedTarget === null && panel.classList.remove('dropping'));
      document.addEventListener('drop', (e) => {
        panel.classList.remove('dropping');
        if (!accepts(e) || !e.dataTransfer.files.length) return;
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        const source = this.source;
        this.showLatencyNote('Posting ' + file.name + '…', false);
        file
          .text()
          .then((text) => source.postLatency(text))
          .then((latency) => {
            if (source !== this.source) return;
            this.latency = latency;
            this.renderTimeline();
            this.showLatencyNote(file.name + ': ' + latency.seconds.length + ' s of latencies', false);
            if (this.slowDiff && this.view === 'diff') this.renderDiff();
          })
          .catch((error) => this.showLatencyNote(file.name + ': ' + (error.message || String(error)), true));
      });
    }

    showLatencyNote(text, error) {
      const note = $('latency-note');
      note.textContent = text;
      note.classList.toggle('error', error);
    }

    // Shows `source` (a ClientSource or SessionSource) from scratch, as the address says.
    open(source) {
      this.close();
      const state = ember.viewState.read();
      this.source = source;
      this.full = this.model = this.diff = null;
      const from = Number(state.from);
      const to = Number(state.to);
      this.range = from > 0 && to > from ? { from, to } : null;
      this.diffRanges = { base: null, new: null };
      this.slowDiff = state.slow === '1';
      this.latency = null;
      this.showLatencyNote('', false);
      this.sandwichName = null;
      this.zoomNames = null;
      this.mode = state.mode || '';
      this.wantedType = state.type || '';
      this.groupBy = state.group || '';
      this.kernelFrames = state.kernel === '1';
      $('search').value = state.search || '';
      this.timeline.setSelection('window', this.range);
      this.timeline.setSelection('base', null);
      this.timeline.setSelection('new', null);
      $('message').hidden = true;
      const view = this.slowDiff ? 'diff' : ADDRESSABLE_VIEWS.indexOf(state.view) >= 0 ? state.view : 'flame';
      return this.reload(true).then(() => this.showView(view));
    }

    close() {
      clearTimeout(this.timer);
      this.timer = 0;
      this.source = null;
    }

    // Fetches the session (if any), the whole profile and the window, then redraws; while the
    // session runs, schedules the next reload.
    reload(first) {
      const source = this.source;
      const generation = ++this.generation;
      clearTimeout(this.timer);
      return source
        .refresh()
        .then(() => {
          if (!this.mode || source.modes.indexOf(this.mode) < 0) this.mode = source.modes[0] || '';
          return Promise.all([source.load(this.mode, null), this.range ? source.load(this.mode, this.range) : null, source.latency()]);
        })
        .then(([full, windowed, latency]) => {
          if (generation !== this.generation || source !== this.source) return;
          this.full = full;
          this.latency = latency;
          this.groupKeys = ember.groupKeys(full);
          if (this.groupKeys.indexOf(this.groupBy) < 0) this.groupBy = '';
          this.setModel(new ember.ProfileModel(windowed || full, this.groupBy, this.kernelFrames), first);
          if (this.view === 'diff') this.renderDiff();
        })
        .catch((error) => this.showMessage(error.message || String(error)))
        .finally(() => {
          if (generation === this.generation && source === this.source && source.live) {
            this.timer = setTimeout(() => this.reload(), REFRESH_MS);
          }
        });
    }

    setModel(model, first) {
      if (this.model && this.flame.tree) this.zoomNames = this.flame.zoomIds().map((id) => this.flame.names[id]);
      const previousType = this.model ? this.model.types[this.type] : null;
      this.model = model;
      const kept = previousType ? model.typeIndex(previousType) : -1;
      const wanted = model.types.findIndex((t) => t.type === this.wantedType);
      this.wantedType = '';
      this.type = wanted >= 0 ? wanted : kept >= 0 ? kept : model.defaultIndex;
      this.renderHeader();
      this.renderTypeSelect();
      this.renderGroupSelect();
      $('kernel-select').hidden = !ember.hasWaitKernelFrames(this.full || model.data);
      $('kernel-frames').checked = this.kernelFrames;
      if (model.types.length === 0) {
        this.showMessage('This profile has no sample types.');
        return;
      }
      this.compileSearch();
      this.renderTimeline();
      this.flame.setData(this.treeData(model), first ? null : this.idsOf(model, this.zoomNames));
      this.flame.setMatches(this.search ? this.search.flags : null);
      this.refreshViews();
      ember.quality.renderPanel($('quality'), model);
      this.saveState();
    }

    // The choices that differ from the defaults, into the address.
    saveState() {
      if (!this.model || !this.source) return;
      const type = this.model.types[this.type];
      ember.viewState.write({
        mode: this.mode !== this.source.modes[0] ? this.mode : '',
        type: type && this.type !== this.model.defaultIndex ? type.type : '',
        group: this.groupBy,
        kernel: this.kernelFrames ? '1' : '',
        view: ADDRESSABLE_VIEWS.indexOf(this.view) >= 0 ? this.view : '',
        from: this.range ? String(this.range.from) : '',
        to: this.range ? String(this.range.to) : '',
        search: $('search').value,
        slow: this.slowDiff && this.view === 'diff' ? '1' : '',
      });
    }

    treeData(model) {
      return { tree: model.tree, names: model.names, labels: model.shortNames, type: this.type };
    }

    // Name ids in `model` for `names`, up to the first missing one.
    idsOf(model, names) {
      if (!names) return null;
      const ids = [];
      for (const name of names) {
        const id = model.nameIds.get(name);
        if (id === undefined) break;
        ids.push(id);
      }
      return ids;
    }

    renderHeader() {
      const source = this.source;
      const session = source.session;
      $('profile-title').textContent = session ? source.title : document.title;
      const state = $('session-state');
      state.className = 'state ' + (session ? session.state : 'file');
      state.textContent = session ? (session.state === 'running' ? 'live' : session.state) : 'exported profile';
      state.title = session && session.error ? session.error : '';
      $('session-target').textContent = session ? targetText(session) : '';
      $('session-stop').hidden = !(session && session.state === 'running');
      const modes = $('session-modes');
      modes.hidden = source.modes.length < 2;
      modes.replaceChildren(
        ...source.modes.map((mode) => {
          const button = document.createElement('button');
          button.className = 'segment' + (mode === this.mode ? ' on' : '');
          button.textContent = MODE_LABELS[mode] || mode;
          button.addEventListener('click', () => this.setSessionMode(mode));
          return button;
        }),
      );
      this.renderDownloads();
    }

    renderDownloads() {
      ember.downloads.render($('downloads'), { source: this.source, mode: this.mode, range: this.range, model: this.model, type: this.type });
    }

    renderTypeSelect() {
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
    }

    // Labels to group by: those of the whole profile (a window may lack some).
    renderGroupSelect() {
      const keys = this.groupKeys;
      const select = $('group-by');
      select.replaceChildren(
        ...[''].concat(keys).map((key) => {
          const option = document.createElement('option');
          option.value = key;
          option.textContent = key ? key.replace(/_name$/, '').replace(/_/g, ' ') : 'nothing';
          return option;
        }),
      );
      select.value = this.groupBy;
      $('group-select').hidden = keys.length === 0;
    }

    setGroupBy(key) {
      this.groupBy = key;
      this.setModel(new ember.ProfileModel(this.model.data, key, this.kernelFrames), true);
    }

    setKernelFrames(shown) {
      this.kernelFrames = shown;
      this.setModel(new ember.ProfileModel(this.model.data, this.groupBy, shown), true);
    }

    // The timeline always shows the whole profile, in samples when the profile counts them.
    renderTimeline() {
      const data = this.full;
      const types = data.sample_types || [];
      let column = types.findIndex((t) => t.type === 'samples' && t.unit === 'count');
      if (column < 0) column = Math.min(this.type, types.length - 1);
      this.timelineColumn = column;
      const times = [];
      const values = [];
      let first = Infinity;
      let last = -Infinity;
      for (const sample of data.samples || []) {
        if (sample.time === undefined) continue;
        times.push(sample.time);
        values.push(sample.values[column] || 0);
        first = Math.min(first, sample.time);
        last = Math.max(last, sample.time);
      }
      const session = this.source.session;
      const start = session && session.started_nanos ? session.started_nanos : data.time_nanos || first;
      let end = session && session.ended_nanos ? session.ended_nanos : data.duration_nanos ? start + data.duration_nanos : last;
      if (session && session.state === 'running') end = Math.max(end, Date.now() * 1e6);
      end = Math.max(end, last + 1, start + 1e9);
      const markers = this.source.markers().concat(data.markers || []);
      $('timeline-panel').hidden = times.length === 0;
      $('timeline-unit').textContent = column >= 0 ? ember.format.typeLabel(types[column]) + ' per second' : '';
      // Bars start on a whole Unix second, as the samples' time buckets (and the load's seconds) do.
      const barsStart = Math.floor((times.length ? Math.min(start, first) : start) / 1e9) * 1e9;
      this.timeline.setData({ times, values, start: barsStart, end, markers, unit: types[column] || { type: 'samples', unit: 'count' }, matched: this.timelineMatches(), latency: this.latency });
      this.renderWindowLabel();
      this.renderLatencyControls();
    }

    // Per timed sample of the whole profile, its timeline value when a frame matches the
    // search, else 0: shows when the searched code ran.
    timelineMatches() {
      if (!this.searchTest || !this.full) return null;
      const data = this.full;
      const fnMatch = (data.functions || []).map((f) => this.searchTest(f.name || f.system_name || '[unknown]'));
      const locMatch = (data.locations || []).map((frames) => frames.some((frame) => fnMatch[frame[0]]));
      const out = [];
      for (const sample of data.samples || []) {
        if (sample.time === undefined) continue;
        out.push(sample.stack.some((l) => locMatch[l]) ? sample.values[this.timelineColumn] || 0 : 0);
      }
      return out;
    }

    renderWindowLabel() {
      const start = this.timeline.data ? this.timeline.data.start : 0;
      $('window-label').textContent = this.range
        ? 'Showing ' + rangeText(this.range, start)
        : 'Showing the whole profile';
      $('window-clear').hidden = !this.range;
    }

    // The legend and the slow-seconds button once the session has latencies; before, how to
    // give them.
    renderLatencyControls() {
      const slow = this.latency && this.latency.slow;
      const button = $('latency-slow');
      $('latency-legend').hidden = button.hidden = !this.latency;
      button.disabled = !(slow && slow.windows && slow.windows.length && slow.other_windows.length);
      button.title = slow ? slowButtonTitle(slow) : '';
      button.classList.toggle('on', this.slowDiff);
      if (!this.latency && this.source.postLatency && !$('latency-note').textContent) this.showLatencyNote("Drop a load test's latency file on the page to draw its p50/p95/p99", false);
    }

    // The diff of the load's slow seconds (ember slow's rule, applied by emberd) against its
    // other seconds, in whichever mode is shown.
    selectSlowSeconds() {
      this.slowDiff = true;
      this.diffBaseSession = '';
      $('diff-base-source').value = '';
      this.setDragTarget('window');
      this.renderLatencyControls();
      this.showView('diff');
    }

    setDragTarget(kind) {
      this.timeline.setTarget(kind);
      for (const button of $('drag-target').querySelectorAll('.segment')) button.classList.toggle('on', button.dataset.kind === kind);
      if (kind !== 'window') $('timeline-panel').scrollIntoView({ block: 'nearest' });
    }

    // A window chosen on the timeline: the view window reloads the views; the diff windows
    // open the diff (and after the base, the next drag picks the new window).
    selectRange(kind, range) {
      this.timeline.setSelection(kind, range);
      if (kind === 'window') {
        this.range = range;
        this.renderWindowLabel();
        this.reload();
        return;
      }
      this.diffRanges[kind] = range;
      this.slowDiff = false;
      this.renderLatencyControls();
      if (kind === 'base' && !this.diffRanges.new) this.setDragTarget('new');
      else this.setDragTarget('window');
      this.showView('diff');
    }

    setSessionMode(mode) {
      this.mode = mode;
      this.zoomNames = null;
      this.reload(true);
    }

    setType(type) {
      this.type = type;
      this.flame.setType(type);
      // Without a samples/count column (several modes side by side) the timeline shows the type.
      if (this.full && this.timelineColumn !== type) this.renderTimeline();
      this.refreshViews();
      this.runSearch(); // saves the state too
      if (this.view === 'diff') this.renderDiff();
    }

    setOrientation(mode) {
      $('mode-flame').classList.toggle('on', mode === 'flame');
      $('mode-icicle').classList.toggle('on', mode === 'icicle');
      this.flame.setMode(mode);
    }

    refreshViews() {
      this.top.setData(this.model, this.type);
      this.alloc.setData(this.model, this.type);
      ember.quality.renderSummary($('summary'), this.model, this.type);
      this.renderDownloads();
      if (this.sandwichName) this.renderSandwich();
    }

    showView(view) {
      this.view = view;
      for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.view === view);
      for (const name of VIEWS) $('view-' + name).hidden = name !== view;
      if (view === 'flame') this.flame.render();
      if (view === 'sandwich') this.renderSandwich();
      if (view === 'diff') this.renderDiff();
      this.saveState();
    }

    // A regular expression when the text is one, else a plain substring (both ignore case).
    compileSearch() {
      const text = $('search').value;
      if (!text) {
        this.searchTest = null;
        this.search = null;
        return;
      }
      try {
        const regex = new RegExp(text, 'i');
        this.searchTest = (name) => regex.test(name);
      } catch (_) {
        const needle = text.toLowerCase();
        this.searchTest = (name) => name.toLowerCase().includes(needle);
      }
      const flags = this.model.matchNames(this.searchTest);
      this.search = { text, flags, matched: this.model.matchedTotal(flags, this.type) };
    }

    runSearch() {
      if (!this.model) return;
      this.compileSearch();
      const result = $('search-result');
      const flags = this.search ? this.search.flags : null;
      this.flame.setMatches(flags);
      this.timeline.setMatched(this.timelineMatches());
      for (const graph of [this.callers, this.callees]) graph.setMatches(flags);
      if (this.diff) this.diffGraph.setMatches(this.searchTest ? this.diff.names.map((n) => (this.searchTest(n) ? 1 : 0)) : null);
      this.saveState();
      if (!this.search) {
        result.textContent = '';
        return;
      }
      const functions = flags.reduce((n, f) => n + f, 0);
      result.textContent =
        functions === 0
          ? 'no match'
          : 'Matched ' + ember.format.percent(this.search.matched, this.model.totals[this.type]) + ' · ' + functions + (functions === 1 ? ' function' : ' functions');
    }

    findFunction(name) {
      $('search').value = '^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
      this.showView('flame');
      this.runSearch();
    }

    openSandwich(name) {
      this.sandwichName = name;
      this.showView('sandwich');
    }

    renderSandwich() {
      const name = this.sandwichName;
      const id = name === null || !this.model ? undefined : this.model.nameIds.get(name);
      $('sandwich-name').textContent = name === null ? '' : name;
      $('sandwich-find').disabled = id === undefined;
      $('sandwich-empty').hidden = id !== undefined;
      $('sandwich-graphs').hidden = id === undefined;
      if (name !== null && id === undefined) $('sandwich-empty').textContent = 'No samples of this function in the window shown.';
      if (id === undefined) {
        $('sandwich-share').textContent = '';
        return;
      }
      const { callers, callees } = this.model.callersAndCallees(id);
      const total = callers.root.total[this.type];
      const self = callees.root.self[this.type];
      const type = this.model.types[this.type];
      $('sandwich-share').textContent =
        'total ' + ember.format.value(total, type) + ' (' + ember.format.percent(total, this.model.totals[this.type]) + ') · self ' +
        ember.format.value(self, type) + ' (' + ember.format.percent(self, this.model.totals[this.type]) + ')';
      const flags = this.search ? this.search.flags : null;
      for (const [graph, tree] of [[this.callers, callers], [this.callees, callees]]) {
        graph.setData({ tree, names: this.model.names, labels: this.model.shortNames, type: this.type });
        graph.setMatches(flags);
      }
    }

    // The base is a window of this profile or another session; the new side is a window of
    // this profile. Until both windows are picked, the halves of the timeline stand in.
    renderDiff() {
      if (!this.model || !this.timeline.data) return;
      const generation = this.generation;
      const mode = this.mode;
      const loads = this.source.base ? this.profileDiffLoads() : this.slowDiff ? this.slowDiffLoads() : this.windowDiffLoads();
      return Promise.all(loads)
        .then(([baseData, newData]) => {
          if (generation !== this.generation) return;
          const diff = new ember.DiffModel(new ember.ProfileModel(baseData, "", this.kernelFrames), new ember.ProfileModel(newData, "", this.kernelFrames), this.model.typeIndex(this.model.types[this.type]));
          this.diff = diff;
          this.diffMode = mode; // which mode's profile it compares (a mode switch reloads first)
          $('diff-message').hidden = true;
          this.diffGraph.setData({ tree: diff.tree, names: diff.names, labels: diff.shortNames, type: 1, colourOf: (node) => diff.colourOf(node) });
          this.diffGraph.setMatches(this.searchTest ? diff.names.map((n) => (this.searchTest(n) ? 1 : 0)) : null);
          ember.diff.renderChanges($('diff-table'), diff, (name) => this.openSandwich(name));
        })
        .catch((error) => {
          $('diff-message').textContent = error.message || String(error);
          $('diff-message').hidden = false;
        });
    }

    // [base, new] profile JSON of a diff between windows (or another session as the base).
    windowDiffLoads() {
      const data = this.timeline.data;
      const middle = data.start + Math.floor((data.end - data.start) / 2e9) * 1e9;
      const base = this.diffRanges.base || { from: data.start, to: middle };
      const newer = this.diffRanges.new || { from: middle, to: data.end };
      const baseSession = this.diffBaseSession;
      this.renderDiffSources(base, newer, data.start);
      const baseLoad = baseSession ? new ember.SessionSource(baseSession).load(this.mode, null) : this.source.load(this.mode, base);
      return [baseLoad, this.source.load(this.mode, newer)];
    }

    // [base, new]: the other seconds of the load and its slow seconds, cut from the whole profile.
    slowDiffLoads() {
      const slow = this.latency && this.latency.slow;
      if (!slow) return [Promise.reject(new Error("This session has no latencies: drop a load test's latency file on the page."))];
      if (slow.error || !slow.windows.length || !slow.other_windows.length) return [Promise.reject(new Error(slowButtonTitle(slow) + '.'))];
      const seconds = (windows) => windows.reduce((n, [from, to]) => n + to - from, 0);
      const count = (windows) => seconds(windows) + (seconds(windows) === 1 ? ' second' : ' seconds');
      $('diff-base-label').textContent = 'the other ' + count(slow.other_windows) + ' of the load';
      $('diff-new-label').textContent = 'the ' + count(slow.windows) + ' with p' + slow.percentile + ' above ' + ember.latencyLines.msText(slow.threshold_ms) + ' (typical ' + ember.latencyLines.msText(slow.typical_ms) + ')';
      this.timeline.setSelection('base', null);
      this.timeline.setSelection('new', slow.windows.map(([from, to]) => ({ from: from * 1e9, to: to * 1e9 })));
      $('diff-pick-base').disabled = false;
      return [ember.secondsData(this.full, slow.other_windows), ember.secondsData(this.full, slow.windows)];
    }

    // An exported diff compares two whole profiles: no windows to pick.
    profileDiffLoads() {
      $('diff-base-label').textContent = 'base profile';
      $('diff-new-label').textContent = 'new profile';
      $('diff-pick-base').hidden = $('diff-pick-new').hidden = true;
      return [this.source.base, this.source.load(this.mode, null)];
    }

    renderDiffSources(base, newer, start) {
      const picked = (kind) => (this.diffRanges[kind] ? '' : ' (default: ' + (kind === 'base' ? 'first' : 'second') + ' half)');
      $('diff-base-label').textContent = this.diffBaseSession ? '' : rangeText(base, start) + picked('base');
      $('diff-new-label').textContent = rangeText(newer, start) + picked('new');
      this.timeline.setSelection('base', this.diffBaseSession ? null : base);
      this.timeline.setSelection('new', newer);
      $('diff-pick-base').disabled = !!this.diffBaseSession;
      this.renderBaseChoices();
    }

    // Another session as the base: only for sessions of emberd, listed once per visit.
    renderBaseChoices() {
      const select = $('diff-base-source');
      if (this.source.id === undefined || select.dataset.session === this.source.id) return;
      select.dataset.session = this.source.id;
      ember.api.sessions().then((sessions) => {
        const option = (value, text) => {
          const o = document.createElement('option');
          o.value = value;
          o.textContent = text;
          return o;
        };
        const others = sessions.filter((s) => s.id !== this.source.id);
        select.replaceChildren(option('', 'a window of this session'), ...others.map((s) => option(s.id, 'session ' + s.id + (s.name ? ': ' + s.name : ''))));
        select.value = this.diffBaseSession;
        select.hidden = others.length === 0;
      }, () => {});
    }

    showBreadcrumb(node) {
      const crumbs = this.flame.tree.path(node).map((n, i, all) => {
        const button = document.createElement('button');
        button.className = 'crumb' + (i === all.length - 1 ? ' current' : '');
        button.textContent = this.flame.labelOf(n);
        button.title = this.flame.nameOf(n);
        button.addEventListener('click', () => this.flame.zoomTo(n));
        return button;
      });
      $('breadcrumb').replaceChildren(...crumbs);
      $('reset-zoom').disabled = !node.parent;
      this.zoomNames = this.flame.zoomIds().map((id) => this.flame.names[id]);
    }

    showMessage(text) {
      const box = $('message');
      box.textContent = text;
      box.hidden = false;
    }
  }

  const MODE_LABELS = { cpu: 'CPU', offcpu: 'Off-CPU', wakers: 'Wakers', wall: 'Wall', lock: 'Lock', lock_holders: 'Lock holders', alloc: 'Alloc' };

  function targetText(session) {
    const target = session.target || {};
    if (target.command && target.command.length) return '$ ' + target.command.join(' ');
    if (target.pids && target.pids.length) return 'PID ' + target.pids.join(', ');
    return '';
  }

  // What "Select slow seconds" compares, or why it cannot.
  function slowButtonTitle(slow) {
    if (slow.error) return slow.error;
    const above = 'p' + slow.percentile + ' above ' + ember.latencyLines.msText(slow.threshold_ms);
    if (!slow.windows.length) return 'No second had its ' + above;
    if (!slow.other_windows.length) return 'Every second had its ' + above + ': nothing to compare with';
    return 'Diff the seconds with ' + above + ' (typical ' + ember.latencyLines.msText(slow.typical_ms) + ') against the other seconds of the load';
  }

  function rangeText(range, start) {
    return ember.format.offset(range.from, start) + ' – ' + ember.format.offset(range.to, start) + ' (' + ember.format.duration(range.to - range.from) + ')';
  }

  ember.ProfileView = ProfileView;
  ember.MODE_LABELS = MODE_LABELS;
  ember.targetText = targetText;
})((window.ember = window.ember || {}));
