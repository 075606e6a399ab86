// The profile as the views need it: a call tree merged by function name (what flame graphs
// draw) and per-function totals (what the top table lists), for every sample type at once.
(function (ember) {
  'use strict';

  class Node {
    constructor(name, parent, types) {
      this.name = name; // index into ProfileModel.names; -1 for the root
      this.parent = parent;
      this.depth = parent ? parent.depth + 1 : 0;
      this.total = new Float64Array(types); // this frame and its callees
      this.self = new Float64Array(types); // samples whose leaf is this frame
      this.children = []; // sorted by name: positions do not move between sample types
      this.byName = new Map(); // only while building
    }
  }

  class ProfileModel {
    // `data` is the JSON of write_profile_json (see profile_json.h for the schema).
    constructor(data) {
      this.data = data;
      this.types = data.sample_types || [];
      const typeCount = this.types.length;
      const di = data.default_index;
      this.defaultIndex = di >= 0 && di < typeCount ? di : Math.max(typeCount - 1, 0);

      // Equal names are one frame, as in folded stacks; the first file seen is kept.
      this.names = [];
      this.files = [];
      const nameIds = new Map();
      const functionNames = (data.functions || []).map((f) => {
        const name = f.name || f.system_name || '[unknown]';
        let id = nameIds.get(name);
        if (id === undefined) {
          id = this.names.length;
          nameIds.set(name, id);
          this.names.push(name);
          this.files.push(f.file || '');
        }
        return id;
      });
      // Per location: name ids, caller first (the JSON is root first throughout).
      this.locationNames = (data.locations || []).map((frames) =>
        frames.map((frame) => functionNames[frame[0]]).filter((id) => id !== undefined));

      this.root = new Node(-1, null, typeCount);
      this.nodeCount = 1;
      this.maxDepth = 0;
      this.selfByName = new Float64Array(this.names.length * typeCount);
      this.totalByName = new Float64Array(this.names.length * typeCount);
      this.totals = new Float64Array(typeCount);
      this.buildTree(data.samples || []);
    }

    nameOf(node) {
      return node.name < 0 ? 'all' : this.names[node.name];
    }

    // Name ids of a sample's frames, root first.
    stackNames(sample) {
      const out = [];
      for (const location of sample.stack) {
        const names = this.locationNames[location];
        if (names) for (const id of names) out.push(id);
      }
      return out;
    }

    buildTree(samples) {
      const T = this.types.length;
      // seen[name] === sample number: counts a recursive function once per sample.
      const seen = new Int32Array(this.names.length).fill(-1);
      samples.forEach((sample, n) => {
        const values = sample.values;
        let node = this.root;
        add(node.total, values);
        add(this.totals, values);
        const stack = this.stackNames(sample);
        for (const id of stack) {
          let child = node.byName.get(id);
          if (!child) {
            child = new Node(id, node, T);
            node.byName.set(id, child);
            node.children.push(child);
            this.nodeCount++;
            if (child.depth > this.maxDepth) this.maxDepth = child.depth;
          }
          add(child.total, values);
          node = child;
          if (seen[id] !== n) {
            seen[id] = n;
            for (let t = 0; t < T; t++) this.totalByName[id * T + t] += values[t] || 0;
          }
        }
        add(node.self, values);
        if (stack.length > 0) {
          const leaf = stack[stack.length - 1];
          for (let t = 0; t < T; t++) this.selfByName[leaf * T + t] += values[t] || 0;
        }
      });

      // Sort children by name with a precomputed rank, far cheaper than string compares.
      const order = this.names.map((_, i) => i).sort((a, b) =>
        this.names[a] < this.names[b] ? -1 : this.names[a] > this.names[b] ? 1 : 0);
      const rank = new Int32Array(this.names.length);
      order.forEach((id, r) => (rank[id] = r));
      const pending = [this.root];
      while (pending.length) {
        const node = pending.pop();
        node.byName = null;
        node.children.sort((a, b) => rank[a.name] - rank[b.name]);
        for (const child of node.children) pending.push(child);
      }
    }

    // Root first: [root, ..., node].
    path(node) {
      const out = [];
      for (let n = node; n; n = n.parent) out.push(n);
      return out.reverse();
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
        const total = this.totalByName[id * T + type];
        const self = this.selfByName[id * T + type];
        if (total !== 0 || self !== 0) rows.push({ id, name: this.names[id], self, total });
      }
      return rows;
    }
  }

  function add(into, values) {
    for (let t = 0; t < into.length; t++) into[t] += values[t] || 0;
  }

  ember.ProfileModel = ProfileModel;
})((window.ember = window.ember || {}));
