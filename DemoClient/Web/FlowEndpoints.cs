using DemoClient.Protocol;
using DemoClient.Recording;
using DemoClient.Settings;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DemoClient.Web;

/// <summary>
/// The page and its buttons. Each handler runs one piece of <see cref="OAuthFlow"/>, keeps what it sent and got in
/// the session, and sends the browser back to the page (303), which shows it.
/// </summary>
internal static partial class FlowEndpoints
{
    public static IEndpointRouteBuilder MapFlowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowAsync);
        app.MapGet("/callback", CallbackAsync);

        var buttons = app.MapGroup(string.Empty).AddEndpointFilter<AntiforgeryCheck>();
        buttons.MapPost("/signin", SignInAsync);
        buttons.MapPost("/refresh", RefreshAsync);
        buttons.MapPost("/replay-refresh", ReplayRefreshAsync);
        buttons.MapPost("/revoke-refresh", RevokeRefreshAsync);
        buttons.MapPost("/revoke-access", RevokeAccessAsync);
        buttons.MapPost("/logout", LogOut);
        buttons.MapPost("/machine", MachineAsync);
        return app;
    }

    /// <summary>What every handler needs, bound in one parameter.</summary>
    internal sealed record Page(HttpContext Context, SessionStore Sessions, OAuthFlow Flow, DemoClientOptions Options, IAntiforgery Antiforgery, TimeProvider Clock, ILogger<OAuthFlow> Logger)
    {
        public CancellationToken Aborted => Context.RequestAborted;

        public ContentHttpResult Render(DemoSession session, CallbackStep? refused = null) =>
            HomePage.Render(session, Options, Antiforgery.GetAndStoreTokens(Context), Clock.GetUtcNow(), refused);
    }

    private static async Task<ContentHttpResult> ShowAsync([AsParameters] Page page)
    {
        var session = page.Sessions.GetOrCreate(page.Context);
        if (session.Metadata is null)
        {
            session.Discovery = await page.Flow.DiscoverAsync(page.Aborted);
        }

        return page.Render(session);
    }

    /// <summary>Step 1 again (keys may have rotated), then step 2: off to the AuthServer.</summary>
    private static async Task<SeeOther> SignInAsync([AsParameters] Page page)
    {
        var session = page.Sessions.GetOrCreate(page.Context);
        session.Discovery = await page.Flow.DiscoverAsync(page.Aborted);
        if (session.Metadata is not { } metadata)
        {
            LogDiscoveryFailed(page.Logger, session.Discovery.Failure);
            return new SeeOther("/#step-1");
        }

        var pending = page.Flow.BeginAuthorization(metadata);
        session.Begin(pending);
        LogSignInStarted(page.Logger);
        return new SeeOther(pending.Url.AbsoluteUri);
    }

    /// <summary>Step 3 and, when it succeeds, step 4. A refused callback changes nothing and is shown with 400.</summary>
    private static async Task<Results<ContentHttpResult, SeeOther>> CallbackAsync([AsParameters] Page page)
    {
        var session = page.Sessions.Find(page.Context);
        var callback = page.Flow.CheckCallback(session?.Metadata, session?.Pending, CallbackStep.Parameters(page.Context.Request.Query));
        if (callback.Outcome == CallbackOutcome.Refused || session?.Metadata is not { } metadata || session.Pending is not { } pending)
        {
            // The pending request stays: a forged callback must not cancel the user's real sign-in.
            LogCallbackRefused(page.Logger, callback.Explanation);
            return page.Render(session ?? new DemoSession(), callback);
        }

        session.Pending = null; // its state has been used: one callback per request (RFC 6749 §10.12)
        session.Callback = callback;
        if (callback.Outcome == CallbackOutcome.AuthorizationError)
        {
            LogAuthorizationError(page.Logger, callback.Error);
            return new SeeOther("/#step-3");
        }

        session.SignIn = await page.Flow.CompleteSignInAsync(metadata, pending, callback.Code!, page.Aborted);
        if (session.SignIn.Tokens is not { } tokens)
        {
            LogSignInFailed(page.Logger, session.SignIn.Failure);
            return new SeeOther("/#step-3");
        }

        session.Tokens = tokens;
        session.Api = await page.Flow.CallApiAsync(tokens.AccessToken, OAuthFlow.MePath, page.Aborted);
        LogSignedIn(page.Logger, session.Api.Exchange?.StatusCode);
        return new SeeOther("/#step-4");
    }

    /// <summary>A refresh: new tokens, a rotated refresh token, and the API called with the new access token.</summary>
    private static async Task<SeeOther> RefreshAsync([AsParameters] Page page)
    {
        if (SignedIn(page) is not var (session, metadata, tokens) || tokens.RefreshToken is not { } refreshToken)
        {
            return NotSignedIn(page, "Refresh");
        }

        var refreshed = await page.Flow.RefreshAsync(metadata, refreshToken, page.Aborted);
        if (refreshed.Tokens is not { } fresh)
        {
            // The AuthServer refused the grant: this refresh token is finished either way.
            session.Tokens = tokens with { RefreshToken = null };
            session.SpentRefreshToken = null;
            session.LastAction = new ActionReport("Refresh", refreshed.Failure ?? "The refresh failed.", false, refreshed.Exchanges, []);
            return new SeeOther("/#actions");
        }

        session.Tokens = fresh with { IdToken = fresh.IdToken ?? tokens.IdToken };
        session.SpentRefreshToken = refreshToken;
        var family = TokenFamily.Of(fresh.AccessToken);
        var call = await page.Flow.CallApiAsync(fresh.AccessToken, OAuthFlow.MePath, page.Aborted);
        List<Check> checks =
        [
            new("A new access token was issued", "a different token", Redaction.Shorten(fresh.AccessToken), fresh.AccessToken != tokens.AccessToken),
            new("The refresh token rotated (RFC 9700 §4.14.2)", "a new refresh token", Redaction.Shorten(fresh.RefreshToken), fresh.RefreshToken is not null && fresh.RefreshToken != refreshToken),
            new("The ResourceApi accepts the new access token", "2xx", call.Exchange?.StatusLine ?? call.Failure ?? "(no call)", call.Succeeded),
        ];
        session.LastAction = new ActionReport(
            "Refresh",
            $"New tokens, still in token family {family} (this sign-in). The refresh token that was sent is spent: presenting it again counts as theft and revokes this family (reuse detection), not the user's other sign-ins.",
            checks.TrueForAll(c => c.Passed), [.. refreshed.Exchanges, .. Exchanges(call)], checks, JwtView.Decode("New access token", fresh.AccessToken));
        LogRefreshed(page.Logger);
        return new SeeOther("/#actions");
    }

    /// <summary>
    /// Replays the refresh token the last refresh rotated away, as an attacker holding a stolen copy (or a client
    /// retrying after a lost response) would: the AuthServer refuses it and revokes the token family it belongs to,
    /// so the current refresh and access tokens of this sign-in introspect inactive. Other sign-ins are untouched.
    /// </summary>
    private static async Task<SeeOther> ReplayRefreshAsync([AsParameters] Page page)
    {
        if (SignedIn(page) is not var (session, metadata, tokens) || session.SpentRefreshToken is not { } spent)
        {
            return NotSignedIn(page, "Replay the old refresh token");
        }

        var family = TokenFamily.Of(tokens.AccessToken);
        var replayed = await page.Flow.RefreshAsync(metadata, spent, page.Aborted);
        var current = tokens.RefreshToken is { } refreshToken ? await page.Flow.IntrospectAsync(metadata, refreshToken, "refresh_token", page.Aborted) : null;
        var access = await page.Flow.IntrospectAsync(metadata, tokens.AccessToken, "access_token", page.Aborted);
        session.Tokens = tokens with { RefreshToken = null };
        session.SpentRefreshToken = null;
        List<Check> checks =
        [
            new("The spent refresh token is refused (RFC 9700 §4.14.2)", "invalid_grant", replayed.Error ?? (replayed.Succeeded ? "new tokens were issued" : replayed.Failure ?? "(no answer)"), replayed.Error == "invalid_grant"),
            new($"Reuse detection revoked family {family}: the current refresh token", "active: false", Activity(current), current?.Active == false),
            new($"… and the family's access token", "active: false", Activity(access), access.Active == false),
        ];
        session.LastAction = new ActionReport(
            "Replay the old refresh token",
            $"Reuse detection revoked token family {family}: every token of this sign-in. The user's other sign-ins (other devices) are separate families and keep working; this one must sign in again. The API still accepts the access token until it expires: it validates JWTs itself.",
            checks.TrueForAll(c => c.Passed), [.. replayed.Exchanges, .. current?.Exchanges ?? [], .. access.Exchanges], checks);
        LogReplayed(page.Logger);
        return new SeeOther("/#actions");
    }

    /// <summary>Revokes the refresh token, then shows it dead: introspection says inactive, a refresh gets invalid_grant.</summary>
    private static async Task<SeeOther> RevokeRefreshAsync([AsParameters] Page page)
    {
        if (SignedIn(page) is not var (session, metadata, tokens) || tokens.RefreshToken is not { } refreshToken)
        {
            return NotSignedIn(page, "Revoke refresh token");
        }

        var revoked = await page.Flow.RevokeAsync(metadata, refreshToken, "refresh_token", page.Aborted);
        var introspected = await page.Flow.IntrospectAsync(metadata, refreshToken, "refresh_token", page.Aborted);
        var retried = await page.Flow.RefreshAsync(metadata, refreshToken, page.Aborted);
        session.Tokens = tokens with { RefreshToken = null };
        session.SpentRefreshToken = null;
        List<Check> checks =
        [
            new("The revocation endpoint answers 200 (RFC 7009 §2.2)", "200", StatusOf(revoked), revoked.Succeeded),
            new("Introspection reports it inactive (RFC 7662 §2.2)", "active: false", introspected.Active is { } active ? $"active: {(active ? "true" : "false")}" : introspected.Failure ?? "(no answer)", introspected.Active == false),
            new("The token endpoint refuses it (RFC 6749 §5.2)", "invalid_grant", retried.Error ?? (retried.Succeeded ? "new tokens were issued" : retried.Failure ?? "(no answer)"), retried.Error == "invalid_grant"),
        ];
        session.LastAction = new ActionReport(
            "Revoke refresh token",
            $"The refresh token is revoked, and with it its token family {TokenFamily.Of(tokens.AccessToken)} (RFC 7009 §2.1): the AuthServer reports this sign-in's access tokens inactive too. The API still accepts them until they expire: it validates JWTs itself.",
            checks.TrueForAll(c => c.Passed), [.. revoked.Exchanges, .. introspected.Exchanges, .. retried.Exchanges], checks);
        LogRevoked(page.Logger, "refresh_token");
        return new SeeOther("/#actions");
    }

    /// <summary>
    /// Revokes the access token: the AuthServer then reports it inactive, but an API that validates JWTs locally (as
    /// the ResourceApi does) keeps accepting it until it expires, which is why access tokens are short-lived.
    /// </summary>
    private static async Task<SeeOther> RevokeAccessAsync([AsParameters] Page page)
    {
        if (SignedIn(page) is not var (session, metadata, tokens))
        {
            return NotSignedIn(page, "Revoke access token");
        }

        var revoked = await page.Flow.RevokeAsync(metadata, tokens.AccessToken, "access_token", page.Aborted);
        var introspected = await page.Flow.IntrospectAsync(metadata, tokens.AccessToken, "access_token", page.Aborted);
        var call = await page.Flow.CallApiAsync(tokens.AccessToken, OAuthFlow.MePath, page.Aborted);
        List<Check> checks =
        [
            new("The revocation endpoint answers 200 (RFC 7009 §2.2)", "200", StatusOf(revoked), revoked.Succeeded),
            new("Introspection reports it inactive (RFC 7662 §2.2)", "active: false", introspected.Active is { } active ? $"active: {(active ? "true" : "false")}" : introspected.Failure ?? "(no answer)", introspected.Active == false),
        ];
        var apiNote = call.Succeeded
            ? "The ResourceApi still accepted it: it checks the JWT's signature and expiry itself and never asks the AuthServer. Revocation reaches such an API only when the token expires."
            : "The ResourceApi refused it.";
        session.LastAction = new ActionReport("Revoke access token", $"The AuthServer now reports the access token inactive. {apiNote}",
            checks.TrueForAll(c => c.Passed), [.. revoked.Exchanges, .. introspected.Exchanges, .. Exchanges(call)], checks);
        LogRevoked(page.Logger, "access_token");
        return new SeeOther("/#actions");
    }

    /// <summary>RP-initiated logout: forget everything here, then let the AuthServer end its session and send the browser back.</summary>
    private static SeeOther LogOut([AsParameters] Page page)
    {
        var session = page.Sessions.Find(page.Context);
        var idToken = session?.Tokens?.IdToken;
        var endSession = session?.Metadata is { } metadata && idToken is not null ? page.Flow.EndSessionUrl(metadata, idToken) : null;
        page.Sessions.End(page.Context);
        LogLoggedOut(page.Logger);
        return new SeeOther(endSession?.AbsoluteUri ?? "/");
    }

    /// <summary>The service client's token, and the API called with it.</summary>
    private static async Task<SeeOther> MachineAsync([AsParameters] Page page)
    {
        var session = page.Sessions.GetOrCreate(page.Context);
        if (session.Metadata is null)
        {
            session.Discovery = await page.Flow.DiscoverAsync(page.Aborted);
        }

        if (session.Metadata is not { } metadata)
        {
            session.Machine = new ActionReport("Client credentials", session.Discovery?.Failure ?? "Discovery failed.", false, session.Discovery?.Exchanges ?? [], []);
            return new SeeOther("/#machine");
        }

        var issued = await page.Flow.ClientCredentialsAsync(metadata, page.Aborted);
        if (issued.Tokens is not { } tokens)
        {
            session.Machine = new ActionReport("Client credentials", issued.Failure ?? "No token was issued.", false, issued.Exchanges, []);
            return new SeeOther("/#machine");
        }

        var call = await page.Flow.CallApiAsync(tokens.AccessToken, OAuthFlow.DataPath, page.Aborted);
        List<Check> checks =
        [
            new($"An access token was issued to {page.Options.Auth.ServiceClientId}", "a bearer token", $"{Redaction.Shorten(tokens.AccessToken)}, scope {tokens.Scope ?? page.Options.Auth.ServiceScope + " (as requested)"}", true),
            new("No refresh or ID token: there is no user (RFC 6749 §4.4.3)", "none", tokens.RefreshToken is null && tokens.IdToken is null ? "none" : "issued", tokens.RefreshToken is null && tokens.IdToken is null),
            new($"GET {OAuthFlow.DataPath} succeeds", "2xx", call.Exchange?.StatusLine ?? call.Failure ?? "(no call)", call.Succeeded),
        ];
        session.Machine = new ActionReport(
            "Client credentials",
            call.Succeeded ? "The service got a token for itself and the ResourceApi accepted it." : call.Failure ?? "The API call failed.",
            checks.TrueForAll(c => c.Passed), [.. issued.Exchanges, .. Exchanges(call)], checks, JwtView.Decode("Service access token", tokens.AccessToken));
        LogMachine(page.Logger, call.Exchange?.StatusCode);
        return new SeeOther("/#machine");
    }

    private static (DemoSession Session, AuthServerMetadata Metadata, TokenSet Tokens)? SignedIn(Page page) =>
        page.Sessions.Find(page.Context) is { Metadata: { } metadata, Tokens: { } tokens } session ? (session, metadata, tokens) : null;

    private static SeeOther NotSignedIn(Page page, string title)
    {
        if (page.Sessions.Find(page.Context) is { } session)
        {
            session.LastAction = new ActionReport(title, "There is no token for this: sign in first (a revoked refresh token is gone for good).", false, [], []);
        }

        return new SeeOther("/#actions");
    }

    private static string Activity(TokenCheckStep? step) =>
        step?.Active is { } active ? $"active: {(active ? "true" : "false")}" : step?.Failure ?? "(no refresh token)";

    private static string StatusOf(TokenCheckStep step) => step.Exchanges.Count > 0 ? step.Exchanges[^1].StatusLine : step.Failure ?? "(no call)";

    private static IEnumerable<HttpExchange> Exchanges(ApiCall call) => call.Exchange is { } exchange ? [exchange] : [];

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Sign-in started: browser sent to the authorization endpoint")]
    private static partial void LogSignInStarted(ILogger logger);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Discovery failed: {Failure}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string? failure);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Callback refused: {Reason}")]
    private static partial void LogCallbackRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "The AuthServer answered the authorization request with error {Error}")]
    private static partial void LogAuthorizationError(ILogger logger, string? error);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Sign-in failed after the callback: {Failure}")]
    private static partial void LogSignInFailed(ILogger logger, string? failure);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Signed in; the ResourceApi answered {Status}")]
    private static partial void LogSignedIn(ILogger logger, int? status);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information, Message = "Tokens refreshed")]
    private static partial void LogRefreshed(ILogger logger);

    [LoggerMessage(EventId = 3130, Level = LogLevel.Information, Message = "Spent refresh token replayed to show reuse detection")]
    private static partial void LogReplayed(ILogger logger);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Information, Message = "Token revoked ({TokenType})")]
    private static partial void LogRevoked(ILogger logger, string tokenType);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Information, Message = "Logged out")]
    private static partial void LogLoggedOut(ILogger logger);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Client credentials run; the ResourceApi answered {Status}")]
    private static partial void LogMachine(ILogger logger, int? status);
}
