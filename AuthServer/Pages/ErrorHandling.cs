using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace AuthServer.Pages;

/// <summary>
/// Exceptions become ProblemDetails; the ones caused by the request itself (a body that cannot be bound, a failed
/// antiforgery check) keep their 4xx status instead of turning into a 500.
/// </summary>
internal static class ErrorHandling
{
    public static IApplicationBuilder UseErrorHandling(this IApplicationBuilder app) => app
        .UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                AntiforgeryValidationException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        })
        .UseStatusCodePagesWithReExecute("/error");
}
