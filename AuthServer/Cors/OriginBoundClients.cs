using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Cors;

/// <summary>
/// A token or revocation request sent by a browser (it carries <c>Origin</c>) is accepted only from an origin
/// registered for the client it names. CORS alone would not stop it: a form-encoded POST is a "simple" request that
/// the browser sends without a preflight, so a page elsewhere, even one registered for another client, could
/// redeem a code it got hold of and burn it. Runs once the client is authenticated (a wrong secret stays
/// <c>invalid_client</c>) and before any code or refresh token is looked at, so a refused request redeems nothing.
/// The error is <c>invalid_request</c>, not <c>invalid_client</c>: nothing about the client's credentials is wrong,
/// the request comes from a place the registration does not allow, and the description can say so.
/// </summary>
internal sealed class OriginBoundClients(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public const string Description = "The request's Origin is not registered for this client (allowedOrigins in the seed file).";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseScopedHandler<OriginBoundClients>()
        .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Revocation)
            || context.Transaction.GetHttpRequest() is not { } request
            || !request.Headers.TryGetValue("Origin", out var origin)
            || context.ClientId is not { Length: > 0 } clientId)
        {
            return;
        }

        if (await applications.FindByClientIdAsync(clientId, context.CancellationToken) is not { } application)
        {
            return;
        }

        var allowed = ClientOrigins.Read(await applications.GetPropertiesAsync(application, context.CancellationToken));
        if (origin.Count != 1 || !allowed.Contains(origin[0]!, StringComparer.Ordinal))
        {
            context.Reject(Errors.InvalidRequest, Description);
        }
    }
}
