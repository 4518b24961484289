using System.Globalization;
using System.Security.Claims;
using AuthServer.Account;
using AuthServer.Consent;
using AuthServer.OAuth;
using AuthServer.Pages;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Device;

/// <summary>
/// The end-user verification page (RFC 8628 §3.3): the signed-in user types the code their device shows, or
/// arrives with it in the link (<c>verification_uri_complete</c>, §3.3.1), sees which client asks for what, and
/// allows or denies. OpenIddict has already looked the code up when this runs; an unknown, expired or used code
/// simply yields no principal.
/// </summary>
internal static partial class DevicePage
{
    public const string Path = "/device";
    public const string ApprovedPath = "/device/approved";
    public const string DeniedPath = "/device/denied";
    public const string CodeField = "user_code";
    public const string DecisionField = "device_decision";
    public const string Allow = "allow";
    public const string Deny = "deny";

    private const string WrongCode = "That code is not valid. It may be mistyped, expired or already used: check the code your device shows now.";

    public static IEndpointRouteBuilder MapDevicePage(this IEndpointRouteBuilder app)
    {
        // Antiforgery is checked by hand (as on the login and consent forms), so a bad token is a 400 page.
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], VerifyAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapGet(ApprovedPath, () => Html.Page("Device connected", """
            <h1>Your device is connected</h1>
            <p class="lead">You can close this page and go back to your device; it will continue on its own.</p>
            """)).ExcludeFromDescription();
        app.MapGet(DeniedPath, () => Html.Page("Access denied", """
            <h1>Access denied</h1>
            <p class="lead">The device was not given access to your account. You can close this page.</p>
            """)).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> VerifyAsync(
        HttpContext context,
        UserManager<IdentityUser> users,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictScopeManager scopes,
        IAntiforgery antiforgery,
        DeviceCodeEntryGuard guard,
        TimeProvider clock,
        ILogger<DeviceCodeEntryGuard> logger)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null)
        {
            return ErrorPage.Render(Errors.InvalidRequest, "The verification request could not be read.");
        }

        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal!) : null;
        if (user is null)
        {
            // Back here after signing in, keeping the code when the device's link carried one.
            var back = Path + (string.IsNullOrEmpty(request.UserCode) ? string.Empty : QueryString.Create(CodeField, request.UserCode).ToString());
            return SeeOther(context, $"{LoginPage.Path}?returnUrl={Uri.EscapeDataString(back)}");
        }

        var posted = HttpMethods.IsPost(context.Request.Method);
        if (posted && !await antiforgery.IsRequestValidAsync(context))
        {
            return EntryForm(context, antiforgery, request.UserCode, "This form expired or did not come from this server. Enter the code again.", StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(request.UserCode))
        {
            return posted
                ? EntryForm(context, antiforgery, null, "Enter the code your device shows.", StatusCodes.Status400BadRequest)
                : EntryForm(context, antiforgery, null, null);
        }

        // A locked user learns nothing about the code, right or wrong.
        var userId = await users.GetUserIdAsync(user);
        if (guard.LockedUntil(userId) is { } until)
        {
            return LockedOut(context, until - clock.GetUtcNow());
        }

        var ct = context.RequestAborted;
        var verified = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var clientId = verified.Principal?.GetClaim(Claims.ClientId);
        var application = clientId is null ? null : await applications.FindByClientIdAsync(clientId, ct);
        if (application is null)
        {
            var left = guard.RecordFailure(userId);
            LogWrongCode(logger, left);
            return guard.LockedUntil(userId) is { } lockedUntil
                ? LockedOut(context, lockedUntil - clock.GetUtcNow())
                : EntryForm(context, antiforgery, request.UserCode, $"{WrongCode} {Attempts(left)}", StatusCodes.Status400BadRequest);
        }

        var clientName = await applications.GetLocalizedDisplayNameAsync(application, ct) ?? clientId!;
        var requested = verified.Principal!.GetScopes();
        switch (posted ? (string?)request[DecisionField] : null)
        {
            case Allow:
                var identity = await Principals.ForUserAsync(user, users, requested, scopes, ct);
                // One authorization per approval, tied to user and client, so revoking either revokes the device's tokens.
                var authorization = await authorizations.CreateAsync(new ClaimsPrincipal(identity), userId,
                    await applications.GetIdAsync(application, ct) ?? clientId!, AuthorizationTypes.AdHoc, identity.GetScopes(), ct);
                identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, ct));
                return Results.SignIn(new ClaimsPrincipal(identity), new AuthenticationProperties { RedirectUri = ApprovedPath },
                    OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

            case Deny:
                // OpenIddict marks the codes rejected: the device's next poll gets access_denied (RFC 8628 §3.5).
                return Results.Forbid(new AuthenticationProperties { RedirectUri = DeniedPath }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

            default:
                // OpenIddict's display form (XXXX-XXXX), whatever case and dashes were typed.
                var code = verified.Properties?.GetTokenValue(OpenIddictServerAspNetCoreConstants.Tokens.UserCode) ?? request.UserCode;
                return await ConfirmAsync(context, antiforgery, code, clientName, user.UserName ?? userId, requested, scopes);
        }
    }

    private static IResult EntryForm(HttpContext context, IAntiforgery antiforgery, string? code, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var message = error is null ? string.Empty : $"""<p class="error" role="alert" id="code-error">{Html.E(error)}</p>""";
        var invalid = error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"code-error\"";
        return Html.Page("Connect a device", $"""
            <h1>Connect a device</h1>
            <p class="lead">Enter the code shown on the device you want to sign in.</p>
            {message}
            <form method="post" action="{Path}">
            {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}
            <label for="user_code">Code</label>
            <input type="text" id="user_code" name="{CodeField}" placeholder="XXXX-XXXX" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="20" required autofocus{invalid} value="{Html.E(code)}">
            <div class="actions"><button type="submit" class="primary">Continue</button></div>
            </form>
            <p class="note">Only enter a code that a device in front of you displays. Never enter a code someone sent you.</p>
            """, status);
    }

    // Nothing is focused (keyjacking, as on the consent page); the code is repeated so the user can compare it with
    // the device's screen before allowing (RFC 8628 §5.4, remote phishing).
    private static async Task<IResult> ConfirmAsync(HttpContext context, IAntiforgery antiforgery, string code, string clientName,
        string userName, IEnumerable<string> requested, IOpenIddictScopeManager scopes)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var items = await ConsentPage.ScopeItemsAsync(requested, scopes, context.RequestAborted);
        return Html.Page("Allow the device?", $"""
            <h1>Allow {Html.E(clientName)} on your device?</h1>
            <p class="lead">Signed in as <strong>{Html.E(userName)}</strong></p>
            <p>Code <strong class="code" id="device-code">{Html.E(code)}</strong>: check that your device shows the same code.</p>
            <p><strong>{Html.E(clientName)}</strong> is asking to:</p>
            <ul class="scopes">{items}</ul>
            <p class="note">Deny if you did not start this on a device of your own just now.</p>
            <form method="post" action="{Path}">
            {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}
            {Html.Hidden(CodeField, code)}
            <div class="actions">
            <button type="submit" class="primary" name="{DecisionField}" value="{Allow}">Allow</button>
            <button type="submit" class="secondary" name="{DecisionField}" value="{Deny}">Deny</button>
            </div>
            </form>
            """);
    }

    private static IResult LockedOut(HttpContext context, TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        return Html.Page("Too many attempts", $"""
            <h1>Too many wrong codes</h1>
            <p class="error" role="alert">Code entry is locked for your account after too many wrong codes. Try again in {minutes} minute{(minutes == 1 ? string.Empty : "s")}.</p>
            <p class="note">If you did not enter these codes, someone may be guessing: change your password.</p>
            """, StatusCodes.Status429TooManyRequests);
    }

    private static string Attempts(int left) => left == 1 ? "1 attempt left." : $"{left} attempts left.";

    private static IResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Wrong device user code entered; {AttemptsLeft} attempts left before lockout")]
    private static partial void LogWrongCode(ILogger logger, int attemptsLeft);
}
