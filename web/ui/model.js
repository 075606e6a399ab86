// The profile as the views need it: a call tree merged by function name (what flame graphs
// draw), per-function totals (what the top table lists) and the callers/callees trees of one
// function, for every sample type at once. Grouped by a string label (thread_name, lock,
// woken_thread...), every stack starts at a frame naming its sample's value of that label.
(function (ember) {
  'use strict';

  class ProfileModel {
    // `data` is the JSON of write_profile_json (see profile_json.h for the schema); `groupBy`,
    // a label key or ''; `kernelFrames`: keep the kernel's side of waits (else a wait's stack
    // ends at the call that waited, as the server marked it).
    constructor(data, groupBy, kernelFrames) {
      this.data = data;
      this.types = data.sample_types || [];
      const T = this.types.length;
      const di = data.default_index;
      this.defaultIndex = di >= 0 && di < T ? di : Math.max(T - 1, 0);

      // Equal names are one frame, as in folded stacks; the first file seen is kept. Labels
      // show the short name (C++ without template arguments and parameters).
      this.names = [];
      this.shortNames = [];
      this.files = [];
      this.nameIds = new Map();
      const functionNames = (data.functions || []).map((f) => {
        const name = f.name || f.system_name || '[unknown]';
        let id = this.nameIds.get(name);
        if (id === undefined) {
          id = this.names.length;
          this.nameIds.set(name, id);
          this.names.push(name);
          this.shortNames.push(f.short_name || name);
          this.files.push(f.file || '');
        }
        return id;
      });
      this.kernelFrames = !!kernelFrames;
      // Per location: name ids, caller first (the JSON is root first throughout).
      this.locationNames = (data.locations || []).map((frames) =>
        frames.map((frame) => functionNames[frame[0]]).filter((id) => id !== undefined));
      this.samples = data.samples || [];
      this.stacks = this.samples.map((sample) => this.stackNames(sample));
      // Group frames: names of their own, not functions (the top table leaves them out).
      this.groupBy = groupBy || '';
      this.isGroup = new Set();
      if (this.groupBy) this.stacks.forEach((stack, n) => stack.unshift(this.groupId(this.samples[n])));
      this.rank = ember.nameRank(this.names);
      this.tree = new ember.CallTree(T);
      this.selfByName = new Float64Array(this.names.length * T);
      this.totalByName = new Float64Array(this.names.length * T);
      this.build();
    }

    get root() {
      return this.tree.root;
    }
    get nodeCount() {
      return this.tree.nodeCount;
    }
    get totals() {
      return this.tree.root.total;
    }

    nameOf(node) {
      return node.name < 0 ? 'all' : this.names[node.name];
    }

    path(node) {
      return this.tree.path(node);
    }

    // The id of the group frame "KEY: VALUE" of a sample, "KEY: (none)" without the label.
    groupId(sample) {
      const labels = sample.labels || {};
      const value = Object.prototype.hasOwnProperty.call(labels, this.groupBy) ? String(labels[this.groupBy]) : '(none)';
      const name = this.groupBy + ': ' + value;
      let id = this.nameIds.get(name);
      if (id === undefined || !this.isGroup.has(id)) {
        id = this.names.length;
        this.nameIds.set(name, id);
        this.names.push(name);
        this.shortNames.push(name);
        this.files.push('');
        this.isGroup.add(id);
      }
      return id;
    }

    // Name ids of a sample's frames, root first.
    stackNames(sample) {
      const out = [];
      const end = sample.stack.length - (this.kernelFrames ? 0 : sample.wait_kernel || 0);
      for (let i = 0; i < end; i++) {
        const names = this.locationNames[sample.stack[i]];
        if (names) for (const id of names) out.push(id);
      }
      return out;
    }

    build() {
      const T = this.types.length;
      // seen[name] === sample number: counts a recursive function once per sample.
      const seen = new Int32Array(this.names.length).fill(-1);
      this.stacks.forEach((stack, n) => {
        const values = this.samples[n].values;
        this.tree.add(stack, values);
        for (const id of stack) {
          if (seen[id] === n) continue;
          seen[id] = n;
          for (let t = 0; t < T; t++) this.totalByName[id * T + t] += values[t] || 0;
        }
        if (stack.length > 0) {
          const leaf = stack[stack.length - 1];
          for (let t = 0; t < T; t++) this.selfByName[leaf * T + t] += values[t] || 0;
        }
      });
      this.tree.finish(this.rank);
    }

    // Flags per name id for names that match `test`.
    matchNames(test) {
      const flags = new Uint8Array(this.names.length);
      this.names.forEach((name, id) => (flags[id] = test(name) ? 1 : 0));
      return flags;
    }

    // Value under frames that match, not counting a match below another match twice.
    matchedTotal(flags, type) {
      let sum = 0;
      const pending = [this.root];
      while (pending.length) {
        const node = pending.pop();
        if (node.name >= 0 && flags[node.name]) sum += node.total[type];
        else for (const child of node.children) pending.push(child);
      }
      return sum;
    }

    // Rows for the top table: functions with a non-zero total of the sample type.
    functionTotals(type) {
      const T = this.types.length;
      const rows = [];
      for (let id = 0; id < this.names.length; id++) {
        if (this.isGroup.has(id)) continue;
        const total = this.totalByName[id * T + type];
        const self = this.selfByName[id * T + type];
        if (total !== 0 || self !== 0) rows.push({ id, name: this.names[id], shortName: this.shortNames[id], self, total });
      }
      return rows;
    }

    // The "sandwich" of function `id`: who calls it (a tree rooted at the function that grows
    // towards main) and what it calls. The outermost call of a recursive function counts, so
    // both roots equal the function's total.
    callersAndCallees(id) {
      const T = this.types.length;
      const callers = new ember.CallTree(T, id);
      const callees = new ember.CallTree(T, id);
      this.stacks.forEach((stack, n) => {
        const at = stack.indexOf(id);
        if (at < 0) return;
        const values = this.samples[n].values;
        callers.add(stack.slice(0, at).reverse(), values);
        callees.add(stack.slice(at + 1), values);
      });
      return { callers: callers.finish(this.rank), callees: callees.finish(this.rank) };
    }

    // Index of the sample type named like `type` ({type, unit}), or -1.
    typeIndex(type) {
      return this.types.findIndex((t) => t.type === type.type && t.unit === type.unit);
    }
  }

  // Whether some wait of the profile has kernel frames that a model hides unless asked.
  function hasWaitKernelFrames(data) {
    return (data.samples || []).some((s) => s.wait_kernel > 0);
  }

  // The string labels of a profile's samples, to group by: keys in first-seen order.
  function groupKeys(data) {
    const keys = [];
    for (const sample of data.samples || []) {
      for (const [key, value] of Object.entries(sample.labels || {})) {
        if (typeof value === 'string' && keys.indexOf(key) < 0) keys.push(key);
      }
    }
    return keys;
  }

  // The same profile JSON with only the samples of the half-open window [from, to) (Unix ns).
  // Samples without a time cannot be placed and are left out of any window.
  function sliceData(data, from, to) {
    const samples = (data.samples || []).filter((s) => s.time !== undefined && s.time >= from && s.time < to);
    return Object.assign({}, data, { samples, time_nanos: from, duration_nanos: to - from });
  }

  // The same profile JSON with only the samples of some seconds: `windows` are [start, end)
  // runs of Unix seconds, as emberd's latency route gives the slow ones. Sample times are the
  // starts of their (whole Unix second) buckets.
  function secondsData(data, windows) {
    const seconds = new Set();
    for (const [start, end] of windows) for (let s = start; s < end; s++) seconds.add(s);
    const samples = (data.samples || []).filter((s) => s.time !== undefined && seconds.has(Math.floor(s.time / 1e9)));
    return Object.assign({}, data, { samples });
  }

  ember.ProfileModel = ProfileModel;
  ember.sliceData = sliceData;
  ember.secondsData = secondsData;
  ember.groupKeys = groupKeys;
  ember.hasWaitKernelFrames = hasWaitKernelFrames;
})((window.ember = window.ember || {}));
