package jobs

import (
	"github.com/hibiken/asynq"
	"github.com/hibiken/asynqmon"
	"github.com/redis/go-redis/v9"
)

// Monitor returns asynqmon's web UI and API for the queues on rdb, served
// under rootPath (for example "/admin/jobs"). Mount it behind platform-admin
// authorization only: it can delete, run and archive tasks. It opens its own
// connections with rdb's settings; Close on the result releases them.
// It panics when rootPath does not start with a slash.
func Monitor(rdb *redis.Client, rootPath string) *asynqmon.HTTPHandler {
	return asynqmon.New(asynqmon.Options{
		RootPath:     rootPath,
		RedisConnOpt: sameSettings{*rdb.Options()},
		ReadOnly:     false,
	})
}

// sameSettings makes a new client with the settings of an existing one,
// timeouts included, since asynqmon closes the clients it is given.
type sameSettings struct{ o redis.Options }

// MakeRedisClient implements asynq.RedisConnOpt.
func (s sameSettings) MakeRedisClient() any {
	o := s.o
	return redis.NewClient(&o)
}

var _ asynq.RedisConnOpt = sameSettings{}
