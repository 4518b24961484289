using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Diagnostics;

namespace AuthServer.Pages;

/// <summary>What the user sees when a request cannot be sent back to the client: plain words plus the OAuth code.</summary>
internal static class ErrorPage
{
    public static IResult Render(string? error, string? description, int statusCode = StatusCodes.Status400BadRequest) => Html.Page(
        "Something went wrong",
        $"""
        <h1>This sign-in request can't continue</h1>
        <p>{Html.E(Explain(error))}</p>
        <p>Go back to the application you came from and start again. If this keeps happening, tell its developers the details below.</p>
        <p class="code">error: {Html.E(error ?? "server_error")}<br>{Html.E(description)}</p>
        """,
        statusCode);

    private static string Explain(string? error) => error switch
    {
        "invalid_request" => "The application sent a request this server does not accept (for example an unregistered return address or a missing security parameter).",
        "invalid_client" or "unauthorized_client" => "The application is not registered here, or is not allowed to do this.",
        "access_denied" => "Access was denied.",
        "invalid_scope" => "The application asked for permissions it is not allowed to have.",
        "unsupported_response_type" => "The application asked for a kind of response this server does not support.",
        _ => "The request could not be completed.",
    };

    /// <summary>
    /// Status-code pages re-execute here: an OAuth error OpenIddict could not redirect (unknown client, unregistered
    /// redirect_uri) becomes this page; any other empty error response becomes ProblemDetails.
    /// </summary>
    public static IEndpointRouteBuilder MapErrorEndpoint(this IEndpointRouteBuilder app)
    {
        app.Map("/error", (HttpContext context) =>
        {
            var status = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode ?? context.Response.StatusCode;
            return context.GetOpenIddictServerResponse() is { Error: { } error } response
                ? Render(error, response.ErrorDescription, status)
                : Results.Problem(statusCode: status < 400 ? StatusCodes.Status404NotFound : status);
        }).ExcludeFromDescription();
        return app;
    }
}
