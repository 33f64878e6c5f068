package discord

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// APIVersion is the Discord API version the bot speaks, on REST and on the
// gateway. In v10 a message's content reaches a bot only with the
// privileged Message Content intent, or when it mentions the bot: see
// GatewayConfig.Intents.
const APIVersion = "10"

// discordgo v0.29.0 speaks v9 and builds its endpoint URLs from its
// APIVersion once, at package init; so they are rebuilt here, before any
// session exists. Closures such as EndpointApplication read these at call
// time and follow.
func init() {
	discordgo.APIVersion = APIVersion
	api := discordgo.EndpointDiscord + "api/v" + APIVersion + "/"
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
	discordgo.EndpointStickers = api + "stickers/"
	discordgo.EndpointStageInstances = api + "stage-instances"
	discordgo.EndpointSKUs = api + "skus"
	discordgo.EndpointVoice = api + "/voice/"
	discordgo.EndpointVoiceRegions = discordgo.EndpointVoice + "regions"
	discordgo.EndpointNitroStickersPacks = api + "/sticker-packs"
	discordgo.EndpointGuildCreate = api + "guilds"
	discordgo.EndpointApplications = api + "applications"
	discordgo.EndpointOAuth2 = api + "oauth2/"
	discordgo.EndpointOAuth2Applications = discordgo.EndpointOAuth2 + "applications"
	discordgo.EndpointOauth2 = discordgo.EndpointOAuth2
	discordgo.EndpointOauth2Applications = discordgo.EndpointOAuth2Applications
}

// ParseAPIBase checks a DISCORD_API_BASE value: an http(s) URL with a host,
// onto which "https://discord.com/api/v10/..." is rebased (a trailing "/"
// is dropped). cmd/bot checks the setting with it when it loads its
// configuration, and NewSession with it, so both say the same thing.
func ParseAPIBase(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", s)
	}
	return u, nil
}
