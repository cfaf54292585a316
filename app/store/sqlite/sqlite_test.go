package sqlite

import (
	"testing"

	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/app/store/storetest"
)

// TestContract runs the suite every engine passes, each subtest on a fresh
// engine in its own temporary directory.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) docstore.Engine { return openTemp(t) })
}
