package server

import (
	"runtime"
	"testing"

	"github.com/actionhub/actionhub/app/config"
)

// Reads run one per core on SQLite, eight per core on MongoDB (whose reads
// wait on the network), or as many as READ_TURNS says.
func TestReadTurns(t *testing.T) {
	cores := runtime.GOMAXPROCS(0)
	for _, c := range []struct {
		cfg  config.Config
		want int
	}{
		{config.Config{}, cores},
		{config.Config{MongoURI: "mongodb://db:27017/?replicaSet=rs0"}, 8 * cores},
		{config.Config{MongoURI: "mongodb://db:27017/?replicaSet=rs0", ReadTurns: 3}, 3},
		{config.Config{ReadTurns: 5}, 5},
	} {
		if got := readTurns(c.cfg); got != c.want {
			t.Errorf("readTurns(%+v) = %d, want %d", c.cfg, got, c.want)
		}
	}
}
