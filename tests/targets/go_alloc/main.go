// Allocates heavily from two call sites, so that the garbage collector and the allocator
// (runtime.mallocgc) take much of the CPU: buildTree makes pointer-rich binary trees that the
// collector must mark (the last 16 stay live), fillBuffers makes pointer-free byte slices.
// Usage: go_alloc [SECONDS (0 = forever)]
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

type node struct {
	left, right *node
	value       int
}

func buildTree(depth int) *node {
	if depth == 0 {
		return &node{value: 1}
	}
	return &node{left: buildTree(depth - 1), right: buildTree(depth - 1), value: depth}
}

func (n *node) sum() int {
	if n.left == nil {
		return n.value
	}
	return n.value + n.left.sum() + n.right.sum()
}

//go:noinline
func fillBuffers(count int) int {
	total := 0
	for i := 0; i < count; i++ {
		buffer := make([]byte, 64+i%2048)
		buffer[len(buffer)-1] = byte(i)
		total += len(buffer)
	}
	return total
}

var live []*node

func main() {
	seconds := 0.0
	if len(os.Args) > 1 {
		seconds, _ = strconv.ParseFloat(os.Args[1], 64)
	}
	fmt.Println(os.Getpid())
	end := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	sink := 0
	for seconds == 0 || time.Now().Before(end) {
		tree := buildTree(12)
		live = append(live, tree)
		if len(live) > 16 {
			live = live[1:]
		}
		sink += tree.sum() + fillBuffers(4096)
	}
	fmt.Fprintln(io.Discard, sink)
}
