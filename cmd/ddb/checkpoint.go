package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(text, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
