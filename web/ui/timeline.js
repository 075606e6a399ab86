// The timeline: samples per second as a heat strip (bar height and colour both show the
// rate, so a spike stands out at a glance), the load test's latencies as lines over it
// (latency.js), load-test markers as labelled vertical lines, and the selected windows as
// bands. Dragging selects a window of whole buckets.
(function (ember) {
  'use strict';

  const MARKER_LANE = 18; // px above the bars for marker labels
  const BARS = 64;
  const AXIS = 18;
  const HEIGHT = MARKER_LANE + BARS + AXIS;
  const MIN_BAR_PX = 4; // buckets grow past one second when the session is too long to fit
  const MATCH_COLOUR = '#b14fd8'; // as the flame graph's search matches
  const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  // Selection kinds and their colours: the view window, and the diff's base and new windows.
  const BANDS = {
    window: { fill: 'rgba(35, 28, 21, 0.10)', edge: '#231c15', label: 'window' },
    base: { fill: 'rgba(37, 99, 235, 0.16)', edge: '#2563eb', label: 'base' },
    new: { fill: 'rgba(220, 38, 38, 0.14)', edge: '#dc2626', label: 'new' },
  };

  class Timeline {
    // `hooks.onSelect(kind, {from, to} | null)`; `readout`: an element for the hovered bucket.
    constructor(container, readout, hooks) {
      this.container = container;
      this.readout = readout;
      this.hooks = hooks;
      this.canvas = document.createElement('canvas');
      this.canvas.className = 'timeline-canvas';
      container.append(this.canvas);
      this.data = null;
      this.latencyScale = null;
      this.selections = { window: null, base: null, new: null };
      this.target = 'window'; // which selection a drag sets
      this.drag = null;
      this.width = 0;

      this.canvas.addEventListener('mousedown', (e) => this.startDrag(e));
      window.addEventListener('mousemove', (e) => this.moveDrag(e));
      window.addEventListener('mouseup', (e) => this.endDrag(e));
      this.canvas.addEventListener('mousemove', (e) => !this.drag && this.showReadout(e));
      this.canvas.addEventListener('mouseleave', () => (this.readout.textContent = this.hint()));
      new ResizeObserver(() => this.container.clientWidth !== this.width && this.render()).observe(container);
    }

    // `data`: {times: [Unix ns], values: [number] (same length), start, end (Unix ns),
    // markers: [{time_nanos, label}], unit: {type, unit} of the values, latency: the latency
    // route's answer or null}.
    setData(data) {
      this.data = data;
      this.render();
      this.readout.textContent = this.hint();
    }

    // `matched`: per sample, the value that the search matched (aligned with data.times), or
    // null to clear.
    setMatched(matched) {
      if (!this.data) return;
      this.data.matched = matched;
      this.render();
    }

    // `range`: {from, to}, a list of them, or null.
    setSelection(kind, range) {
      this.selections[kind] = range;
      this.render();
    }

    setTarget(kind) {
      this.target = kind;
      this.canvas.style.cursor = 'crosshair';
      this.readout.textContent = this.hint();
    }

    hint() {
      if (!this.data || !this.data.times.length) return 'No sample times in this profile.';
      const what = this.target === 'window' ? 'a window to see its flame graph' : 'the ' + BANDS[this.target].label + ' window of the diff';
      return 'Drag across the timeline to select ' + what + '.';
    }

    // One bucket per second, or per several seconds when a second would be under MIN_BAR_PX.
    buckets() {
      const { start, end, times, values } = this.data;
      const seconds = Math.max(1, Math.ceil((end - start) / 1e9));
      const perBucket = Math.max(1, Math.ceil((seconds * MIN_BAR_PX) / Math.max(this.width, 1)));
      const size = perBucket * 1e9;
      const sums = new Float64Array(Math.ceil(seconds / perBucket));
      const matched = this.data.matched ? new Float64Array(sums.length) : null;
      for (let i = 0; i < times.length; i++) {
        const b = Math.floor((times[i] - start) / size);
        if (b < 0 || b >= sums.length) continue;
        sums[b] += values[i];
        if (matched) matched[b] += this.data.matched[i];
      }
      return { size, sums, matched };
    }

    xOf(time) {
      return ((time - this.data.start) / this.span()) * this.width;
    }

    timeOf(x) {
      return this.data.start + (Math.min(Math.max(x, 0), this.width) / this.width) * this.span();
    }

    span() {
      return this.bucketInfo.size * this.bucketInfo.sums.length;
    }

    render() {
      this.width = this.container.clientWidth;
      if (!this.data || !this.width) return;
      this.bucketInfo = this.buckets();
      const { size, sums } = this.bucketInfo;
      const dpr = window.devicePixelRatio || 1;
      this.canvas.width = Math.round(this.width * dpr);
      this.canvas.height = Math.round(HEIGHT * dpr);
      this.canvas.style.width = this.width + 'px';
      this.canvas.style.height = HEIGHT + 'px';
      const ctx = this.canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = FONT;

      const max = sums.reduce((m, v) => Math.max(m, v), 0);
      // Colour spans the quietest to the busiest bucket, so a spike stands out even on a
      // busy baseline; heights stay proportional to the rate.
      const min = sums.reduce((m, v) => (v > 0 ? Math.min(m, v) : m), max);
      const barWidth = this.width / sums.length;
      const base = MARKER_LANE + BARS;
      ctx.fillStyle = '#f6f1ea';
      ctx.fillRect(0, MARKER_LANE, this.width, BARS);
      sums.forEach((v, i) => {
        if (v <= 0) return;
        const h = Math.max(2, (v / max) * (BARS - 4));
        ctx.fillStyle = heat(max > min ? (v - min) / (max - min) : 1);
        ctx.fillRect(i * barWidth, base - h, Math.max(barWidth - (barWidth > 4 ? 1 : 0), 1), h);
      });

      // The search's share of each bucket, as in the flame graph's match colour.
      if (this.bucketInfo.matched) {
        ctx.fillStyle = MATCH_COLOUR;
        this.bucketInfo.matched.forEach((v, i) => {
          if (v <= 0) return;
          const h = Math.max(1, (v / max) * (BARS - 4));
          ctx.fillRect(i * barWidth, base - h, Math.max(barWidth - (barWidth > 4 ? 1 : 0), 1), h);
        });
      }

      for (const kind of ['base', 'new', 'window']) for (const range of [].concat(this.selections[kind] || [])) this.drawBand(ctx, kind, range);
      if (this.drag && this.drag.moved) this.drawBand(ctx, this.drag.kind, this.dragRange());
      this.latencyScale = ember.latencyLines.draw(ctx, this.data.latency, this.latencyArea());
      ctx.font = FONT;
      this.drawAxis(ctx, size, sums.length);
      this.drawMarkers(ctx);
    }

    drawBand(ctx, kind, range) {
      if (!range) return;
      const style = BANDS[kind];
      const x0 = this.xOf(range.from);
      const x1 = this.xOf(range.to);
      ctx.fillStyle = style.fill;
      ctx.fillRect(x0, MARKER_LANE, x1 - x0, BARS);
      ctx.strokeStyle = style.edge;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x0 + 0.75, MARKER_LANE + 0.75, Math.max(x1 - x0 - 1.5, 1), BARS - 1.5);
      if (kind !== 'window') {
        const w = ctx.measureText(style.label).width + 8;
        ctx.fillStyle = style.edge;
        ctx.fillRect(x0, MARKER_LANE, w, 14);
        ctx.fillStyle = '#fff';
        ctx.textBaseline = 'middle';
        ctx.fillText(style.label, x0 + 4, MARKER_LANE + 7);
      }
    }

    drawAxis(ctx, size, count) {
      const seconds = (size / 1e9) * count;
      // About one tick per 90 px, on a round number of seconds.
      const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
      const step = steps.find((s) => (s / seconds) * this.width >= 90) || Math.ceil((seconds * 90) / this.width / 3600) * 3600;
      ctx.fillStyle = '#75695c';
      ctx.strokeStyle = '#d8cfc3';
      ctx.textBaseline = 'top';
      ctx.lineWidth = 1;
      for (let s = 0; s <= seconds; s += step) {
        const x = Math.round((s / seconds) * this.width) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, MARKER_LANE + BARS);
        ctx.lineTo(x, MARKER_LANE + BARS + 4);
        ctx.stroke();
        const label = step >= 3600 ? s / 3600 + ' h' : s >= 60 && step >= 60 ? s / 60 + ' min' : s + ' s';
        const w = ctx.measureText(label).width;
        ctx.fillText(label, Math.min(Math.max(x - w / 2, 0), this.width - w), MARKER_LANE + BARS + 5);
      }
    }

    drawMarkers(ctx) {
      ctx.textBaseline = 'middle';
      let labelEnd = -Infinity; // labels that would overlap the previous one are dropped
      const markers = (this.data.markers || []).slice().sort((a, b) => a.time_nanos - b.time_nanos);
      for (const marker of markers) {
        const x = Math.round(this.xOf(marker.time_nanos)) + 0.5;
        if (x < 0 || x > this.width) continue;
        ctx.strokeStyle = '#7c3aed';
        ctx.lineWidth = 1.5;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, 4);
        ctx.lineTo(x, MARKER_LANE + BARS);
        ctx.stroke();
        ctx.setLineDash([]);
        const label = String(marker.label);
        const w = Math.min(ctx.measureText(label).width, 160);
        const lx = Math.min(x + 4, this.width - w - 2);
        if (lx <= labelEnd) continue;
        ctx.fillStyle = '#5b21b6';
        ctx.fillText(label, lx, MARKER_LANE / 2, 160);
        labelEnd = lx + w + 6;
      }
    }

    localX(event) {
      return event.clientX - this.canvas.getBoundingClientRect().left;
    }

    startDrag(event) {
      if (!this.data || !this.data.times.length || event.button !== 0) return;
      event.preventDefault();
      this.drag = { kind: this.target, x0: this.localX(event), x1: this.localX(event), moved: false };
    }

    moveDrag(event) {
      if (!this.drag) return;
      this.drag.x1 = this.localX(event);
      if (Math.abs(this.drag.x1 - this.drag.x0) > 2) this.drag.moved = true;
      this.render();
    }

    endDrag(event) {
      if (!this.drag) return;
      this.drag.x1 = this.localX(event);
      const range = this.dragRange();
      const kind = this.drag.kind;
      this.drag = null;
      this.selections[kind] = range;
      this.render();
      this.hooks.onSelect(kind, range);
    }

    // The dragged range snapped outwards to bucket edges; a click selects one bucket.
    dragRange() {
      const size = this.bucketInfo.size;
      const a = this.timeOf(Math.min(this.drag.x0, this.drag.x1));
      const b = this.timeOf(Math.max(this.drag.x0, this.drag.x1));
      const start = this.data.start;
      const from = start + Math.floor((a - start) / size) * size;
      let to = start + Math.ceil((b - start) / size) * size;
      if (to <= from) to = from + size;
      return { from, to: Math.min(to, start + this.span()) };
    }

    showReadout(event) {
      if (!this.data || !this.data.times.length) return;
      const { size, sums } = this.bucketInfo;
      const b = Math.min(sums.length - 1, Math.floor((this.timeOf(this.localX(event)) - this.data.start) / size));
      const from = this.data.start + b * size;
      this.readout.textContent =
        ember.format.offset(from, this.data.start) + ' – ' + ember.format.offset(from + size, this.data.start) + ': ' +
        ember.format.value(sums[b], this.data.unit) + (size > 1e9 ? ' in ' + size / 1e9 + ' s' : '') +
        (this.bucketInfo.matched ? ' · search matched ' + ember.format.percent(this.bucketInfo.matched[b], sums[b]) : '') +
        ember.latencyLines.readout(this.data.latency, Math.floor(this.timeOf(this.localX(event)) / 1e9));
    }

    latencyArea() {
      return { top: MARKER_LANE + 3, bottom: MARKER_LANE + BARS - 3, width: this.width, xOf: (t) => this.xOf(t) };
    }

    // Client coordinates of a latency line ('p99_ms'...) in a Unix second, or null, for tests.
    latencyPoint(unixSecond, key) {
      const point = ember.latencyLines.pointOf(this.data.latency, this.latencyScale, this.latencyArea(), unixSecond, key);
      const rect = this.canvas.getBoundingClientRect();
      return point && { x: rect.left + point.x, y: rect.top + point.y };
    }

    // Client coordinates of time `t` on the bars, for tests.
    clientPoint(t) {
      const rect = this.canvas.getBoundingClientRect();
      return { x: rect.left + this.xOf(t), y: rect.top + MARKER_LANE + BARS / 2 };
    }
  }

  // Pale yellow (few) through orange to deep red (the busiest second).
  function heat(level) {
    const stops = [
      [254, 224, 139],
      [253, 141, 60],
      [189, 0, 38],
    ];
    const x = Math.min(Math.max(level, 0), 1) * (stops.length - 1);
    const i = Math.min(Math.floor(x), stops.length - 2);
    const f = x - i;
    const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
    return 'rgb(' + c.join(',') + ')';
  }

  ember.Timeline = Timeline;
})((window.ember = window.ember || {}));
