using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Clients;

/// <summary>
/// OpenIddict words <c>invalid_client</c> differently for an unknown client id and for a wrong secret (and links
/// different error pages); either difference tells a guesser which client ids exist. Every client-authentication
/// failure gets one description and no error URI.
/// </summary>
internal static class UniformClientErrors
{
    public const string Description = "The client credentials are invalid.";

    public static OpenIddictServerBuilder UseUniformClientErrors(this OpenIddictServerBuilder server) => server
        .AddEventHandler(Uniform<ApplyTokenResponseContext>())
        .AddEventHandler(Uniform<ApplyDeviceAuthorizationResponseContext>())
        .AddEventHandler(Uniform<ApplyIntrospectionResponseContext>())
        .AddEventHandler(Uniform<ApplyRevocationResponseContext>());

    private static OpenIddictServerHandlerDescriptor Uniform<TContext>() where TContext : BaseRequestContext =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseInlineHandler(context =>
            {
                if (context.Transaction.Response is { Error: Errors.InvalidClient } response)
                {
                    response.ErrorDescription = Description;
                    response.ErrorUri = null;
                }

                return ValueTask.CompletedTask;
            })
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();
}
