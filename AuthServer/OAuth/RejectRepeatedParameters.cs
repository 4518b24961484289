using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.OAuth;

/// <summary>
/// RFC 6749 §3.1 and §3.2: "Request and response parameters MUST NOT be included more than once." A repeated
/// parameter is <c>invalid_request</c>, whatever the endpoint; OpenIddict would otherwise read the first value.
/// Runs right after extraction, before the redirect URI is trusted, so the error is never redirected.
/// </summary>
internal static class RejectRepeatedParameters
{
    // RFC 8707 resource indicators (and OpenIddict's audience) are the only parameters defined as repeatable.
    private static readonly HashSet<string> Repeatable = new(StringComparer.Ordinal) { Parameters.Resource, Parameters.Audience };

    public static OpenIddictServerBuilder RejectRepeatedRequestParameters(this OpenIddictServerBuilder server) => server
        .AddEventHandler(After<ExtractAuthorizationRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractTokenRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractDeviceAuthorizationRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractEndUserVerificationRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractIntrospectionRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractRevocationRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractEndSessionRequestContext>(c => c.Request))
        .AddEventHandler(After<ExtractUserInfoRequestContext>(c => c.Request));

    // Extraction fills each context's own Request (the transaction gets it only afterwards), hence the accessor.
    private static OpenIddictServerHandlerDescriptor After<TContext>(Func<TContext, OpenIddictRequest?> request)
        where TContext : BaseValidatingContext => OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
        .UseInlineHandler(context =>
        {
            if (Repeated(request(context)) is { } name)
            {
                context.Reject(Errors.InvalidRequest, $"The '{name}' parameter must not be included more than once.");
            }

            return ValueTask.CompletedTask;
        })
        .SetOrder(int.MaxValue - 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    private static string? Repeated(OpenIddictRequest? request) => request?.GetParameters()
        .FirstOrDefault(p => p.Value.Count > 1 && !Repeatable.Contains(p.Key)).Key;
}
