package slackbot

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"careerbot/knowledge"
)

const (
	// InstallPath serves the "Add to Slack" page.
	InstallPath = "/slack/install"
	// RedirectPath is where Slack sends the browser back after an install
	// (the Redirect URL in the app's OAuth settings).
	RedirectPath = "/slack/oauth_redirect"
	// stateCookie binds the state to the browser that started the install,
	// as Bolt's does, so a link with someone else's state does not work.
	stateCookie = "slack-app-oauth-state"
	stateTTL    = 10 * time.Minute
)

// OAuthHandler serves GET /slack/install and GET /slack/oauth_redirect.
// It is nil without OAuth.
func (b *Bot) OAuthHandler() http.Handler {
	if b.installs == nil {
		return nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+InstallPath, b.serveInstall)
	mux.HandleFunc("GET "+RedirectPath, b.serveRedirect)
	return mux
}

// stateKey signs install states; derived from the encryption key, so it is
// not the key itself.
func (s *installs) stateKey() []byte {
	k, _ := hkdf.Key(sha256.New, s.seal.key, nil, "careerbot slack oauth state v1", 32)
	return k
}

// newState is base64url(16 random bytes, expiry as Unix seconds) "."
// base64url(HMAC-SHA256 of the first part).
func (s *installs) newState(now time.Time) string {
	payload := append(randomBytes(16), binary.BigEndian.AppendUint64(nil, uint64(now.Add(stateTTL).Unix()))...)
	p := base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.stateKey())
	mac.Write([]byte(p))
	return p + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

var (
	errStateMissing = errors.New("the install link has no state")
	errStateForged  = errors.New("the install state is not one careerbot made")
	errStateExpired = errors.New("the install state has expired")
	errStateBrowser = errors.New("the install was started in another browser (no matching cookie)")
)

// checkState verifies the state's signature and expiry, and that it is the
// one in the browser's cookie.
func (s *installs) checkState(state, cookie string, now time.Time) error {
	if state == "" {
		return errStateMissing
	}
	p, sig, ok := strings.Cut(state, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil {
		return errStateForged
	}
	mac := hmac.New(sha256.New, s.stateKey())
	mac.Write([]byte(p))
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errStateForged
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || len(payload) != 24 {
		return errStateForged
	}
	if now.Unix() > int64(binary.BigEndian.Uint64(payload[16:])) {
		return errStateExpired
	}
	if cookie == "" || !hmac.Equal([]byte(cookie), []byte(state)) {
		return errStateBrowser
	}
	return nil
}

// authorizeURL is Slack's consent page: the API URL's host, so GovSlack
// (https://slack-gov.com/api/) sends people to slack-gov.com.
func (s *installs) authorizeURL(state string) string {
	base := strings.TrimSuffix(s.apiURL, "api/")
	q := url.Values{}
	q.Set("client_id", s.cfg.ClientID)
	q.Set("scope", strings.Join(s.cfg.Scopes, ","))
	q.Set("state", state)
	if s.cfg.RedirectURL != "" {
		q.Set("redirect_uri", s.cfg.RedirectURL)
	}
	return base + "oauth/v2/authorize?" + q.Encode()
}

func (b *Bot) serveInstall(w http.ResponseWriter, r *http.Request) {
	state := b.installs.newState(b.cfg.Clock())
	http.SetCookie(w, &http.Cookie{
		Name: stateCookie, Value: state, Path: "/slack/", MaxAge: int(stateTTL / time.Second),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	})
	page(w, http.StatusOK, pageData{
		TitleJA: "careerbot を Slack に追加", TitleEN: "Add careerbot to Slack",
		TextJA: "下のボタンから、careerbot を追加するワークスペースを選んでください。",
		TextEN: "Press the button and choose the workspace to add careerbot to.",
		Link:   template.URL(b.installs.authorizeURL(state)), LinkText: "Add to Slack",
	})
}

func (b *Bot) serveRedirect(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var cookie string
	if c, err := r.Cookie(stateCookie); err == nil {
		cookie = c.Value
	}
	// The state is used once: the cookie goes whatever happens next.
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: "", Path: "/slack/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	if e := q.Get("error"); e != "" {
		b.log.Info("Slack install cancelled or refused", "error", e)
		page(w, http.StatusOK, pageData{
			TitleJA: "インストールは行われませんでした", TitleEN: "careerbot was not installed",
			TextJA: "Slack の画面でキャンセルされたか、許可されませんでした。", TextEN: "The install was cancelled or not allowed on Slack's page.",
			Link: InstallPath, LinkText: "やり直す / Try again",
		})
		return
	}
	if err := b.installs.checkState(q.Get("state"), cookie, b.cfg.Clock()); err != nil {
		b.log.Warn("refused an install redirect", "reason", err, "remote", r.RemoteAddr)
		page(w, http.StatusBadRequest, pageData{
			TitleJA: "このインストールリンクは使えません", TitleEN: "This install link cannot be used",
			TextJA: "リンクの有効期限 (10 分) が切れたか、別のブラウザで開始されたか、正しくないリンクです。最初からやり直してください。",
			TextEN: "It expired (links last 10 minutes), was started in another browser, or is not genuine (" + err.Error() + "). Please start again.",
			Link:   InstallPath, LinkText: "やり直す / Start again",
		})
		return
	}
	code := q.Get("code")
	if code == "" {
		page(w, http.StatusBadRequest, pageData{TitleJA: "インストールに失敗しました", TitleEN: "The install failed",
			TextJA: "Slack から認可コードが届きませんでした。", TextEN: "Slack sent no authorization code.", Link: InstallPath, LinkText: "やり直す / Start again"})
		return
	}
	// Within the HTTP server's 10 s write timeout, leaving time for the page.
	ctx, cancel := context.WithTimeout(r.Context(), 8*time.Second)
	defer cancel()
	in, err := b.installs.exchange(ctx, code)
	if err != nil {
		b.log.Error("Slack install failed", "err", err)
		page(w, http.StatusBadGateway, pageData{TitleJA: "インストールに失敗しました", TitleEN: "The install failed",
			TextJA: "Slack とのやり取りに失敗しました。しばらくしてからやり直してください。",
			TextEN: "Exchanging the code with Slack failed (" + slackErrorCode(err) + "). Please try again later.",
			Link:   InstallPath, LinkText: "やり直す / Start again"})
		return
	}
	b.log.Info("careerbot installed", "team", in.TeamID, "enterprise", in.EnterpriseID, "org_wide", in.IsEnterpriseInstall,
		"scopes", in.Scopes, "rotating", !in.ExpiresAt.IsZero())
	open := "slack://open"
	if in.TeamID != "" {
		open += "?team=" + url.QueryEscape(in.TeamID)
	}
	page(w, http.StatusOK, pageData{
		TitleJA: "careerbot を追加しました", TitleEN: "careerbot is installed",
		TextJA: in.TeamName + " で /careerhelp と入力してみてください。", TextEN: "Type /careerhelp in " + in.TeamName + " to start.",
		Link: template.URL(open), LinkText: "Slack を開く / Open Slack",
	})
}

// exchange trades the code for the workspace's tokens (oauth.v2.access at
// SLACK_API_URL) and stores them sealed.
func (s *installs) exchange(ctx context.Context, code string) (knowledge.SlackInstallation, error) {
	resp, err := slack.GetOAuthV2ResponseContext(ctx, s.http, s.cfg.ClientID, s.cfg.ClientSecret, code, s.cfg.RedirectURL, slack.OAuthOptionAPIURL(s.apiURL))
	if err != nil {
		return knowledge.SlackInstallation{}, err
	}
	return s.save(ctx, resp)
}

type pageData struct {
	TitleJA, TitleEN, TextJA, TextEN string
	// Link is trusted (careerbot's own paths, Slack's URLs): html/template
	// would refuse slack:// otherwise.
	Link     template.URL
	LinkText string
}

// pageTmpl escapes everything it is given (html/template): team names
// come from Slack.
var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>{{.TitleEN}}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.6}
a.button{display:inline-block;padding:.6em 1.2em;background:#4a154b;color:#fff;border-radius:6px;text-decoration:none}</style>
</head><body>
<h1>{{.TitleJA}}</h1><p>{{.TextJA}}</p>
<h1 lang="en">{{.TitleEN}}</h1><p lang="en">{{.TextEN}}</p>
{{if .Link}}<p><a class="button" href="{{.Link}}">{{.LinkText}}</a></p>{{end}}
</body></html>
`))

func page(w http.ResponseWriter, status int, d pageData) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	_ = pageTmpl.Execute(w, d)
}
