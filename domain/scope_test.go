package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestNotVisible(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("loading: %w", NotVisible("supplier"))
	if !errors.Is(err, ErrNotFound) {
		t.Error("not visible is not ErrNotFound")
	}
	if got, want := NotVisible("supplier").Error(), "No supplier with that ID is visible to you."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if errors.Is(NotVisible("supplier"), ErrConflict) {
		t.Error("not visible is a conflict")
	}
}
