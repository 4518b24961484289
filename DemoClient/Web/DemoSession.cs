using DemoClient.Protocol;
using DemoClient.Recording;

namespace DemoClient.Web;

/// <summary>
/// One browser's run through the flow, kept on this server and found by the session cookie. Holds the pending
/// request's state, nonce and PKCE verifier, the tokens, and what each step sent and received, for the page.
/// </summary>
internal sealed class DemoSession
{
    public DiscoveryStep? Discovery { get; set; }

    public AuthServerMetadata? Metadata => Discovery?.Metadata;

    /// <summary>The request waiting for its callback; cleared once a callback with its state arrives.</summary>
    public PendingAuthorization? Pending { get; set; }

    /// <summary>The last request sent, for step 2's card (it stays after the callback consumed it).</summary>
    public PendingAuthorization? LastRequest { get; set; }

    public CallbackStep? Callback { get; set; }

    public SignInStep? SignIn { get; set; }

    public ApiCall? Api { get; set; }

    /// <summary>The current tokens: only after a callback whose ID token was valid.</summary>
    public TokenSet? Tokens { get; set; }

    /// <summary>The refresh token the last refresh rotated away, kept only so the replay button can show reuse detection.</summary>
    public string? SpentRefreshToken { get; set; }

    /// <summary>The result of the last refresh or revoke button.</summary>
    public ActionReport? LastAction { get; set; }

    /// <summary>The result of the machine-to-machine panel.</summary>
    public ActionReport? Machine { get; set; }

    /// <summary>A new sign-in starts from a clean slate; discovery and the machine panel stay.</summary>
    public void Begin(PendingAuthorization pending)
    {
        Pending = LastRequest = pending;
        Callback = null;
        SignIn = null;
        Api = null;
        Tokens = null;
        SpentRefreshToken = null;
        LastAction = null;
    }
}

/// <summary>What a button did: its requests, the rules it demonstrates, and a token to decode when there is one.</summary>
internal sealed record ActionReport(
    string Title,
    string Summary,
    bool Succeeded,
    IReadOnlyList<HttpExchange> Exchanges,
    IReadOnlyList<Check> Checks,
    JwtView? Token = null);
