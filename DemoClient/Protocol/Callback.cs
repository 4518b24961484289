using System.Security.Cryptography;
using System.Text;
using DemoClient.Recording;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace DemoClient.Protocol;

public enum CallbackOutcome
{
    /// <summary>State and issuer match and a code came back: redeem it.</summary>
    Code,

    /// <summary>State and issuer match and the AuthServer reported an error (RFC 6749 §4.1.2.1).</summary>
    AuthorizationError,

    /// <summary>The callback does not belong to this session's request: nothing in it may be used.</summary>
    Refused,
}

/// <summary>Step 3a: what arrived at the redirect URI and whether it may be trusted.</summary>
public sealed record CallbackStep(
    CallbackOutcome Outcome,
    IReadOnlyList<Field> Received,
    IReadOnlyList<Check> Checks,
    string? Code,
    string? Error,
    string? ErrorDescription,
    string Explanation)
{
    /// <summary>
    /// The callback's query as one value per name. A repeated parameter is joined with commas, so a doubled
    /// state can never equal the one sent (RFC 6749 §3.1: parameters must not be repeated).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Parameters(IEnumerable<KeyValuePair<string, StringValues>> query) =>
        query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string?> Parameters(Uri callback) => Parameters(QueryHelpers.ParseQuery(callback.Query));

    public static string Explain(string? error) => error switch
    {
        "access_denied" => "The user (or the AuthServer's policy) said no: on the consent page, Deny was chosen. No code was issued; nothing is broken. Sign in again and choose Allow to continue.",
        "login_required" or "consent_required" or "interaction_required" => "The AuthServer needs the user to sign in or consent on its pages, which this request did not allow (prompt=none).",
        "invalid_scope" => "The client asked for a scope it is not registered for. Check Auth:Scope against the client's permissions in seed-clients.json.",
        "invalid_request" => "The AuthServer refused the request as malformed, e.g. a missing PKCE code_challenge or code_challenge_method=plain.",
        "unauthorized_client" => "This client is not allowed to use the authorization code flow.",
        "unsupported_response_type" => "The AuthServer does not issue this response_type; OAuth 2.1 allows only code.",
        "server_error" or "temporarily_unavailable" => "The AuthServer failed or is overloaded; try again later.",
        _ => "The AuthServer refused the request; error and error_description say why.",
    };
}

public sealed partial class OAuthFlow
{
    /// <summary>
    /// Step 3a: check the callback against the pending request before using anything in it: issuer first
    /// (RFC 9207 §2.4, mix-up attacks), then state (RFC 6749 §10.12, CSRF), then code or error.
    /// </summary>
    public CallbackStep CheckCallback(AuthServerMetadata? metadata, PendingAuthorization? pending, IReadOnlyDictionary<string, string?> query)
    {
        var code = query.GetValueOrDefault("code");
        var state = query.GetValueOrDefault("state");
        var iss = query.GetValueOrDefault("iss");
        var error = query.GetValueOrDefault("error");
        var description = query.GetValueOrDefault("error_description");

        List<Field> received = [];
        foreach (var (name, value) in query)
        {
            received.Add(Redaction.Parameter(name, value ?? string.Empty));
        }

        if (pending is null || metadata is null || clock.GetUtcNow() - pending.CreatedAt > PendingAuthorization.Lifetime)
        {
            return Refused(received, [new Check("A sign-in was started in this browser session", "a pending request (10 min)", pending is null ? "none" : "expired", false)],
                "No sign-in is waiting for this callback in this browser session: it expired, was already used, or was started elsewhere. A callback nobody asked for is never used (login CSRF).");
        }

        var issOk = iss is null ? !metadata.IssParameterSupported : string.Equals(iss, metadata.Issuer, StringComparison.Ordinal);
        var issCheck = new Check("iss equals the issuer (RFC 9207)", metadata.Issuer, iss ?? "(absent)", issOk);
        var stateCheck = new Check("state equals the one sent (RFC 6749 §10.12)", Redaction.Shorten(pending.State), state is null ? "(absent)" : Redaction.Shorten(state), FixedTimeEquals(state, pending.State));
        List<Check> checks = [issCheck, stateCheck];

        if (!issOk)
        {
            return Refused(received, checks, "The response names another issuer (or none, though the AuthServer promises one): it may come from a different server than the one this request went to (a mix-up attack). Refused.");
        }

        if (!stateCheck.Passed)
        {
            return Refused(received, checks, "The state does not match the one this session sent: the response may have been forged or injected into this browser (CSRF). Refused; the code in it was not used.");
        }

        if (error is not null)
        {
            return new CallbackStep(CallbackOutcome.AuthorizationError, received, checks, null, error, description, CallbackStep.Explain(error));
        }

        if (string.IsNullOrEmpty(code))
        {
            return Refused(received, checks, "The callback carries neither a code nor an error.");
        }

        return new CallbackStep(CallbackOutcome.Code, received, checks, code, null, null, "State and issuer match: the code can be redeemed.");
    }

    private static CallbackStep Refused(List<Field> received, List<Check> checks, string explanation) =>
        new(CallbackOutcome.Refused, received, checks, null, null, null, explanation);

    private static bool FixedTimeEquals(string? actual, string expected) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));
}
