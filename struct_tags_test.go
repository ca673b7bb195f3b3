package ddb

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTag(t *testing.T) {
	tests := []struct {
		tag     string
		want    tagOptions
		wantErr string
	}{
		{"", tagOptions{}, ""},
		{"-", tagOptions{skip: true}, ""},
		{"-,", tagOptions{name: "-"}, ""},
		{"user_id,hash", tagOptions{name: "user_id", hash: true}, ""},
		{",range,omitempty", tagOptions{rangeKey: true, omitEmpty: true}, ""},
		{"tags,set", tagOptions{name: "tags", format: format{set: true}}, ""},
		{"at,unixtime", tagOptions{name: "at", format: format{time: timeUnix}}, ""},
		{"at,unixmilli", tagOptions{name: "at", format: format{time: timeUnixMilli}}, ""},
		{"at,rfc3339nano", tagOptions{name: "at", format: format{time: timeRFC3339Nano}}, ""},
		{"x,rfc3339nano,unixtime", tagOptions{}, "tag options rfc3339nano and unixtime exclude each other"},
		{"s,lsi=byS,gsi=g1,gsi=g2:hash,gsi=g3:range", tagOptions{name: "s", indexes: []indexRole{
			{name: "byS", local: true, rangeKey: true}, {name: "g1"}, {name: "g2"}, {name: "g3", rangeKey: true},
		}}, ""},
		{"s,lsi=byS:range", tagOptions{name: "s", indexes: []indexRole{{name: "byS", local: true, rangeKey: true}}}, ""},
		{"balance,rnage", tagOptions{}, `unknown tag option "rnage"`},
		{"x,hash,range", tagOptions{}, "tag options hash and range exclude each other"},
		{"x,unixtime,unixmilli", tagOptions{}, "tag options unixtime and unixmilli exclude each other"},
		{"x,gsi=", tagOptions{}, `tag option "gsi=" has no index name`},
		{"x,gsi=g:sort", tagOptions{}, `tag option "gsi=g:sort": key part must be hash or range, or hash1 to hash4 or range1 to range4`},
		{"x,lsi=l:hash", tagOptions{}, `tag option "lsi=l:hash": a local secondary index shares the table's partition key; only its sort key is tagged`},
		{"x,", tagOptions{name: "x"}, ""},
		{"r,gsi=m:hash2,gsi=n:range4,gsi=o:hash1", tagOptions{name: "r", indexes: []indexRole{
			{name: "m", place: 1}, {name: "n", rangeKey: true, place: 3}, {name: "o"},
		}}, ""},
		{"x,gsi=g:hash5", tagOptions{}, `tag option "gsi=g:hash5": key part must be hash or range, or hash1 to hash4 or range1 to range4`},
		{"x,gsi=g:range0", tagOptions{}, `tag option "gsi=g:range0": key part must be hash or range, or hash1 to hash4 or range1 to range4`},
		{"x,lsi=l:range2", tagOptions{}, `tag option "lsi=l:range2": only a global secondary index can have a multi-attribute key`},
		{"v,version", tagOptions{name: "v", role: roleVersion}, ""},
		{"c,created,unixtime", tagOptions{name: "c", role: roleCreated, format: format{time: timeUnix}}, ""},
		{"u,updated", tagOptions{name: "u", role: roleUpdated}, ""},
		{"e,ttl", tagOptions{name: "e", role: roleTTL, omitEmpty: true, format: format{time: timeUnix}}, ""},
		{"e,unixtime,ttl", tagOptions{name: "e", role: roleTTL, omitEmpty: true, format: format{time: timeUnix}}, ""},
		{"e,ttl,unixmilli", tagOptions{}, "tag option ttl stores seconds since the Unix epoch, as time to live needs; drop unixmilli"},
		{"e,rfc3339nano,ttl", tagOptions{}, "tag option ttl stores seconds since the Unix epoch, as time to live needs; drop rfc3339nano"},
		{"t,created,updated", tagOptions{}, "tag options created and updated exclude each other"},
	}
	for _, tt := range tests {
		got, err := parseTag(tt.tag)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("parseTag(%q) error = %v, want %q", tt.tag, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseTag(%q): %v", tt.tag, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(tagOptions{}, format{}, indexRole{})); diff != "" {
			t.Errorf("parseTag(%q) (-want +got):\n%s", tt.tag, diff)
		}
	}
}
