package sqlite

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/actionhub/actionhub/app/store/storetest"
)

func TestSecondOpenIsRefusedAndFirstKeepsWorking(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	items := itemColl(t, e)
	insertItems(t, items, 0, 3)

	e2, err := Open(ctx, dir)
	if err == nil {
		e2.Close()
		t.Fatal("second Open of the same directory succeeded")
	}
	msg := err.Error()
	for _, want := range []string{e.Dir(), fmt.Sprintf("(pid %d)", os.Getpid()), "DATA_DIR"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}

	// The refused Open changed nothing: the first engine reads and writes.
	got, err := items.Get(ctx, storetest.NewItem(1).ID)
	if err != nil || got.Code != storetest.NewItem(1).Code {
		t.Fatalf("Get after refused Open: %+v, %v", got, err)
	}
	insertItems(t, items, 3, 4)
	if n, err := items.Count(ctx); err != nil || n != 4 {
		t.Fatalf("Count = %d, %v; want 4", n, err)
	}
	if r := integrity(t, e); r != "ok" {
		t.Fatalf("integrity_check: %s", r)
	}

	// Once closed, the directory opens again with its data.
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e3, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	defer e3.Close()
	if n, err := itemColl(t, e3).Count(ctx); err != nil || n != 4 {
		t.Fatalf("Count after reopen = %d, %v; want 4", n, err)
	}
}
