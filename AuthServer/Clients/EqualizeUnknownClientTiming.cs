using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Clients;

/// <summary>
/// RFC 9700 §4.x / docs/security-checklist.md C3: an unknown client id and a wrong secret must be indistinguishable. OpenIddict
/// rejects an unknown client before any hashing, which is measurably faster than a wrong secret; this handler runs
/// just before that check and spends a decoy verification when the named client does not exist.
/// </summary>
internal sealed class EqualizeUnknownClientTiming(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseScopedHandler<EqualizeUnknownClientTiming>()
        .SetOrder(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(context.ClientSecret))
        {
            return;
        }

        if (await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken) is null
            && applications is CachingApplicationManager caching)
        {
            await caching.SpendDecoyVerificationAsync(context.ClientSecret, context.CancellationToken);
        }
    }
}
