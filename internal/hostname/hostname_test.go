package hostname

import "testing"

func TestLocal(t *testing.T) {
	tests := []struct {
		host string
		name string
		want bool
	}{
		{"127.0.0.1:8000", "127.0.0.1", true},
		{"localhost", "localhost", true},
		{"LocalHost.:8000", "localhost", true},
		{"app.localhost:3000", "app.localhost", true},
		{"[::1]:8000", "::1", true},
		{"10.1.2.3", "10.1.2.3", true},
		{"evil.example:8000", "evil.example", false},
		{"localhost.evil.example", "localhost.evil.example", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := Name(tt.host); got != tt.name {
			t.Errorf("Name(%q) = %q, want %q", tt.host, got, tt.name)
		}
		if got := Local(tt.host); got != tt.want {
			t.Errorf("Local(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}
