package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/actionhub/actionhub/app/sealed"
	"github.com/actionhub/actionhub/app/store"
	"github.com/actionhub/actionhub/app/store/mongo"
	"github.com/actionhub/actionhub/app/store/mongo/mongotest"
	"github.com/actionhub/actionhub/domain/casework"
	"github.com/actionhub/actionhub/domain/law"
	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestCaseIdentityIsSealedInMongo reads the raw BSON document of a case
// on the MongoDB engine (embedded FerretDB, or TEST_MONGODB_URI) with the
// driver itself, and finds no identity value in clear; the case reads
// back whole through the store.
func TestCaseIdentityIsSealedInMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("MongoDB engine tests are skipped in -short")
	}
	ctx := context.Background()
	uri, db := mongotest.URI(t), mongotest.Database(t)
	e, err := mongo.Open(ctx, uri, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	st, err := store.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sealed.New(sealed.CaseIdentity, newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	pack, err := law.PackFor(law.Punjab, at)
	if err != nil {
		t.Fatal(err)
	}
	c, err := casework.Open(casework.Opening{ID: "case-m", HubID: "h1", Code: "MUX-2026-00007", SupplierID: "s1",
		Source: casework.SourceOutreach, Identified: at, Pack: pack, Identity: childIdentity(),
		Child: casework.Child{Sex: casework.SexMale}}, "cw", at)
	if err != nil {
		t.Fatal(err)
	}
	v := st.Cases.Vault(s)
	if err := v.Insert(ctx, &c); err != nil {
		t.Fatal(err)
	}
	client, err := driver.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	raw, err := client.Database(db).Collection("cases").FindOne(ctx, bson.D{}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("MUX-2026-00007")) {
		t.Fatalf("the raw document lacks the code: the check would read the wrong bytes: %s", raw)
	}
	for _, val := range childIdentity().Values() {
		if bytes.Contains(raw, []byte(val)) {
			t.Errorf("the stored document holds %q in clear", val)
		}
	}
	d, err := st.Cases.Get(ctx, "case-m")
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Open(d)
	if err != nil || got.Identity.ChildName != "Bilal Hussain" {
		t.Errorf("read back: %+v, %v", got, err)
	}
}
