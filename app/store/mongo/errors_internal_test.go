package mongo

import (
	"errors"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// retryable stands for the driver's unexported "try again" errors (a
// cleared connection pool).
type retryable struct{}

func (retryable) Error() string   { return "connection pool cleared" }
func (retryable) Retryable() bool { return true }

// TestUnavailable: the driver's transient errors, however wrapped, are
// "not now"; any other error is not.
func TestUnavailable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("find: %w", retryable{}), true},
		{fmt.Errorf("find: %w", topology.WaitQueueTimeoutError{}), true},
		{fmt.Errorf("find: %w", topology.ServerSelectionError{Wrapped: errors.New("no server")}), true},
		{errors.New("bad filter"), false},
	} {
		if got := unavailable(tc.err); got != tc.want {
			t.Errorf("unavailable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
