package auth0test

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"strings"
)

// user is a compact generated user; its JSON is built on demand.
type user struct {
	id        string // provider|idp id
	email     string
	given     string
	family    string
	username  string
	nickname  string
	userMeta  string // raw JSON object, "" when absent
	appMeta   string // raw JSON object, "" when absent
	linkedID  string // idp user id of a linked secondary identity, "" when none
	created   int64
	updated   int64
	lastLogin int64 // 0: never logged in
	logins    int32
	ip        uint32
	conn      int16 // primary identity's connection index
	linked    int16 // linked identity's connection index, -1 when none
	flags     uint8
	mfa       uint8 // 0 none, else index into mfaProviders
	roles     []int32
	orgs      []int32
}

const (
	uEmailVerified = 1 << iota
	uBlocked
	uSocialName // name is "Given Family" rather than the email
)

var mfaProviders = []string{"", "guardian", "google-authenticator", "duo"}

var firstNames = []string{"Alice", "Bob", "Carmen", "Dmitri", "Elena", "Farid", "Grace", "Hiro",
	"Ines", "Jamal", "Kavya", "Liam", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven",
	"Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Diego"}

var lastNames = []string{"Nguyen", "Smith", "Garcia", "Okafor", "Kowalski", "Tanaka", "Rossi",
	"Müller", "Dubois", "Haddad", "Patel", "Johansson", "O'Brien", "Silva", "Kim", "Ivanova",
	"Mensah", "Novak", "Schmidt", "Costa", "Yilmaz", "Fischer", "Moreau", "Singh", "Larsen"}

var emailDomains = []string{"example.com", "example.org", "acme.example", "globex.example",
	"initech.example", "umbrella.example", "mail.example", "contoso.example"}

// userMetaVariants are user_metadata bodies (editable by the user himself
// in a real tenant: attacker-controlled). "" means absent.
var userMetaVariants = []string{
	``, ``, ``,
	`{"theme":"dark","language":"en","newsletter":true}`,
	`{"preferred_name":"%N","age":%A,"interests":["golf","chess"]}`,
	`{"address":{"city":"Lyon","zip":"69001","country":"FR"},"phone_verified":false,"score":12.5,"notes":null}`,
	`{"language":"de","timezone":"Europe/Berlin","marketing_opt_in":false}`,
	`{}`,
}

// Rare user_metadata variants feeding the insecure Actions and Rules.
const (
	metaRequestedScopes = `{"requested_scopes":"admin:all read:reports","theme":"light"}`
	metaSelfRole        = `{"role":"admin","language":"en"}`
	metaScopesArray     = `{"scopes":["delete:users","read:reports"]}`
)

var appMetaVariants = []string{
	``, ``,
	`{"plan":"pro","tenant_id":"t_%I","roles":["editor"]}`,
	`{"plan":"free","seats":1,"trial":true}`,
	`{"stripe_customer_id":"cus_%S","seats":%A,"trial":false}`,
	`{"legacy_id":%I,"migrated":true,"migrated_at":"2023-04-11T08:00:00.000Z"}`,
	`{"is_admin":true,"permissions":["users:delete","billing:write"]}`,
	`{"support_tier":null,"flags":{"beta":true,"ui_v2":false},"quota":[10,20,30]}`,
}

func fillMeta(tmpl string, r rng, given string, i int) string {
	if !strings.Contains(tmpl, "%") {
		return tmpl
	}
	s := strings.ReplaceAll(tmpl, "%N", given)
	s = strings.ReplaceAll(s, "%A", strconv.Itoa(18+r.IntN(60)))
	s = strings.ReplaceAll(s, "%I", strconv.Itoa(10000+i))
	s = strings.ReplaceAll(s, "%S", r.alnum(14))
	return s
}

// genUsers creates n users spread over three years before the base time,
// in strictly increasing created_at order. connWeights gives, per
// connection index, its share of users.
func (t *Tenant) genUsers(seed int64, n int, connWeights []float64) {
	r := newRNG(seed, 7)
	t.users = make([]user, n)
	t.userIdx = make(map[string]int32, n)
	start := base() - 3*yearMS
	end := base() - 3600*1000
	step := (end - start) / int64(max(n, 1))
	if step < 2 {
		step = 2
	}
	var total float64
	for _, w := range connWeights {
		total += w
	}
	seenEmail := make(map[string]struct{}, n)
	for i := range n {
		u := &t.users[i]
		u.created = start + int64(i)*step + r.Int64N(step/2+1)
		u.given = r.pick(firstNames)
		u.family = r.pick(lastNames)
		dom := r.pick(emailDomains)
		local := strings.ToLower(u.given + "." + strings.ReplaceAll(strings.ReplaceAll(u.family, "'", ""), "ü", "ue"))
		email := local + "@" + dom
		if _, dup := seenEmail[email]; dup {
			email = local + strconv.Itoa(i) + "@" + dom
		}
		seenEmail[email] = struct{}{}
		u.email = email
		u.nickname = local
		// connection
		x := r.Float64() * total
		u.conn = 0
		for ci, w := range connWeights {
			if x < w {
				u.conn = int16(ci)
				break
			}
			x -= w
		}
		u.linked = -1
		strategy := t.connStrategy[u.conn]
		cname := t.connNames[u.conn]
		switch strategy {
		case "auth0":
			u.id = "auth0|" + r.hex(24)
			if r.chance(0.3) {
				u.username = strings.ReplaceAll(local, ".", "_") + strconv.Itoa(r.IntN(100))
			}
		case "google-oauth2":
			u.id = "google-oauth2|" + r.digits(21)
			u.flags |= uSocialName
		case "github":
			u.id = "github|" + r.digits(8)
			u.flags |= uSocialName
		case "facebook":
			u.id = "facebook|" + r.digits(17)
			u.flags |= uSocialName
		case "oauth2":
			// custom social connections prefix the IdP's id with the
			// connection name, like OIDC ones
			u.id = "oauth2|" + cname + "|" + r.hex(24)
			u.flags |= uSocialName
		case "samlp", "adfs", "pingfederate", "okta":
			u.id = strategy + "|" + cname + "|" + email
			u.flags |= uSocialName
		case "waad":
			u.id = "waad|" + r.b64(32)[:43]
			u.flags |= uSocialName
		case "oidc":
			u.id = "oidc|" + cname + "|" + r.hex(20)
			u.flags |= uSocialName
		case "email":
			u.id = "email|" + r.hex(24)
		case "sms":
			u.id = "sms|" + r.hex(24)
		default:
			u.id = strategy + "|" + r.hex(24)
		}
		if strategy != "auth0" || r.chance(0.8) {
			u.flags |= uEmailVerified
		}
		if r.chance(0.02) {
			u.flags |= uBlocked
		}
		switch x := r.Float64(); {
		case x < 0.2:
			u.mfa = 1
		case x < 0.26:
			u.mfa = 2
		case x < 0.28:
			u.mfa = 3
		}
		switch x := r.Float64(); {
		case x < 0.03:
			u.userMeta = metaRequestedScopes
		case x < 0.05:
			u.userMeta = metaSelfRole
		case x < 0.06:
			u.userMeta = metaScopesArray
		default:
			u.userMeta = fillMeta(r.pick(userMetaVariants), r, u.given, i)
		}
		u.appMeta = fillMeta(r.pick(appMetaVariants), r, u.given, i)
		if strategy == "auth0" && t.socialIdx >= 0 && r.chance(0.04) {
			u.linked = int16(t.socialIdx)
			u.linkedID = r.digits(21)
		}
		u.updated = r.between(u.created, end)
		if r.chance(0.88) {
			u.lastLogin = r.between(u.created, end)
			if u.lastLogin > u.updated {
				u.updated = u.lastLogin
			}
			u.logins = int32(1 + r.IntN(400))
			u.ip = uint32(r.Uint32())
		}
		t.userIdx[u.id] = int32(i)
	}
}

func (u *user) name() string {
	if u.flags&uSocialName != 0 {
		return u.given + " " + u.family
	}
	return u.email
}

func isSocial(strategy string) bool {
	switch strategy {
	case "google-oauth2", "github", "facebook", "apple", "linkedin", "windowslive", "twitter", "oauth2":
		return true
	}
	return false
}

func (u *user) picture() string {
	sum := md5.Sum([]byte(u.email))
	initials := strings.ToLower(u.given[:1] + u.family[:1])
	return "https://s.gravatar.com/avatar/" + hex.EncodeToString(sum[:]) +
		"?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F" + initials + ".png"
}

func ipString(ip uint32) string {
	// documentation ranges: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24
	nets := [3]string{"192.0.2.", "198.51.100.", "203.0.113."}
	return nets[ip%3] + strconv.Itoa(int(ip>>8)%254+1)
}

func (t *Tenant) identities(u *user) []obj {
	p, rest, _ := strings.Cut(u.id, "|")
	strategy := t.connStrategy[u.conn]
	ids := []obj{{{"connection", t.connNames[u.conn]}, {"user_id", rest}, {"provider", p}, {"isSocial", isSocial(strategy)}}}
	if u.linked >= 0 {
		ids = append(ids, obj{
			{"profileData", obj{{"email", u.email}, {"email_verified", true}, {"name", u.given + " " + u.family},
				{"given_name", u.given}, {"family_name", u.family}}},
			{"provider", t.connStrategy[u.linked]}, {"user_id", u.linkedID},
			{"connection", t.connNames[u.linked]}, {"isSocial", true}})
	}
	return ids
}

// userObj builds the user as GET /users/{id} returns it. app_metadata is
// only present with read:users_app_metadata.
func (t *Tenant) userObj(i int, withApp bool) obj {
	u := &t.users[i]
	o := make(obj, 0, 22)
	if u.flags&uBlocked != 0 {
		o = append(o, kv{"blocked", true})
	}
	o = append(o, kv{"created_at", fmtMS(u.created)}, kv{"email", u.email},
		kv{"email_verified", u.flags&uEmailVerified != 0}, kv{"family_name", u.family},
		kv{"given_name", u.given}, kv{"identities", t.identities(u)}, kv{"name", u.name()},
		kv{"nickname", u.nickname}, kv{"picture", u.picture()}, kv{"updated_at", fmtMS(u.updated)},
		kv{"user_id", u.id})
	if u.userMeta != "" {
		o = append(o, kv{"user_metadata", raw(u.userMeta)})
	}
	if u.username != "" {
		o = append(o, kv{"username", u.username})
	}
	if withApp && u.appMeta != "" {
		o = append(o, kv{"app_metadata", raw(u.appMeta)})
	}
	if u.mfa != 0 {
		o = append(o, kv{"multifactor", []string{mfaProviders[u.mfa]}})
	}
	if u.lastLogin != 0 {
		o = append(o, kv{"last_ip", ipString(u.ip)}, kv{"last_login", fmtMS(u.lastLogin)},
			kv{"logins_count", int(u.logins)})
	}
	return o
}

// memberObj is a user as role and organization member lists show it.
func (t *Tenant) memberObj(i int32) obj {
	u := &t.users[i]
	return obj{{"user_id", u.id}, {"email", u.email}, {"picture", u.picture()}, {"name", u.name()}}
}
