package cases_test

import "github.com/actionhub/actionhub/app/store/sqlite"

// Every query these tests make is checked: one that sorts or scans fails
// (the integration tests do the same for the API's).
func init() { sqlite.CheckPlans.Store(true) }
