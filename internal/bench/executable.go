package bench

import (
	"debug/elf"
	"fmt"
)

// MappedSize returns how many bytes of the ELF executable at path the
// kernel maps when it runs: the file part of its loadable segments (code,
// read-only data, function tables, initialised data). What the file holds
// besides (debug information, the symbol table) is never read when it
// runs. On a kernel that keeps the executable in large folios, nearly all
// of it is resident once the process has started.
func MappedSize(path string) (int64, error) {
	f, err := elf.Open(path)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	var n int64
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD {
			n += int64(p.Filesz)
		}
	}
	return n, nil
}
