package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"go.yaml.in/yaml/v3"

	"github.com/ddbkit/ddb"
)

// createFlags are the flags of "ddb tables create" that declare a table.
type createFlags struct {
	hash, rangeKey string   // NAME:TYPE
	gsis, lsis     []string // NAME=HASH:TYPE[,RANGE:TYPE][,PROJECTION], NAME=RANGE:TYPE[,PROJECTION]
	billing        string   // on-demand or provisioned
	read, write    int64
	stream         string
}

// declared reports whether any flag declaring the table is set (other
// than --ttl, which --file allows too).
func (f *createFlags) declared() bool {
	return f.hash != "" || f.rangeKey != "" || len(f.gsis)+len(f.lsis) > 0 || f.billing != "" || f.read != 0 || f.write != 0 || f.stream != ""
}

// input returns the CreateTableInput the flags declare, with the library
// checking the declaration.
func (f *createFlags) input(name, ttl string) (*dynamodb.CreateTableInput, error) {
	if f.hash == "" {
		return nil, fmt.Errorf("give the partition key: --hash NAME:TYPE (TYPE is S, N or B), or --file")
	}
	var def ddb.Definition
	fields := map[string]ddb.AttrType{}
	key := func(spec, flag string) (string, error) {
		name, t, err := keySpec(spec)
		if err != nil {
			return "", fmt.Errorf("%s %s: %v", flag, spec, err)
		}
		if old, ok := fields[name]; ok && old != t {
			return "", fmt.Errorf("%s %s: %s is declared as %s elsewhere", flag, spec, name, old)
		}
		if _, ok := fields[name]; !ok {
			fields[name] = t
			def.Fields = append(def.Fields, ddb.Field{Name: name, Type: t})
		}
		return name, nil
	}
	var err error
	if def.HashKey, err = key(f.hash, "--hash"); err != nil {
		return nil, err
	}
	if f.rangeKey != "" {
		if def.RangeKey, err = key(f.rangeKey, "--range"); err != nil {
			return nil, err
		}
	}
	for _, spec := range f.gsis {
		ix, err := indexSpec(spec, false, key)
		if err != nil {
			return nil, fmt.Errorf("--gsi %s: %v", spec, err)
		}
		def.Indexes = append(def.Indexes, ix)
	}
	for _, spec := range f.lsis {
		ix, err := indexSpec(spec, true, key)
		if err != nil {
			return nil, fmt.Errorf("--lsi %s: %v", spec, err)
		}
		def.Indexes = append(def.Indexes, ix)
	}
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	if ttl != "" {
		opts = append(opts, ddb.WithTTL(ttl))
	}
	s, err := ddb.NewSchema(name, def, opts...)
	if err != nil {
		return nil, err
	}
	return s.CreateTableInput(), nil
}

// options returns the table options of billing and stream.
func (f *createFlags) options() ([]ddb.TableOption, error) {
	var opts []ddb.TableOption
	switch strings.ToLower(f.billing) {
	case "", "on-demand", "pay-per-request", "pay_per_request":
		if f.read != 0 || f.write != 0 {
			if f.billing != "" {
				return nil, fmt.Errorf("--read and --write are for --billing provisioned")
			}
			f.billing = "provisioned"
			return f.options()
		}
	case "provisioned":
		if f.read <= 0 || f.write <= 0 {
			return nil, fmt.Errorf("--billing provisioned needs --read and --write capacity units (at least 1)")
		}
		opts = append(opts, ddb.Provisioned(f.read, f.write))
	default:
		return nil, fmt.Errorf("--billing %q: want on-demand or provisioned", f.billing)
	}
	if f.stream != "" {
		view, ok := streamViews[strings.ToLower(f.stream)]
		if !ok {
			return nil, fmt.Errorf("--stream %q: want new-image, old-image, new-and-old-images or keys-only", f.stream)
		}
		opts = append(opts, ddb.WithStream(view))
	}
	return opts, nil
}

// streamViews are the values of --stream.
var streamViews = map[string]types.StreamViewType{
	"new-image":          types.StreamViewTypeNewImage,
	"old-image":          types.StreamViewTypeOldImage,
	"new-and-old-images": types.StreamViewTypeNewAndOldImages,
	"keys-only":          types.StreamViewTypeKeysOnly,
}

// keySpec reads NAME:TYPE, where TYPE is S, N or B.
func keySpec(spec string) (string, ddb.AttrType, error) {
	i := strings.LastIndexByte(spec, ':')
	if i <= 0 {
		return "", "", fmt.Errorf("want NAME:TYPE, where TYPE is S, N or B")
	}
	t := ddb.AttrType(strings.ToUpper(spec[i+1:]))
	if t != ddb.TypeString && t != ddb.TypeNumber && t != ddb.TypeBinary {
		return "", "", fmt.Errorf("key type %q: want S, N or B", spec[i+1:])
	}
	return spec[:i], t, nil
}

// indexSpec reads the value of --gsi (NAME=HASH:TYPE[,RANGE:TYPE][,PROJ])
// or, local, of --lsi (NAME=RANGE:TYPE[,PROJ]); PROJ is all, keys-only or
// include:ATTR[:ATTR...]. key declares each key attribute.
func indexSpec(spec string, local bool, key func(spec, flag string) (string, error)) (ddb.Index, error) {
	name, rest, ok := strings.Cut(spec, "=")
	if !ok || name == "" {
		if local {
			return ddb.Index{}, fmt.Errorf("want NAME=RANGE:TYPE[,PROJECTION]")
		}
		return ddb.Index{}, fmt.Errorf("want NAME=HASH:TYPE[,RANGE:TYPE][,PROJECTION]")
	}
	ix := ddb.Index{Name: name, Local: local}
	parts := strings.Split(rest, ",")
	if last := parts[len(parts)-1]; len(parts) > 1 || local {
		if p, ok := projection(last); ok {
			ix.Projection = p
			parts = parts[:len(parts)-1]
		}
	}
	flag := "--gsi"
	if local {
		flag = "--lsi"
	}
	var keys []string
	for _, part := range parts {
		k, err := key(part, flag)
		if err != nil {
			return ddb.Index{}, err
		}
		keys = append(keys, k)
	}
	switch {
	case local && len(keys) == 1:
		ix.RangeKey = keys[0]
	case local:
		return ddb.Index{}, fmt.Errorf("a local index has one key of its own, its sort key")
	case len(keys) == 1 || len(keys) == 2:
		ix.HashKey = keys[0]
		if len(keys) == 2 {
			ix.RangeKey = keys[1]
		}
	default:
		return ddb.Index{}, fmt.Errorf("an index has a partition key and at most a sort key")
	}
	return ix, nil
}

// projection reads the projection of an index spec: all, keys-only or
// include:ATTR[:ATTR...].
func projection(s string) (ddb.Projection, bool) {
	switch strings.ToLower(s) {
	case "all":
		return ddb.Projection{Type: types.ProjectionTypeAll}, true
	case "keys-only", "keys":
		return ddb.Projection{Type: types.ProjectionTypeKeysOnly}, true
	}
	if attrs, ok := strings.CutPrefix(s, "include:"); ok {
		return ddb.Projection{Type: types.ProjectionTypeInclude, Attributes: strings.Split(attrs, ":")}, true
	}
	return ddb.Projection{}, false
}

// readCreateInput reads a CreateTableInput from a JSON or YAML file (as
// "aws dynamodb create-table --cli-input-json" takes it); "-" reads
// standard input.
func readCreateInput(path string, stdin io.Reader) (*dynamodb.CreateTableInput, error) {
	var text []byte
	var err error
	if path == "-" {
		text, err = io.ReadAll(io.LimitReader(stdin, maxItemText))
	} else {
		text, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(bytes.TrimSpace(text), []byte("{")) {
		var tree any
		if err := yaml.Unmarshal(text, &tree); err != nil {
			return nil, fmt.Errorf("%s: neither JSON nor YAML: %v", path, err)
		}
		if text, err = json.Marshal(tree); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	var in dynamodb.CreateTableInput
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%s is not a CreateTableInput: %v", path, strings.TrimPrefix(err.Error(), "json: "))
	}
	return &in, nil
}
