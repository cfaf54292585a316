package jobs

import (
	"fmt"
	"log/slog"
	"os"
)

// logAdapter sends Asynq's own messages to the hub's structured log.
type logAdapter struct{ l *slog.Logger }

func (a logAdapter) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }
func (a logAdapter) Info(args ...any)  { a.l.Info(fmt.Sprint(args...)) }
func (a logAdapter) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...)) }
func (a logAdapter) Error(args ...any) { a.l.Error(fmt.Sprint(args...)) }

// Fatal keeps Asynq's contract: log, then exit.
func (a logAdapter) Fatal(args ...any) {
	a.l.Error(fmt.Sprint(args...))
	os.Exit(1)
}
