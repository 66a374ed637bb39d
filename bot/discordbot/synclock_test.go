package discordbot

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"careerbot/store/postgres"
	"careerbot/store/postgres/pgtest"
)

// TestSyncOnceAcrossReplicas starts three replicas on one PostgreSQL
// database at once: the commands are registered by one of them, once.
func TestSyncOnceAcrossReplicas(t *testing.T) {
	dsn := pgtest.Schema(t)
	fake := newFakeDiscord(t)
	var bots []*Bot
	for range 3 {
		st := pgtest.Open(t, dsn, postgres.Options{NoListen: true})
		bots = append(bots, newTestBot(t, Config{Token: "tok", AppID: "app1", HTTPClient: fake.client()}, &fakeEngine{}, st))
	}
	var wg sync.WaitGroup
	for _, b := range bots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.Sync(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	puts := 0
	for {
		select {
		case r := <-fake.reqs:
			if pathIs(http.MethodPut, "/api/v9/applications/app1/commands")(r) {
				puts++
			} else {
				t.Errorf("unexpected request %s %s", r.Method, r.Path)
			}
			continue
		default:
		}
		break
	}
	if puts != 1 {
		t.Fatalf("%d bulk overwrites from 3 replicas, want 1", puts)
	}
}
