package policies

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	opAdd    = "add"
	opRemove = "remove"
)

// announceTimeout bounds a publish; past it the others catch up at their
// next reload.
const announceTimeout = 2 * time.Second

// message announces a change of relations to the other replicas.
type message struct {
	Origin string     `json:"origin"`
	Op     string     `json:"op"`
	Rels   []Relation `json:"rels"`
}

type publisher struct {
	rdb     redis.UniversalClient
	channel string
}

// Sync keeps this replica's relations in step with the others' until ctx
// ends, then returns nil. While it runs, Add and Remove announce their
// changes on the channel; others' announcements are applied here without a
// store write.
//
// An announcement only says which relations changed: the replica asks the
// store whether each one exists and sets it accordingly, so changes that
// cross on the wire still converge on the store. An announcement can be
// lost (Redis down, a publish that failed), so the replica also reloads
// everything from the store each time the subscription is (re)established,
// which covers changes made while it was not listening, and every
// reload interval (WithReloadEvery), which covers the rest. Reconnecting is
// go-redis's job. Run one Sync per Enforcer; it fails only without a client.
func (e *Enforcer) Sync(ctx context.Context, rdb redis.UniversalClient) error {
	if rdb == nil {
		return errors.New("policies: Sync needs a Redis client")
	}
	ps := rdb.Subscribe(ctx, e.opts.channel)
	defer ps.Close()
	p := &publisher{rdb: rdb, channel: e.opts.channel}
	e.pub.Store(p)
	defer e.pub.CompareAndSwap(p, nil)

	var tick <-chan time.Time
	if e.opts.reloadEvery > 0 {
		t := time.NewTicker(e.opts.reloadEvery)
		defer t.Stop()
		tick = t.C
	}
	ch := ps.ChannelWithSubscriptions()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick:
			e.reload(ctx, "periodic")
		case m, ok := <-ch:
			if !ok {
				return nil
			}
			switch m := m.(type) {
			case *redis.Subscription:
				if m.Kind == "subscribe" {
					e.reload(ctx, "subscribed")
				}
			case *redis.Message:
				e.receive(ctx, m.Payload)
			}
		}
	}
}

func (e *Enforcer) reload(ctx context.Context, why string) {
	if err := e.Reload(ctx); err != nil && ctx.Err() == nil {
		e.opts.log.Warn("policies: reload failed; serving the relations held", "why", why, "err", err)
	}
}

// receive applies another replica's announcement.
func (e *Enforcer) receive(ctx context.Context, payload string) {
	var m message
	if err := json.Unmarshal([]byte(payload), &m); err != nil || (m.Op != opAdd && m.Op != opRemove) {
		e.opts.log.Warn("policies: malformed relation announcement ignored")
		return
	}
	if m.Origin == e.origin || len(m.Rels) == 0 {
		return
	}
	for _, r := range m.Rels {
		if r.Check() != nil {
			e.opts.log.Warn("policies: relation announcement with a malformed relation ignored")
			return
		}
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	has, err := e.store.HasRelations(ctx, m.Rels...)
	if err != nil || len(has) != len(m.Rels) {
		// The announcement is the best news there is until the next reload.
		e.opts.log.Warn("policies: store unreadable; applying the announcement as sent", "err", err)
		e.apply(m.Rels, func(int) bool { return m.Op == opAdd })
		return
	}
	e.apply(m.Rels, func(i int) bool { return has[i] })
}

// announce tells the other replicas, if Sync runs. A failed publish is only
// logged: the change is stored and effective here, and the others pick it
// up at their next reload.
func (e *Enforcer) announce(ctx context.Context, op string, rels []Relation) {
	p := e.pub.Load()
	if p == nil {
		return
	}
	b, err := json.Marshal(message{Origin: e.origin, Op: op, Rels: rels})
	if err != nil {
		return // plain strings: cannot fail
	}
	// The change is made: announce it even if the caller has gone.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceTimeout)
	defer cancel()
	if err := p.rdb.Publish(ctx, p.channel, b).Err(); err != nil {
		e.opts.log.Warn("policies: relation change not announced; replicas catch up at their next reload",
			"op", op, "count", len(rels), "err", err)
	}
}
