package benchtable

import (
	"bufio"
	"io"
	"strings"
)

// CPUInfo reads /proc/cpuinfo: the first model name and the number of
// logical processors.
func CPUInfo(r io.Reader) (model string, cpus int, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "processor":
			cpus++
		case "model name":
			if model == "" {
				model = strings.TrimSpace(v)
			}
		}
	}
	return model, cpus, sc.Err()
}
