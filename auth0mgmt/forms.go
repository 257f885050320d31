package auth0mgmt

import (
	"context"
	"iter"
)

// Form is a Form of Auth0's Forms (a page of the login flow the tenant
// builds, whose nodes may run Flows). Listings may give a summary only
// (id, name and dates); Get gives the whole form.
type Form struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Messages, Languages, Translations and Style are the form's texts
	// and look.
	Messages     Object `json:"messages,omitempty"`
	Languages    Object `json:"languages,omitempty"`
	Translations Object `json:"translations,omitempty"`
	Style        Object `json:"style,omitempty"`
	// Start is {hiddenFields, nextNode, coordinates}; Ending is
	// {content, redirection, callback, afterSubmit, resumeFlow, ...}.
	Start  Object     `json:"start,omitempty"`
	Nodes  []FormNode `json:"nodes,omitempty"`
	Ending Object     `json:"ending,omitempty"`
	Social []Object   `json:"social,omitempty"`
	Tags   []string   `json:"tags,omitempty"`
	// FlowCount is the number of Flows the form runs (hydrate=flow_count).
	FlowCount   *int   `json:"flow_count,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	UpdatedAt   string `json:"updated_at,omitempty"`
	EmbeddedAt  string `json:"embedded_at,omitempty"`
	SubmittedAt string `json:"submitted_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// FormNode is a step of a form: a STEP (components the user fills), a
// FLOW (runs the Flow config.flow_id) or a ROUTER.
type FormNode struct {
	ID          string `json:"id,omitempty"`
	Type        string `json:"type,omitempty"`
	Alias       string `json:"alias,omitempty"`
	Coordinates Object `json:"coordinates,omitempty"`
	Config      Object `json:"config,omitempty"`
	Extra       Extra  `json:"-"`
}

// All lists every form (offset paging with include_totals, items under
// forms).
func (s *FormsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Form, error] {
	return offsetAll[Form](ctx, s.c, "forms", "forms", opts, true)
}

// List returns one page of forms.
func (s *FormsService) List(ctx context.Context, opts *ListOptions) (*Page[Form], error) {
	return offsetList[Form](ctx, s.c, "forms", "forms", opts, true)
}

// Get returns one form, whole.
func (s *FormsService) Get(ctx context.Context, id string) (*Form, error) {
	var f Form
	if _, err := s.c.get(ctx, "forms/"+escape(id), nil, &f); err != nil {
		return nil, err
	}
	return &f, nil
}
