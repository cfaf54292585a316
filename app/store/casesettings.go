package store

import (
	"github.com/actionhub/actionhub/app/store/docstore"
	"github.com/actionhub/actionhub/domain/casework"
)

// caseSettingsDef: one small document per hub, its ID the hub's; read by
// ID only.
var caseSettingsDef = docstore.Def[casework.HubSettings]{
	Spec: docstore.Spec{
		Name:   "case_settings",
		Fields: []docstore.Field{{Name: "updated", Kind: docstore.Time}},
		Sort:   []docstore.Order{{Field: "updated"}},
	},
	ID:      func(h *casework.HubSettings) string { return h.HubID },
	Version: func(h *casework.HubSettings) *int64 { return &h.Version },
	Fields: func(h *casework.HubSettings) map[string]any {
		return map[string]any{"updated": h.Updated}
	},
}

// CaseSettings is each hub's case-work settings, by hub ID.
type CaseSettings struct {
	*docstore.Coll[casework.HubSettings]
}

var caseSettingsColl = wire(caseSettingsDef, "case settings", func(s *Store, c *docstore.Coll[casework.HubSettings]) {
	s.CaseSettings = CaseSettings{c}
})
