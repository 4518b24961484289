using System.Diagnostics.Metrics;

namespace ResourceApi.Telemetry;

/// <summary>
/// The ResourceApi's meter, <c>OAuthSuite.ResourceApi</c>: bearer tokens refused and requests forbidden, each tagged
/// with a reason from a fixed set (an exception type name, a requirement kind), never with the token.
/// </summary>
public sealed class ResourceApiMetrics
{
    public const string Name = "OAuthSuite.ResourceApi";

    private readonly Counter<long> _tokensRejected;
    private readonly Counter<long> _forbidden;

    public ResourceApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _tokensRejected = meter.CreateCounter<long>("oauthsuite.api.tokens.rejected", "{request}",
            "Requests whose bearer token failed validation, by error type (RFC 6750 §3.1 invalid_token).");
        _forbidden = meter.CreateCounter<long>("oauthsuite.api.requests.forbidden", "{request}",
            "Requests with a valid token refused by a policy, by reason (insufficient_scope or user_required).");
    }

    public void TokenRejected(Exception exception) =>
        _tokensRejected.Add(1, new KeyValuePair<string, object?>("error.type", exception.GetType().Name));

    public void Forbidden(string reason) => _forbidden.Add(1, new KeyValuePair<string, object?>("oauthsuite.forbidden.reason", reason));
}
