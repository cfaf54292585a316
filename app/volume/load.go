package volume

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actionhub/actionhub/app/identity"
	"github.com/valyala/fasthttp"
)

// Targets on 2 cores at 32 connections.
const (
	ListRPS = 1_000
	ListP99 = 50 * time.Millisecond
	MeRPS   = 3_000
	MeP99   = 20 * time.Millisecond
	PageP99 = 50 * time.Millisecond // pages are held to their latency only
)

// Kind says which target a read is held to.
type Kind string

// Kinds of reads.
const (
	KindFloor  Kind = "floor"  // /healthz: no authentication, no store
	KindMe     Kind = "me"     // /me
	KindList   Kind = "list"   // a page of a list, or one object and its parts
	KindExport Kind = "export" // a spreadsheet: no target, shown for the record
	KindPage   Kind = "page"   // a web page, signed in with the session cookie
)

// LoadOptions says where and how hard to load.
type LoadOptions struct {
	URL         string        // the running server, e.g. http://127.0.0.1:8080
	Duration    time.Duration // per read; 5 s when 0
	Connections int           // 32 when 0
	DataDir     string        // the server's SQLite directory: its WAL is sampled when set
	Only        string        // run only the reads whose path contains this (or one of these, comma-separated), or of this kind ("page")
	Out         io.Writer     // progress; none when nil
}

// Result is one read as one role, measured.
type Result struct {
	Path, Role string
	Kind       Kind
	Requests   int
	Failed     int // answers other than 2xx, and transport errors
	RPS        float64
	P50, P99   time.Duration
	Floor      float64 // RPS over the floor's RPS
}

// Meets says whether the result holds its kind's targets.
func (r Result) Meets() (bool, string) {
	if r.Failed > 0 {
		return false, fmt.Sprintf("no: %d failed", r.Failed)
	}
	ok := func(rps float64, p99 time.Duration) (bool, string) {
		if r.RPS >= rps && r.P99 < p99 {
			return true, "yes"
		}
		return false, "no"
	}
	switch r.Kind {
	case KindMe:
		return ok(MeRPS, MeP99)
	case KindList:
		return ok(ListRPS, ListP99)
	case KindPage:
		return ok(0, PageP99)
	}
	return true, "—"
}

// LoadReport is every result with the WAL's largest size during the run.
type LoadReport struct {
	Results []Result
	WALMax  int64 // bytes; -1 when not sampled
	Took    time.Duration
}

// read is one request to measure: a path as a role.
type read struct {
	path, role, token string
	kind              Kind
	session           bool // token is sent as the pages' session cookie, not as a bearer token
}

// party is a logged-in role.
type party struct {
	role, email, token string
	orgID, userID      string
}

// The logins of the load run: the demo network's operator and platform,
// and the volume network's brands and facility.
var parties = []party{
	{role: "platform admin", email: "admin@actionhub.demo"},
	{role: "hub admin", email: "hub.admin@crah.demo"},
	{role: "auditor", email: "auditor@crah.demo"},
	{role: "case worker", email: "case.worker@crah.demo"},
	{role: "brand manager (biggest brand)", email: BigBrandManager},
	{role: "brand manager (no links)", email: NoLinksBrandManager},
	{role: "supplier manager", email: SupplierManager},
	{role: "agency officer", email: AgencyOfficer},
}

type client struct {
	base string
	http *http.Client
	// fast sends the measured requests, reusing one request and answer per
	// connection: it costs the cores it shares with the server less than
	// net/http does, so the figures say more of the server.
	fast *fasthttp.HostClient
}

func newClient(base string, conns int) *client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
	}
	c := &client{base: strings.TrimRight(base, "/"), http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
	if u, err := url.Parse(c.base); err == nil {
		tls := u.Scheme == "https"
		c.fast = &fasthttp.HostClient{Addr: fasthttp.AddMissingPort(u.Host, tls), IsTLS: tls, MaxConns: conns,
			ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, MaxResponseBodySize: 64 << 20}
	}
	return c
}

// timed sends one GET of a measured read on the connection pool of the
// measurement, reusing the caller's request and answer.
func (c *client) timed(req *fasthttp.Request, res *fasthttp.Response, r read) (int, error) {
	req.Reset()
	req.SetRequestURI(c.base + r.path)
	switch {
	case r.token != "" && r.session:
		req.Header.SetCookie(sessionCookie, r.token)
	case r.token != "":
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if err := c.fast.DoTimeout(req, res, 30*time.Second); err != nil {
		return 0, err
	}
	return res.StatusCode(), nil
}

// do sends one request and reads the whole answer.
func (c *client) do(ctx context.Context, method, path, token string, body []byte) (int, []byte, error) {
	return c.send(ctx, method, path, token, false, body)
}

// send is do with the token sent as the session cookie when session is set.
func (c *client) send(ctx context.Context, method, path, token string, session bool, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	switch {
	case token != "" && session:
		req.Header.Set("Cookie", sessionCookie+"="+token)
	case token != "":
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// get decodes a 200 answer into v.
func (c *client) get(ctx context.Context, path, token string, v any) error {
	code, b, err := c.do(ctx, http.MethodGet, path, token, nil)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, code, b)
	}
	return json.Unmarshal(b, v)
}

type idPage struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
}

// reads logs every party in, finds the objects to read and lists what to
// measure: every list in each order and with filters, and one supplier's
// page and parts, as each role that uses them.
func reads(ctx context.Context, c *client) ([]read, error) {
	ps := map[string]*party{}
	for i := range parties {
		p := parties[i]
		body, _ := json.Marshal(map[string]string{"email": p.email, "password": identity.DemoPassword})
		code, b, err := c.do(ctx, http.MethodPost, "/api/v1/auth/login", "", body)
		if err != nil {
			return nil, err
		}
		if code != http.StatusOK {
			return nil, fmt.Errorf("log in as %s: %d %s (is the volume network seeded?)", p.email, code, b)
		}
		var lr struct {
			Token string `json:"token"`
		}
		if err := json.Unmarshal(b, &lr); err != nil {
			return nil, err
		}
		p.token = lr.Token
		var me struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
			Organisation struct {
				ID     string   `json:"id"`
				HubIDs []string `json:"hub_ids"`
			} `json:"organisation"`
		}
		if err := c.get(ctx, "/api/v1/me", p.token, &me); err != nil {
			return nil, err
		}
		p.orgID, p.userID = me.Organisation.ID, me.User.ID
		ps[p.role] = &p
	}
	var me struct {
		Organisation struct {
			HubIDs []string `json:"hub_ids"`
		} `json:"organisation"`
	}
	if err := c.get(ctx, "/api/v1/me", ps["hub admin"].token, &me); err != nil || len(me.Organisation.HubIDs) == 0 {
		return nil, fmt.Errorf("the hub admin's hub: %v", err)
	}
	hub := me.Organisation.HubIDs[0]
	big := ps["brand manager (biggest brand)"]
	var own, noms idPage
	if err := c.get(ctx, "/api/v1/suppliers?limit=1", ps["supplier manager"].token, &own); err != nil || len(own.Items) == 0 {
		return nil, fmt.Errorf("the supplier manager's supplier: %v", err)
	}
	if err := c.get(ctx, "/api/v1/nominations?limit=1", big.token, &noms); err != nil || len(noms.Items) == 0 {
		return nil, fmt.Errorf("a nomination of the biggest brand: %v", err)
	}
	sup, nom := own.Items[0].ID, noms.Items[0].ID
	const (
		pa, ha, au, bb, nb, sm = "platform admin", "hub admin", "auditor", "brand manager (biggest brand)", "brand manager (no links)", "supplier manager"
	)
	var rs []read
	add := func(kind Kind, path string, roles ...string) {
		for _, r := range roles {
			rs = append(rs, read{path: path, role: r, token: ps[r].token, kind: kind})
		}
	}
	add(KindMe, "/api/v1/me", pa, ha, au, bb, nb, sm)
	for _, sort := range []string{"", "&sort=-name", "&sort=created", "&sort=-created", "&sort=risk", "&sort=-risk"} {
		add(KindList, "/api/v1/suppliers?limit=20"+sort, ha)
	}
	add(KindList, "/api/v1/suppliers?limit=20&hub_id="+hub, pa)
	add(KindList, "/api/v1/suppliers?limit=20", au, bb, nb, sm)
	add(KindList, "/api/v1/suppliers?limit=20&sort=-risk", bb, nb)
	add(KindList, "/api/v1/suppliers?limit=20&sort=-created", bb)
	add(KindList, "/api/v1/suppliers?limit=20&city=Multan", ha, bb)
	add(KindList, "/api/v1/suppliers?limit=20&sector=leather&sort=-risk", ha, bb)
	add(KindList, "/api/v1/suppliers?limit=20&risk=high", ha)
	add(KindList, "/api/v1/suppliers?limit=20&sub_sector=weaving&sort=-created", ha)
	add(KindList, "/api/v1/suppliers?limit=20&q=sitara", ha, bb)
	add(KindList, "/api/v1/suppliers?limit=20&brand_org_id="+big.orgID, ha)
	add(KindList, "/api/v1/suppliers?limit=20&brand_org_id="+big.orgID+"&sort=-risk", ha)
	add(KindList, "/api/v1/nominations?limit=20", ha, au, bb, nb)
	add(KindList, "/api/v1/nominations?limit=20&status=pending", ha, bb)
	add(KindList, "/api/v1/nominations?limit=20&status=match_review", ha)
	add(KindList, "/api/v1/nominations?limit=20&brand_org_id="+big.orgID, ha)
	add(KindList, "/api/v1/nominations/"+nom, ha, bb)
	add(KindList, "/api/v1/organisations?limit=20", ha, pa)
	add(KindList, "/api/v1/organisations?limit=20&kind=brand", ha)
	add(KindList, "/api/v1/organisations?limit=20&q=nord", ha, pa)
	add(KindList, "/api/v1/organisations?limit=20&kind=brand&q=kestrel", ha)
	add(KindList, "/api/v1/users?limit=20&hub_id="+hub, ha, pa)
	add(KindList, "/api/v1/users?limit=20&hub_id="+hub+"&role=auditor", ha)
	add(KindList, "/api/v1/users?limit=20", bb)
	add(KindList, "/api/v1/hubs", ha)
	add(KindList, "/api/v1/activity?limit=20", pa)
	add(KindList, "/api/v1/activity?limit=20&object=supplier:"+sup, pa)
	add(KindList, "/api/v1/suppliers/"+sup, ha, bb, sm)
	add(KindList, "/api/v1/suppliers/"+sup+"/brands", ha, bb, sm)
	add(KindList, "/api/v1/suppliers/"+sup+"/nominations?limit=20", ha, bb)
	add(KindList, "/api/v1/suppliers/"+sup+"/timeline?limit=20", ha, bb, sm)
	add(KindExport, "/api/v1/suppliers.csv", sm)
	add(KindExport, "/api/v1/suppliers.csv?q=sitara&city=Multan", ha)
	// The referral directory: a case worker's search by type, district and
	// age, and the HSDS lists a partner system pages through.
	add(KindList, "/api/v1/directory/search?limit=20&"+VolumeSearch, "case worker", bb)
	add(KindList, "/api/v1/directory/search?limit=20&district=Karachi&age=15", "case worker")
	add(KindList, "/api/v1/hsds/"+hub+"/services?per_page=20", "case worker")
	add(KindList, "/api/v1/hsds/"+hub+"/services?per_page=20&page=10", "case worker")
	add(KindList, "/api/v1/hsds/"+hub+"/services?per_page=20&search=education", "case worker")
	add(KindList, "/api/v1/hsds/"+hub+"/services?per_page=20&search=legal%20aid", "case worker")
	// Referrals: an agency's inbox (all, and what waits for its answer), a
	// case's referrals as its case worker, and the hub's.
	var cs idPage
	if err := c.get(ctx, "/api/v1/cases?limit=1", ps["case worker"].token, &cs); err != nil || len(cs.Items) == 0 {
		return nil, fmt.Errorf("a case of the hub (is the demo network seeded?): %v", err)
	}
	add(KindList, "/api/v1/referrals?limit=20", "agency officer")
	add(KindList, "/api/v1/referrals?limit=20&state=sent", "agency officer")
	add(KindList, "/api/v1/referrals?limit=20&case_id="+cs.Items[0].ID, "case worker")
	add(KindList, "/api/v1/referrals?limit=20&state=sent", ha)
	ar, err := auditReads(ctx, c, ps, sup)
	if err != nil {
		return nil, err
	}
	cr, err := caseReads(ctx, c, ps, sup)
	if err != nil {
		return nil, err
	}
	fr, err := followUpReads(ctx, c, ps)
	if err != nil {
		return nil, err
	}
	pr, err := pageReads(ctx, c, ps, sup)
	return slices.Concat(rs, ar, cr, fr, pr), err
}

// auditReads lists the audit, finding and corrective action reads: the
// hub's lists with each filter as the operator, the lists and objects of
// one supplier (the supplier manager's, which the biggest brand buys
// from) as each party, and an auditor's own.
func auditReads(ctx context.Context, c *client, ps map[string]*party, sup string) ([]read, error) {
	const ha, au, bb, sm = "hub admin", "auditor", "brand manager (biggest brand)", "supplier manager"
	var aud, fnd, act idPage
	if err := c.get(ctx, "/api/v1/audits?limit=1&state=published&supplier_id="+sup, ps[ha].token, &aud); err != nil || len(aud.Items) == 0 {
		return nil, fmt.Errorf("a published audit of the supplier manager's facility (is the audits phase seeded?): %v", err)
	}
	a := aud.Items[0].ID
	if err := c.get(ctx, "/api/v1/audits/"+a+"/findings?limit=1", ps[ha].token, &fnd); err != nil || len(fnd.Items) == 0 {
		return nil, fmt.Errorf("a finding of audit %s: %v", a, err)
	}
	f := fnd.Items[0].ID
	if err := c.get(ctx, "/api/v1/actions?limit=1&supplier_id="+sup, ps[ha].token, &act); err != nil || len(act.Items) == 0 {
		return nil, fmt.Errorf("a corrective action of the supplier manager's facility: %v", err)
	}
	x := act.Items[0].ID
	var rs []read
	add := func(path string, roles ...string) {
		for _, r := range roles {
			rs = append(rs, read{path: path, role: r, token: ps[r].token, kind: KindList})
		}
	}
	add("/api/v1/audits?limit=20", ha, au, bb, sm)
	for _, st := range []string{"scheduled", "in_progress", "submitted", "published"} {
		add("/api/v1/audits?limit=20&state="+st, ha)
	}
	add("/api/v1/audits?limit=20&supplier_id="+sup, ha, bb, sm)
	add("/api/v1/audits?limit=20&supplier_id="+sup+"&state=published", ha)
	add("/api/v1/audits?limit=20&auditor_id="+ps[au].userID, ha)
	// The last quarter's audits by the day their window opens.
	from, to := time.Now().AddDate(0, -3, 0).Format(time.DateOnly), time.Now().Format(time.DateOnly)
	add("/api/v1/audits?limit=20&from="+from+"&to="+to, ha, bb)
	add("/api/v1/audits?limit=20&state=published&from="+from+"&to="+to, ha)
	add("/api/v1/audits/"+a, ha, au, bb, sm)
	add("/api/v1/audits/"+a+"/findings?limit=20", ha, bb, sm)
	add("/api/v1/findings?limit=20", ha, au)
	add("/api/v1/findings?limit=20&category=child_labour", ha)
	add("/api/v1/findings?limit=20&category=health_safety", ha)
	add("/api/v1/findings?limit=20&severity=critical", ha)
	add("/api/v1/findings?limit=20&category=wages&severity=major", ha)
	add("/api/v1/findings/"+f, ha, bb, sm)
	add("/api/v1/actions?limit=20", ha, sm)
	add("/api/v1/actions?limit=20&overdue=true", ha)
	add("/api/v1/actions?limit=20&supplier_id="+sup, ha, bb, sm)
	add("/api/v1/actions?limit=20&supplier_id="+sup+"&state=open", ha, sm)
	add("/api/v1/actions?limit=20&finding_id="+f, ha, bb)
	add("/api/v1/actions/"+x, ha, bb, sm)
	return rs, nil
}

// Load measures /healthz first (the floor: no authentication, no store),
// then every read as each role, one after the other, each for the duration
// on the given number of keep-alive connections. It samples the SQLite
// WAL's size meanwhile when DataDir is set.
func Load(ctx context.Context, o LoadOptions) (*LoadReport, error) {
	if o.Duration <= 0 {
		o.Duration = 5 * time.Second
	}
	if o.Connections <= 0 {
		o.Connections = 32
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if _, err := url.Parse(o.URL); err != nil {
		return nil, err
	}
	start := time.Now()
	c := newClient(o.URL, o.Connections)
	rs, err := reads(ctx, c)
	if err != nil {
		return nil, err
	}
	if o.Only != "" {
		only := strings.Split(o.Only, ",")
		rs = slices.DeleteFunc(rs, func(r read) bool {
			return !slices.ContainsFunc(only, func(s string) bool { return strings.Contains(r.path, s) || Kind(s) == r.kind })
		})
	}
	rs = append([]read{{path: "/healthz", role: "anyone", kind: KindFloor}}, rs...)
	rep := &LoadReport{WALMax: -1}
	stopWAL := sampleWAL(o.DataDir, &rep.WALMax)
	defer stopWAL()
	var floor float64
	for _, r := range rs {
		res, err := measure(ctx, c, r, o.Connections, o.Duration)
		if err != nil {
			return nil, err
		}
		if r.kind == KindFloor {
			floor = res.RPS
		}
		if floor > 0 {
			res.Floor = res.RPS / floor
		}
		_, meets := res.Meets()
		fmt.Fprintf(o.Out, "%-70s %-30s %8.0f/s p50 %6.1f ms p99 %7.1f ms %s\n", r.path, r.role, res.RPS, ms(res.P50), ms(res.P99), meets)
		rep.Results = append(rep.Results, res)
	}
	stopWAL()
	rep.Took = time.Since(start)
	return rep, nil
}

// measure runs one read on conns connections for d and takes every
// request's latency.
func measure(ctx context.Context, c *client, r read, conns int, d time.Duration) (Result, error) {
	if code, b, err := c.send(ctx, http.MethodGet, r.path, r.token, r.session, nil); err != nil || code != http.StatusOK {
		return Result{}, fmt.Errorf("GET %s as %s: %d %s %v", r.path, r.role, code, b, err)
	}
	var failed atomic.Int64
	lat := make([][]time.Duration, conns)
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	begin := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, res := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(res)
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				code, err := c.timed(req, res, r)
				lat[w] = append(lat[w], time.Since(t))
				if err != nil || code < 200 || code > 299 {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(begin)
	all := slices.Concat(lat...)
	slices.Sort(all)
	res := Result{Path: r.path, Role: r.role, Kind: r.kind, Requests: len(all), Failed: int(failed.Load()),
		RPS: float64(len(all)) / took.Seconds()}
	if len(all) > 0 {
		res.P50, res.P99 = all[len(all)/2], all[min(len(all)-1, len(all)*99/100)]
	}
	return res, ctx.Err()
}

// sampleWAL records the largest size of the WAL file every 50 ms until
// stopped; the returned function may be called twice.
func sampleWAL(dataDir string, max *int64) func() {
	if dataDir == "" {
		return func() {}
	}
	path := filepath.Join(dataDir, "actionhub.db-wal")
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if fi, err := os.Stat(path); err == nil && fi.Size() > *max {
				*max = fi.Size()
			}
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(quit); <-done }) }
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Markdown writes the report as a table.
func (rep *LoadReport) Markdown(w io.Writer) {
	fmt.Fprintln(w, "| endpoint | role | requests/s | p50 | p99 | × floor | meets the target |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range rep.Results {
		_, meets := r.Meets()
		fmt.Fprintf(w, "| `%s` | %s | %s | %.1f ms | %.1f ms | %.3f | %s |\n", r.Path, r.Role, thousands(r.RPS), ms(r.P50), ms(r.P99), r.Floor, meets)
	}
	if rep.WALMax >= 0 {
		fmt.Fprintf(w, "\nLargest WAL file during the run: %.1f MiB.\n", float64(rep.WALMax)/(1<<20))
	}
}

// thousands writes n rounded, with thousands separated by commas.
func thousands(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
