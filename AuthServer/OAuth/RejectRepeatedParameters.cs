using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.OAuth;

/// <summary>
/// RFC 6749 §3.1 and §3.2: "Request and response parameters MUST NOT be included more than once." A repeated
/// parameter is <c>invalid_request</c>, whatever the endpoint; OpenIddict would otherwise read the first value.
/// Runs right after extraction, before the redirect URI is trusted, so the error is never redirected.
/// </summary>
internal sealed class RejectRepeatedParameters<TContext> : IOpenIddictServerHandler<TContext>
    where TContext : BaseValidatingContext
{
    // RFC 8707 resource indicators (and OpenIddict's audience) are the only parameters defined as repeatable.
    private static readonly HashSet<string> Repeatable = new(StringComparer.Ordinal) { Parameters.Resource, Parameters.Audience };

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
        .UseSingletonHandler<RejectRepeatedParameters<TContext>>()
        .SetOrder(int.MaxValue - 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(TContext context)
    {
        foreach (var (name, value) in context.Transaction.Request?.GetParameters() ?? new Dictionary<string, OpenIddict.Abstractions.OpenIddictParameter>())
        {
            if (value.GetRawValue() is Array { Length: > 1 } && !Repeatable.Contains(name))
            {
                context.Reject(Errors.InvalidRequest, $"The '{name}' parameter must not be included more than once.");
                break;
            }
        }

        return ValueTask.CompletedTask;
    }
}

internal static class RepeatedParameterHandlers
{
    public static OpenIddictServerBuilder RejectRepeatedParameters(this OpenIddictServerBuilder server) => server
        .AddEventHandler(RejectRepeatedParameters<ExtractAuthorizationRequestContext>.Descriptor)
        .AddEventHandler(RejectRepeatedParameters<ExtractTokenRequestContext>.Descriptor)
        .AddEventHandler(RejectRepeatedParameters<ExtractIntrospectionRequestContext>.Descriptor)
        .AddEventHandler(RejectRepeatedParameters<ExtractRevocationRequestContext>.Descriptor)
        .AddEventHandler(RejectRepeatedParameters<ExtractEndSessionRequestContext>.Descriptor)
        .AddEventHandler(RejectRepeatedParameters<ExtractUserInfoRequestContext>.Descriptor);
}
