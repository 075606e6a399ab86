// A call tree merged by function name, the shape every flame graph draws: the profile's tree,
// the callers and callees trees of one function, and the differential tree of two windows.
(function (ember) {
  'use strict';

  class Node {
    constructor(name, parent, types) {
      this.name = name; // index into the names table the tree was built with; -1 for "all"
      this.parent = parent;
      this.depth = parent ? parent.depth + 1 : 0;
      // Plain arrays: a typed array per node costs a backing store each, and 100,000 of them
      // made building a large tree mostly garbage collection.
      this.total = zeros(types); // this frame and its callees
      this.self = zeros(types); // samples whose leaf is this frame
      this.children = []; // sorted by name: positions do not move between sample types
      this.byName = null; // while building, once a node has many children
    }
  }

  class CallTree {
    // `rootName`: -1 for a whole profile, or a name id for a tree rooted at one function.
    constructor(typeCount, rootName = -1) {
      this.typeCount = typeCount;
      this.root = new Node(rootName, null, typeCount);
      this.nodeCount = 1;
      this.maxDepth = 0;
    }

    // `path`: name ids below the root, outermost first; `values`: one per sample type.
    add(path, values) {
      const T = this.typeCount;
      let node = this.root;
      addValues(node.total, values, T);
      for (const id of path) {
        let child = childNamed(node, id);
        if (!child) {
          child = new Node(id, node, T);
          node.children.push(child);
          if (node.byName) node.byName.set(id, child);
          else if (node.children.length > SCAN_LIMIT) node.byName = new Map(node.children.map((c) => [c.name, c]));
          this.nodeCount++;
          if (child.depth > this.maxDepth) this.maxDepth = child.depth;
        }
        addValues(child.total, values, T);
        node = child;
      }
      addValues(node.self, values, T);
    }

    // Sorts children by `rank[name]` (a precomputed name order, far cheaper than string
    // compares) and frees the build-time maps. Call once, after the last add().
    finish(rank) {
      const pending = [this.root];
      while (pending.length) {
        const node = pending.pop();
        node.byName = null;
        node.children.sort((a, b) => rank[a.name] - rank[b.name]);
        for (const child of node.children) pending.push(child);
      }
      return this;
    }

    // Root first: [root, ..., node].
    path(node) {
      const out = [];
      for (let n = node; n; n = n.parent) out.push(n);
      return out.reverse();
    }

    // The deepest node along `ids` (name ids below the root): how a zoom survives a reload.
    find(ids) {
      let node = this.root;
      for (const id of ids) {
        const next = node.children.find((c) => c.name === id);
        if (!next) break;
        node = next;
      }
      return node;
    }
  }

  // Most nodes have a few children: scanning them beats a Map per node, which for 100,000
  // nodes costs more in allocation and garbage collection than all the lookups.
  const SCAN_LIMIT = 8;
  function childNamed(node, id) {
    if (node.byName) return node.byName.get(id);
    const children = node.children;
    for (let i = 0; i < children.length; i++) if (children[i].name === id) return children[i];
    return undefined;
  }

  function zeros(count) {
    const out = new Array(count);
    for (let i = 0; i < count; i++) out[i] = 0;
    return out;
  }

  function addValues(into, values, count) {
    for (let t = 0; t < count; t++) into[t] += values[t] || 0;
  }

  // rank[id]: the position of names[id] in sorted order.
  function nameRank(names) {
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    const rank = new Int32Array(names.length);
    order.forEach((id, r) => (rank[id] = r));
    return rank;
  }

  ember.CallTree = CallTree;
  ember.nameRank = nameRank;
})((window.ember = window.ember || {}));
