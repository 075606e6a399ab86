// go_service is a small HTTP backend with Go's own CPU profiler mounted (net/http/pprof), so a
// test can record it with ember and with Go's profiler over the same window and compare.
// GET /work does CPU work in a few functions, some of them small enough to be inlined.
// Usage: go_service ADDRESS_FILE. It prints its PID, then writes "host:port" it listens on
// to ADDRESS_FILE.
package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sort"
	"strconv"
)

type record struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Score float64  `json:"score"`
	Tags  []string `json:"tags"`
}

// mix is small: the compiler inlines it into checksum.
func mix(h uint64, v byte) uint64 { return (h ^ uint64(v)) * 0x100000001b3 }

//go:noinline
func checksum(data []byte, rounds int) uint64 {
	h := uint64(0xcbf29ce484222325)
	for r := 0; r < rounds; r++ {
		for _, v := range data {
			h = mix(h, v)
		}
	}
	return h
}

//go:noinline
func digest(data []byte, rounds int) [32]byte {
	sum := sha256.Sum256(data)
	for r := 1; r < rounds; r++ {
		sum = sha256.Sum256(sum[:])
	}
	return sum
}

//go:noinline
func sortKeys(n int, seed uint64) int {
	keys := make([]int, n)
	for i := range keys {
		seed = seed*6364136223846793005 + 1442695040888963407
		keys[i] = int(seed >> 33)
	}
	sort.Ints(keys)
	return keys[n/2]
}

//go:noinline
func encode(n int) int {
	records := make([]record, n)
	for i := range records {
		records[i] = record{i, "item-" + strconv.Itoa(i), float64(i) * 1.5, []string{"a", "b"}}
	}
	out, _ := json.Marshal(records)
	return len(out)
}

func work(w http.ResponseWriter, r *http.Request) {
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i)
	}
	sum := checksum(data, 24)
	d := digest(data, 40)
	median := sortKeys(6000, sum)
	size := encode(300)
	fmt.Fprintf(w, "%x %x %d %d\n", sum, d[:4], median, size)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go_service ADDRESS_FILE")
		os.Exit(2)
	}
	fmt.Println(os.Getpid())
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[1], []byte(listener.Addr().String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	http.HandleFunc("/work", work)
	fmt.Fprintln(os.Stderr, http.Serve(listener, nil))
	os.Exit(1)
}
