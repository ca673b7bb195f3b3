package bench

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPeersRunWorkloads starts each peer that this machine can run, checks
// what it reports and runs every workload a few times against it.
func TestPeersRunWorkloads(t *testing.T) {
	if testing.Short() {
		t.Skip("starts emulators")
	}
	peers := []struct {
		name  string
		tools []string
		start func(context.Context) (*Server, error)
		// lacks names the workloads whose operation the peer does not
		// implement (it answers UnknownOperationException).
		lacks string
	}{
		{"dynalite", []string{"node", "npm"}, StartDynalite, "TransactWriteItems (2)"},
		{"DynamoDB Local", []string{"java", "npm"}, StartDynamoDBLocal, ""},
	}
	for _, peer := range peers {
		t.Run(peer.name, func(t *testing.T) {
			for _, tool := range peer.tools {
				if _, err := exec.LookPath(tool); err != nil {
					t.Skipf("%s not on PATH", tool)
				}
			}
			ctx := context.Background()
			srv, err := peer.start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			if srv.Name != peer.name || !strings.Contains(srv.Version, " ") || srv.Started <= 0 {
				t.Errorf("server %q reports version %q, start-up %v", srv.Name, srv.Version, srv.Started)
			}
			api := NewClient(srv.Endpoint)
			if err := Prepare(ctx, api); err != nil {
				t.Fatal(err)
			}
			for _, w := range Workloads() {
				res, err := Run(ctx, 2, 2, time.Minute, srv.PID, w.Op(api))
				if w.Name == peer.lacks {
					if err == nil || !strings.Contains(err.Error(), "UnknownOperationException") {
						t.Errorf("%s: got %v, want UnknownOperationException", w.Name, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v%s", w.Name, err, srv.Ended())
				}
				if res.Ops != 2 {
					t.Errorf("%s: %d ops, want 2", w.Name, res.Ops)
				}
			}
			pid := srv.PID
			if err := srv.Close(); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Kill(pid, 0); err == nil {
				t.Errorf("server %d still running after Close", pid)
			}
		})
	}
}
