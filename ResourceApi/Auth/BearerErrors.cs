using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace ResourceApi.Auth;

/// <summary>
/// RFC 6750 §3 error responses: the <c>WWW-Authenticate: Bearer</c> header a client acts on, and a ProblemDetails
/// body (RFC 9457) for people reading it.
/// </summary>
internal static class BearerErrors
{
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>
    /// 401. Without a token the header is a bare <c>Bearer</c> (§3.1: no error code when no credentials were
    /// sent); with a bad one, <c>error="invalid_token"</c> and why.
    /// </summary>
    public static Task WriteUnauthorizedAsync(HttpContext context, Exception? failure)
    {
        if (failure is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, "A bearer access token is required.", error: null).ExecuteAsync(context);
        }

        var description = Describe(failure);
        context.Response.Headers.WWWAuthenticate = Header(InvalidToken, description, scope: null);
        return Problem(StatusCodes.Status401Unauthorized, description, InvalidToken).ExecuteAsync(context);
    }

    /// <summary>403 <c>insufficient_scope</c>, naming the scope the resource needs when a scope is what is missing.</summary>
    public static Task WriteForbiddenAsync(HttpContext context, string? scope, string description)
    {
        context.Response.Headers.WWWAuthenticate = Header(InsufficientScope, description, scope);
        var problem = Problem(StatusCodes.Status403Forbidden, description, InsufficientScope);
        if (scope is not null)
        {
            problem.ProblemDetails.Extensions["scope"] = scope;
        }

        return problem.ExecuteAsync(context);
    }

    /// <summary>
    /// A fixed sentence per failure. JwtBearer's own descriptions quote values taken from the token (audience,
    /// issuer), which do not belong in a response header.
    /// </summary>
    public static string Describe(Exception failure) => failure switch
    {
        AggregateException { InnerExceptions: [var first, ..] } => Describe(first),
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenInvalidLifetimeException => "The token lifetime is invalid.",
        SecurityTokenInvalidAudienceException => "The token is not meant for this API.",
        SecurityTokenInvalidIssuerException => "The token was not issued by the trusted authority.",
        SecurityTokenInvalidTypeException => "The token is not an access token.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with an unknown key.",
        SecurityTokenInvalidSignatureException => "The token signature is invalid.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        _ => "The token is invalid.",
    };

    private static ProblemHttpResult Problem(int status, string detail, string? error)
    {
        var problem = TypedResults.Problem(statusCode: status, detail: detail);
        if (error is not null)
        {
            problem.ProblemDetails.Extensions["error"] = error;
        }

        return problem;
    }

    // RFC 6750 §3: auth-param values are quoted strings; error_description and scope allow printable ASCII minus " and \.
    private static string Header(string error, string description, string? scope)
    {
        var header = new StringBuilder("Bearer error=\"").Append(error).Append("\", error_description=\"").Append(Quotable(description)).Append('"');
        if (scope is not null)
        {
            header.Append(", scope=\"").Append(Quotable(scope)).Append('"');
        }

        return header.ToString();
    }

    private static string Quotable(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= ' ' and <= '~' and not '"' and not '\\' ? c : ' ';
            }
        });
}
