package referrals_test

import "github.com/actionhub/actionhub/app/store/sqlite"

// Every query these tests make is checked: one that sorts or scans fails.
func init() { sqlite.CheckPlans.Store(true) }
