package domain

import "testing"

func TestRoleFitsOrg(t *testing.T) {
	t.Parallel()
	for _, r := range Roles {
		for _, k := range OrgKinds {
			v := &ValidationError{}
			CheckRoleFitsOrg(r, k, v)
			if fits := v.OrNil() == nil; fits != (r.KindOf() == k) {
				t.Errorf("role %s in %s: fits=%v", r, k, fits)
			}
		}
	}
	v := &ValidationError{}
	CheckRoleFitsOrg("janitor", KindBrand, v)
	if v.OrNil() == nil {
		t.Error("unknown role accepted")
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		fn   func(*ValidationError)
		ok   bool
	}{
		{"email ok", func(v *ValidationError) { ValidateEmail("e", "a@b.pk", v) }, true},
		{"email bad", func(v *ValidationError) { ValidateEmail("e", "a@b", v) }, false},
		{"password short", func(v *ValidationError) { ValidatePassword("p", "short", v) }, false},
		{"password urdu", func(v *ValidationError) { ValidatePassword("p", "میرا لمبا پاس ورڈ ہے", v) }, true},
		{"name blank", func(v *ValidationError) { ValidateName("n", "   ", v) }, false},
		{"name urdu", func(v *ValidationError) { ValidateName("n", "الکرم ٹیکسٹائل", v) }, true},
		{"name with a line break", func(v *ValidationError) { ValidateName("n", "Indus Mills\r\nBcc: x@example.org", v) }, false},
		{"name with a tab", func(v *ValidationError) { ValidateName("n", "Indus\tMills", v) }, false},
		{"hub code", func(v *ValidationError) { ValidateHubCode("c", "PK", v) }, true},
		{"hub code lower", func(v *ValidationError) { ValidateHubCode("c", "pk", v) }, false},
	}
	for _, c := range cases {
		v := &ValidationError{}
		c.fn(v)
		if (v.OrNil() == nil) != c.ok {
			t.Errorf("%s: got %v", c.name, v.OrNil())
		}
	}
	if NormalizeEmail("  A@B.PK ") != "a@b.pk" {
		t.Error("NormalizeEmail")
	}
}

func TestActorStaff(t *testing.T) {
	t.Parallel()
	platform := Actor{Role: RolePlatformAdmin}
	// Staff goes by the organisation's kind, and the platform is always staff.
	if !(Actor{OrgKind: KindOperator}).Staff() || (Actor{OrgKind: KindBrand}).Staff() || !platform.Staff() {
		t.Error("Staff")
	}
}
