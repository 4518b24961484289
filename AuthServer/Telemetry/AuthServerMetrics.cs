using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AuthServer.Telemetry;

/// <summary>
/// The AuthServer's meter, <c>OAuthSuite.AuthServer</c>, and its activity source. Names and units follow
/// OpenTelemetry's semantic conventions (lowercase dotted names, UCUM units, <c>{thing}</c> for counts). Tags are
/// low-cardinality only: a client id is recorded only once the client has authenticated (so only registered ids
/// appear), and never a user, a token, a code or a secret.
/// </summary>
public sealed class AuthServerMetrics
{
    public const string Name = "OAuthSuite.AuthServer";

    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _tokenErrors;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _consents;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _keyRotations;
    private readonly Counter<long> _tokensPruned;
    private readonly Counter<long> _authorizationsPruned;
    private readonly Histogram<int> _writeBatchSize;
    private readonly Histogram<double> _writeBatchDuration;
    private readonly Counter<long> _cacheLookups;
    private Func<double?> _activeKeyAge = static () => null;

    public AuthServerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _tokensIssued = meter.CreateCounter<long>("oauthsuite.tokens.issued", "{token}",
            "Tokens and authorization codes issued, by grant type, client and token type.");
        _tokenErrors = meter.CreateCounter<long>("oauthsuite.token.errors", "{error}",
            "Error responses of the token endpoint, by OAuth error code (RFC 6749 §5.2).");
        _signIns = meter.CreateCounter<long>("oauthsuite.sign_ins", "{sign_in}",
            "Password sign-ins on the login form, by result: success, failure or lockout.");
        _consents = meter.CreateCounter<long>("oauthsuite.consents", "{consent}",
            "Answers on the consent page, by result: granted or denied.");
        _rateLimitRejections = meter.CreateCounter<long>("oauthsuite.rate_limit.rejections", "{request}",
            "Requests refused with 429 by the rate limiter, by policy (login or token).");
        _keyRotations = meter.CreateCounter<long>("oauthsuite.keys.rotations", "{rotation}",
            "Signing key rotations scheduled by this process.");
        meter.CreateObservableGauge<double>("oauthsuite.keys.active_key.age", ObserveActiveKeyAge, "s",
            "Time since the signing key in force started signing.");
        _tokensPruned = meter.CreateCounter<long>("oauthsuite.tokens.pruned", "{token}",
            "Dead token rows (expired, redeemed, revoked) removed by the prune job.");
        _authorizationsPruned = meter.CreateCounter<long>("oauthsuite.authorizations.pruned", "{authorization}",
            "Dead authorizations removed by the prune job.");
        _writeBatchSize = meter.CreateHistogram("oauthsuite.token_writes.batch.size", "{row}",
            "Token rows committed together in one transaction by the token writer.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _writeBatchDuration = meter.CreateHistogram("oauthsuite.token_writes.batch.duration", "s",
            "Time to insert and commit one batch of token rows.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _cacheLookups = meter.CreateCounter<long>("oauthsuite.cache.lookups", "{lookup}",
            "Client and scope lookups, by cache (application or scope) and result (hit or miss).");
    }

    /// <summary>Spans of our own: token generation and signing (OpenIddict has no ActivitySource), token-row batches.</summary>
    public static readonly ActivitySource Source = new(Name);

    public void TokenIssued(string grantType, string clientId, string tokenType) =>
        _tokensIssued.Add(1, new("oauth.grant_type", grantType), new("oauth.client_id", clientId), new("oauth.token_type", tokenType));

    public void TokenError(string error) => _tokenErrors.Add(1, new KeyValuePair<string, object?>("oauth.error", error));

    public void SignIn(string result) => _signIns.Add(1, new KeyValuePair<string, object?>("oauthsuite.sign_in.result", result));

    public void Consent(string result) => _consents.Add(1, new KeyValuePair<string, object?>("oauthsuite.consent.result", result));

    public void RateLimitRejected(string policy) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("oauthsuite.rate_limit.policy", policy));

    public void KeyRotated() => _keyRotations.Add(1);

    /// <summary>Where the gauge reads the active key's age (seconds) from; null while no key is loaded.</summary>
    public void ObserveActiveKeyAge(Func<double?> age) => _activeKeyAge = age;

    private IEnumerable<Measurement<double>> ObserveActiveKeyAge() =>
        _activeKeyAge() is { } age ? [new Measurement<double>(age)] : [];

    public void Pruned(long tokens, long authorizations)
    {
        _tokensPruned.Add(tokens);
        _authorizationsPruned.Add(authorizations);
    }

    public void TokenWriteBatch(int rows, TimeSpan elapsed)
    {
        _writeBatchSize.Record(rows);
        _writeBatchDuration.Record(elapsed.TotalSeconds);
    }

    public void CacheLookup(string cache, bool hit) =>
        _cacheLookups.Add(1, new("oauthsuite.cache.name", cache), new("oauthsuite.cache.result", hit ? "hit" : "miss"));

    public static class ConsentResults
    {
        public const string Granted = "granted";
        public const string Denied = "denied";
    }

    public static class SignInResults
    {
        public const string Success = "success";
        public const string Failure = "failure";
        public const string Lockout = "lockout";
    }
}
