using DemoClient.Protocol;
using DemoClient.Recording;
using DemoClient.Settings;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using static DemoClient.Web.Html;

namespace DemoClient.Web;

/// <summary>Where a step stands; the progress bar and each card's badge and border show it.</summary>
internal enum StepState
{
    Waiting,
    Done,
    Failed,
    NotRun,
}

/// <summary>
/// The one page: a progress bar, a numbered card per step of the flow (each with what was sent and what came
/// back), then the buttons that use the tokens. A failed step looks as deliberate as a passed one: red badge,
/// red border, the error and its explanation where the result would have been.
/// </summary>
internal static class HomePage
{
    private static readonly string[] ShortTitles = ["Discovery", "Authorization request", "Callback and tokens", "API call"];

    public static ContentHttpResult Render(DemoSession session, DemoClientOptions options, AntiforgeryTokenSet form, DateTimeOffset now, CallbackStep? refused = null)
    {
        StepState[] states = [Step1State(session), Step2State(session), Step3State(session, refused), Step4State(session, refused)];
        return Page(
            "OAuthSuite DemoClient: the authorization code flow",
            $"""
            <h1>The authorization code flow, step by step</h1>
            <p class="lead">This app is a confidential OAuth 2.0 / OpenID Connect client. Each card shows what it sent and what came back.
            Values marked <span class="secret">secret</span> (the client secret, the authorization code, the PKCE verifier and every token)
            are cut short here; in production they would never be shown or logged.</p>
            {Progress(states)}
            {(refused is null ? string.Empty : Alert($"<strong>Callback refused.</strong> {E(refused.Explanation)}", "callback-refused"))}
            {Step1(session, options, states[0])}
            {Step2(session, form, states[1])}
            {Step3(session, refused, now, states[2])}
            {Step4(session, states[3])}
            {TokenActions(session, form, now)}
            {MachineToMachine(session, options, form, now)}
            """,
            refused is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static StepState Step1State(DemoSession session) => session.Discovery switch
    {
        null => StepState.Waiting,
        { Metadata: not null } => StepState.Done,
        _ => StepState.Failed,
    };

    private static StepState Step2State(DemoSession session) => session.LastRequest is null ? StepState.Waiting : StepState.Done;

    private static StepState Step3State(DemoSession session, CallbackStep? refused) => (refused ?? session.Callback) switch
    {
        null => StepState.Waiting,
        { Outcome: not CallbackOutcome.Code } => StepState.Failed, // refused, or the AuthServer's error
        _ => session.SignIn switch
        {
            null => StepState.Waiting,
            { Tokens: not null } => StepState.Done,
            _ => StepState.Failed,
        },
    };

    private static StepState Step4State(DemoSession session, CallbackStep? refused) => session.Api switch
    {
        { Succeeded: true } => StepState.Done,
        not null => StepState.Failed,
        null when Step3State(session, refused) == StepState.Failed => StepState.NotRun,
        null => StepState.Waiting,
    };

    private static string Label(StepState state) => state switch
    {
        StepState.Done => "✓ done",
        StepState.Failed => "✗ failed",
        StepState.NotRun => "not run",
        _ => "waiting",
    };

    private static string Css(StepState state) => state switch
    {
        StepState.Done => "done",
        StepState.Failed => "failed",
        StepState.NotRun => "not-run",
        _ => "waiting",
    };

    /// <summary>The four steps at a glance, each a link to its card.</summary>
    private static string Progress(StepState[] states) => $"""
        <nav class="progress" aria-label="Progress">
        <ol>{string.Concat(states.Select((state, i) => $"""
            <li class="{Css(state)}"><a href="#step-{i + 1}"><span class="num" aria-hidden="true">{i + 1}</span><span class="title">{E(ShortTitles[i])}</span><span class="state">{Label(state)}</span></a></li>
            """))}</ol>
        </nav>
        """;

    private static string Card(int number, string id, string title, StepState state, string body) => $"""
        <section class="card step {Css(state)}" id="{id}" aria-labelledby="{id}-title">
        <h2 id="{id}-title"><span class="num" aria-hidden="true">{number}</span><span class="title">Step {number}: {E(title)}</span><span class="state">{Label(state)}</span></h2>
        {body}
        </section>
        """;

    private static string Panel(string id, string title, string body) => $"""
        <section class="card" id="{id}" aria-labelledby="{id}-title">
        <h2 id="{id}-title">{E(title)}</h2>
        {body}
        </section>
        """;

    private static string Button(AntiforgeryTokenSet form, string action, string label, string id, bool secondary = false) => $"""
        <form class="inline" method="post" action="{E(action)}" id="{E(id)}">
        <input type="hidden" name="{E(form.FormFieldName)}" value="{E(form.RequestToken)}">
        <button type="submit"{(secondary ? " class=\"secondary\"" : string.Empty)}>{E(label)}</button>
        </form>
        """;

    private static string Step1(DemoSession session, DemoClientOptions options, StepState state)
    {
        var auth = options.Auth;
        List<Field> client =
        [
            new("client_id", auth.ClientId),
            new("client_secret", Redaction.Mask(auth.ClientSecret), Redaction.ClientSecretNote),
            new("redirect_uri", options.Site.RedirectUri.AbsoluteUri),
            new("scope", auth.Scope),
            new("authority", auth.Authority.AbsoluteUri),
        ];
        if (auth.MetadataAddress is { } metadataAddress)
        {
            client.Add(new("metadata address", $"{metadataAddress.AbsoluteUri} (back channel only)"));
        }

        var discovery = session.Discovery;
        var learned = discovery?.Metadata is not { } m ? string.Empty : Fields(
        [
            new("issuer", m.Issuer),
            new("authorization_endpoint", m.AuthorizationEndpoint.AbsoluteUri),
            new("token_endpoint", m.TokenEndpoint.AbsoluteUri),
            new("jwks_uri", m.JwksUri.AbsoluteUri),
            new("end_session_endpoint", m.EndSessionEndpoint?.AbsoluteUri ?? "(none)"),
            new("revocation_endpoint", m.RevocationEndpoint?.AbsoluteUri ?? "(none)"),
            new("introspection_endpoint", m.IntrospectionEndpoint?.AbsoluteUri ?? "(none)"),
            new("authorization_response_iss_parameter_supported", m.IssParameterSupported ? "true" : "false"),
            new("id_token_signing_alg_values_supported", string.Join(", ", m.IdTokenSigningAlgorithms)),
        ], "Member", "discovery");
        var failure = discovery?.Failure is { } text ? Alert(E(text), "discovery-error") : string.Empty;
        return Card(1, "step-1", "Client credentials and discovery", state, $"""
            <p>The client's registration with the AuthServer. The secret authenticates it at the token, revocation and introspection endpoints (HTTP Basic, RFC 6749 §2.3.1).</p>
            {Fields(client, "Setting", "client-settings")}
            <h3>The discovery document and keys it read</h3>
            <p class="note">The issuer must equal the configured authority and every endpoint must sit under it (RFC 8414 §3.3); the keys verify the ID token's signature.</p>
            {failure}
            {learned}
            {Exchanges(discovery?.Exchanges ?? [])}
            """);
    }

    private static string Step2(DemoSession session, AntiforgeryTokenSet form, StepState state)
    {
        var request = session.LastRequest;
        var sent = request is null ? """<p class="note">Nothing sent yet.</p>""" : $"""
            <h3>The authorization URL the browser was sent to</h3>
            <p class="request-line">→ <span class="method">GET</span> <code>{E(request.Url.GetLeftPart(UriPartial.Path))}</code></p>
            {Fields(request.Parameters, "Parameter", "authorize-parameters")}
            <p class="note">Kept on this server, keyed by the session cookie: the state, the nonce and the PKCE <code>code_verifier</code>
            <span class="secret">secret</span>. The challenge is its SHA-256 (<code>S256</code>); <code>plain</code> would put the verifier itself in the URL.</p>
            """;
        return Card(2, "step-2", "Authorization request", state, $"""
            <p>The browser goes to the AuthServer, where the user signs in and consents. The client never sees the password.</p>
            <div class="buttons">{Button(form, "/signin", session.Tokens is null ? "Sign in" : "Sign in again", "signin")}</div>
            {sent}
            """);
    }

    private static string Step3(DemoSession session, CallbackStep? refused, DateTimeOffset now, StepState state)
    {
        var callback = refused ?? session.Callback;
        if (callback is null)
        {
            return Card(3, "step-3", "Callback, token request and ID token", state, """<p class="note">Waiting for the AuthServer to send the browser back.</p>""");
        }

        var outcome = callback.Outcome switch
        {
            CallbackOutcome.Refused => Alert($"<strong>Refused.</strong> {E(callback.Explanation)}", "callback-result"),
            CallbackOutcome.AuthorizationError => Alert(
                $"<strong>The AuthServer answered <code>error={E(callback.Error)}</code></strong>{(callback.ErrorDescription is null ? string.Empty : $": {E(callback.ErrorDescription)}")}<br>{E(callback.Explanation)}",
                "callback-result"),
            _ => Success(E(callback.Explanation), "callback-result"),
        };
        var redemption = session.SignIn?.Redemption is not { } step || refused is not null ? string.Empty : $"""
            <h3>Token request (back channel)</h3>
            <p class="note">The code, the same redirect_uri and the PKCE verifier, with the client authenticated by HTTP Basic.</p>
            {(step.Failure is { } failure ? Alert(E(failure), "token-error") : string.Empty)}
            {Exchanges(step.Exchanges)}
            """;
        var idToken = session.SignIn?.IdToken is not { } validation || refused is not null ? string.Empty : $"""
            <h3>ID token validation (OIDC Core §3.1.3.7)</h3>
            {(validation.IsValid ? Success("The ID token is valid: the user is signed in.", "idtoken-result") : Alert(E(validation.Failure), "idtoken-result"))}
            {Checks(validation.Checks, "idtoken-checks")}
            {Token(validation.Token, now, "idtoken-claims", Redaction.IdTokenNote)}
            """;
        var accessToken = session.Tokens is not { } tokens || refused is not null ? string.Empty : $"""
            {Token(JwtView.Decode("Access token (decoded, not validated: that is the API's job)", tokens.AccessToken), now, "accesstoken-claims", Redaction.AccessTokenNote)}
            <h3>Refresh token</h3>
            <p><code>{E(Redaction.Shorten(tokens.RefreshToken))}</code>{Secret(Redaction.RefreshTokenNote)}</p>
            """;
        return Card(3, "step-3", "Callback, token request and ID token", state, $"""
            <h3>What came back to the redirect URI</h3>
            {Fields(callback.Received, "Parameter", "callback-parameters")}
            {Checks(callback.Checks, "callback-checks")}
            {outcome}
            {redemption}
            {idToken}
            {accessToken}
            """);
    }

    private static string Step4(DemoSession session, StepState state)
    {
        var body = session.Api switch
        {
            null when state == StepState.NotRun => """<p class="note">Not run: step 3 ended without tokens, so there is nothing to call the API with.</p>""",
            null => """<p class="note">Runs once the ID token is valid.</p>""",
            { Exchange: { } exchange } call => $"""
                {(call.Failure is { } failure ? Alert(E(failure), "api-error") : string.Empty)}
                {Exchange(exchange, "api-status", expanded: true)}
                """,
            { } call => Alert(E(call.Failure), "api-error"),
        };
        return Card(4, "step-4", $"Call the ResourceApi ({OAuthFlow.MePath})", state, $"""
            <p>The access token goes in the <code>Authorization: Bearer</code> header (RFC 6750 §2.1), never in the URL. The API checks its signature, issuer, audience, expiry and scope.</p>
            {body}
            """);
    }

    private static string TokenActions(DemoSession session, AntiforgeryTokenSet form, DateTimeOffset now)
    {
        var buttons = session.Tokens is null ? """<p class="note">Sign in first: these buttons use the tokens from step 3.</p>""" : $"""
            <div class="buttons">
            {Button(form, "/refresh", "Refresh tokens", "refresh", secondary: true)}
            {(session.SpentRefreshToken is null ? string.Empty : Button(form, "/replay-refresh", "Replay the old refresh token", "replay-refresh", secondary: true))}
            {Button(form, "/revoke-refresh", "Revoke refresh token", "revoke-refresh", secondary: true)}
            {Button(form, "/revoke-access", "Revoke access token", "revoke-access", secondary: true)}
            {Button(form, "/logout", "Log out", "logout")}
            </div>
            <p class="note">Every sign-in is its own token family (<code>oi_au_id</code> in the access token): refreshing stays in it, and replaying a spent refresh token revokes that family only.</p>
            <p class="note">Log out ends the session at the AuthServer too (RP-initiated logout, with the ID token as <code>id_token_hint</code>) and forgets the tokens here.</p>
            """;
        return Panel("actions", "Using the tokens", buttons + Report(session.LastAction, "action-result", now));
    }

    private static string MachineToMachine(DemoSession session, DemoClientOptions options, AntiforgeryTokenSet form, DateTimeOffset now) => Panel("machine", "Machine to machine", $"""
        <p>A service calling the API as itself, no user involved: the client credentials grant (RFC 6749 §4.4) for
        <code>{E(options.Auth.ServiceClientId)}</code> with scope <code>{E(options.Auth.ServiceScope)}</code>, then <code>GET {E(OAuthFlow.DataPath)}</code>.</p>
        <div class="buttons">{Button(form, "/machine", "Run client credentials", "machine-run", secondary: true)}</div>
        {Report(session.Machine, "machine-result", now)}
        """);

    private static string Report(ActionReport? report, string id, DateTimeOffset now) => report is null ? string.Empty : $"""
        <h3>{E(report.Title)}</h3>
        {(report.Succeeded ? Success(E(report.Summary), id) : Alert(E(report.Summary), id))}
        {(report.Checks.Count == 0 ? string.Empty : Checks(report.Checks, id + "-checks"))}
        {Exchanges(report.Exchanges)}
        {(report.Token is { } token ? Token(token, now, id + "-claims", Redaction.AccessTokenNote) : string.Empty)}
        """;
}
