using DemoClient.Recording;
using DemoClient.Settings;

namespace DemoClient.Protocol;

/// <summary>
/// The protocol work of the four steps and the actions after them, shared by the web page and the headless walk.
/// Each method records its back-channel traffic and returns it with its result, so both can show what was sent.
/// The pieces live in one file per protocol area (Discovery, AuthorizationRequest, Callback, TokenRequests, …).
/// </summary>
public sealed partial class OAuthFlow(DemoClientOptions options, HttpMessageHandler handler, TimeProvider clock)
{
    public const string HttpClientName = "DemoClient.Backchannel";

    public DemoClientOptions Options { get; } = options;

    /// <summary>
    /// The URL this server uses for an endpoint. With <c>Auth:MetadataAddress</c> set (containers), back-channel
    /// calls go to the metadata host, whatever host the discovery document names.
    /// </summary>
    public Uri Backchannel(Uri endpoint) => Options.Auth.MetadataAddress is { } metadata ? Rehost(endpoint, metadata) : endpoint;

    /// <summary>
    /// The URL the browser is sent to. With <c>Auth:MetadataAddress</c> set, that is the authority's public host:
    /// OpenIddict names endpoints after the host a request arrived on, so a document fetched from the metadata
    /// host lists internal URLs a browser cannot reach.
    /// </summary>
    public Uri FrontChannel(Uri endpoint) => Options.Auth.MetadataAddress is not null ? Rehost(endpoint, Options.Auth.Authority) : endpoint;

    private static Uri Rehost(Uri endpoint, Uri host) => new UriBuilder(endpoint) { Scheme = host.Scheme, Host = host.Host, Port = host.Port }.Uri;

    /// <summary>A client whose traffic lands in <paramref name="transcript"/>; the pooled handler is shared, not owned.</summary>
    private HttpClient Client(ICollection<HttpExchange> transcript) =>
        new(new ExchangeRecorder(transcript) { InnerHandler = handler }, disposeHandler: false) { Timeout = Options.Site.RequestTimeout };
}
