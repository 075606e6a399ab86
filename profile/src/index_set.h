// A hash set of positions in a std::vector<T>, keyed by a projection of T. Each key lives only
// in the vector, and lookups take a tuple of references, so finding an existing element copies
// nothing: this is what keeps ProfileBuilder::add_sample cheap when called millions of times.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "hash.h"

namespace ember::profile {

// KeyOf maps a `const T&` to a std::tuple of const references (as std::tie does).
template <class T, class KeyOf>
class IndexSet {
 public:
  using Key = decltype(KeyOf{}(std::declval<const T&>()));

  explicit IndexSet(const std::vector<T>* items)
      : items_(items), set_(0, Hash{this}, Equal{this}) {}
  IndexSet(const IndexSet&) = delete;
  IndexSet& operator=(const IndexSet&) = delete;

  // The vector moved (its owner was moved); positions stay valid, only the address changed.
  void rebind(const std::vector<T>* items) { items_ = items; }

  // Position of the element whose key equals `key`, or -1.
  int64_t find(const Key& key) const {
    auto it = set_.find(key);
    return it == set_.end() ? -1 : static_cast<int64_t>(*it);
  }

  // Records that items[position] exists; call after appending it to the vector.
  void insert(size_t position) { set_.insert(position); }

 private:
  // Hash and Equal reach the elements through the owning IndexSet, which never moves (it
  // lives behind a pointer), so rebind() updates them all at once.
  struct Hash {
    using is_transparent = void;
    const IndexSet* self;
    size_t operator()(const Key& key) const { return hash_value(key); }
    size_t operator()(size_t position) const { return hash_value(self->key(position)); }
  };
  struct Equal {
    using is_transparent = void;
    const IndexSet* self;
    bool operator()(size_t a, size_t b) const { return a == b; }
    bool operator()(const Key& key, size_t position) const { return key == self->key(position); }
    bool operator()(size_t position, const Key& key) const { return key == self->key(position); }
  };

  Key key(size_t position) const { return KeyOf{}((*items_)[position]); }

  const std::vector<T>* items_;
  std::unordered_set<size_t, Hash, Equal> set_;
};

}  // namespace ember::profile
