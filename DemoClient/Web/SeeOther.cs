namespace DemoClient.Web;

/// <summary>
/// 303 See Other: after a POST the browser follows with a GET and never re-posts (RFC 9110 §15.4.4). Used after the
/// callback too, so a reload of the page cannot replay the code.
/// </summary>
internal sealed class SeeOther(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
