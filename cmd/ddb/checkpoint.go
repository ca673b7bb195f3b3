package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// checkpointSuffix names the checkpoint of an import beside its input:
// orders.jsonl.ddb-checkpoint.
const checkpointSuffix = ".ddb-checkpoint"

// checkpoint records how far an import got: the rows of its input, from
// the first, that are all written. Rows after them may be written too (a
// batch in flight, or one written after a later checkpoint was due), so a
// resumed import writes some items a second time, but never skips one.
type checkpoint struct {
	URL    string `json:"url"`
	Table  string `json:"table"`
	Format string `json:"format"`
	Rows   int64  `json:"rows"`
	// Digest is the sum of the hashes of those rows' items (itemHash), by
	// which a resumed import checks that the input still begins with them.
	Digest string `json:"digest"`
}

// readCheckpoint reads the checkpoint at path; it returns nil, nil when
// there is none.
func readCheckpoint(path string) (*checkpoint, error) {
	text, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c checkpoint
	if err := json.Unmarshal(text, &c); err != nil {
		return nil, fmt.Errorf("checkpoint %s cannot be read (%v): remove it, or pass --restart", path, err)
	}
	return &c, nil
}

// digestText writes a digest as the checkpoint holds it.
func digestText(d uint64) string { return strconv.FormatUint(d, 16) }

// save writes the checkpoint to path, replacing the previous one at once
// (a new file renamed over it), so that a crash leaves one or the other.
func (c *checkpoint) save(path string) error {
	text, err := json.Marshal(c)
	if err != nil {
		return err
	}
	err = writeAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(text, '\n'))
		return err
	})
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
