// go_frames reports what Go's own runtime says about code addresses of this binary, the truth
// that a reader of its function table must match:
//   - "stack" lines: the frames of a stack taken inside a chain of inlined calls, one line per
//     frame as runtime.Callers and runtime.CallersFrames expand it (PC, function, file, line,
//     and whether the frame is a real one rather than inlined into the next);
//   - then, for each hexadecimal address read from standard input, one "pc" line with the
//     innermost function, file and line there, until end of input.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

//go:noinline
func capture(depth int) []uintptr {
	pcs := make([]uintptr, 64+depth)
	return pcs[:runtime.Callers(1, pcs)]
}

// inner and middle are small enough for the compiler to inline into outer.
func inner(n int) []uintptr  { return capture(n + 1) }
func middle(n int) []uintptr { return inner(n * 2) }

//go:noinline
func outer(n int) []uintptr { return middle(n + 3) }

func main() {
	frames := runtime.CallersFrames(outer(len(os.Args)))
	for {
		frame, more := frames.Next()
		fmt.Printf("stack\t%#x\t%s\t%s\t%d\t%t\n", frame.PC, frame.Function, frame.File, frame.Line,
			frame.Func != nil)
		if !more {
			break
		}
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		pc, err := strconv.ParseUint(strings.TrimPrefix(in.Text(), "0x"), 16, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "not an address: %q\n", in.Text())
			os.Exit(2)
		}
		// CallersFrames takes return addresses and looks up the byte before.
		frame, _ := runtime.CallersFrames([]uintptr{uintptr(pc) + 1}).Next()
		fmt.Fprintf(out, "pc\t%#x\t%s\t%s\t%d\n", pc, frame.Function, frame.File, frame.Line)
	}
}
