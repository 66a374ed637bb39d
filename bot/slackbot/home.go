package slackbot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// maxHomeSubs bounds the subscriptions listed on an admin's Home tab.
const maxHomeSubs = 20

// publishHome publishes careerbot's Home tab for user: what it answers,
// a button per command with an example question (the suggestion buttons'
// action ids, so a press answers like one), and for workspace admins the
// channels subscribed to the digest.
func (b *Bot) publishHome(ctx context.Context, team, user string) error {
	client := b.clientFor(ctx, team)
	if client == nil {
		return fmt.Errorf("the App Home needs SLACK_BOT_TOKEN")
	}
	u := b.lookupUser(ctx, team, user, "")
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: b.homeBlocks(ctx, team, u)}}
	return b.retry(ctx, "views.publish", func() error {
		_, err := client.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
}

func (b *Bot) homeBlocks(ctx context.Context, team string, u userInfo) []slack.Block {
	l := u.locale
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("careerbot")),
		slack.NewSectionBlock(mrkdwn(tr(l,
			"I answer questions about software engineers' careers in Japan from a curated knowledge base: salaries and day rates, career paths, skills, KPIs, the job market and listings. Ask with a slash command, mention me in a channel (I answer in the thread) or write to me here in Messages.",
			"日本のソフトウェアエンジニアのキャリアに関する質問に、厳選した知識ベースから答えます: 年収・単価、キャリアパス、スキル、KPI、市場動向、案件。スラッシュコマンドのほか、チャンネルでメンションすると (スレッドで回答)、またはこのアプリの「メッセージ」タブで直接質問できます。")), nil, nil),
	}
	var try []slack.BlockElement
	var lines []string
	for _, c := range handlers.Commands() {
		if c.Name == "digest" || c.Name == "careerhelp" || len(c.Examples) == 0 {
			continue
		}
		lines = append(lines, "*/"+escape(c.Name)+"* — "+escape(c.Description.In(l)))
		if len(try) < maxTryButtons {
			ex := c.Examples[0]
			id := tryActionPrefix + strconv.Itoa(len(try))
			try = append(try, slack.NewButtonBlockElement(id, handlers.ActionValue(l, ex), plain(chattext.Fit(ex, maxButtonText, escape))))
		}
	}
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(chattext.Cut(strings.Join(lines, "\n"), maxSectionText)), nil, nil))
	if len(try) > 0 {
		blocks = append(blocks,
			slack.NewContextBlock("", mrkdwn(tr(l, "Try a question (the answer comes in Messages):", "質問を試す (回答は「メッセージ」タブに届きます):"))),
			slack.NewActionBlock(tryBlockID, try...))
	}
	if u.isAdmin {
		blocks = append(blocks, b.homeDigestBlocks(ctx, team, l)...)
	}
	return blocks
}

// homeDigestBlocks lists the workspace's digest subscriptions for admins.
func (b *Bot) homeDigestBlocks(ctx context.Context, team string, l knowledge.Locale) []slack.Block {
	if b.cfg.Subscriptions == nil {
		return nil
	}
	out := []slack.Block{slack.NewDividerBlock(), slack.NewHeaderBlock(plain(tr(l, "Weekly digest (admins)", "週次ダイジェスト (管理者向け)")))}
	subs, err := b.cfg.Subscriptions.Subscriptions(ctx)
	if err != nil {
		b.log.Warn("could not list digest subscriptions for the App Home", "err", err)
		return append(out, slack.NewSectionBlock(mrkdwn(tr(l, "The subscriptions could not be read just now.", "購読一覧を読み込めませんでした。")), nil, nil))
	}
	subs = slices.DeleteFunc(subs, func(s knowledge.Subscription) bool {
		return s.Platform != knowledge.Slack || (s.Workspace != "" && s.Workspace != team)
	})
	if len(subs) == 0 {
		return append(out, slack.NewSectionBlock(mrkdwn(tr(l,
			"No channel receives the digest yet. Run `/digest subscribe` in a channel to choose a day and time.",
			"まだダイジェストを受け取るチャンネルはありません。チャンネルで `/digest subscribe` を実行すると曜日と時刻を選べます。")), nil, nil))
	}
	var lines []string
	for i, s := range subs {
		if i == maxHomeSubs {
			lines = append(lines, tr(l, fmt.Sprintf("…and %d more", len(subs)-i), fmt.Sprintf("…ほか %d 件", len(subs)-i)))
			break
		}
		line := "<#" + escape(s.Channel) + "> — " + escape(handlers.DescribeSchedule(s.Schedule, s.Timezone, l))
		if s.PausedReason != "" {
			line += " " + tr(l, "(paused)", "(停止中)")
		}
		lines = append(lines, line)
	}
	return append(out, slack.NewSectionBlock(mrkdwn(chattext.Cut(strings.Join(lines, "\n"), maxSectionText)), nil, nil))
}

// answerHomePress answers a question button on the Home tab in the app's
// DM with the person: a Home tab has no channel and no response_url.
func (b *Bot) answerHomePress(ctx context.Context, cb slack.InteractionCallback, value string) error {
	client := b.clientFor(ctx, cb.Team.ID)
	if client == nil {
		return fmt.Errorf("answering a Home tab button needs SLACK_BOT_TOKEN")
	}
	base := b.pressRequest(ctx, cb)
	base.Channel = cb.User.ID
	var msg message
	if req, ok := handlers.ActionRequest(base, value, false); ok {
		msg = b.answerInChat(ctx, req)
	} else {
		msg = message{Text: pressFailedText(base.Locale)}
	}
	// chat.postMessage to a user id posts in the app's DM with them.
	return b.retry(ctx, "chat.postMessage", func() error {
		_, _, err := client.PostMessageContext(ctx, cb.User.ID, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
		return err
	})
}

func tr(l knowledge.Locale, en, ja string) string {
	if l == knowledge.EN {
		return en
	}
	return ja
}
