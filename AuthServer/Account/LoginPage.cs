using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using AuthServer.Pages;
using AuthServer.Telemetry;

namespace AuthServer.Account;

/// <summary>The sign-in form. The authorization endpoint sends unauthenticated users here with a local return URL.</summary>
internal static partial class LoginPage
{
    public const string Path = "/account/login";

    // Same message for unknown users and wrong passwords, so the form does not reveal who has an account.
    private const string InvalidCredentials = "The username or password is incorrect.";
    private const string LockedOut = "Too many failed attempts. This account is locked for a few minutes; try again later.";

    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).ExcludeFromDescription();
        // Antiforgery is checked by hand (as on the consent form) so a bad token is a 400 page, never an exception.
        app.MapPost(Path, SubmitAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static IResult Show(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        Render(context, antiforgery, LocalOrRoot(returnUrl), username: null, error: null);

    private static async Task<IResult> SubmitAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        SignInManager<IdentityUser> signIn,
        UserManager<IdentityUser> users,
        IPasswordHasher<IdentityUser> hasher,
        AuthServerMetrics metrics,
        ILogger<LoginForm> logger)
    {
        var fields = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var form = new LoginForm(fields["username"], fields["password"], fields["returnUrl"]);
        var returnUrl = LocalOrRoot(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Render(context, antiforgery, returnUrl, form.Username, "This form expired or did not come from this server. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(form.Username) || string.IsNullOrEmpty(form.Password))
        {
            return Render(context, antiforgery, returnUrl, form.Username, "Enter your username and password.", StatusCodes.Status400BadRequest);
        }

        var user = await users.FindByNameAsync(form.Username);
        if (user is null)
        {
            // Spend the same hashing work as a real check, so response time does not reveal unknown usernames.
            hasher.VerifyHashedPassword(DummyUser, DummyHash.Value, form.Password);
            metrics.SignIn(AuthServerMetrics.SignInResults.Failure);
            LogFailed(logger);
            return Render(context, antiforgery, returnUrl, form.Username, InvalidCredentials, StatusCodes.Status400BadRequest);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            metrics.SignIn(AuthServerMetrics.SignInResults.Success);
            // 303: the browser follows with a GET, never re-posting the credentials (RFC 9700 §4.12).
            return SeeOther(context, returnUrl);
        }

        metrics.SignIn(result.IsLockedOut ? AuthServerMetrics.SignInResults.Lockout : AuthServerMetrics.SignInResults.Failure);
        LogFailed(logger);
        return Render(context, antiforgery, returnUrl, form.Username, result.IsLockedOut ? LockedOut : InvalidCredentials, StatusCodes.Status400BadRequest);
    }

    private static IResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? username, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var message = error is null ? string.Empty : $"""<p class="error" role="alert" id="login-error">{Html.E(error)}</p>""";
        // After a failed attempt the fields point at the message, and focus goes where typing resumes: the password
        // when the username was kept.
        var invalid = error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"login-error\"";
        var (focusUser, focusPassword) = string.IsNullOrEmpty(username) ? (" autofocus", string.Empty) : (string.Empty, " autofocus");
        return Html.Page("Sign in", $"""
            <h1>Sign in</h1>
            <p class="lead">to continue to the application that sent you here.</p>
            {message}
            <form method="post" action="{Path}">
            {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}
            {Html.Hidden("returnUrl", returnUrl)}
            <label for="username">Username</label>
            <input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required{focusUser}{invalid} value="{Html.E(username)}">
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required{focusPassword}{invalid}>
            <div class="actions"><button type="submit" class="primary">Sign in</button></div>
            </form>
            """, status);
    }

    /// <summary>Only a local path may be a return URL: anything else would make the form an open redirector.</summary>
    internal static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\n') && !url.Contains('\r')
            ? url
            : "/";

    private static readonly IdentityUser DummyUser = new("nobody");
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<IdentityUser>().HashPassword(DummyUser, Guid.NewGuid().ToString()));

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Sign-in failed")]
    private static partial void LogFailed(ILogger logger);

    internal sealed record LoginForm(string? Username, string? Password, string? ReturnUrl);
}
