// The flame graph: lays out the visible part of a call tree and draws it on a canvas. It draws
// any CallTree (the profile, a function's callers or callees, a diff); a `colourOf` hook lets
// the diff view colour frames by change. Only frames at least MIN_WIDTH wide are laid out; runs of narrower siblings become one grey
// block, so drawing cost follows the canvas size, not the tree size.
(function (ember) {
  'use strict';

  const ROW = 18; // px per frame row
  const MIN_WIDTH = 2; // px; narrower siblings are merged
  const TEXT_PAD = 4;
  const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  const MATCH_COLOUR = '#b14fd8';
  const MERGED_COLOUR = '#d9d2c7';

  class FlameGraph {
    // `hooks.onHover(frame|null, event)`, `hooks.onZoom(node)`, `hooks.onContext(frame, event)`
    // (right click on a frame); `mode`: 'flame' (root at the bottom) or 'icicle'.
    constructor(container, hooks, mode = 'flame') {
      this.container = container;
      this.hooks = hooks;
      this.canvas = document.createElement('canvas');
      this.overlay = document.createElement('canvas'); // hover outline, redrawn alone
      this.canvas.className = 'flame-canvas';
      this.overlay.className = 'flame-overlay';
      container.append(this.canvas, this.overlay);
      this.tree = null;
      this.names = [];
      this.colourOf = null;
      this.type = 0;
      this.zoom = null;
      this.mode = mode;
      this.matches = null;
      this.frames = [];
      this.rows = [];
      this.hovered = null;
      this.colours = new Map();
      this.width = 0;
      this.height = 0;

      this.canvas.addEventListener('mousemove', (e) => this.hover(this.frameAt(e), e));
      this.canvas.addEventListener('mouseleave', (e) => this.hover(null, e));
      this.canvas.addEventListener('click', (e) => {
        const frame = this.frameAt(e);
        if (frame && !frame.merged) this.zoomTo(frame.node);
      });
      this.canvas.addEventListener('contextmenu', (e) => {
        const frame = this.frameAt(e);
        if (!frame || frame.merged || frame.node.name < 0 || !this.hooks.onContext) return;
        e.preventDefault();
        this.hooks.onContext(frame, e);
      });
      let lastWidth = 0;
      new ResizeObserver(() => {
        if (this.container.clientWidth !== lastWidth && this.tree) {
          lastWidth = this.container.clientWidth;
          this.render();
        }
      }).observe(container);
    }

    // `data`: {tree, names, labels (short names, optional), type, colourOf(node) optional};
    // `zoomIds`: name ids from the root
    // to the frame to stay zoomed on (a reload keeps the zoom), or none.
    setData(data, zoomIds) {
      const scroll = !this.tree;
      this.tree = data.tree;
      this.names = data.names;
      this.labels = data.labels || data.names;
      this.colourOf = data.colourOf || null;
      this.type = data.type;
      this.zoom = zoomIds ? data.tree.find(zoomIds) : data.tree.root;
      if (this.zoom.total[this.type] <= 0) this.zoom = data.tree.root;
      this.colours.clear();
      this.render(scroll || !zoomIds);
      this.hooks.onZoom(this.zoom);
    }

    // Name ids from the root to the zoomed frame, for setData after a reload.
    zoomIds() {
      return this.tree ? this.tree.path(this.zoom).slice(1).map((n) => n.name) : null;
    }

    nameOf(node) {
      return node.name < 0 ? 'all' : this.names[node.name];
    }

    // What a frame's label shows: the short name.
    labelOf(node) {
      return node.name < 0 ? 'all' : this.labels[node.name];
    }

    setType(type) {
      this.type = type;
      if (this.zoom.total[type] <= 0) this.zoom = this.tree.root;
      this.render();
      this.hooks.onZoom(this.zoom);
    }

    setMode(mode) {
      this.mode = mode;
      this.render(true);
    }

    // `flags`: Uint8Array per name id, or null for no search.
    setMatches(flags) {
      this.matches = flags;
      this.render();
    }

    zoomTo(node) {
      this.zoom = node;
      this.render(true);
      this.hooks.onZoom(node);
    }

    // Frames as {node, x, w, depth, ancestor, merged, value}; rows[depth] is sorted by x.
    layout() {
      const t = this.type;
      const width = this.container.clientWidth;
      const frames = [];
      const path = this.tree.path(this.zoom);
      for (const node of path.slice(0, -1)) {
        frames.push({ node, x: 0, w: width, depth: node.depth, ancestor: true, merged: 0, value: node.total[t] });
      }
      const zoomTotal = this.zoom.total[t];
      if (zoomTotal > 0) {
        const scale = width / zoomTotal;
        const visit = (node, x) => {
          const value = node.total[t];
          frames.push({ node, x, w: value * scale, depth: node.depth, ancestor: false, merged: 0, value });
          let cx = x;
          let tiny = null;
          const flush = () => {
            if (tiny && tiny.w >= 0.5) frames.push(tiny);
            tiny = null;
          };
          for (const child of node.children) {
            const v = child.total[t];
            if (v <= 0) continue;
            const w = v * scale;
            if (w < MIN_WIDTH) {
              if (!tiny) tiny = { node, x: cx, w: 0, depth: node.depth + 1, ancestor: false, merged: 0, value: 0 };
              tiny.w += w;
              tiny.value += v;
              tiny.merged++;
            } else {
              flush();
              visit(child, cx);
            }
            cx += w;
          }
          flush();
        };
        visit(this.zoom, 0);
      }
      const rows = [];
      for (const frame of frames) (rows[frame.depth] = rows[frame.depth] || []).push(frame);
      this.frames = frames;
      this.rows = rows;
      this.width = width;
      // An empty graph keeps room for the "no samples" note.
      this.height = frames.length ? rows.length * ROW : 3 * ROW;
    }

    frameY(depth) {
      return this.mode === 'flame' ? this.height - (depth + 1) * ROW : depth * ROW;
    }

    colour(frame) {
      if (frame.merged) return MERGED_COLOUR;
      const id = frame.node.name;
      if (this.matches && id >= 0 && this.matches[id]) return MATCH_COLOUR;
      if (this.colourOf) return this.colourOf(frame.node);
      let colour = this.colours.get(id);
      if (!colour) {
        colour = id < 0 ? '#c9c1b5' : ember.format.frameColour(this.names[id]);
        this.colours.set(id, colour);
      }
      return colour;
    }

    // `scrollToRoot`: after zooming or flipping, show the root row (the bottom, in flame mode).
    render(scrollToRoot) {
      if (!this.tree || !this.container.clientWidth) return;
      const started = performance.now();
      this.layout();
      const dpr = window.devicePixelRatio || 1;
      for (const canvas of [this.canvas, this.overlay]) {
        canvas.width = Math.round(this.width * dpr);
        canvas.height = Math.round(this.height * dpr);
        canvas.style.width = this.width + 'px';
        canvas.style.height = this.height + 'px';
      }
      const ctx = this.canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = FONT;
      ctx.textBaseline = 'middle';
      const charWidth = ctx.measureText('abcdefghijklmnopqrstuvwxyz_ABCDEFGH').width / 35;

      for (const frame of this.frames) {
        const y = this.frameY(frame.depth);
        const w = frame.w > 3 ? frame.w - 1 : frame.w; // a 1 px gap separates siblings
        ctx.globalAlpha = frame.ancestor ? 0.55 : 1;
        const colour = this.colour(frame);
        ctx.fillStyle = colour;
        ctx.fillRect(frame.x, y, w, ROW - 1);
        const chars = Math.floor((w - 2 * TEXT_PAD) / charWidth);
        if (frame.merged || chars < 3) continue;
        const name = this.labelOf(frame.node);
        const label = name.length <= chars ? name : name.slice(0, chars - 1) + '…';
        ctx.fillStyle = isDark(colour) ? '#fff' : '#2a1a0c';
        ctx.fillText(label, frame.x + TEXT_PAD, y + ROW / 2);
      }
      ctx.globalAlpha = 1;
      if (this.frames.length === 0) {
        ctx.fillStyle = '#75695c';
        ctx.textAlign = 'center';
        ctx.fillText('No samples of this type in the profile.', this.width / 2, this.height / 2);
        ctx.textAlign = 'start';
      }
      this.hovered = null;
      this.lastRenderMs = performance.now() - started;
      if (scrollToRoot) {
        this.container.scrollTop = this.mode === 'flame' ? this.container.scrollHeight : 0;
      }
    }

    frameAt(event) {
      const rect = this.canvas.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      const depth = this.mode === 'flame' ? Math.floor((this.height - y) / ROW) : Math.floor(y / ROW);
      const row = this.rows[depth];
      if (!row) return null;
      let lo = 0;
      let hi = row.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const f = row[mid];
        if (x < f.x) hi = mid - 1;
        else if (x >= f.x + f.w) lo = mid + 1;
        else return f;
      }
      return null;
    }

    hover(frame, event) {
      if (frame !== this.hovered) {
        this.hovered = frame;
        const dpr = window.devicePixelRatio || 1;
        const ctx = this.overlay.getContext('2d');
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, this.width, this.height);
        if (frame) {
          ctx.strokeStyle = '#1d1309';
          ctx.lineWidth = 1.5;
          ctx.strokeRect(frame.x + 0.75, this.frameY(frame.depth) + 0.75, Math.max(frame.w - 2.5, 1), ROW - 2.5);
        }
        this.canvas.style.cursor = frame && !frame.merged ? 'pointer' : 'default';
      }
      this.hooks.onHover(frame, event);
    }

    // Client coordinates of the centre of the first drawn frame named `name` (for tests and
    // for links that point at a function), or null.
    frameCentre(name) {
      const rect = this.canvas.getBoundingClientRect();
      for (const frame of this.frames) {
        if (!frame.merged && this.nameOf(frame.node) === name) {
          return { x: rect.left + frame.x + frame.w / 2, y: rect.top + this.frameY(frame.depth) + ROW / 2 };
        }
      }
      return null;
    }
  }

  // Light text on dark frames (search matches, strong diff colours); `colour` is #rrggbb or
  // rgb(r,g,b).
  function isDark(colour) {
    let rgb;
    if (colour[0] === '#') rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    else rgb = colour.slice(colour.indexOf('(') + 1, -1).split(',').map(Number);
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 140;
  }

  ember.FlameGraph = FlameGraph;
})((window.ember = window.ember || {}));
