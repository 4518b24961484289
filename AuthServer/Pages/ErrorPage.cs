using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Diagnostics;

namespace AuthServer.Pages;

/// <summary>
/// What the user sees when a request cannot be sent back to the client: what went wrong in plain words, what to do
/// next, and the OAuth error code and description for developers. Only those two values are shown, never an
/// exception or stack trace.
/// </summary>
internal static class ErrorPage
{
    public static IResult Render(string? error, string? description, int statusCode = StatusCodes.Status400BadRequest) => Html.Page(
        "Something went wrong",
        $"""
        <h1>This sign-in request can't continue</h1>
        <p>{Html.E(Explain(error))}</p>
        <h2>What you can do</h2>
        <ul class="steps">
        <li>Go back to the application you came from and start again.</li>
        <li>If it happens again, {Html.E(WhoFixesIt(error))}: tell them the details below.</li>
        </ul>
        <section class="details" aria-labelledby="error-details">
        <h2 id="error-details">Details for developers</h2>
        <p class="code">error: {Html.E(error ?? "server_error")}</p>
        {(string.IsNullOrEmpty(description) ? string.Empty : $"""<p class="code">{Html.E(description)}</p>""")}
        </section>
        """,
        statusCode);

    private static string WhoFixesIt(string? error) =>
        error is "server_error" or "temporarily_unavailable" or null ? "this server's administrators can help" : "the application needs fixing by its developers";

    private static string Explain(string? error) => error switch
    {
        "invalid_request" => "The application sent a request this server does not accept: for example, it asked to send you back to an address that is not registered for it, or it left out a required security check. Nothing was shared with it.",
        "invalid_client" or "unauthorized_client" => "The application is not registered with this server, or is not allowed to sign people in this way. Nothing was shared with it.",
        "access_denied" => "Access was denied, so nothing was shared with the application.",
        "invalid_scope" => "The application asked for permissions it is not allowed to have. Nothing was shared with it.",
        "unsupported_response_type" => "The application asked for a kind of answer this server does not give (only the secure authorization code flow is supported). Nothing was shared with it.",
        "server_error" or "temporarily_unavailable" => "Something went wrong on this server. Wait a minute and try again.",
        _ => "The request could not be completed, and nothing was shared with the application.",
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
