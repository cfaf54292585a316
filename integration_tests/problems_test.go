package integration_tests

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestProblemDetailsAreSentences walks one failing call of each kind of
// refusal (the router's, authentication, authorization, scope, the domain's
// not found and conflicts, the store's duplicates, validation, parsing) and
// checks that each detail is written for a person. expect checks every
// problem the other tests meet in the same way.
func TestProblemDetailsAreSentences(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	me := ta.do("GET", "/api/v1/me", p.admin, nil)
	expect(t, me, http.StatusOK)
	adminID := str(me.Body["user"].(map[string]any), "id")
	hub := items(ta.do("GET", "/api/v1/hubs", p.admin, nil))[0]
	made := ta.do("POST", "/api/v1/suppliers", p.hubAdmin, facility("Problem Weaving Mills", "Plot 9, SITE", "Karachi", "weaving"))
	expect(t, made, http.StatusCreated)
	indus := str(made.Body, "id")

	cases := []struct {
		name, method, path, token string
		body                      any
		status                    int
		want                      string // the exact detail, when it is worth pinning
	}{
		{"unknown route", "GET", "/api/v1/nothing-here", p.admin, nil, http.StatusNotFound, "There is no endpoint GET /api/v1/nothing-here."},
		{"wrong method", "PUT", "/healthz", "", nil, http.StatusMethodNotAllowed, ""},
		{"no token", "GET", "/api/v1/me", "", nil, http.StatusUnauthorized, ""},
		{"unknown token", "GET", "/api/v1/me", "ahs_nonsense.nonsense", nil, http.StatusUnauthorized, "The token is missing, expired or revoked. Log in again."},
		{"wrong password", "POST", "/api/v1/auth/login", "", map[string]string{"email": "auditor@crah.demo", "password": "not the password"}, http.StatusUnauthorized, ""},
		{"role without the permission", "GET", "/api/v1/activity", p.brandA, nil, http.StatusForbidden, ""},
		{"out of scope", "GET", "/api/v1/organisations/" + p.orgB, p.brandA, nil, http.StatusNotFound, "No organisation with that ID is visible to you."},
		{"unknown supplier", "GET", "/api/v1/suppliers/does-not-exist", p.hubAdmin, nil, http.StatusNotFound, "No supplier with that ID is visible to you."},
		{"brand not linked", "PUT", "/api/v1/suppliers/" + indus + "/brands/" + p.orgB + "/shareable", p.hubAdmin, map[string]any{"shareable": true}, http.StatusNotFound,
			"Brand " + p.orgB + " is not linked to supplier " + indus + "."},
		{"duplicate hub code", "POST", "/api/v1/hubs", p.admin, map[string]any{"code": str(hub, "code"), "name": "Again", "country": "PK", "time_zone": "Asia/Karachi", "cities": []any{}},
			http.StatusConflict, "A hub with code " + str(hub, "code") + " already exists."},
		{"disable yourself", "POST", "/api/v1/users/" + adminID + "/disable", p.admin, nil, http.StatusConflict, "You cannot disable yourself."},
		{"refused state change", "POST", "/api/v1/suppliers/" + indus + "/status", p.hubAdmin, map[string]any{"status": "nominated"}, http.StatusConflict, ""},
		{"unknown enum", "GET", "/api/v1/users?role=emperor", p.hubAdmin, nil, http.StatusUnprocessableEntity, "The request has invalid fields, listed in errors."},
		{"domain validation", "GET", "/api/v1/suppliers?brand_org_id=" + p.orgA, p.brandA, nil, http.StatusUnprocessableEntity, "The request has invalid fields, listed in errors."},
		{"malformed JSON", "POST", "/api/v1/organisations", p.admin, `{"kind": `, http.StatusBadRequest, ""},
		{"bad Idempotency-Key", "POST", "/api/v1/organisations", p.admin, nil, http.StatusUnprocessableEntity, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r response
			if c.name == "bad Idempotency-Key" {
				r = ta.request(c.method, c.path, http.Header{"Authorization": {"Bearer " + c.token}, "Content-Type": {"application/json"},
					"Idempotency-Key": {strings.Repeat("k", 201)}}, nil)
			} else {
				r = ta.do(c.method, c.path, c.token, c.body)
			}
			expect(t, r, c.status) // checks the detail is a sentence
			if d := str(r.Body, "detail"); c.want != "" && d != c.want {
				t.Errorf("detail %q, want %q", d, c.want)
			}
		})
	}
}

// TestNotSentence: the check itself refuses what the old details looked like.
func TestNotSentence(t *testing.T) {
	for d, bad := range map[string]bool{
		"No supplier with that ID is visible to you.":                    false,
		"Brand b is not linked to supplier s.":                           false,
		"brand b is not linked to supplier s: not found":                 true,
		"Brand b is not linked to supplier s: not found.":                true,
		"the request has invalid fields; see errors":                     true,
		"Suppliers 01: conflict.":                                        true,
		"Supplier s changed since version 3.\nRead it again.":            true,
		"A hub with code %!s(MISSING) already exists.":                   true,
		"Nomination n has a doubtful match. Confirm or reject it first.": false,
		"": true,
	} {
		if got := notSentence(d) != ""; got != bad {
			t.Errorf("notSentence(%q) = %q, want refused=%v", d, notSentence(d), bad)
		}
	}
}

// TestFieldLocations: the domain names bare fields; the answer says where
// each is in the request.
func TestFieldLocations(t *testing.T) {
	ta := startApp(t)
	p := newParties(t, ta)
	blank := facility(" ", "Plot 1", "Karachi", "weaving")
	cases := []struct {
		name, method, path, token string
		body                      any
		want                      string
	}{
		{"query parameter", "GET", "/api/v1/suppliers?brand_org_id=" + p.orgA, p.brandA, nil, "query.brand_org_id"},
		{"query cursor", "GET", "/api/v1/suppliers?cursor=nonsense", p.hubAdmin, nil, "query.cursor"},
		{"query enum checked by a service", "GET", "/api/v1/suppliers?q=%20-", p.hubAdmin, nil, "query.q"},
		{"body field", "POST", "/api/v1/suppliers", p.hubAdmin, blank, "body.name"},
		{"nested body field", "POST", "/api/v1/nominations", p.brandA, map[string]any{"facility": map[string]any{"name": "A", "city": "", "sector": "textile", "sub_sector": "weaving"}, "reason": "x"}, "body.facility.city"},
		{"body field checked by a handler", "POST", "/api/v1/hubs", p.admin, map[string]any{"code": "ZZ", "name": "Z", "country": "PK", "time_zone": "Mars/Olympus", "cities": []any{}}, "body.time_zone"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ta.do(c.method, c.path, c.token, c.body)
			expect(t, r, http.StatusUnprocessableEntity)
			errs, _ := r.Body["errors"].([]any)
			var got []string
			for _, e := range errs {
				m, _ := e.(map[string]any)
				got = append(got, str(m, "location"))
			}
			if !slices.Contains(got, c.want) {
				t.Errorf("locations %v, want %s: %s", got, c.want, r.Raw)
			}
		})
	}
}
