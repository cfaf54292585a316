package integration_tests

import (
	"testing"

	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
)

// TestCaseFlowMongo runs the case flow on the MongoDB engine (embedded
// FerretDB, or TEST_MONGODB_URI when set): the sealed identity, the code
// sequence, the unique source key and the versioned updates on the other
// engine.
func TestCaseFlowMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine flows are skipped in -short")
	}
	caseFlow(t, startApp(t, withMongo(mongotest.URI(t), mongotest.Database(t))))
}
