package auth0mgmt_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/authlens/authlens/auth0mgmt"
)

// ExampleActionsService_All lists every Action bound for post-login,
// page after page, and shows which are deployed. The listing stops by the
// total the API announces: three actions at two per page take two
// requests.
func ExampleActionsService_All() {
	// A stand-in for the tenant: /api/v2/actions/actions answers
	// {actions, total, page, per_page}.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("page") {
		case "0":
			fmt.Fprint(w, `{"actions":[
				{"id":"a1","name":"require-mfa","all_changes_deployed":true,"deployed_version":{"number":3,"deployed":true}},
				{"id":"a2","name":"add-roles-claim","all_changes_deployed":false,"deployed_version":{"number":1,"deployed":true}}
			],"total":3,"page":0,"per_page":2}`)
		default:
			fmt.Fprint(w, `{"actions":[{"id":"a3","name":"draft-only","status":"built"}],"total":3,"page":1,"per_page":2}`)
		}
	}))
	defer srv.Close()

	client, err := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL, Token: "test-token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &auth0mgmt.ListOptions{
		PerPage: 2,
		Query:   map[string][]string{"triggerId": {auth0mgmt.TriggerPostLogin}},
	}
	for a, err := range client.Actions.All(context.Background(), opts) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		switch v := a.DeployedVersion; {
		case v == nil:
			fmt.Printf("%s: not deployed\n", a.Name)
		case !a.AllChangesDeployed:
			fmt.Printf("%s: version %d deployed, draft has undeployed changes\n", a.Name, v.Number)
		default:
			fmt.Printf("%s: version %d deployed\n", a.Name, v.Number)
		}
	}
	// Output:
	// require-mfa: version 3 deployed
	// add-roles-claim: version 1 deployed, draft has undeployed changes
	// draft-only: not deployed
}
