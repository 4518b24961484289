using Microsoft.AspNetCore.Antiforgery;

namespace DemoClient.Web;

/// <summary>
/// Every button is a POST form carrying an antiforgery token, so another site cannot press them for the user
/// (start a sign-in with its own state, revoke tokens, log out). Checked here because the actions bind no form fields.
/// </summary>
internal sealed class AntiforgeryCheck(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The form has expired or did not come from this page.",
                detail: "Reload the page and press the button again.");
        }

        return await next(context);
    }
}
