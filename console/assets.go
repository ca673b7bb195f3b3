package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sync"
	"time"
)

// assets holds the page: HTML, CSS, JavaScript modules and icons, written
// by hand and served as they are (no build step).
//
//go:embed assets
var assets embed.FS

// asset is one embedded file, with the ETag of its content.
type asset struct {
	data  []byte
	etag  string
	ctype string
}

// loadAssets reads every embedded file once.
func loadAssets() map[string]asset {
	out := map[string]asset{}
	fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ctype := mime.TypeByExtension(path.Ext(p))
		if path.Ext(p) == ".js" {
			ctype = "text/javascript; charset=utf-8"
		}
		out[path.Base(p)] = asset{data: data, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype}
		return nil
	})
	return out
}

// files returns the embedded assets by name, read on their first use: a server
// started without the console never pays for them.
var files = sync.OnceValue(loadAssets)

// serveAsset answers the page (Prefix itself) or one of its files.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" {
		name = "index.html"
	}
	a, ok := files()[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("ETag", a.etag)
	// The files change with the binary: revalidate (cheap, by ETag).
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}
