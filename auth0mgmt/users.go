package auth0mgmt

import (
	"context"
	"fmt"
	"iter"
	"net/url"
)

// User is a user profile as the API (and the users export) returns it.
type User struct {
	UserID            string     `json:"user_id,omitempty"`
	Email             string     `json:"email,omitempty"`
	EmailVerified     *bool      `json:"email_verified,omitempty"`
	Username          string     `json:"username,omitempty"`
	PhoneNumber       string     `json:"phone_number,omitempty"`
	PhoneVerified     *bool      `json:"phone_verified,omitempty"`
	Name              string     `json:"name,omitempty"`
	Nickname          string     `json:"nickname,omitempty"`
	GivenName         string     `json:"given_name,omitempty"`
	FamilyName        string     `json:"family_name,omitempty"`
	Picture           string     `json:"picture,omitempty"`
	CreatedAt         string     `json:"created_at,omitempty"`
	UpdatedAt         string     `json:"updated_at,omitempty"`
	LastLogin         string     `json:"last_login,omitempty"`
	LastIP            string     `json:"last_ip,omitempty"`
	LoginsCount       int64      `json:"logins_count,omitempty"`
	LastPasswordReset string     `json:"last_password_reset,omitempty"`
	Blocked           *bool      `json:"blocked,omitempty"`
	Multifactor       []string   `json:"multifactor,omitempty"`
	Identities        []Identity `json:"identities,omitempty"`
	// AppMetadata and UserMetadata are open-ended; fmt shows keys only.
	AppMetadata  Object `json:"app_metadata,omitempty"`
	UserMetadata Object `json:"user_metadata,omitempty"`
	Extra        Extra  `json:"-"`
}

// IsBlocked reports whether the user is blocked.
func (u *User) IsBlocked() bool { return u.Blocked != nil && *u.Blocked }

// Identity links a user to a connection. Social identities may carry the
// identity provider's tokens in clear; they are Secrets.
type Identity struct {
	Connection        string `json:"connection,omitempty"`
	UserID            string `json:"user_id,omitempty"`
	Provider          string `json:"provider,omitempty"`
	IsSocial          *bool  `json:"isSocial,omitempty"`
	AccessToken       Secret `json:"access_token,omitempty"`
	AccessTokenSecret Secret `json:"access_token_secret,omitempty"`
	RefreshToken      Secret `json:"refresh_token,omitempty"`
	ProfileData       Object `json:"profileData,omitempty"`
	Extra             Extra  `json:"-"`
}

// List returns one offset page of users. The API serves only the first
// 1000 records of any query this way (page*per_page past 1000 answers 400
// invalid_paging, errors.Is(err, ErrInvalidPaging)). Query parameters: "q"
// (Lucene, with "search_engine"="v3"), "sort", "connection".
func (s *UsersService) List(ctx context.Context, opts *ListOptions) (*Page[User], error) {
	return offsetList[User](ctx, s.c, "users", "users", withSearchEngine(opts), true)
}

func withSearchEngine(opts *ListOptions) *ListOptions {
	if opts == nil || opts.Query.Get("q") == "" || opts.Query.Get("search_engine") != "" {
		return opts
	}
	o := *opts
	o.Query = url.Values{}
	for k, v := range opts.Query {
		o.Query[k] = v
	}
	o.Query.Set("search_engine", "v3")
	return &o
}

// All lists every user matching opts. Below the export threshold (1000 by
// default: the API's paging cap) it pages with offset paging, ceil(N/100)
// requests. At or past it (a total of exactly 1000 may be the API's cap
// rather than the count), without a "q" query, it runs a users export job
// (POST /jobs/users-exports, polls GET /jobs/{id}, streams the gzip NDJSON
// file record by record, never holding it in memory), so a caller ranges
// over every user of a tenant of any size. With a "q" query whose matches
// pass the cap it yields an error wrapping ErrInvalidPaging: narrow the
// window (e.g. by created_at) or list without q. The export honours the
// "connection" filter (looked up to its id); other filters it cannot apply
// give an error rather than silently listing more users than asked.
//
// Records from the export carry the fields the export was asked for
// (ExportUserFields() by default, or opts.Fields).
func (s *UsersService) All(ctx context.Context, opts *ListOptions) iter.Seq2[User, error] {
	return func(yield func(User, error) bool) {
		o := ListOptions{}
		if opts != nil {
			o = *opts
		}
		o.Page = 0
		first, err := s.List(ctx, &o)
		if err != nil {
			yield(User{}, err)
			return
		}
		if first.HasTotal && first.Total >= s.c.opts.exportAbove {
			if o.Query.Get("q") != "" {
				yield(User{}, fmt.Errorf("%w: query matches %d users; the API pages only the first %d: narrow q, or list without q to use the export job",
					ErrInvalidPaging, first.Total, s.c.opts.exportAbove))
				return
			}
			for k := range o.Query {
				if k != "connection" && k != "search_engine" && k != "sort" {
					yield(User{}, fmt.Errorf("auth0mgmt: listing %d users goes through the export job, which cannot filter by %q", first.Total, k))
					return
				}
			}
			req := UsersExportRequest{Format: "json"}
			if name := o.Query.Get("connection"); name != "" {
				id, err := s.c.Connections.idByName(ctx, name)
				if err != nil {
					yield(User{}, err)
					return
				}
				req.ConnectionID = id
			}
			fields := o.Fields
			if len(fields) == 0 {
				fields = ExportUserFields()
			}
			for _, f := range fields {
				req.Fields = append(req.Fields, ExportField{Name: f})
			}
			for u, err := range s.c.Jobs.ExportUsers(ctx, req) {
				if !yield(u, err) || err != nil {
					return
				}
			}
			return
		}
		for _, u := range first.Items {
			if !yield(u, nil) {
				return
			}
		}
		if !first.HasTotal || len(first.Items) >= first.Total {
			return
		}
		o.Page = 1
		for u, err := range offsetFrom[User](ctx, s.c, "users", "users", withSearchEngine(&o), true, len(first.Items)) {
			if !yield(u, err) || err != nil {
				return
			}
		}
	}
}

// Get returns one user.
func (s *UsersService) Get(ctx context.Context, id string) (*User, error) {
	var u User
	if _, err := s.c.get(ctx, "users/"+escape(id), nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ByEmail returns the users with this email (GET /users-by-email).
func (s *UsersService) ByEmail(ctx context.Context, email string) ([]User, error) {
	users, _, err := plainList[User](ctx, s.c, "users-by-email", url.Values{"email": {email}})
	return users, err
}

// Roles lists the roles assigned to a user (offset paging).
func (s *UsersService) Roles(ctx context.Context, id string, opts *ListOptions) iter.Seq2[Role, error] {
	return offsetAll[Role](ctx, s.c, "users/"+escape(id)+"/roles", "roles", opts, true)
}

// Permissions lists the permissions a user holds, directly or through
// roles (offset paging).
func (s *UsersService) Permissions(ctx context.Context, id string, opts *ListOptions) iter.Seq2[Permission, error] {
	return offsetAll[Permission](ctx, s.c, "users/"+escape(id)+"/permissions", "permissions", opts, true)
}

// Organizations lists the organizations a user belongs to (offset paging).
func (s *UsersService) Organizations(ctx context.Context, id string, opts *ListOptions) iter.Seq2[Organization, error] {
	return offsetAll[Organization](ctx, s.c, "users/"+escape(id)+"/organizations", "organizations", opts, true)
}

// Count returns the number of users matching opts' query with one request.
func (s *UsersService) Count(ctx context.Context, opts *ListOptions) (int, error) {
	o := ListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Page, o.PerPage = 0, 1
	o.Fields = []string{"user_id"}
	p, err := s.List(ctx, &o)
	if err != nil {
		return 0, err
	}
	if !p.HasTotal {
		return 0, fmt.Errorf("%w: GET /api/v2/users gave no total", ErrDecode)
	}
	return p.Total, nil
}
