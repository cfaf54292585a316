package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/store/storetest"
)

// killDirEnv tells the test binary, re-executed as a child, to run the
// writer of TestSIGKILLLosesNoAcknowledgedInsert in that directory.
const killDirEnv = "ACTIONHUB_SQLITE_KILL_DIR"

// TestKillChild is the child: it inserts until killed and prints each ID
// once Insert has returned nil.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killDirEnv)
	if dir == "" {
		t.Skip("child of TestSIGKILLLosesNoAcknowledgedInsert")
	}
	e, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	items := itemColl(t, e)
	// Bounded, so a child whose parent died does not run for ever.
	for i := 0; i < 200_000; i++ {
		it := storetest.NewItem(i)
		if err := items.Insert(context.Background(), it); err != nil {
			t.Fatal(err)
		}
		fmt.Println(it.ID) // os.Stdout is unbuffered
	}
}

func TestSIGKILLLosesNoAcknowledgedInsert(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), killDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()

	const want = 400
	var acked []string
	lines := bufio.NewScanner(out)
	for len(acked) < want && lines.Scan() {
		if id := lines.Text(); strings.HasPrefix(id, "item-") {
			acked = append(acked, id)
		}
	}
	if len(acked) < want {
		t.Fatalf("child acknowledged only %d inserts: %v", len(acked), lines.Err())
	}

	// While the child runs, the directory is refused, naming the child.
	if e, err := Open(context.Background(), dir); err == nil {
		e.Close()
		t.Fatal("Open succeeded while the child holds the directory")
	} else if !strings.Contains(err.Error(), fmt.Sprintf("(pid %d)", cmd.Process.Pid)) {
		t.Errorf("error %q does not name the child's pid %d", err, cmd.Process.Pid)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed = true
	// What the child printed before it died was acknowledged too.
	for lines.Scan() {
		if id := lines.Text(); strings.HasPrefix(id, "item-") {
			acked = append(acked, id)
		}
	}
	_ = cmd.Wait()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open after SIGKILL: %v", err)
	}
	defer e.Close()
	items := itemColl(t, e)
	got, err := items.GetMany(ctx, acked)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(acked) {
		have := map[string]bool{}
		for _, it := range got {
			have[it.ID] = true
		}
		for _, id := range acked {
			if !have[id] {
				t.Errorf("acknowledged %s is missing after SIGKILL", id)
			}
		}
	}
	if r := integrity(t, e); r != "ok" {
		t.Fatalf("integrity_check after SIGKILL: %s", r)
	}
}
