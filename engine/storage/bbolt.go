package storage

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Candidate backend kept only while measuring (see storage-engine.md).

var boltBucket = []byte("kv")

type boltStore struct {
	gate gate
	db   *bolt.DB
}

func openBolt(dir string) (Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dir, "data.bolt"), 0o600, &bolt.Options{
		Timeout:        100 * time.Millisecond,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(boltBucket)
		return err
	}); err != nil {
		db.Close()
		return nil, err
	}
	return &boltStore{db: db}, nil
}

func (s *boltStore) Get(key []byte) (v []byte, ok bool, err error) {
	if err := s.gate.enter(); err != nil {
		return nil, false, err
	}
	defer s.gate.exit()
	err = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(boltBucket).Get(key); b != nil {
			v, ok = bytes.Clone(b), true
		}
		return nil
	})
	return v, ok, err
}

func (s *boltStore) Scan(start, end []byte, reverse bool, fn func(key, value []byte) bool) error {
	if err := s.gate.enter(); err != nil {
		return err
	}
	defer s.gate.exit()
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(boltBucket).Cursor()
		if !reverse {
			for k, v := c.Seek(start); k != nil && (end == nil || bytes.Compare(k, end) < 0); k, v = c.Next() {
				if !fn(k, v) {
					return nil
				}
			}
			return nil
		}
		var k, v []byte
		if end == nil {
			k, v = c.Last()
		} else if k, v = c.Seek(end); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && bytes.Compare(k, start) >= 0; k, v = c.Prev() {
			if !fn(k, v) {
				return nil
			}
		}
		return nil
	})
}

func (s *boltStore) Write(ops []Op) error {
	if err := s.gate.enter(); err != nil {
		return err
	}
	defer s.gate.exit()
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(boltBucket)
		for _, op := range ops {
			var err error
			if op.Delete {
				err = b.Delete(op.Key)
			} else {
				err = b.Put(op.Key, op.Value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *boltStore) Close() error {
	if err := s.gate.close(); err != nil {
		return err
	}
	return s.db.Close()
}
