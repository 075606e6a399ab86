// Writes two pprof files produced by Go's own runtime/pprof into the directory given as the
// only argument: cpu.pb.gz (CPU profile) and allocs.pb.gz (every allocation sampled, so its
// contents are predictable). The profile tests read them to check interoperability.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

// BlockSize and BlockCount are what the tests expect to find under main.allocateBlocks.
const (
	BlockSize  = 4096
	BlockCount = 100
)

var sink [][]byte

//go:noinline
func allocateBlocks() {
	for i := 0; i < BlockCount; i++ {
		sink = append(sink, make([]byte, BlockSize))
	}
}

//go:noinline
func spin(d time.Duration) int {
	x := 0
	for start := time.Now(); time.Since(start) < d; {
		for i := 0; i < 1000; i++ {
			x += i * i
		}
	}
	return x
}

func run(dir string) error {
	cpu, err := os.Create(filepath.Join(dir, "cpu.pb.gz"))
	if err != nil {
		return err
	}
	defer cpu.Close()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return err
	}
	allocateBlocks()
	spin(200 * time.Millisecond)
	pprof.StopCPUProfile()

	runtime.GC() // the allocs profile reports allocations as of the last GC
	allocs, err := os.Create(filepath.Join(dir, "allocs.pb.gz"))
	if err != nil {
		return err
	}
	defer allocs.Close()
	return pprof.Lookup("allocs").WriteTo(allocs, 0)
}

func main() {
	runtime.MemProfileRate = 1
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen_go_profile OUTPUT_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
