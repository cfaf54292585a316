package volume

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/actionhub/actionhub/app/identity"
)

// sessionCookie is the web app's session cookie.
const sessionCookie = "actionhub_session"

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// webSession signs in through the sign-in page as a person does: the page
// sets a cookie that binds its form's CSRF token, the form posts, and the
// answer sets the session cookie, whose value is returned.
func webSession(ctx context.Context, c *client, email string) (string, error) {
	hc := &http.Client{Transport: c.http.Transport, Timeout: c.http.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/login", nil)
	if err != nil {
		return "", err
	}
	res, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(b)
	if res.StatusCode != http.StatusOK || m == nil {
		return "", fmt.Errorf("the sign-in page: %d", res.StatusCode)
	}
	form := url.Values{"csrf": {string(m[1])}, "email": {email}, "password": {identity.DemoPassword}, "next": {"/"}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range res.Cookies() {
		req.AddCookie(ck)
	}
	res, err = hc.Do(req)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie && ck.Value != "" {
			return ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign in as %s on the page: %d, no session cookie", email, res.StatusCode)
}

// pageReads are the web app's main pages, each as the roles that use it:
// the supplier list, the nomination queue and the audits list above all,
// then the case, stipend and referral pages (none of them opens an
// identity, whose reads the activity log records one by one).
func pageReads(ctx context.Context, c *client, ps map[string]*party, sup string) ([]read, error) {
	sessions := map[string]string{}
	for _, p := range parties {
		s, err := webSession(ctx, c, p.email)
		if err != nil {
			return nil, err
		}
		sessions[p.role] = s
	}
	const ha, cw, bb, sm, ao = "hub admin", "case worker", "brand manager (biggest brand)", "supplier manager", "agency officer"
	var cs, refs idPage
	if err := c.get(ctx, "/api/v1/cases?limit=1&supplier_id="+sup, ps[ha].token, &cs); err != nil {
		return nil, fmt.Errorf("a case of the supplier manager's facility: %v", err)
	}
	if err := c.get(ctx, "/api/v1/referrals?limit=1&state=sent", ps[ao].token, &refs); err != nil {
		return nil, fmt.Errorf("a referral in the agency's inbox: %v", err)
	}
	var rs []read
	add := func(path string, roles ...string) {
		for _, r := range roles {
			rs = append(rs, read{path: path, role: r, token: sessions[r], kind: KindPage, session: true})
		}
	}
	add("/", ha, bb, sm)
	add("/suppliers", ha, bb, sm)
	add("/suppliers?sort=-risk", ha, bb)
	add("/suppliers?city=Multan&sector=leather", ha)
	add("/suppliers/"+sup, ha, bb, sm)
	add("/nominations?status=match_review", ha)
	add("/nominations", ha, bb)
	add("/audits", ha, bb, sm)
	add("/actions?overdue=1", ha)
	add("/organisations?q=nord", ha)
	add("/people/new?q=kestrel", ha)
	add("/", ao) // the agency's inbox
	add("/referrals?state=sent", ao, ha)
	if len(refs.Items) > 0 {
		add("/referrals/"+refs.Items[0].ID, ao)
	}
	add("/cases", ha, cw)
	add("/cases?stage=monitoring", ha)
	add("/cases?supplier_id="+sup, ha, bb)
	add("/obligations", sm)
	add("/stipends", ha) // the hub's late and missed payments
	add("/stipends?supplier_id="+sup, sm)
	if len(cs.Items) > 0 {
		add("/cases/"+cs.Items[0].ID, ha, cw) // the case worker's with every form
		add("/cases/"+cs.Items[0].ID+"/refer", cw)
		add("/stipends/"+cs.Items[0].ID, sm)
		add("/obligations/"+cs.Items[0].ID, sm)
	}
	return rs, nil
}
