// Package mongotest gives tests a MongoDB to run against: the server named by
// TEST_MONGODB_URI when set, else an embedded FerretDB started once per test
// process; and a Relay to cut the network under a client.
//
// FerretDB is a test stand-in only: it reads whole collections for every
// query and gets some operators wrong, so nothing outside tests may import
// this package (it would also link FerretDB into the binary).
package mongotest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// EnvURI names the variable that points the tests at a real MongoDB.
const EnvURI = "TEST_MONGODB_URI"

// dirPrefix names FerretDB's data directories under the system's temporary
// directory, followed by the owner's process ID. A test binary has no hook
// to remove its own at exit, so each start removes those whose process is
// gone (or, where that cannot be told, that are older than staleAfter).
// (FerretDB's in-memory mode is no
// way out: it allows one connection per database, and concurrent calls
// deadlock.)
const dirPrefix = "actionhub-ferretdb-"

// staleAfter is the age after which a data directory is surely not in use.
const staleAfter = 24 * time.Hour

var (
	once     sync.Once
	shared   string
	startErr error
	counter  atomic.Int64
)

// URI returns the MongoDB URI the tests use: TEST_MONGODB_URI when set, else
// that of an embedded FerretDB started on the first call and shared by every
// test of the process.
func URI(tb testing.TB) string {
	tb.Helper()
	if uri := os.Getenv(EnvURI); uri != "" {
		return uri
	}
	once.Do(func() {
		shared, startErr = start()
	})
	if startErr != nil {
		tb.Fatalf("mongotest: start FerretDB: %v", startErr)
	}
	return shared
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9_]+`)

// Database returns a database name no other call in this process returns,
// made from the test's name so a leftover database on a real server tells
// where it came from: at most 38 characters of [a-z0-9_].
func Database(tb testing.TB) string {
	tb.Helper()
	n := counter.Add(1)
	name := strings.Trim(unsafeChars.ReplaceAllString(strings.ToLower(tb.Name()), "_"), "_")
	suffix := fmt.Sprintf("_%d_%d", os.Getpid()%100000, n)
	if room := 38 - len("t_") - len(suffix); len(name) > room {
		name = name[:room]
	}
	return "t_" + name + suffix
}

func start() (string, error) {
	removeStale()
	dir, err := os.MkdirTemp("", dirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:   slog.New(slog.DiscardHandler), // a nil logger logs every failed command
		Handler:  "sqlite",
		// A directory URI: the trailing slash is needed.
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		return "", err
	}
	// It runs until the process ends: tests share it, and a test binary has
	// no hook to stop it after the last one.
	go func() { _ = f.Run(context.Background()) }()
	return f.MongoDBURI(), nil
}

// removeStale removes data directories of earlier test runs.
func removeStale() {
	tmp := os.TempDir()
	entries, _ := os.ReadDir(tmp)
	for _, de := range entries {
		name := de.Name()
		if !de.IsDir() || !strings.HasPrefix(name, dirPrefix) {
			continue
		}
		pid, _, _ := strings.Cut(strings.TrimPrefix(name, dirPrefix), "-")
		if gone(pid) || old(de) {
			_ = os.RemoveAll(filepath.Join(tmp, name))
		}
	}
}

// gone tells that the process pid has ended, where /proc tells.
func gone(pid string) bool {
	if _, err := os.Stat("/proc/self"); err != nil {
		return false
	}
	if _, err := strconv.Atoi(pid); err != nil {
		return false
	}
	_, err := os.Stat("/proc/" + pid)
	return os.IsNotExist(err)
}

func old(de os.DirEntry) bool {
	info, err := de.Info()
	return err == nil && time.Since(info.ModTime()) > staleAfter
}
